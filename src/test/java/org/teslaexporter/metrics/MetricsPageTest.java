package org.teslaexporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipFile;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.teslaexporter.Fixtures;
import org.teslaexporter.Promtool;
import org.teslaexporter.accounts.TestAccounts;
import org.teslaexporter.billing.FleetApiBill;
import org.teslaexporter.billing.TestBills;
import org.teslaexporter.config.ExporterConfig;
import org.teslaexporter.config.Settings;
import org.teslaexporter.config.SettingsReader;
import org.teslaexporter.journal.Charge;
import org.teslaexporter.journal.Drive;
import org.teslaexporter.journal.Journal;
import org.teslaexporter.journal.JournalStore;
import org.teslaexporter.journal.Parked;
import org.teslaexporter.journal.TestJournals;
import org.teslaexporter.places.ChargerKind;
import org.teslaexporter.places.Places;
import org.teslaexporter.places.PlacesFile;
import org.teslaexporter.polling.FleetEvent;
import org.teslaexporter.polling.FleetState;
import org.teslaexporter.polling.TestFleets;
import org.teslaexporter.telemetry.TelemetrySubscriber;
import org.teslaexporter.telemetry.TestSubscribers;
import org.teslaexporter.vehicle.OnlineState;
import org.teslaexporter.vehicle.StreamExtras;
import org.teslaexporter.vehicle.TrackedVehicle;
import org.teslaexporter.vehicle.VehicleDataTranslator;
import org.teslaexporter.vehicle.VehicleSummary;

/**
 * The golden {@code /metrics} page (issue 16): every family the exporter publishes — each car's,
 * the streamed ones, the bill's, the exporter's own — with HELP, TYPE and every series, as
 * {@code /metrics?scope=application} serves it (the journal's on an H2 file of its own). The page is written by Payara's own MicroProfile
 * Metrics classes (its registry and its writer, taken from the pinned {@code payara-micro.jar},
 * which the build puts in {@code target/} before the tests) through {@link PayaraMetricsWriter}, the
 * code that makes the copy {@code /metrics} serves; the exporter's publishers fill the registry as
 * they do in the server. {@code promtool check metrics} must accept it.
 * {@code mvn test -Dtest=MetricsPageTest -Dgolden.update=true} rewrites the file.
 */
class MetricsPageTest {

    static final Path GOLDEN = Path.of("src/test/resources/golden/metrics-page.prom");
    static final String DRIVING = "5YJ3E1EA1KF000001";
    static final String CHARGING = "5YJ3E1EA1KF000002";
    static final String STREAMING = "5YJ3E1EA1KF000003";
    /** The name of the application's metrics context (its registries), as Payara names a deployed WAR. */
    static final String APP = "tesla-exporter";
    private static final VehicleDataTranslator TRANSLATOR = new VehicleDataTranslator();

    private URLClassLoader payara;
    private TelemetrySubscriber subscriber;
    private Journal journal;

    /**
     * Payara's MicroProfile Metrics implementation out of the payara-micro.jar the build pins: its
     * jar, and the few its writer touches when it is made (it asks the server's service locator for
     * the health-check service, which has none to give here).
     */
    static final String[] RUNTIME_JARS = {"microprofile-metrics", "internal-api", "hk2-api", "healthcheck-core",
        "glassfish-api", "hk2-config", "monitoring-console-api", "hk2-core"};

    static URLClassLoader payaraMetrics() throws Throwable {
        Path jar = Path.of(System.getProperty("payara.micro.jar", "target/payara-micro.jar"));
        assertThat(jar).as("the build copies Payara Micro to target/ before the tests (mvn test)").exists();
        Path dir = jar.resolveSibling("payara-metrics");
        Files.createDirectories(dir);
        URL[] urls = new URL[RUNTIME_JARS.length];
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (int i = 0; i < RUNTIME_JARS.length; i++) {
                Path out = dir.resolve(RUNTIME_JARS[i] + ".jar");
                if (!Files.exists(out) || Files.getLastModifiedTime(out).compareTo(Files.getLastModifiedTime(jar)) < 0) {
                    var entry = zip.getEntry("MICRO-INF/runtime/" + RUNTIME_JARS[i] + ".jar");
                    assertThat(entry).as(RUNTIME_JARS[i] + ".jar in " + jar).isNotNull();
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                urls[i] = out.toUri().toURL();
            }
        }
        URLClassLoader loader = new URLClassLoader(urls, MetricsPageTest.class.getClassLoader());
        Class<?> locator = loader.loadClass("org.glassfish.hk2.api.ServiceLocator");
        Object none = Proxy.newProxyInstance(loader, new Class<?>[] {locator}, (proxy, method, args) -> switch (method.getName()) {
            case "getService" -> null;
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            case "toString" -> "no services";
            default -> throw new UnsupportedOperationException(method.getName());
        });
        // a method handle resolves this one method alone (reflection would load every type Globals names)
        MethodHandles.publicLookup().findStatic(loader.loadClass("org.glassfish.internal.api.Globals"), "setDefaultHabitat",
                MethodType.methodType(void.class, locator)).invoke(none);
        return loader;
    }

    @BeforeEach
    void open() throws Throwable {
        payara = payaraMetrics();
    }

    @AfterEach
    void close() throws IOException {
        if (subscriber != null) {
            TestSubscribers.stop(subscriber);
        }
        if (journal != null) {
            TestJournals.stop(journal);
        }
        payara.close();
    }

    /** What the server's metrics service holds for an application: Payara's context with its registries. */
    static Object context(URLClassLoader payara) throws ReflectiveOperationException {
        Constructor<?> c = payara.loadClass("fish.payara.microprofile.metrics.impl.MetricsServiceImpl$MetricsContextImpl")
                .getConstructor(String.class);
        c.setAccessible(true);
        return c.newInstance(APP);
    }

    static MetricRegistry registry(Object context, String scope) throws ReflectiveOperationException {
        Method m = context.getClass().getMethod("getOrCreateRegistry", String.class);
        m.setAccessible(true);
        return (MetricRegistry) m.invoke(context, scope);
    }

    private static TrackedVehicle polled(String vin, String name, String json, TrackedVehicle.Polling polling) {
        var snapshot = TRANSLATOR.snapshot(TRANSLATOR.response(Fixtures.json(json)).orElseThrow());
        return new TrackedVehicle(new VehicleSummary(vin, name, OnlineState.ONLINE), snapshot,
                Instant.parse("2026-11-28T12:00:00Z"), polling, TrackedVehicle.Streaming.NONE);
    }

    /** A car that streams: its data (with a sun roof), the stream-only values, connectivity, alerts. */
    private static TrackedVehicle streamed() {
        String json = Fixtures.own("vehicle_data.driving.json").replace("\"vehicle_state\": {",
                "\"vehicle_state\": {\"sun_roof_percent_open\": 35,");
        TrackedVehicle car = polled(STREAMING, "Stream", json, new TrackedVehicle.Polling("streaming", null, null));
        var extras = new StreamExtras(398.5, -12.25, 3.91, 3.96, 1234.5, 0.0, 1.0, 7.2, 48.0, 10.5, 2.25);
        return new TrackedVehicle(car.summary(), car.snapshot(), car.lastDataAt(), car.polling(),
                new TrackedVehicle.Streaming(true, Instant.parse("2026-11-28T12:00:05Z"), extras, Map.of("BMS_a066_SW_Dcdc", true,
                        "VCFRONT_a180_lowVoltageBattery", false)));
    }

    private String page() throws Exception {
        String dataDir = Files.createTempDirectory("metrics-page").toString();
        Settings settings = SettingsReader.read(name -> Optional.ofNullable(Map.of(
                "TELEMETRY_MQTT_URL", "tcp://127.0.0.1:9",        // never reached: the page shows "not connected"
                "DATA_DIR", dataDir,
                "TESLA_DEMO", "true").get(name)));
        // the driving fixture's position is the owner's "office"
        Places places = PlacesFile.parse("{\"places\": [{\"name\": \"office\", \"latitude\": 48.1372, \"longitude\": 11.5761,"
                + " \"radius_m\": 100}, {\"name\": \"home\", \"latitude\": 48.2, \"longitude\": 11.6, \"radius_m\": 100}]}");
        ExporterConfig config = new ExporterConfig() {
            @Override
            public Settings settings() {
                return settings;
            }

            @Override
            public Places places() {
                return places;
            }
        };
        Object context = context(payara);
        MetricRegistry registry = registry(context, MetricRegistry.APPLICATION_SCOPE);

        // Payara's registry registers a car's gauge without a pass over its family (GaugeRegistration)
        assertThat(new GaugeRegistration(registry).direct()).as("Payara's register(Metadata, type, metric, tags)").isTrue();
        MetricsPublisher publisher = new MetricsPublisher();
        publisher.registry = registry;
        publisher.config = config;
        FleetApiBill bill = TestBills.bill(config, registry);
        publisher.accounts = TestAccounts.registry(config, bill, event -> { });
        FleetState fleet = TestFleets.fleet(event -> {
            if (event instanceof FleetEvent.VehicleChanged c) {
                publisher.onChanged(c);
            } else if (event instanceof FleetEvent.PollFailed f) {
                publisher.onFailed(f);
            }
        });
        publisher.fleet = fleet;
        publisher.cluster = org.teslaexporter.cluster.Cluster.ALONE;
        publisher.registerExporterGauges();
        subscriber = TestSubscribers.started(config, fleet, bill, registry);
        // what the journal held before this start: its counters begin there
        try (JournalStore store = JournalStore.open(settings.journal().jdbcUrl(), null, null)) {
            Instant day = Instant.parse("2026-11-27T07:00:00Z");
            store.save(List.of(
                    new Drive(DRIVING, day, day.plusSeconds(1800), "home", "office", null, null, null, null, 24.5, 80.0, 75.0,
                            400.0, 380.0, 3.675, 102.0, 49.0, null),
                    new Parked(DRIVING, day.plusSeconds(1800), day.plusSeconds(36000), "office", 75.0, 74.0),
                    new Charge(DRIVING, day.plusSeconds(50000), day.plusSeconds(60000), "home", ChargerKind.AC, 33.0, 11.0, 40.0,
                            90.0, 7.7, "EUR", null),
                    new Charge(CHARGING, day, day.plusSeconds(1500), "other", ChargerKind.SUPERCHARGER, 40.25, 170.0, 10.0,
                            60.0, 20.93, "EUR", null)));
        }
        JournalMetrics journalMetrics = new JournalMetrics();
        journalMetrics.registry = registry;
        journal = TestJournals.started(config, fleet, registry, event -> TestJournalMetrics.tell(journalMetrics, event));
        TestJournals.flush(journal);

        TestFleets.put(fleet, polled(DRIVING, "Blue Comet", Fixtures.own("vehicle_data.driving.json"),
                new TrackedVehicle.Polling("driving", null, null)));
        // held back by Tesla's rate limit (429 Retry-After) until 12:05
        TestFleets.put(fleet, polled(CHARGING, "Red \"Rocket\" \\ 2", Fixtures.own("vehicle_data.charging_odd.json"),
                new TrackedVehicle.Polling("charging", "rate_limited", Instant.parse("2026-11-28T12:05:00Z"))));
        TestFleets.put(fleet, streamed());
        publisher.onFailed(new FleetEvent.PollFailed(CHARGING, "Red \"Rocket\" \\ 2", "timeout"));
        bill.record(TestFleets.ACCOUNT, "", "vehicles", 200);
        bill.record(TestFleets.ACCOUNT, DRIVING, "vehicle_data", 200);
        bill.record(TestFleets.ACCOUNT, DRIVING, "vehicle_data", 408);
        bill.record(TestFleets.ACCOUNT, CHARGING, "wake_up", 200);
        bill.recordSignal(TestFleets.ACCOUNT, STREAMING);

        PayaraMetricsWriter writer = new PayaraMetricsWriter(payara, () -> { }, () -> Set.of(APP), n -> context, null);
        RenderedMetrics.Copy copy = writer.render(new MetricsQuery(MetricRegistry.APPLICATION_SCOPE, null), 1);
        assertThat(copy.status()).isEqualTo(200);
        return new String(copy.body(), StandardCharsets.UTF_8);
    }

    /** The one value that moves with the clock: the month's projection (the day of the month). */
    static String steady(String page) {
        return page.replaceAll("(?m)^(tesla_fleet_api_cost_projected_month_usd\\{[^}]*\\}) .*$", "$1 <day of the month>");
    }

    @Test
    void thePageIsTheGoldenOneAndPromtoolAcceptsIt() throws Exception {
        String page = page();
        String actual = steady(page);
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(GOLDEN, actual, StandardCharsets.UTF_8);
            System.err.println("NOTICE: golden file rewritten: " + GOLDEN);
        }
        assertThat(GOLDEN).as("golden file (create it with -Dgolden.update=true)").exists();
        assertThat(actual).as("the /metrics page vs " + GOLDEN + " (rewrite with -Dgolden.update=true after checking the diff)")
                .isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
        Promtool.checkMetrics(page);
    }

    @Test
    void everyFamilyTheExporterKnowsIsOnThePage() throws Exception {
        String page = page();
        assertThat(VehicleMetrics.FAMILIES).hasSizeGreaterThan(60);
        for (MetricFamily family : VehicleMetrics.FAMILIES) {
            assertThat(page).as(family.name()).contains("# HELP " + family.name() + " ", "# TYPE " + family.name() + " gauge");
        }
        assertThat(page).contains("tesla_vehicle_place{account=\"default\",mp_scope=\"application\",place=\"office\",vehicle_name=\"Blue Comet\"");
        // the account's own series, with the name the admin gave it; its share of the bill
        assertThat(page).contains("tesla_exporter_auth_ok{account=\"default\",account_name=\"Demo\",mp_scope=\"application\"} 1",
                "tesla_account_vehicles{account=\"default\",account_name=\"Demo\",mp_scope=\"application\"} 3",
                "tesla_fleet_api_account_cost_month_to_date_usd{account=\"default\",mp_scope=\"application\"} 0.024",
                "tesla_exporter_poll_errors_total{account=\"default\",error_type=\"network\",mp_scope=\"application\",vehicle_name=\"\",vin=\"\"} 0");
        assertThat(page).contains("# TYPE tesla_exporter_poll_errors_total counter", "# TYPE tesla_fleet_api_requests_total counter",
                "# TYPE tesla_fleet_api_billable_requests_total counter", "# TYPE tesla_fleet_telemetry_signals_total counter",
                "# TYPE tesla_telemetry_messages_total counter", "# TYPE tesla_telemetry_broker_connected gauge",
                "tesla_exporter_journal_ok{mp_scope=\"application\"} 1", "# TYPE tesla_exporter_journal_waiting_sessions gauge");
        // the journal's totals, restored from what it held (the supercharger is "dc")
        assertThat(page).contains("# TYPE tesla_drives_total counter",
                "tesla_drives_total{mp_scope=\"application\",vin=\"" + DRIVING + "\"} 1.0",
                "tesla_drive_distance_km_total{mp_scope=\"application\",vin=\"" + DRIVING + "\"} 24.5",
                "tesla_charge_cost_total{charger=\"ac\",currency=\"EUR\",mp_scope=\"application\",place=\"home\",vin=\""
                        + DRIVING + "\"} 7.7",
                "tesla_charges_total{charger=\"dc\",mp_scope=\"application\",place=\"other\",vin=\"" + CHARGING + "\"} 1.0",
                "tesla_last_drive_efficiency_wh_per_km{mp_scope=\"application\",vin=\"" + DRIVING + "\"} 150.0",
                "tesla_parked_battery_lost_percent_total{mp_scope=\"application\",vin=\"" + DRIVING + "\"} 1.0");
    }
}
