package org.teslaexporter.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.teslaexporter.it.MetricsText.await;
import static org.teslaexporter.it.MetricsText.value;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sleep-aware policy on a real Payara Micro, time-scaled (intervals of 1–3 s), against
 * {@link SleepyFleet}, whose cars really fall asleep when left alone: the exporter suspends, the car
 * falls asleep with no vehicle_data reaching it, a drive brings fresh polling back, and a 429 with
 * Retry-After is obeyed for one car while the other keeps being polled.
 */
class SleepAwarePollingIT {

    private static final String SLEEPER = "5YJ3E1EA1KF000011";
    private static final String LIMITED = "5YJ3E1EA1KF000012";
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @Test
    void parkedCarSleepsDrivingResumesAndARateLimitIsObeyedPerCar() throws Exception {
        Path work = Files.createDirectories(Path.of(System.getProperty("it.work", "target/it-work"), "sleep-aware"));
        Path token = work.resolve("token.json");
        Files.writeString(token, "{\"access_token\":\"" + SleepyFleet.TOKEN + "\",\"refresh_token\":\"r\",\"expires_at\":"
                + (System.currentTimeMillis() / 1000 + 7200) + "}");
        try (SleepyFleet fleet = new SleepyFleet()) {
            SleepyFleet.Car sleeper = fleet.add(SLEEPER, false);
            SleepyFleet.Car limited = fleet.add(LIMITED, true);
            Map<String, String> env = Map.ofEntries(
                    Map.entry("TESLA_API_BASE", "http://127.0.0.1:" + fleet.port()),
                    Map.entry("TOKEN_FILE_PATH", token.toString()),
                    Map.entry("TESLA_CLIENT_ID", "it"),
                    Map.entry("DRIVING_POLL_INTERVAL_SECONDS", "1"),
                    Map.entry("CHARGING_POLL_INTERVAL_SECONDS", "1"),
                    Map.entry("POLL_INTERVAL_SECONDS", "2"),
                    Map.entry("SLEEP_POLL_INTERVAL_SECONDS", "2"),
                    Map.entry("SUSPEND_AFTER_IDLE_SECONDS", "3"),
                    Map.entry("SUSPEND_MAX_SECONDS", "20"),
                    Map.entry("STATE_CHECK_INTERVAL_SECONDS", "1"));
            try (ExporterProcess exporter = ExporterProcess.start("sleep-aware", Integer.getInteger("launch.port", 18390), env)) {
                URI metrics = exporter.uri("/metrics?scope=application");
                String mode = "tesla_exporter_polling_mode";

                // 1. Parked and idle: suspended, then the car falls asleep on its own.
                await(metrics, PATIENCE, "the parked car to be suspended",
                        t -> value(t, mode, vin(SLEEPER), "mode=\"suspended\"").orElse(0.0) == 1.0);
                await(metrics, PATIENCE, "the parked car to fall asleep",
                        t -> value(t, mode, vin(SLEEPER), "mode=\"asleep\"").orElse(0.0) == 1.0);
                assertThat(sleeper.asleep).isTrue();
                long asleepAt = sleeper.fellAsleepAt;
                List<SleepyFleet.Request> data = fleet.requests(SLEEPER, "vehicle_data");
                long lastDataBeforeSleep = data.stream().mapToLong(SleepyFleet.Request::atMillis).filter(t -> t <= asleepAt).max().orElseThrow();
                assertThat(asleepAt - lastDataBeforeSleep).as("no vehicle_data while suspended")
                        .isGreaterThanOrEqualTo(SleepyFleet.FALLS_ASLEEP_AFTER_MS);
                Thread.sleep(4000);
                assertThat(fleet.requests(SLEEPER, "vehicle_data")).as("an asleep car is not asked for data").hasSameSizeAs(data);
                assertThat(fleet.requests(SLEEPER, "vehicle").size()).as("its state is watched").isGreaterThan(2);
                assertThat(fleet.requests(SLEEPER, "wake_up")).as("never woken").isEmpty();

                // 2. The owner drives off: fresh data at the driving interval.
                sleeper.drive();
                long driveStart = System.currentTimeMillis();
                String t = await(metrics, PATIENCE, "driving mode with speed",
                        p -> value(p, mode, vin(SLEEPER), "mode=\"driving\"").orElse(0.0) == 1.0
                                && value(p, "tesla_speed_kmh", vin(SLEEPER)).isPresent());
                assertThat(value(t, "tesla_speed_kmh", vin(SLEEPER)).orElseThrow()).isCloseTo(64.37, org.assertj.core.api.Assertions.within(0.01));
                long firstData = fleet.requests(SLEEPER, "vehicle_data").stream().mapToLong(SleepyFleet.Request::atMillis)
                        .filter(x -> x >= driveStart).min().orElseThrow();
                assertThat(firstData - driveStart).as("seen within one state check (2 s) and a little").isLessThan(4000);
                Thread.sleep(3000);

                // 3. A 429 for the driving LIMITED car: obeyed, while SLEEPER keeps being polled.
                limited.rateLimitOnceFor = 8;
                await(metrics, PATIENCE, "the rate limit to show",
                        p -> value(p, "tesla_exporter_rate_limited_until_timestamp_seconds", vin(LIMITED)).isPresent());
                long limitedAt = fleet.requests(LIMITED, "vehicle_data").stream().filter(r -> r.status() == 429)
                        .mapToLong(SleepyFleet.Request::atMillis).findFirst().orElseThrow();
                String during = MetricsText.fetch(metrics);
                assertThat(value(during, mode, vin(LIMITED), "mode=\"backing_off\"")).contains(1.0);
                assertThat(value(during, "tesla_exporter_rate_limited_until_timestamp_seconds", vin(LIMITED)).orElseThrow())
                        .isBetween(limitedAt / 1000.0 + 7, limitedAt / 1000.0 + 10);
                await(metrics, PATIENCE, "the rate-limited car to be polled again",
                        p -> fleet.requests(LIMITED, "vehicle_data").stream().anyMatch(r -> r.atMillis() > limitedAt));
                long nextLimited = fleet.requests(LIMITED, "vehicle_data").stream().mapToLong(SleepyFleet.Request::atMillis)
                        .filter(x -> x > limitedAt).min().orElseThrow();
                assertThat(nextLimited - limitedAt).as("Retry-After obeyed").isGreaterThanOrEqualTo(7900);
                long otherDuring = fleet.requests(SLEEPER, "vehicle_data").stream()
                        .filter(r -> r.atMillis() > limitedAt && r.atMillis() < nextLimited).count();
                assertThat(otherDuring).as("the other car keeps being polled meanwhile").isGreaterThanOrEqualTo(4);

                // The bill: every request counted; the 429 is billed (status < 500).
                String bill = MetricsText.fetch(metrics);
                assertThat(value(bill, "tesla_fleet_api_requests_total", vin(LIMITED), "endpoint=\"vehicle_data\"", "status=\"429\""))
                        .contains(1.0);
                assertThat(value(bill, "tesla_fleet_api_billable_requests_total", vin(SLEEPER), "category=\"data\"").orElseThrow())
                        .isEqualTo((double) fleet.requests(SLEEPER, "vehicle_data").stream().filter(r -> r.status() < 500).count(),
                                org.assertj.core.api.Assertions.within(2.0));
                assertThat(value(bill, "tesla_fleet_api_cost_month_to_date_usd").orElseThrow()).isPositive();
            }
        }
    }

    private static String vin(String vin) {
        return "vin=\"" + vin + "\"";
    }
}
