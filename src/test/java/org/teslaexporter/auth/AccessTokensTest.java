package org.teslaexporter.auth;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.teslaexporter.config.Settings;
import org.teslaexporter.config.SettingsReader;

class AccessTokensTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    @TempDir
    Path dir;

    private Path tokenPath;
    private final List<Map<String, List<String>>> refreshRequests = new ArrayList<>();
    /** What the fake token endpoint does next. */
    private TokenEndpointClient endpoint;
    private AccessTokens tokens;

    @BeforeEach
    void setUp() {
        tokenPath = dir.resolve("token.json");
        endpoint = form -> {
            refreshRequests.add(form.asMap());
            String onDisk = read();
            // the new pair must not be on disk yet when the endpoint answers
            assertThat(onDisk).doesNotContain("new-refresh");
            return Json.createObjectBuilder().add("access_token", "new-access").add("refresh_token", "new-refresh")
                    .add("expires_in", 28800).add("token_type", "Bearer").build();
        };
    }

    private AccessTokens start(Instant now) {
        Settings settings = SettingsReader.read(name -> switch (name) {
            case "TOKEN_FILE_PATH" -> Optional.of(tokenPath.toString());
            case "TESLA_CLIENT_ID" -> Optional.of("client-1");
            default -> Optional.empty();
        });
        AccessTokens t = new AccessTokens();
        t.init(settings, form -> endpoint.token(form), Clock.fixed(now, ZoneOffset.UTC), Runnable::run);
        return t;
    }

    private void writeTokens(String access, String refresh, Instant expiresAt) {
        new TokenFile(tokenPath).write(new Tokens(access, refresh, expiresAt, NOW.minusSeconds(3600)));
    }

    private String read() {
        try {
            return Files.exists(tokenPath) ? Files.readString(tokenPath) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void noFileMeansNoTokenAndAHintWhereToPutIt() {
        tokens = start(NOW);
        assertThat(tokens.bearer()).isEmpty();
        assertThat(tokens.status()).isEqualTo(AccessTokens.Status.NO_TOKEN);
        assertThat(tokens.describe()).contains(tokenPath.toString(), "token file");
    }

    @Test
    void aValidTokenIsUsedWithoutRefreshing() {
        writeTokens("old-access", "old-refresh", NOW.plusSeconds(3600));
        tokens = start(NOW);
        assertThat(tokens.bearer()).contains("Bearer old-access");
        assertThat(refreshRequests).isEmpty();
    }

    @Test
    void refreshesShortlyBeforeExpiryAndSavesTheNewPairFirst() {
        writeTokens("old-access", "old-refresh", NOW.plusSeconds(300));
        tokens = start(NOW);
        assertThat(tokens.bearer()).contains("Bearer new-access");
        assertThat(refreshRequests).singleElement().satisfies(form -> {
            assertThat(form.get("grant_type")).containsExactly("refresh_token");
            assertThat(form.get("refresh_token")).containsExactly("old-refresh");
            assertThat(form.get("client_id")).containsExactly("client-1");
        });
        Tokens saved = new TokenFile(tokenPath).read().orElseThrow();
        assertThat(saved.refreshToken()).isEqualTo("new-refresh");
        assertThat(saved.expiresAt()).isEqualTo(NOW.plusSeconds(28800));
    }

    @Test
    void a401RefreshesOnceForThatToken() {
        writeTokens("old-access", "old-refresh", NOW.plusSeconds(3600));
        tokens = start(NOW);
        String first = tokens.bearer().orElseThrow();
        assertThat(tokens.refreshAfterRejection(first)).contains("Bearer new-access");
        assertThat(tokens.refreshAfterRejection(first)).as("already refreshed: no second refresh")
                .contains("Bearer new-access");
        assertThat(refreshRequests).hasSize(1);
    }

    @Test
    void aRefusedRefreshAsksForANewLoginAndStopsTrying() {
        writeTokens("old-access", "dead-refresh", NOW.minusSeconds(1));
        endpoint = form -> {
            refreshRequests.add(form.asMap());
            throw TokenEndpointErrorMapper.map(401, "{\"error\":\"login_required\"}");
        };
        tokens = start(NOW);
        assertThat(tokens.bearer()).isEmpty();
        assertThat(tokens.status()).isEqualTo(AccessTokens.Status.LOGIN_REQUIRED);
        assertThat(tokens.describe()).contains("log in again");
        assertThat(tokens.bearer()).isEmpty();
        assertThat(refreshRequests).as("a dead refresh token is not tried again").hasSize(1);
    }

    @Test
    void aNewLoginOnDiskIsPickedUp() throws Exception {
        writeTokens("old-access", "dead-refresh", NOW.minusSeconds(1));
        endpoint = form -> {
            throw TokenEndpointErrorMapper.map(400, "{\"error\":\"invalid_grant\"}");
        };
        tokens = start(NOW);
        assertThat(tokens.bearer()).isEmpty();
        writeTokens("fresh-login-access", "fresh-refresh", NOW.plusSeconds(28000));
        Files.setLastModifiedTime(tokenPath, java.nio.file.attribute.FileTime.from(NOW.plusSeconds(5)));
        assertThat(tokens.bearer()).contains("Bearer fresh-login-access");
        assertThat(tokens.status()).isEqualTo(AccessTokens.Status.OK);
    }

    @Test
    void aFailedRefreshKeepsUsingTheStillValidTokenAndRetriesLater() {
        writeTokens("old-access", "old-refresh", NOW.plusSeconds(120));
        endpoint = form -> {
            refreshRequests.add(form.asMap());
            throw new jakarta.ws.rs.ProcessingException("connection refused");
        };
        tokens = start(NOW);
        assertThat(tokens.bearer()).contains("Bearer old-access");
        assertThat(tokens.status()).isEqualTo(AccessTokens.Status.REFRESH_FAILED);
        assertThat(tokens.bearer()).contains("Bearer old-access");
        assertThat(refreshRequests).hasSize(2);
        assertThat(read()).contains("old-refresh");
    }

    @Test
    void aCorruptFileIsReportedNotFatal() throws Exception {
        Files.writeString(tokenPath, "garbage");
        tokens = start(NOW);
        assertThat(tokens.bearer()).isEmpty();
        assertThat(tokens.status()).isEqualTo(AccessTokens.Status.TOKEN_FILE_BROKEN);
        assertThat(tokens.describe()).contains("not valid JSON");
    }
}
