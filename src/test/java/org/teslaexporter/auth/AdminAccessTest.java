package org.teslaexporter.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.teslaexporter.config.Settings;
import org.teslaexporter.config.SettingsReader;

class AdminAccessTest {

    @TempDir
    Path dir;

    private AdminAccess started(Map<String, String> env) {
        Settings s = SettingsReader.read(name -> Optional.ofNullable(env.get(name)));
        AdminAccess access = new AdminAccess();
        access.init(s);
        return access;
    }

    private AdminAccess startedWithTokenFile() {
        return started(Map.of("DATA_DIR", dir.toString(), "TOKEN_FILE_PATH", dir.resolve("token.json").toString()));
    }

    private String token() throws Exception {
        return Files.readString(dir.resolve(AdminAccess.TOKEN_FILE)).strip();
    }

    @Test
    void anEmptyTokenFileIsReplacedAndAnEmptyPasswordNeverSignsIn() throws Exception {
        // what a full disk or a power cut at first start left behind
        Files.write(dir.resolve(AdminAccess.TOKEN_FILE), new byte[0]);
        AdminAccess access = startedWithTokenFile();

        assertThat(access.accepts("")).isFalse();
        assertThat(access.accepts("   ")).isFalse();
        assertThat(access.accepts(null)).isFalse();
        String token = token();
        assertThat(token).hasSize(32).matches("[0-9a-f]{32}");
        assertThat(access.accepts(token)).isTrue();
    }

    @Test
    void aShortTokenFileIsNoToken() throws Exception {
        Files.writeString(dir.resolve(AdminAccess.TOKEN_FILE), "abc\n");
        AdminAccess access = startedWithTokenFile();

        assertThat(access.accepts("abc")).isFalse();
        assertThat(token()).hasSize(32);
        assertThat(access.accepts(token())).isTrue();
    }

    @Test
    void theTokenIsWrittenOwnerOnlyWithoutATemporaryFileLeftAndKeptAcrossStarts() throws Exception {
        AdminAccess first = startedWithTokenFile();
        String token = token();
        assertThat(first.accepts(token)).isTrue();
        assertThat(Files.getPosixFilePermissions(dir.resolve(AdminAccess.TOKEN_FILE)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }

        AdminAccess second = startedWithTokenFile();
        assertThat(token()).isEqualTo(token);
        assertThat(second.accepts(token)).isTrue();
        assertThat(second.accepts(token + "x")).isFalse();
    }

    @Test
    void aPlantedLinkIsNotFollowed() throws Exception {
        Path elsewhere = Files.writeString(dir.resolve("elsewhere"), "0123456789abcdef0123456789abcdef\n");
        Files.createSymbolicLink(dir.resolve(AdminAccess.TOKEN_FILE), elsewhere);
        AdminAccess access = startedWithTokenFile();

        assertThat(access.accepts("0123456789abcdef0123456789abcdef")).isFalse();
        assertThat(access.accepts("")).isFalse();
    }

    @Test
    void aDeviceMarkIsKnownUntilThePasswordChangesAndCannotBeForged() {
        Map<String, String> env = Map.of("ADMIN_PASSWORD", "first-password-long", "DATA_DIR", dir.toString(),
                "TOKEN_FILE_PATH", dir.resolve("token.json").toString());
        String mark = started(env).newDeviceMark();
        assertThat(started(env).knowsDevice(mark)).as("after a restart").isTrue();
        assertThat(started(env).knowsDevice(mark.substring(0, 33) + "0".repeat(64))).isFalse();
        assertThat(started(env).knowsDevice(null)).isFalse();
        assertThat(started(env).knowsDevice("x")).isFalse();
        assertThat(started(Map.of("ADMIN_PASSWORD", "second-password-long", "DATA_DIR", dir.toString(),
                "TOKEN_FILE_PATH", dir.resolve("token.json").toString())).knowsDevice(mark)).as("another password").isFalse();
    }
}
