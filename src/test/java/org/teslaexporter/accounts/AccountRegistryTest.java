package org.teslaexporter.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.Form;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.teslaexporter.auth.AccessTokens;
import org.teslaexporter.auth.TokenEndpointClient;
import org.teslaexporter.auth.TokenFile;
import org.teslaexporter.auth.Tokens;
import org.teslaexporter.config.ExporterConfig;
import org.teslaexporter.config.Settings;
import org.teslaexporter.config.SettingsReader;

/**
 * The accounts on disk: the login of {@code TOKEN_FILE_PATH} becomes the account {@code default}
 * once; token files dropped into {@code accounts/} become the login of the Tesla user they name;
 * names and removals last; and each account refreshes in its own thread, so one hanging token
 * endpoint call never holds up another account's refresh.
 */
class AccountRegistryTest {

    @TempDir
    Path data;

    private final List<AccountEvent> events = new CopyOnWriteArrayList<>();

    /** A JWT-shaped access token naming {@code sub} (the exporter reads, never verifies, it). */
    static String jwt(String sub) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"sub\":\"" + sub + "\",\"aud\":\"fleet\"}").getBytes(StandardCharsets.UTF_8)) + ".sig";
    }

    static Tokens tokens(String access, String refresh) {
        Instant now = Instant.now();
        return new Tokens(access, refresh, now.plusSeconds(28000), now);
    }

    private Settings settings(String... more) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("DATA_DIR", data.toString(),
                "TOKEN_FILE_PATH", data.resolve("token.json").toString(), "TESLA_CLIENT_ID", "client",
                "HTTP_TOTAL_TIMEOUT_SECONDS", "2"));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return SettingsReader.read(name -> Optional.ofNullable(env.get(name)));
    }

    private AccountRegistry registry(Settings s, TokenEndpointClient endpoint) {
        ExporterConfig config = new ExporterConfig() {
            @Override
            public Settings settings() {
                return s;
            }
        };
        return TestAccounts.registry(config, null, endpoint, events::add);
    }

    private AccountRegistry registry() {
        return registry(settings(), form -> {
            throw new jakarta.ws.rs.ProcessingException("no token endpoint here");
        });
    }

    private static String refreshTokenIn(Path file) {
        return new TokenFile(file).read().orElseThrow().refreshToken();
    }

    @Test
    void theLoginOfTokenFilePathBecomesTheDefaultAccountOnceAndANewTokenPutThereIsTakenUp() throws IOException {
        new TokenFile(data.resolve("token.json")).write(tokens("a1", "r1"));
        Files.writeString(data.resolve("fleet-api-base-url"), "https://fleet-api.prd.eu.vn.cloud.tesla.com\n");

        AccountRegistry first = registry();
        assertThat(first.accounts()).extracting(Account::id).containsExactly("default");
        Path moved = data.resolve("accounts/default/token.json");
        assertThat(refreshTokenIn(moved)).isEqualTo("r1");
        assertThat(data.resolve("token.json")).as("the old file is left where it is (it may be mounted)").exists();
        assertThat(first.find("default").orElseThrow().api().baseUri()).as("the region Tesla named moves along")
                .hasToString("https://fleet-api.prd.eu.vn.cloud.tesla.com");
        assertThat(first.find("default").orElseThrow().tokens().status()).isEqualTo(AccessTokens.Status.NO_TOKEN);
        first.find("default").orElseThrow().tokens().bearer();
        assertThat(first.find("default").orElseThrow().tokens().status()).isEqualTo(AccessTokens.Status.OK);
        first.scan();
        assertThat(events).as("the unchanged old file is no new login").isEmpty();

        // the account refreshed meanwhile (its own file moves on); a restart must not take the old, spent pair again
        new TokenFile(moved).write(tokens("a2", "r2"));
        first.close();
        AccountRegistry second = registry();
        second.scan();
        assertThat(refreshTokenIn(moved)).isEqualTo("r2");
        assertThat(events).isEmpty();

        // the owner logs in again the old way: a new token at TOKEN_FILE_PATH
        new TokenFile(data.resolve("token.json")).write(tokens("a3", "r3"));
        Files.setLastModifiedTime(data.resolve("token.json"), java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(5)));
        second.scan();
        assertThat(refreshTokenIn(moved)).isEqualTo("r3");
        assertThat(events).containsExactly(new AccountEvent.LoggedIn("default"));
        second.close();
    }

    @Test
    void aFreshInstallWaitsAsTheDefaultAccountUntilTheFirstLogin() {
        AccountRegistry r = registry();
        assertThat(r.accounts()).extracting(Account::id).containsExactly("default");
        assertThat(data.resolve("accounts/default")).as("nothing on disk before a login").doesNotExist();
        assertThat(r.find("default").orElseThrow().tokens().describe()).as("as before accounts, the way in is TOKEN_FILE_PATH")
                .contains("not logged in: no token file at " + data.resolve("token.json"));

        String said = r.save("3f2c9a10-7b1d-4e55-9a8e-0c1d2e3f4a5b", tokens(jwt("3f2c9a10-7b1d-4e55-9a8e-0c1d2e3f4a5b"), "r1"));
        assertThat(said).contains("3f2c9a10-7b1d-4e55-9a8e-0c1d2e3f4a5b", "token.json");
        assertThat(r.accounts()).extracting(Account::id).as("the placeholder gives way to the real account")
                .containsExactly("3f2c9a10-7b1d-4e55-9a8e-0c1d2e3f4a5b");
        assertThat(events).containsExactly(new AccountEvent.Added("3f2c9a10-7b1d-4e55-9a8e-0c1d2e3f4a5b"),
                new AccountEvent.Removed("default"));
        assertThat(refreshTokenIn(data.resolve("accounts/3f2c9a10-7b1d-4e55-9a8e-0c1d2e3f4a5b/token.json"))).isEqualTo("r1");

        events.clear();
        r.save("3f2c9a10-7b1d-4e55-9a8e-0c1d2e3f4a5b", tokens("again", "r2"));
        assertThat(events).as("the same Tesla user again: a re-login").containsExactly(
                new AccountEvent.LoggedIn("3f2c9a10-7b1d-4e55-9a8e-0c1d2e3f4a5b"));
        r.save(null, tokens("nobody", "r9"));
        assertThat(r.accounts()).extracting(Account::id).as("an answer that names nobody is the default account's")
                .containsExactly("3f2c9a10-7b1d-4e55-9a8e-0c1d2e3f4a5b", "default");
        r.close();
    }

    @Test
    void aDroppedTokenFileBecomesTheLoginOfTheUserItNamesAndMovesIntoItsFolder() throws IOException {
        AccountRegistry r = registry();
        r.save("dad", tokens(jwt("dad"), "r-dad"));
        events.clear();
        Path accounts = data.resolve("accounts");
        new TokenFile(accounts.resolve("car-of-anna.json")).write(tokens(jwt("anna"), "r-anna"));
        new TokenFile(accounts.resolve("dad-again.json")).write(tokens(jwt("dad"), "r-dad"));     // a copy of what dad has
        Files.writeString(accounts.resolve("broken.json"), "{not json");
        new TokenFile(accounts.resolve("anonymous.json")).write(tokens("opaque-token", "r-x"));
        Files.writeString(accounts.resolve("notes.txt"), "not a token file");

        r.scan();

        assertThat(r.find("anna")).isPresent();
        assertThat(refreshTokenIn(accounts.resolve("anna/token.json"))).isEqualTo("r-anna");
        assertThat(accounts.resolve("car-of-anna.json")).as("moved into its folder").doesNotExist();
        assertThat(accounts.resolve("dad-again.json")).as("stale: nothing new, removed").doesNotExist();
        assertThat(events).containsExactly(new AccountEvent.Added("anna"));
        assertThat(accounts.resolve("broken.json")).as("left for the owner to see").exists();
        assertThat(accounts.resolve("anonymous.json")).exists();
        assertThat(r.dropProblems()).hasSize(2).anySatisfy(p -> assertThat(p).contains("broken.json", "not valid JSON"))
                .anySatisfy(p -> assertThat(p).contains("anonymous.json", "does not say whose login"))
                .allSatisfy(p -> assertThat(p).doesNotContain("r-x", "opaque-token"));
        assertThat(accounts.resolve("notes.txt")).exists();
        r.close();

        AccountRegistry again = registry();
        assertThat(again.accounts()).extracting(Account::id).as("a restart finds every account in its folder")
                .containsExactlyInAnyOrder("dad", "anna");
        again.close();
    }

    @Test
    void namesLastAndARemovedAccountLeavesNothingBehind() {
        AccountRegistry r = registry();
        r.save("anna", tokens(jwt("anna"), "r1"));
        r.save("bob", tokens(jwt("bob"), "r2"));
        assertThat(r.rename("anna", "  Anna's Model Y ")).isPresent();
        assertThatThrownBy(() -> r.rename("anna", "line\nbreak")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.rename("anna", "x".repeat(AccountRegistry.MAX_NAME + 1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(r.rename("nobody", "x")).isEmpty();
        events.clear();

        assertThat(r.remove("bob")).isTrue();
        assertThat(r.remove("bob")).isFalse();
        assertThat(events).containsExactly(new AccountEvent.Removed("bob"));
        assertThat(data.resolve("accounts/bob")).doesNotExist();
        r.close();

        AccountRegistry again = registry();
        assertThat(again.accounts()).extracting(Account::id).containsExactly("anna");
        assertThat(again.find("anna").orElseThrow().name()).isEqualTo("Anna's Model Y");
        again.close();
    }

    @Test
    void aSubjectThatIsNoSafeFolderNameIsKeptAsADigest() {
        assertThat(AccountRegistry.idFor("3f2c9a10-7b1d-4e55-9a8e-0c1d2e3f4a5b")).isEqualTo("3f2c9a10-7b1d-4e55-9a8e-0c1d2e3f4a5b");
        String odd = AccountRegistry.idFor("../../etc/passwd");
        assertThat(odd).startsWith("u-").hasSize(34).doesNotContain("/", ".");
        assertThat(AccountRegistry.ID.matcher(odd).matches()).isTrue();
        assertThat(AccountRegistry.idFor("../../etc/passwd")).as("stable").isEqualTo(odd);
    }

    @Test
    void oneAccountsHangingRefreshDoesNotHoldUpAnothersRefresh() throws Exception {
        CountDownLatch annaAsked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> asked = new CopyOnWriteArrayList<>();
        TokenEndpointClient endpoint = (Form form) -> {
            String refresh = form.asMap().getFirst("refresh_token");
            asked.add(refresh);
            if (refresh.equals("r-anna")) {
                annaAsked.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);      // Tesla's token endpoint hangs for this account
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            JsonObject answer = Json.createObjectBuilder().add("access_token", "new-" + refresh)
                    .add("refresh_token", refresh + "-2").add("expires_in", 28800).build();
            return answer;
        };
        AccountRegistry r = registry(settings(), endpoint);
        Instant expired = Instant.now().minusSeconds(60);
        r.save("anna", new Tokens(jwt("anna"), "r-anna", expired, expired.minusSeconds(28800)));
        r.save("bob", new Tokens(jwt("bob"), "r-bob", expired, expired.minusSeconds(28800)));
        AccessTokens anna = r.find("anna").orElseThrow().tokens();
        AccessTokens bob = r.find("bob").orElseThrow().tokens();

        List<Optional<String>> annaGot = new ArrayList<>();
        Thread annaPoll = new Thread(() -> annaGot.add(anna.bearer()));
        annaPoll.start();
        assertThat(annaAsked.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(bob.bearer()).as("bob's refresh runs in bob's own thread").contains("Bearer new-r-bob");
        assertThat(refreshTokenIn(data.resolve("accounts/bob/token.json"))).isEqualTo("r-bob-2");
        annaPoll.join(10_000);
        assertThat(annaGot).as("anna's poll gave up waiting after HTTP_TOTAL_TIMEOUT_SECONDS").containsExactly(Optional.empty());
        assertThat(anna.refreshing()).isTrue();

        release.countDown();      // Tesla answers late: the answer is still saved and used
        for (int i = 0; i < 100 && anna.refreshing(); i++) {
            Thread.sleep(50);
        }
        assertThat(refreshTokenIn(data.resolve("accounts/anna/token.json"))).isEqualTo("r-anna-2");
        assertThat(anna.bearer()).contains("Bearer new-r-anna");
        assertThat(asked).containsExactlyInAnyOrder("r-anna", "r-bob");
        r.close();
    }

    @Test
    void anAccountLoggedInOnAnotherMemberIsListedHereAtTheNextScanNotAtItsNextRetry() throws Exception {
        org.teslaexporter.cluster.TestCluster member = new org.teslaexporter.cluster.TestCluster(java.time.Clock.systemUTC());
        member.ownsAll = true;
        Settings s = settings();
        AccountRegistry r = new AccountRegistry();
        r.config = new ExporterConfig() {
            @Override
            public Settings settings() {
                return s;
            }
        };
        r.cluster = member;
        r.init(s, form -> {
            throw new jakarta.ws.rs.ProcessingException("no token endpoint here");
        }, events::add);
        member.map("accounts").put("fleet-7a", "Fleet");
        r.scan();
        Account fleet = r.find("fleet-7a").orElseThrow();
        assertThat(fleet.tokens().status().loggedIn()).as("known from the cluster, no login yet").isFalse();
        events.clear();

        // another member logs the account in: its pair is the cluster's
        Path elsewhere = Files.createDirectories(data.resolve("elsewhere"));
        new TokenFile(elsewhere.resolve("token.json")).write(tokens(jwt("fleet-7a"), "r1"));
        member.guardedValues.put("fleet-7a", Files.readString(elsewhere.resolve("token.json")));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!fleet.tokens().status().loggedIn() && System.nanoTime() < deadline) {
            r.scan();       // each scan compares the pair with the cluster's, in the account's own thread
            Thread.sleep(20);
        }
        assertThat(fleet.tokens().status().loggedIn()).as("the cluster's pair taken").isTrue();
        r.scan();
        assertThat(events).as("the poller lists its cars now").containsExactly(new AccountEvent.LoggedIn("fleet-7a"));
        r.scan();
        assertThat(events).as("told once").hasSize(1);
        r.close();
    }
}
