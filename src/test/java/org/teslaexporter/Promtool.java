package org.teslaexporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Runs Prometheus' own {@code promtool check metrics} over an exposition text. Required in CI. */
public final class Promtool {

    /**
     * Lint findings that are accepted on purpose: the earlier exporter published the hours and
     * dashboards depend on it (the same value in seconds is {@code tesla_charge_time_to_full_seconds});
     * the journal's totals of km, kWh, money and percentage points only grow and are restored at start,
     * but MicroProfile Metrics counters count whole numbers, so they are gauges named as the issue and
     * PromQL's {@code increase()} want them (docs/metrics.md, "Trips and charges").
     */
    static final Set<String> ACCEPTED = Set.of(
            "tesla_charge_time_remaining_hours use base unit \"seconds\" instead of \"hours\"",
            notACounter("tesla_drive_distance_km_total"), notACounter("tesla_drive_energy_used_kwh_total"),
            notACounter("tesla_charge_energy_added_kwh_total"), notACounter("tesla_charge_cost_total"),
            notACounter("tesla_parked_battery_lost_percent_total"));

    private static String notACounter(String name) {
        return name + " non-counter metrics should not have \"_total\" suffix";
    }

    private Promtool() {
    }

    /** The exporter's own page must be lint-clean (but for {@link #ACCEPTED}). */
    public static void checkMetrics(String text) throws Exception {
        checkMetrics(text, finding -> false);
    }

    /**
     * The whole page must parse; lint findings about metrics that are not ours (Payara's JVM metrics
     * use camelCase names) are tolerated.
     */
    public static void checkWholePage(String text) throws Exception {
        checkMetrics(text, finding -> !finding.startsWith("tesla_") && !finding.contains("error"));
    }

    private static void checkMetrics(String text, java.util.function.Predicate<String> tolerated) throws Exception {
        InstalledTool.require("/usr/bin/promtool", "prometheus");
        Path input = Files.createTempFile("metrics", ".prom");
        Files.writeString(input, text, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("promtool", "check", "metrics").redirectInput(input.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> findings = output.lines().filter(l -> !l.isBlank()).filter(tolerated.negate()).toList();
        assertThat(findings).as("promtool check metrics said:\n" + output).isSubsetOf(ACCEPTED);
        assertThat(p.exitValue() == 0 || !output.isBlank()).as("promtool failed without saying why").isTrue();
        Files.deleteIfExists(input);
    }
}
