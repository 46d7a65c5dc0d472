package org.teslaexporter.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {

    @TempDir
    Path dir;

    @Test
    void readsTheFileTheEarlierExporterWrote() throws Exception {
        Path path = dir.resolve("token.json");
        // As Python's json.dump wrote it: float epoch seconds, indent 2, token_type.
        Files.writeString(path, """
                {
                  "access_token": "eyJ.old.access",
                  "refresh_token": "NA_old_refresh",
                  "expires_at": 1735689600.123456,
                  "token_type": "Bearer",
                  "created_at": 1735660800.5
                }""");
        Tokens t = new TokenFile(path).read().orElseThrow();
        assertThat(t.accessToken()).isEqualTo("eyJ.old.access");
        assertThat(t.refreshToken()).isEqualTo("NA_old_refresh");
        assertThat(t.expiresAt()).isEqualTo(Instant.ofEpochMilli(1735689600123L));
        assertThat(t.createdAt()).isEqualTo(Instant.ofEpochMilli(1735660800500L));
    }

    @Test
    void writesTheSameFormatOwnerOnlyAndReadsItBack() throws Exception {
        Path path = dir.resolve("sub/token.json");
        Tokens t = new Tokens("acc", "ref", Instant.ofEpochMilli(1735689600250L), Instant.ofEpochSecond(1735660800));
        new TokenFile(path).write(t);
        assertThat(Files.getPosixFilePermissions(path)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(path)).contains("\"expires_at\":1735689600.25", "\"token_type\":\"Bearer\"");
        assertThat(new TokenFile(path).read()).contains(t);
        try (var files = Files.list(path.getParent())) {
            assertThat(files).as("no temporary file left behind").hasSize(1);
        }
    }

    @Test
    void aPairSavedQuicklyByAKilledProcessIsAdoptedAtTheNextStart() throws Exception {
        Path path = dir.resolve("token.json");
        TokenFile file = new TokenFile(path);
        file.write(new Tokens("a1", "r1", Instant.ofEpochSecond(1000), Instant.ofEpochSecond(900)));
        // what a process killed between its quick write and the durable replace leaves behind
        Files.writeString(dir.resolve("token.json.new"), TokenFile.format(new Tokens("a2", "r2", Instant.ofEpochSecond(2000),
                Instant.ofEpochSecond(1900))));
        assertThat(file.read().orElseThrow().refreshToken()).as("not while running: memory is newer").isEqualTo("r1");
        file.recover();
        assertThat(file.read().orElseThrow().refreshToken()).isEqualTo("r2");
        assertThat(Files.readString(path)).contains("\"refresh_token\":\"r2\"");
        assertThat(dir.resolve("token.json.new")).doesNotExist();
    }

    @Test
    void aTornQuickCopyIsIgnored() throws Exception {
        Path path = dir.resolve("token.json");
        TokenFile file = new TokenFile(path);
        file.write(new Tokens("a1", "r1", null, null));
        Files.writeString(dir.resolve("token.json.new"), "{\"access_token\": \"a2\", \"refresh_tok");
        file.recover();
        assertThat(file.read().orElseThrow().refreshToken()).isEqualTo("r1");
        assertThat(dir.resolve("token.json.new")).doesNotExist();
        Files.writeString(dir.resolve("token.json.new"), "");
        file.recover();
        assertThat(file.read().orElseThrow().refreshToken()).as("an empty quick copy (full disk) is no pair").isEqualTo("r1");
        assertThat(dir.resolve("token.json.new")).doesNotExist();
    }

    @Test
    void anOlderQuickCopyNeverReplacesANewerFile() throws Exception {
        Path path = dir.resolve("token.json");
        TokenFile file = new TokenFile(path);
        file.write(new Tokens("a2", "r2", null, Instant.ofEpochSecond(2000)));
        Files.writeString(dir.resolve("token.json.new"), TokenFile.format(new Tokens("a1", "r1", null, Instant.ofEpochSecond(1000))));
        file.recover();
        assertThat(file.read().orElseThrow().refreshToken()).isEqualTo("r2");
    }

    @Test
    void symbolicLinksAreRefusedAndAnOpenModeIsPutRight() throws Exception {
        Path path = dir.resolve("token.json");
        Path elsewhere = dir.resolve("elsewhere.json");
        Files.writeString(elsewhere, TokenFile.format(new Tokens("a", "r", null, null)));
        Files.createSymbolicLink(path, elsewhere);
        assertThatThrownBy(() -> new TokenFile(path).read()).isInstanceOf(TokenFileException.class)
                .hasMessageContaining("symbolic link");
        Files.delete(path);
        Files.writeString(path, TokenFile.format(new Tokens("a", "r", null, null)));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(new TokenFile(path).read()).isPresent();
        assertThat(Files.getPosixFilePermissions(path)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aHugeFileIsNotReadWhole() throws Exception {
        Path path = dir.resolve("token.json");
        Files.write(path, new byte[TokenFile.MAX_BYTES + 1]);
        assertThatThrownBy(() -> new TokenFile(path).read()).isInstanceOf(TokenFileException.class);
    }

    @Test
    void aQuickCopyWithoutTheFileIsALogin() throws Exception {
        Path path = dir.resolve("token.json");
        Files.writeString(dir.resolve("token.json.new"), TokenFile.format(new Tokens("a2", "r2", null, null)));
        TokenFile file = new TokenFile(path);
        file.recover();
        assertThat(file.lastModified()).isPresent();
        assertThat(file.read().orElseThrow().refreshToken()).isEqualTo("r2");
    }

    @Test
    void missingFileIsNoLoginYet() {
        assertThat(new TokenFile(dir.resolve("none.json")).read()).isEmpty();
    }

    @Test
    void corruptFileIsAClearErrorThatQuotesNothingOfIt() throws Exception {
        Path path = dir.resolve("token.json");
        Files.writeString(path, "{\"access_token\": \"SECRET-ACCESS\", \"refresh_token\": \"SECRET-REF");
        assertThatThrownBy(() -> new TokenFile(path).read()).isInstanceOf(TokenFileException.class)
                .hasMessageContaining("not valid JSON").hasMessageContaining("Log in again")
                .message().doesNotContain("SECRET");
        Files.writeString(path, "{\"access_token\": \"SECRET-ACCESS\"}");
        assertThatThrownBy(() -> new TokenFile(path).read()).hasMessageContaining("no refresh_token")
                .message().doesNotContain("SECRET");
    }

    @Test
    void toStringHidesTokens() {
        assertThat(new Tokens("SECRET-A", "SECRET-R", null, null).toString()).doesNotContain("SECRET");
    }
}
