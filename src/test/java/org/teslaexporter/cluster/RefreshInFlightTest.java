package org.teslaexporter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.teslaexporter.auth.AccessTokens;
import org.teslaexporter.config.Settings;
import org.teslaexporter.config.SettingsReader;

/**
 * A member that dies while it is refreshing an account's token, as the cluster's other members and the member
 * itself (back from the crash) meet it: the mark it left in the cluster's pair keeps the others from sending
 * the refresh token it may have spent; back with Tesla's answer on its disk, it gives the new pair to the
 * cluster; back without it, it sends the token once more itself (never spent, or the login was lost with the
 * answer); gone for good, the others send it after {@link AccessTokens#LOST_ANSWER_WAIT}. The CP subsystem is
 * {@link TestCluster}'s (the lock and value of one account, the same for both members here).
 */
class RefreshInFlightTest {

    private static final Settings SETTINGS = SettingsReader.read(name -> Optional.ofNullable(Map.of("TESLA_CLIENT_ID", "client",
            "HTTP_TOTAL_TIMEOUT_SECONDS", "5").get(name)));

    @TempDir
    Path dir;
    private final TestCluster cluster = new TestCluster(Clock.systemUTC());
    private final Guarded cp = cluster.guarded("family").orElseThrow();
    private final List<AccessTokens> logins = new ArrayList<>();

    @AfterEach
    void close() {
        logins.forEach(AccessTokens::close);
    }

    private AccessTokens member(int i, SingleUseEndpoint tesla) {
        AccessTokens login = AccessTokens.of(SETTINGS, dir.resolve("member-" + i).resolve("token.json"), tesla, "family", cp);
        logins.add(login);
        return login;
    }

    /** The cluster's pair: refresh-0, its access token expired, marked as being refreshed by flight {@code flight} since {@code since}. */
    private void markedInFlight(String flight, Instant since) {
        long now = System.currentTimeMillis() / 1000;
        cluster.guardedValues.put("family", "{\"access_token\":\"access-0\",\"refresh_token\":\"refresh-0\",\"expires_at\":" + (now - 1)
                + ",\"created_at\":" + (now - 28801) + ",\"refreshing\":{\"flight\":\"" + flight + "\",\"since\":" + since.getEpochSecond() + "}}");
    }

    /**
     * Member {@code i}'s disk: the pair refresh-{@code n} (issued {@code n} s later than refresh-0), and the marker of the refresh it
     * died in ({@code flight}), if any.
     */
    private void disk(int i, int n, long expiresIn, String flight) throws Exception {
        Path file = SingleUseEndpoint.pairOnDisk(dir, i, n, expiresIn, 28800 - expiresIn - n);
        if (flight != null) {
            Files.writeString(file.resolveSibling("token.json.refreshing"), flight + "\n");
        }
    }

    /** Tesla after it has spent refresh-0 and answered with refresh-1 (the answer that reached only the dead member). */
    private static SingleUseEndpoint answeredOnce() {
        SingleUseEndpoint tesla = new SingleUseEndpoint(0);
        tesla.spent.add("refresh-0");
        tesla.current = "refresh-1";
        tesla.issued.set(1);
        return tesla;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline).as(what).isTrue();
            Thread.sleep(20);
        }
    }

    @Test
    void aRefreshMarksThePairWhileTheTokenIsWithTeslaAndLeavesNoMarkAfter() throws Exception {
        List<String> seen = new ArrayList<>();
        SingleUseEndpoint tesla = new SingleUseEndpoint(0);
        disk(0, 0, -1, null);
        AccessTokens a = AccessTokens.of(SETTINGS, dir.resolve("member-0/token.json"), form -> {
            seen.add(cluster.guardedValues.getOrDefault("family", ""));
            return tesla.token(form);
        }, "family", cp);
        logins.add(a);
        assertThat(a.bearer()).contains("Bearer access-1");
        assertThat(seen).as("the cluster's pair while Tesla answered").singleElement().asString()
                .contains("\"refresh_token\":\"refresh-0\"", "\"refreshing\":{\"flight\":");
        assertThat(cluster.guardedValues.get("family")).contains("\"refresh_token\":\"refresh-1\"").doesNotContain("refreshing");
        assertThat(dir.resolve("member-0/token.json.refreshing")).doesNotExist();
    }

    @Test
    void aMemberKilledAfterTeslaAnsweredLeavesAMarkTheOthersHonourUntilItIsBackWithTheNewPair() throws Exception {
        SingleUseEndpoint tesla = answeredOnce();
        markedInFlight("flight-of-member-0", Instant.now().minusSeconds(5));
        disk(1, 0, -1, null);
        AccessTokens b = member(1, tesla);
        assertThat(b.bearer()).as("member 1 has no usable token, and does not send refresh-0").isEmpty();
        assertThat(tesla.reused).isEmpty();
        assertThat(b.status()).as("waiting, not lost").isEqualTo(AccessTokens.Status.REFRESH_FAILED);
        assertThat(b.describe()).contains("another member stopped while refreshing this account's token");

        // member 0 back, Tesla's answer on its disk (and its marker): the cluster gets the pair, and the mark goes
        disk(0, 1, 20000, "flight-of-member-0");
        AccessTokens a = member(0, tesla);
        assertThat(a.bearer()).contains("Bearer access-1");
        a.sync();
        await(() -> cluster.guardedValues.get("family").contains("\"refresh-1\""), "the pair of member 0's disk given to the cluster");
        assertThat(cluster.guardedValues.get("family")).doesNotContain("refreshing");
        b.sync();       // what the cluster's notice of the new pair makes it do
        await(() -> b.bearer().equals(Optional.of("Bearer access-1")), "member 1 takes it from the cluster");
        assertThat(tesla.reused).as("no refresh token sent twice").isEmpty();
        assertThat(tesla.issued.get()).isEqualTo(1);
    }

    @Test
    void aMemberKilledBeforeTheAnswerReachedItsDiskSendsTheTokenOnceMoreWhenBack() throws Exception {
        SingleUseEndpoint tesla = new SingleUseEndpoint(0);      // killed before Tesla had the token: refresh-0 is still good
        markedInFlight("flight-of-member-0", Instant.now().minusSeconds(5));
        disk(0, 0, -1, "flight-of-member-0");
        disk(1, 0, -1, null);
        AccessTokens b = member(1, tesla);
        assertThat(b.bearer()).isEmpty();
        assertThat(b.bearer()).as("asked again at once").isEmpty();
        assertThat(tesla.issued.get()).as("member 1 waits for member 0").isZero();

        AccessTokens a = member(0, tesla);
        assertThat(a.bearer()).as("member 0 knows its own mark and sends the token it had not spent").contains("Bearer access-1");
        assertThat(cluster.guardedValues.get("family")).contains("\"refresh-1\"").doesNotContain("refreshing");
        b.sync();
        await(() -> b.bearer().equals(Optional.of("Bearer access-1")), "member 1 takes it from the cluster");
        assertThat(tesla.reused).isEmpty();
    }

    @Test
    void aMemberWhoseAnswerDiedWithItIsToldToLogInAgainOnceBack() throws Exception {
        SingleUseEndpoint tesla = answeredOnce();      // Tesla answered; the answer never reached member 0's disk
        markedInFlight("flight-of-member-0", Instant.now().minusSeconds(5));
        disk(0, 0, -1, "flight-of-member-0");
        AccessTokens a = member(0, tesla);
        assertThat(a.bearer()).isEmpty();
        assertThat(a.status()).isEqualTo(AccessTokens.Status.LOGIN_REQUIRED);
        assertThat(tesla.reused).as("the one token whose answer was lost, sent once more by its member").containsExactly("refresh-0");
        assertThat(cluster.guardedValues.get("family")).doesNotContain("refreshing");
    }

    @Test
    void aMarkLeftLongerThanTheWaitIsWaitedForNoLonger() throws Exception {
        SingleUseEndpoint tesla = new SingleUseEndpoint(0);
        markedInFlight("flight-of-a-member-gone", Instant.now().minus(AccessTokens.LOST_ANSWER_WAIT).minusSeconds(1));
        disk(1, 0, -1, null);
        AccessTokens b = member(1, tesla);
        assertThat(b.bearer()).contains("Bearer access-1");
        assertThat(cluster.guardedValues.get("family")).doesNotContain("refreshing");
    }
}
