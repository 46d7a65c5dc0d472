package org.teslaexporter.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.teslaexporter.it.MetricsText.await;
import static org.teslaexporter.it.MetricsText.value;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.teslaexporter.auth.TokenFile;

/**
 * Several Tesla accounts in one exporter, on a real Payara Micro against {@link AccountsTesla}: the
 * login of {@code TOKEN_FILE_PATH} becomes the account {@code default}, token files dropped into
 * {@code accounts/} become accounts of their own — one of them revoked, one whose token endpoint
 * hangs — and the good accounts' cars are read on time regardless; every account refreshes every few
 * seconds (single-use refresh tokens) through a restart and a {@code kill -9}, and none is lost.
 */
class AccountsIT {

    private static final String DAD_1 = "5YJ3E1EA1KF000031";
    private static final String DAD_2 = "5YJ3E1EA1KF000032";
    private static final String ANNA_1 = "5YJ3E1EA1KF000033";
    private static final String ANNA_2 = "5YJ3E1EA1KF000034";
    private static final String REVOKED_CAR = "5YJ3E1EA1KF000035";
    private static final String HANGING_CAR = "5YJ3E1EA1KF000036";
    private static final List<String> GOOD_CARS = List.of(DAD_1, DAD_2, ANNA_1, ANNA_2);
    /** The cars are driving: read every 2 s; "on time" is within one interval more than that. */
    private static final long ON_TIME_MS = 4_000 + 1_000;

    private static void drop(Path accounts, String name, String tokenFile) throws Exception {
        Path tmp = accounts.resolveSibling(name + ".tmp");
        Files.writeString(tmp, tokenFile);
        Files.move(tmp, accounts.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static ExporterProcess start(Path work, AccountsTesla tesla, int port) throws Exception {
        return ExporterProcess.start("accounts", port, Map.ofEntries(
                Map.entry("TESLA_CLIENT_ID", "client-accounts"),
                Map.entry("TESLA_API_BASE", tesla.base()),
                Map.entry("TESLA_TOKEN_BASE", tesla.base()),
                Map.entry("TOKEN_FILE_PATH", work.resolve("token.json").toString()),
                Map.entry("POLL_INTERVAL_SECONDS", "2"),
                Map.entry("DRIVING_POLL_INTERVAL_SECONDS", "2"),
                Map.entry("HTTP_READ_TIMEOUT_SECONDS", "3"),
                Map.entry("HTTP_TOTAL_TIMEOUT_SECONDS", "3")));
    }

    private static String saved(Path work, String account) {
        return new TokenFile(work.resolve("accounts").resolve(account).resolve("token.json")).read().orElseThrow().refreshToken();
    }

    @Test
    void everyAccountIsPolledOnItsOwnAndNoneIsLostThroughARestartAndAKill() throws Exception {
        Path work = OneCarTesla.work("accounts");
        Files.delete(work.resolve("token.json"));
        int port = Integer.getInteger("launch.port", 18390) + 7;
        try (AccountsTesla tesla = new AccountsTesla()) {
            AccountsTesla.User dad = tesla.add("dad", DAD_1, DAD_2);
            AccountsTesla.User anna = tesla.add("anna", ANNA_1, ANNA_2);
            AccountsTesla.User revoked = tesla.add("revoked", REVOKED_CAR);
            AccountsTesla.User hanging = tesla.add("hanging", HANGING_CAR);
            revoked.revoked = true;
            hanging.hangs = true;
            Files.writeString(work.resolve("token.json"), tesla.tokenFile(dad, false));     // the one-account set-up of before

            ExporterProcess exporter = start(work, tesla, port);
            try {
                String page = await(exporter.uri("/metrics?scope=application"), Duration.ofSeconds(120), "the default account's cars",
                        p -> value(p, "tesla_battery_level_percent", "vin=\"" + DAD_2 + "\"", "account=\"default\"").isPresent());
                assertThat(value(page, "tesla_exporter_auth_ok", "account=\"default\"")).contains(1.0);

                // three more owners drop their earlier exporters' token files into accounts/
                Path accounts = work.resolve("accounts");
                drop(accounts, "anna.json", tesla.tokenFile(anna, false));
                drop(accounts, "revoked.json", tesla.tokenFile(revoked, true));
                drop(accounts, "hanging.json", tesla.tokenFile(hanging, true));
                page = await(exporter.uri("/metrics?scope=application"), Duration.ofSeconds(60), "every dropped account",
                        p -> value(p, "tesla_battery_level_percent", "vin=\"" + ANNA_2 + "\"", "account=\"anna\"").isPresent()
                                && value(p, "tesla_exporter_auth_ok", "account=\"revoked\"").isPresent()
                                && value(p, "tesla_exporter_auth_ok", "account=\"hanging\"").isPresent());
                long since = System.currentTimeMillis();
                assertThat(accounts.resolve("anna.json")).as("moved into its folder").doesNotExist();

                Thread.sleep(12_000);
                page = MetricsText.fetch(exporter.uri("/metrics?scope=application"));
                for (String vin : GOOD_CARS) {
                    assertThat(tesla.longestGap(vin, since)).as("%s read on time while one login is revoked and one"
                            + " token endpoint hangs", vin).isLessThanOrEqualTo(ON_TIME_MS);
                }
                assertThat(value(page, "tesla_exporter_auth_ok", "account=\"revoked\"")).contains(0.0);
                assertThat(value(page, "tesla_exporter_auth_ok", "account=\"anna\"")).contains(1.0);
                assertThat(value(page, "tesla_account_vehicles", "account=\"anna\"")).contains(2.0);
                assertThat(value(page, "tesla_account_vehicles", "account=\"revoked\"")).contains(0.0);
                assertThat(tesla.dataCalls.get(REVOKED_CAR)).isEmpty();
                assertThat(tesla.dataCalls.get(HANGING_CAR)).isEmpty();
                assertThat(dad.rotations).as("every few seconds a single-use refresh").isGreaterThan(3);
                // anna's pairs live 604 s and are refreshed 600 s ahead: one every ~4 s of the 12 s above
                assertThat(anna.rotations).isGreaterThanOrEqualTo(3);
                assertThat(tesla.reused).as("no refresh token used twice").isEmpty();
                assertThat(exporter.output()).doesNotContain("-refresh-", dad.access);
            } finally {
                exporter.close();       // a graceful stop
            }
            assertThat(saved(work, "default")).isEqualTo(dad.refresh);
            assertThat(saved(work, "anna")).isEqualTo(anna.refresh);

            // a restart: every account is back without a new login, and refreshing goes on
            exporter = start(work, tesla, port);
            try {
                int before = dad.rotations;
                await(exporter.uri("/metrics?scope=application"), Duration.ofSeconds(120), "both accounts after a restart",
                        p -> value(p, "tesla_battery_level_percent", "vin=\"" + ANNA_1 + "\"", "account=\"anna\"").isPresent()
                                && value(p, "tesla_battery_level_percent", "vin=\"" + DAD_1 + "\"", "account=\"default\"").isPresent());
                long deadline = System.currentTimeMillis() + 30_000;
                while (dad.rotations < before + 2 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(200);
                }
                assertThat(dad.rotations).as("refreshing with the saved token").isGreaterThanOrEqualTo(before + 2);
                Thread.sleep(1_500);
            } finally {
                exporter.kill();        // kill -9 while the accounts refresh every few seconds
            }
            Thread.sleep(500);
            assertThat(List.of(saved(work, "default"), saved(work, "anna"))).as("after kill -9, no pair Tesla issued is lost")
                    .containsExactly(dad.refresh, anna.refresh);

            exporter = start(work, tesla, port);
            try {
                int dadBefore = dad.rotations;
                int annaBefore = anna.rotations;
                await(exporter.uri("/metrics?scope=application"), Duration.ofSeconds(120), "both accounts after kill -9",
                        p -> value(p, "tesla_exporter_auth_ok", "account=\"anna\"").orElse(0.0) == 1.0
                                && value(p, "tesla_battery_level_percent", "vin=\"" + DAD_2 + "\"").isPresent()
                                && value(p, "tesla_battery_level_percent", "vin=\"" + ANNA_2 + "\"").isPresent());
                long deadline = System.currentTimeMillis() + 30_000;
                while ((dad.rotations <= dadBefore || anna.rotations <= annaBefore) && System.currentTimeMillis() < deadline) {
                    Thread.sleep(200);
                }
                assertThat(dad.rotations).isGreaterThan(dadBefore);
                assertThat(anna.rotations).isGreaterThan(annaBefore);
                assertThat(tesla.reused).as("no refresh token used twice, across a restart and a kill").isEmpty();
            } finally {
                exporter.close();
            }
        }
    }
}
