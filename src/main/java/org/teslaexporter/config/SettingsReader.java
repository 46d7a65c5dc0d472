package org.teslaexporter.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.regex.Pattern;
import org.teslaexporter.http.HttpLimits;
import org.teslaexporter.storage.OwnerOnly;
import org.teslaexporter.vehicle.Vin;

/**
 * Reads and checks every setting from a lookup (MicroProfile Config in the server, a map in tests).
 * All problems are collected, so one start-up names every wrong variable at once. Names and defaults
 * are those of the earlier Python exporter; new settings are marked "new" in README.
 */
public final class SettingsReader {

    public static final String DEFAULT_API_BASE = "https://fleet-api.prd.na.vn.cloud.tesla.com";
    public static final String DEFAULT_AUTH_BASE = "https://auth.tesla.com";
    public static final String DEFAULT_TOKEN_BASE = "https://fleet-auth.prd.vn.cloud.tesla.com";
    public static final String DEFAULT_SCOPES = "openid offline_access vehicle_device_data vehicle_location";
    /** Demo cars live minutes, not hours: unless set, the demo polls faster so a newcomer sees changes. */
    static final int DEMO_POLL_SECONDS = 10;
    static final int DEMO_SLEEP_POLL_SECONDS = 20;
    /** Defaults of the sleep-aware policy, chosen with the benchmark (docs/polling-and-bill.md). */
    static final int DRIVING_SECONDS = 150;
    static final int CHARGING_SECONDS = 600;

    private final Function<String, Optional<String>> lookup;
    private final List<String> problems = new ArrayList<>();

    private SettingsReader(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    /** @throws InvalidSettingsException naming every variable with a bad value */
    public static Settings read(Function<String, Optional<String>> lookup) {
        return new SettingsReader(lookup).read();
    }

    private Settings read() {
        boolean demo = bool("TESLA_DEMO", false);
        // EXPORTER_PORT is judged by the launch script alone: Payara must have it before anything of ours runs
        // (docker/run-exporter.sh refuses a wrong one with exit 78, naming it). Here it is only read.
        int port = value("EXPORTER_PORT").filter(v -> v.matches("[0-9]{1,5}")).map(Integer::parseInt).orElse(9090);
        URI apiBase = url("TESLA_API_BASE", DEFAULT_API_BASE);
        Path tokenFile = path("TOKEN_FILE_PATH", "/data/tokens/token.json");
        if (demo) {
            apiBase = URI.create("http://127.0.0.1:" + port + "/demo");
        }
        Path dataDir = dataDir(tokenFile, demo);
        JournalSettings journal = journal(dataDir);
        Settings settings = new Settings(
                LoginSettings.builder()
                        .clientId(value("TESLA_CLIENT_ID").orElse(null))
                        .clientSecret(new Secret(value("TESLA_CLIENT_SECRET").orElse(null)))
                        .redirectUri(url("TESLA_REDIRECT_URI", "https://localhost/callback"))
                        .authBase(url("TESLA_AUTH_BASE", DEFAULT_AUTH_BASE))
                        .tokenBase(url("TESLA_TOKEN_BASE", DEFAULT_TOKEN_BASE))
                        .scopes(value("TESLA_SCOPES").orElse(DEFAULT_SCOPES))
                        .timeout(seconds("LOGIN_TIMEOUT_SECONDS", 600))
                        .build(),
                new FleetSettings(apiBase, vins(),
                        optionalInteger("TESLA_VEHICLE_INDEX", 0, 999, "a position in the vehicle list, 0 for the first"),
                        bool("WAKE_ON_POLL", false)),
                PollIntervals.builder()
                        .parked(seconds("POLL_INTERVAL_SECONDS", demo ? DEMO_POLL_SECONDS : 300))
                        .sleep(seconds("SLEEP_POLL_INTERVAL_SECONDS", demo ? DEMO_SLEEP_POLL_SECONDS : 660))
                        .driving(seconds("DRIVING_POLL_INTERVAL_SECONDS", demo ? 5 : DRIVING_SECONDS))
                        .charging(seconds("CHARGING_POLL_INTERVAL_SECONDS", demo ? 10 : CHARGING_SECONDS))
                        .suspendAfterIdle(seconds("SUSPEND_AFTER_IDLE_SECONDS", demo ? 30 : 900))
                        .suspendMax(seconds("SUSPEND_MAX_SECONDS", demo ? 60 : 1260))
                        .stateCheck(seconds("STATE_CHECK_INTERVAL_SECONDS", demo ? 5 : 60))
                        .backoffMax(seconds("BACKOFF_MAX_SECONDS", 1800))
                        .wakeTimeout(seconds("WAKE_TIMEOUT_SECONDS", 60))
                        .build(),
                new Prices(decimal("PRICE_DATA_USD", 0.002), decimal("PRICE_WAKE_USD", 0.02),
                        decimal("PRICE_SIGNAL_USD", Prices.SIGNAL_2025),
                        decimal("MONTHLY_BUDGET_USD", 10.0), accountBudgets()),
                HttpLimits.builder()
                        .connect(seconds("HTTP_CONNECT_TIMEOUT_SECONDS", 10))
                        .read(seconds("HTTP_READ_TIMEOUT_SECONDS", 30))
                        .total(seconds("HTTP_TOTAL_TIMEOUT_SECONDS", 45))
                        .build(),
                ServerSettings.builder()
                        .port(port)
                        .logLevel(logLevel())
                        .demo(demo)
                        .adminPassword(adminPassword())
                        .metricsLocation(bool("METRICS_LOCATION", true))
                        .trustedProxies(trustedProxies())
                        .build(),
                FileSettings.builder()
                        .tokenFile(tokenFile)
                        .dataDir(dataDir)
                        .placesFile(value("PLACES_FILE").isPresent() ? path("PLACES_FILE", "/data/places.json") : null)
                        .build(),
                telemetry(),
                journal,
                cluster(journal));
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
        return settings;
    }

    /**
     * The journal's database: PostgreSQL at {@code JOURNAL_JDBC_URL}, or the H2 file {@code journal} in the
     * data directory, with a 2 MiB page cache (H2's default is 16 MiB; the journal is a few rows a day).
     */
    private JournalSettings journal(Path dataDir) {
        Optional<String> url = value("JOURNAL_JDBC_URL");
        boolean secretInside = url.isPresent() && url.get().toLowerCase(java.util.Locale.ROOT).contains("password");
        if (secretInside) {
            // never echoed: it may hold the password
            problems.add("JOURNAL_JDBC_URL holds a password: put it in JOURNAL_DB_PASSWORD (it is never logged or shown)");
        } else if (url.isPresent() && !url.get().matches("jdbc:postgresql://[^\\s]+")) {
            problem("JOURNAL_JDBC_URL", url.get(), "a PostgreSQL JDBC URL, e.g. jdbc:postgresql://postgres:5432/tesla"
                    + " (unset: an H2 file in the data directory)");
        }
        String jdbc = url.filter(u -> !secretInside && u.matches("jdbc:postgresql://[^\\s]+"))
                .orElse("jdbc:h2:" + dataDir.resolve("journal") + ";DB_CLOSE_ON_EXIT=FALSE;DB_CLOSE_DELAY=-1;WRITE_DELAY=0;CACHE_SIZE=2048");
        return new JournalSettings(jdbc, value("JOURNAL_DB_USER").orElse(""), new Secret(value("JOURNAL_DB_PASSWORD").orElse(null)));
    }

    /**
     * The cluster, as {@code docker/run-exporter.sh} already judged it for Payara (the shape of each value);
     * here what only the application knows: a cluster shares one journal, so it must be PostgreSQL.
     */
    private ClusterSettings cluster(JournalSettings journal) {
        List<String> members = value("CLUSTER_MEMBERS").map(v -> Arrays.stream(v.split(",")).map(String::strip)
                .filter(m -> !m.isEmpty()).distinct().toList()).orElse(List.of());
        String kubernetes = value("CLUSTER_KUBERNETES_SERVICE").orElse(null);
        if (members.isEmpty() && kubernetes == null) {
            return ClusterSettings.ALONE;
        }
        int size = kubernetes != null ? integer("CLUSTER_SIZE", 3, 2, 99, "how many exporters the cluster has, e.g. 3")
                : members.size();
        Secret secret = new Secret(value("CLUSTER_SECRET").orElse(null));
        if (!secret.isSet() || secret.reveal().length() < MIN_CLUSTER_SECRET) {
            problems.add("CLUSTER_SECRET is missing or shorter than " + MIN_CLUSTER_SECRET + " characters: every member"
                    + " of a cluster needs the same secret (e.g. openssl rand -hex 32)");
        }
        if (journal.embedded()) {
            problems.add("A cluster keeps one journal of drives and charges for all its members: set JOURNAL_JDBC_URL"
                    + " to the shared PostgreSQL (docs/cluster.md); the H2 file of one member cannot be shared");
        }
        return new ClusterSettings(members, kubernetes, size, secret);
    }

    /** Shortest accepted {@code CLUSTER_SECRET} (the launch script holds the same limit). */
    static final int MIN_CLUSTER_SECRET = 16;

    /** Shortest accepted {@code ADMIN_PASSWORD}: the set-up page can reach the login, so it must not be guessable. */
    static final int MIN_ADMIN_PASSWORD = 12;

    private Secret adminPassword() {
        Optional<String> v = value("ADMIN_PASSWORD");
        if (v.isPresent() && v.get().length() < MIN_ADMIN_PASSWORD) {
            // the value itself is never quoted back
            problems.add("ADMIN_PASSWORD is too short (" + v.get().length() + " characters): expected at least "
                    + MIN_ADMIN_PASSWORD + " characters, e.g. four random words; or leave it unset to use a generated set-up token");
            return new Secret(null);
        }
        return new Secret(v.orElse(null));
    }

    /**
     * Addresses of reverse proxies whose {@code X-Forwarded-For}/{@code X-Forwarded-Proto} are
     * believed ({@code TRUSTED_PROXIES}); nobody else's.
     */
    private List<String> trustedProxies() {
        Optional<String> v = value("TRUSTED_PROXIES");
        if (v.isEmpty()) {
            return List.of();
        }
        List<String> proxies = Arrays.stream(v.get().split("[,;\\s]+")).filter(p -> !p.isEmpty()).distinct().toList();
        for (String proxy : proxies) {
            if (!proxy.matches("[0-9.]{7,15}|[0-9A-Fa-f:]{2,39}")) {
                problem("TRUSTED_PROXIES", v.get(), "IP addresses of your reverse proxies separated by commas, e.g. 172.20.0.5");
                return List.of();
            }
        }
        return proxies;
    }

    private TelemetrySettings telemetry() {
        TelemetrySettings off = TelemetrySettings.OFF;
        URI mqtt = null;
        Optional<String> url = value("TELEMETRY_MQTT_URL");
        if (url.isPresent()) {
            URI u = null;
            try {
                u = new URI(url.get());
            } catch (URISyntaxException malformed) {
                // reported below
            }
            if (u != null && u.getRawUserInfo() != null) {
                // said without the URL: it holds a password
                problems.add("TELEMETRY_MQTT_URL holds a user name or password (user:password@): the MQTT client does not"
                        + " use them there; set TELEMETRY_MQTT_USERNAME and TELEMETRY_MQTT_PASSWORD instead and give the URL as"
                        + " tcp://host:port or ssl://host:port");
            } else if (u != null && ("tcp".equalsIgnoreCase(u.getScheme()) || "ssl".equalsIgnoreCase(u.getScheme()))
                    && u.getHost() != null && u.getPort() > 0 && (u.getPath() == null || u.getPath().isEmpty())
                    && u.getQuery() == null && u.getFragment() == null) {
                // tcp or TLS: every byte from the broker passes a size guard (telemetry/BoundedMqttSocketFactory)
                mqtt = u;
            } else {
                problem("TELEMETRY_MQTT_URL", url.get(), "the MQTT broker as tcp://host:port or ssl://host:port, e.g."
                        + " tcp://mosquitto:1883 (run the broker beside the exporter; empty = streaming off)");
            }
        }
        String base = value("TELEMETRY_MQTT_TOPIC_BASE").orElse(off.topicBase());
        if (!base.matches("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*")) {
            problem("TELEMETRY_MQTT_TOPIC_BASE", base, "the fleet-telemetry dispatcher's topic_base without wildcards, e.g. telemetry");
            base = off.topicBase();
        }
        int reconcile = integer("TELEMETRY_RECONCILE_SECONDS", (int) off.reconcile().toSeconds(), 0, 31 * 24 * 3600,
                "a whole number of seconds, 0 = never, e.g. 21600");
        String hostname = value("TELEMETRY_HOSTNAME").orElse(null);
        if (hostname != null && !hostname.matches("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+")) {
            problem("TELEMETRY_HOSTNAME", hostname, "the public host name of your fleet-telemetry server, e.g. telemetry.example.com");
            hostname = null;
        }
        Path ca = value("TELEMETRY_CA_FILE").isPresent() ? path("TELEMETRY_CA_FILE", "/data/telemetry-ca.pem") : null;
        if (hostname != null && ca == null) {
            problems.add("TELEMETRY_CA_FILE is missing: with TELEMETRY_HOSTNAME set, name the PEM file of the certificate chain"
                    + " of your fleet-telemetry server (the cars check the server with it), e.g. /data/telemetry-ca.pem");
        }
        return TelemetrySettings.builder()
                .mqttUrl(mqtt)
                .topicBase(base)
                .username(value("TELEMETRY_MQTT_USERNAME").orElse(null))
                .password(new Secret(value("TELEMETRY_MQTT_PASSWORD").orElse(null)))
                .reconcile(Duration.ofSeconds(reconcile))
                .staleAfter(seconds("TELEMETRY_STALE_SECONDS", (int) off.staleAfter().toSeconds()))
                .hostname(hostname)
                .port(integer("TELEMETRY_PORT", off.port(), 1, 65535, "the TCP port of your fleet-telemetry server, e.g. 443"))
                .caFile(ca)
                .build();
    }

    private Optional<String> value(String name) {
        return lookup.apply(name).map(String::strip).filter(v -> !v.isEmpty());
    }

    private void problem(String name, String value, String expected) {
        problems.add(name + "='" + printable(value) + "' is not valid: expected " + expected);
    }

    private boolean bool(String name, boolean fallback) {
        Optional<String> v = value(name);
        if (v.isEmpty()) {
            return fallback;
        }
        switch (v.get().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on":
                return true;
            case "false", "0", "no", "off":
                return false;
            default:
                problem(name, v.get(), "true or false");
                return fallback;
        }
    }

    private int integer(String name, int fallback, int min, int max, String expected) {
        Integer i = optionalInteger(name, min, max, expected);
        return i == null ? fallback : i;
    }

    private Integer optionalInteger(String name, int min, int max, String expected) {
        Optional<String> v = value(name);
        if (v.isEmpty()) {
            return null;
        }
        try {
            int i = Integer.parseInt(v.get());
            if (i >= min && i <= max) {
                return i;
            }
        } catch (NumberFormatException notAnInteger) {
            // reported below
        }
        problem(name, v.get(), expected);
        return null;
    }

    private Duration seconds(String name, int fallback) {
        return Duration.ofSeconds(integer(name, fallback, 1, 31 * 24 * 3600,
                "a whole number of seconds, at least 1, e.g. " + fallback));
    }

    private double decimal(String name, double fallback) {
        Optional<String> v = value(name);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v.get());
            if (Double.isFinite(d) && d >= 0) {
                return d;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        problem(name, v.get(), "an amount in USD, 0 or more, e.g. " + fallback);
        return fallback;
    }

    /** Longest accepted account id (a Tesla user id is a UUID). */
    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** {@code ACCOUNT_BUDGETS}: {@code id=usd} pairs separated by commas, e.g. {@code default=5,3f2c…=2.5}. */
    private Map<String, Double> accountBudgets() {
        Optional<String> v = value("ACCOUNT_BUDGETS");
        if (v.isEmpty()) {
            return Map.of();
        }
        Map<String, Double> budgets = new java.util.LinkedHashMap<>();
        for (String pair : v.get().split(",")) {
            String[] kv = pair.strip().split("=", 2);
            Double usd = null;
            if (kv.length == 2 && ACCOUNT_ID.matcher(kv[0].strip()).matches()) {
                try {
                    double d = Double.parseDouble(kv[1].strip());
                    usd = Double.isFinite(d) && d >= 0 ? d : null;
                } catch (NumberFormatException notANumber) {
                    // reported below
                }
            }
            if (usd == null) {
                problem("ACCOUNT_BUDGETS", v.get(), "account=USD pairs separated by commas, e.g. default=5,family=2.5"
                        + " (the ids are on the set-up page)");
                return Map.of();
            }
            budgets.put(kv[0].strip(), usd);
        }
        return budgets;
    }

    private URI url(String name, String fallback) {
        String v = value(name).orElse(fallback);
        try {
            URI uri = new URI(v);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null
                    && uri.getQuery() == null && uri.getFragment() == null) {
                return v.endsWith("/") && name.endsWith("_BASE") ? URI.create(v.substring(0, v.length() - 1)) : uri;
            }
        } catch (URISyntaxException malformed) {
            // reported below
        }
        problem(name, v, "an absolute http(s) URL without query, e.g. " + fallback);
        return URI.create(fallback);
    }

    private Path path(String name, String fallback) {
        String v = value(name).orElse(fallback);
        try {
            return Path.of(v).toAbsolutePath();
        } catch (InvalidPathException bad) {
            problem(name, v, "a file path, e.g. " + fallback);
            return Path.of(fallback);
        }
    }

    /** Keys, the set-up token and the usage file live here; by default beside the token file. */
    private Path dataDir(Path tokenFile, boolean demo) {
        Optional<String> v = value("DATA_DIR");
        if (v.isEmpty() && value("TOKEN_FILE_PATH").isEmpty() && demo) {
            // A demo needs no login: its keys and set-up token go to a fresh folder of this run, owner-only,
            // never to /data and never to a fixed name in /tmp that another user could have made first.
            try {
                return demoDir();
            } catch (IOException e) {
                problem("DATA_DIR", "", "a writable folder for the demo's files (" + e.getMessage() + ")");
                return tokenFile.getParent();
            }
        }
        if (v.isEmpty()) {
            return tokenFile.getParent();
        }
        return path("DATA_DIR", tokenFile.getParent().toString());
    }

    /**
     * The demo's folder: inside the launch script's private folder of this run ({@code EXPORTER_RUN_DIR},
     * removed when the exporter ends, even after a kill -9); without the script, a fresh temporary folder
     * removed at a normal exit.
     */
    private Path demoDir() throws IOException {
        // not a setting of the user's: the launch script's own hand-over (so not in docs/configuration.md)
        Optional<String> run = lookup.apply("EXPORTER_RUN_DIR").map(String::strip).filter(v -> !v.isEmpty());
        if (run.isPresent() && Files.isDirectory(Path.of(run.get()), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Path dir = Path.of(run.get(), "demo").toAbsolutePath();
            if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(dir, OwnerOnly.directoryAttributes());
            }
            return dir;
        }
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "tesla-exporter-demo-", OwnerOnly.directoryAttributes())
                .toAbsolutePath();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> removeQuietly(dir), "tesla-demo-cleanup"));
        return dir;
    }

    private static void removeQuietly(Path dir) {
        try (var all = Files.walk(dir)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // a leftover temporary folder of a demo: nothing secret beyond the demo itself
        }
    }

    private List<String> vins() {
        Optional<String> v = value("TESLA_VINS");
        if (v.isEmpty()) {
            return List.of();
        }
        List<String> vins = Arrays.stream(v.get().split("[,;\\s]+"))
                .filter(s -> !s.isEmpty()).map(s -> s.toUpperCase(Locale.ROOT)).distinct().toList();
        for (String vin : vins) {
            if (!Vin.valid(vin)) {
                problem("TESLA_VINS", v.get(), "VINs (17 letters and digits) separated by commas, e.g. 5YJ3E1EA7KF000001,LRWYGCEK2MC000002");
                return List.of();
            }
        }
        return vins;
    }

    private Level logLevel() {
        Optional<String> v = value("LOG_LEVEL");
        if (v.isEmpty()) {
            return Level.INFO;
        }
        return switch (v.get().toUpperCase(Locale.ROOT)) {
            case "TRACE", "FINEST" -> Level.FINEST;
            case "DEBUG", "FINE" -> Level.FINE;
            case "INFO" -> Level.INFO;
            case "WARNING", "WARN" -> Level.WARNING;
            case "ERROR", "CRITICAL", "SEVERE" -> Level.SEVERE;
            default -> {
                problem("LOG_LEVEL", v.get(), "one of DEBUG, INFO, WARNING, ERROR");
                yield Level.INFO;
            }
        };
    }

    /** Quotes a bad value back without letting it forge log lines. */
    private static String printable(String value) {
        String cleaned = value.replaceAll("\\p{Cntrl}", "?");
        return cleaned.length() > 200 ? cleaned.substring(0, 200) + "…" : cleaned;
    }
}
