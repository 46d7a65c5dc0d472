package org.teslaexporter.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one atomic owner-only write: the set-up token, the key pair, the token file and the usage file go through it. */
class OwnerOnlyTest {

    @TempDir
    Path dir;

    @Test
    void aReplaceIsOwnerOnlyWholeAndLeavesNoTemporaryFile() throws Exception {
        Path file = dir.resolve("fleet-api-usage.json");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        OwnerOnly.replace(file, "new".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(file)).isEqualTo("new");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("fleet-api-usage.json");
        }
    }

    @Test
    void aPlantedLinkIsNeitherFollowedNorReplaced() throws Exception {
        Path elsewhere = Files.writeString(dir.resolve("elsewhere"), "someone else's");
        Path file = dir.resolve("token.json.refreshing");
        Files.createSymbolicLink(file, elsewhere);
        assertThatThrownBy(() -> OwnerOnly.write(file, "x".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IOException.class)
                .hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> OwnerOnly.replace(file, "x".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IOException.class)
                .hasMessageContaining("symbolic link");
        assertThat(Files.readString(elsewhere)).isEqualTo("someone else's");
        assertThat(Files.isSymbolicLink(file)).isTrue();
    }

    @Test
    void aReadBackIsBounded() throws Exception {
        Path file = Files.write(dir.resolve("fleet-api-usage.json"), new byte[5000]);
        assertThatThrownBy(() -> OwnerOnly.read(file, 4096)).isInstanceOf(IOException.class).hasMessageContaining("larger than 4096");
    }
}
