package org.teslaexporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaChainTest {

    static final String ROOT = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUroot\n-----END CERTIFICATE-----";
    static final String INTERMEDIATE = "-----BEGIN CERTIFICATE-----\r\nMIIBszCCAVmgAwIBAgIUinter\r\n-----END CERTIFICATE-----";
    static final String KEY = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIsecret\n-----END EC PRIVATE KEY-----";

    @TempDir
    Path dir;

    @Test
    void onlyTheCertificateBlocksAreSentNotCommentsOrAnythingElse() {
        String file = "Bag Attributes\n  friendlyName: telemetry\nsubject=/CN=telemetry.example.com\n" + ROOT + "\n\n# note\n"
                + INTERMEDIATE + "\n";
        assertThat(CaChain.certificates(file)).isEqualTo(ROOT + "\n" + INTERMEDIATE.replace("\r", "") + "\n");
    }

    @Test
    void aFileWithAPrivateKeyIsRefusedAndTheKeyIsNeverRepeated() throws Exception {
        assertThatThrownBy(() -> CaChain.certificates(ROOT + "\n" + KEY)).hasMessageContaining("PRIVATE KEY block")
                .hasMessageNotContaining("MHcCAQEEIsecret");
        assertThatThrownBy(() -> CaChain.certificates("-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----"))
                .hasMessageContaining("PRIVATE KEY block");
        Path combined = Files.writeString(dir.resolve("fullchain-and-key.pem"), ROOT + "\n" + KEY + "\n");
        assertThat(CaChain.problem(combined)).startsWith("TELEMETRY_CA_FILE " + combined + " holds a PRIVATE KEY block")
                .doesNotContain("MHcCAQEEIsecret");
        assertThat(CaChain.problem(Files.writeString(dir.resolve("chain.pem"), ROOT + "\n"))).isNull();
        assertThat(CaChain.problem(dir.resolve("missing.pem"))).as("said on the set-up page, not at start").isNull();
    }

    @Test
    void aFileWithoutACertificateIsNoChain() {
        assertThatThrownBy(() -> CaChain.certificates("hello")).hasMessageContaining("no PEM certificate");
    }
}
