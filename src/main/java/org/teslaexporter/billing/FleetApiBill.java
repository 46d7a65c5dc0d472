package org.teslaexporter.billing;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;
import org.teslaexporter.cluster.Cluster;
import org.teslaexporter.cluster.SharedMap;
import org.teslaexporter.config.ExporterConfig;
import org.teslaexporter.config.Settings;
import org.teslaexporter.storage.OwnerOnly;

/**
 * Counts every Fleet API request and keeps the month's bill: {@code tesla_fleet_api_requests_total},
 * {@code tesla_fleet_api_billable_requests_total}, the month-to-date and projected cost, the budget
 * and the stretch factor it imposes. The bill is the app's: Tesla sends it to the app's owner for
 * every account together, so {@code MONTHLY_BUDGET_USD} holds for all accounts at once; each account's
 * share is kept too ({@code tesla_fleet_api_account_cost_month_to_date_usd{account}}), and
 * {@code ACCOUNT_BUDGETS} may cap single accounts. The month's counts are saved in
 * {@code fleet-api-usage.json} in the data folder, so a restart does not forget what was spent.
 */
@ApplicationScoped
public class FleetApiBill {

    static final String REQUESTS = "tesla_fleet_api_requests_total";
    static final String BILLABLE = "tesla_fleet_api_billable_requests_total";
    private static final Logger LOG = Logger.getLogger(FleetApiBill.class.getName());

    @Inject
    ExporterConfig config;

    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry registry;

    /** In a cluster, the budget is the cluster's: each member's counts are shared, and the stretch follows their sum. */
    @Inject
    Cluster cluster;

    /** How often a cluster member shares its counts and adds up the others'. */
    static final java.time.Duration SHARE_EVERY = java.time.Duration.ofSeconds(15);
    /** The cluster's month (every member's counts added up), or null alone; replaced whole under this monitor. */
    private UsageLedger clusterLedger;
    private Map<String, UsageLedger> clusterShares = Map.of();
    private java.util.concurrent.ScheduledExecutorService sharing;

    static final String ACCOUNT_COST = "tesla_fleet_api_account_cost_month_to_date_usd";
    static final String ACCOUNT_STRETCH = "tesla_exporter_account_budget_stretch_factor";

    private final Clock clock = Clock.systemUTC();
    private UsageLedger ledger;
    /** Each account's share of the month, guarded by this bill's monitor. */
    private final Map<String, UsageLedger> accounts = new java.util.HashMap<>();
    private Path usageFile;
    /** The usage file holds a month and a few counts per account: anything far larger is not one. */
    static final int MAX_USAGE_BYTES = 512 * 1024;
    private boolean overBudget;
    private final java.util.Set<String> overAccountBudget = new java.util.HashSet<>();

    @PostConstruct
    void init() {
        Settings s = config.settings();
        ledger = new UsageLedger(s.prices(), YearMonth.now(clock.withZone(ZoneOffset.UTC)));
        usageFile = s.files().dataDir().resolve("fleet-api-usage.json");
        if (!s.server().demo()) {
            restore();
        }
        for (BillingCategory c : BillingCategory.values()) {
            registry.gauge(metadata("tesla_fleet_api_price_usd", "Configured price of one billable request, USD"),
                    () -> c.price(s.prices()), new Tag("category", c.label()));
        }
        registry.gauge(metadata("tesla_fleet_api_cost_month_to_date_usd",
                "Estimated Fleet API cost of this calendar month (UTC) so far, USD, before Tesla's monthly credit"),
                () -> withLedger(l -> l.monthToDateUsd(clock.instant())));
        registry.gauge(metadata("tesla_fleet_api_cost_projected_month_usd",
                "Month-to-date cost extrapolated to the end of the month, USD"),
                () -> withLedger(l -> l.projectedMonthUsd(clock.instant())));
        registry.gauge(metadata("tesla_fleet_api_budget_usd", "Monthly budget (MONTHLY_BUDGET_USD); 0 = no limit"),
                () -> s.prices().monthlyBudget());
        registry.gauge(metadata("tesla_exporter_budget_stretch_factor",
                "How much the data intervals are stretched to keep the projected spend within the budget (1 = not)"),
                this::stretch);
        if (cluster != null && cluster.clustered() && !s.server().demo()) {
            Path idFile = s.files().dataDir().resolve("cluster-member-id");
            String member = memberId(idFile);
            sharing = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                    org.teslaexporter.threads.DaemonThreads.named("tesla-bill-sharing"));
            sharing.scheduleWithFixedDelay(() -> shareWithCluster(member), 1, SHARE_EVERY.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        if (sharing != null) {
            sharing.shutdownNow();
        }
    }

    /** This member's lasting name among the bills (made once in its data folder: the address may change). */
    private static String memberId(Path file) {
        try {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                String id = OwnerOnly.read(file, 100).strip();
                if (id.matches("[0-9a-f-]{36}")) {
                    return id;
                }
            }
            String id = java.util.UUID.randomUUID().toString();
            OwnerOnly.replace(file, (id + "\n").getBytes(StandardCharsets.UTF_8));
            return id;
        } catch (IOException | RuntimeException e) {
            LOG.warning("Cannot keep this member's name for the cluster's bill in " + file + " (" + e.getClass().getSimpleName()
                    + "): after a restart its calls of this month count again under a new name.");
            return java.util.UUID.randomUUID().toString();
        }
    }

    /**
     * Gives the cluster this member's counts of the month and adds up every member's (a dead member's stay:
     * Tesla bills them), for the budget and the stretch. In its own thread; a failure keeps the last sum.
     */
    private void shareWithCluster(String member) {
        try {
            String mine;
            YearMonth month;
            synchronized (this) {
                ledger.monthToDateUsd(clock.instant());     // rolls over into a new month
                mine = usage().toString();
                month = ledger.month();
            }
            SharedMap bills = cluster.map("bills");
            bills.put(member, mine);
            Map<String, String> all = new java.util.HashMap<>(bills.all());
            all.put(member, mine);
            Map<BillingCategory, Long> total = new EnumMap<>(BillingCategory.class);
            Map<String, Map<BillingCategory, Long>> shares = new java.util.HashMap<>();
            for (String text : all.values()) {
                try {
                    Usage usage = Usage.parse(text);
                    if (usage.month().equals(month)) {
                        usage.total().forEach((c, n) -> total.merge(c, n, Long::sum));
                        usage.accounts().forEach((account, counts) -> counts.forEach((c, n) ->
                                shares.computeIfAbsent(account, a -> new EnumMap<>(BillingCategory.class)).merge(c, n, Long::sum)));
                    }
                } catch (RuntimeException unreadable) {
                    LOG.fine("A member's bill could not be read: " + unreadable);
                }
            }
            Settings s = config.settings();
            UsageLedger sum = new UsageLedger(s.prices(), month);
            sum.restore(month, total);
            Map<String, UsageLedger> sums = new java.util.HashMap<>();
            shares.forEach((account, counts) -> {
                UsageLedger l = new UsageLedger(s.prices(), month);
                l.restore(month, counts);
                sums.put(account, l);
            });
            synchronized (this) {
                clusterLedger = sum;
                clusterShares = sums;
            }
        } catch (RuntimeException e) {
            LOG.fine("Sharing the bill with the cluster failed; the last sum stays: " + e);
        }
    }

    /** Unit NONE, so the name comes out exactly as written. */
    private static Metadata metadata(String name, String help) {
        return Metadata.builder().withName(name).withDescription(help).withUnit(MetricUnits.NONE).build();
    }

    /**
     * Counts one request.
     *
     * @param account  the account whose token made it
     * @param vin      the vehicle, or "" for account-level requests
     * @param endpoint {@code vehicles}, {@code vehicle}, {@code vehicle_data}, {@code wake_up}
     * @param status   HTTP status, or 0 when no answer came
     */
    public void record(String account, String vin, String endpoint, int status) {
        registry.counter(metadata(REQUESTS, "Fleet API requests made, by account, endpoint and HTTP status (0 = no answer)"),
                new Tag("account", account), new Tag("endpoint", endpoint), new Tag("status", Integer.toString(status)),
                new Tag("vin", vin)).inc();
        BillingCategory category = switch (endpoint) {
            case "vehicle_data" -> BillingCategory.DATA;
            case "wake_up" -> BillingCategory.WAKE;
            default -> null;   // list and state reads: billing not confirmed by Tesla, not priced here
        };
        if (category == null) {
            return;
        }
        boolean billed;
        synchronized (this) {
            Instant now = clock.instant();
            billed = ledger.record(category, status, now);
            if (billed) {
                share(account).record(category, status, now);
                if (!config.settings().server().demo()) {
                    save();
                }
            }
        }
        if (billed) {
            registry.counter(metadata(BILLABLE, "Billable Fleet API requests (status below 500) by account and price category"),
                    new Tag("account", account), new Tag("category", category.label()), new Tag("vin", vin)).inc();
        }
    }

    /** The account's share of the month, made (with its series) when first needed; call with this monitor held. */
    private UsageLedger share(String account) {
        UsageLedger share = accounts.get(account);
        if (share == null) {
            share = new UsageLedger(config.settings().prices(), ledger.month());
            accounts.put(account, share);
            UsageLedger of = share;
            registry.gauge(metadata(ACCOUNT_COST, "This account's share of the month's estimated Fleet API cost so far, USD"),
                    () -> withLedger(l -> of.monthToDateUsd(clock.instant())), new Tag("account", account));
            registry.gauge(metadata(ACCOUNT_STRETCH, "How much this account's data intervals are stretched to keep"
                    + " its own projected spend within its cap in ACCOUNT_BUDGETS (1 = not)"),
                    () -> stretch(account), new Tag("account", account));
        }
        return share;
    }

    /** This month's cost of one account so far, USD (0 if it made no billed call). */
    public synchronized double monthToDateUsd(String account) {
        UsageLedger share = accounts.get(account);
        return share == null ? 0 : share.monthToDateUsd(clock.instant());
    }

    /** This month's billed calls of one account so far (data requests and wake-ups). */
    public synchronized long billedCalls(String account) {
        UsageLedger share = accounts.get(account);
        if (share == null) {
            return 0;
        }
        share.monthToDateUsd(clock.instant());     // rolls over into a new month
        return share.count(BillingCategory.DATA) + share.count(BillingCategory.WAKE);
    }

    /**
     * A removed account: its series leave /metrics. What it spent stays in the app's month (Tesla bills
     * it), and in the usage file until the month ends.
     */
    public void forget(String account) {
        registry.remove(new org.eclipse.microprofile.metrics.MetricID(ACCOUNT_COST, new Tag("account", account)));
        registry.remove(new org.eclipse.microprofile.metrics.MetricID(ACCOUNT_STRETCH, new Tag("account", account)));
        registry.removeMatching((id, metric) -> (id.getName().equals(REQUESTS) || id.getName().equals(BILLABLE)
                || id.getName().equals(SIGNALS)) && account.equals(id.getTags().get("account")));
    }

    static final String SIGNALS = "tesla_fleet_telemetry_signals_total";
    /** The usage file is written at most this often for signals alone (a streaming car sends many a minute). */
    static final java.time.Duration SIGNAL_SAVE_EVERY = java.time.Duration.ofMinutes(1);
    private Instant signalsSavedAt = Instant.EPOCH;

    /**
     * Counts one streamed signal of a vehicle: {@code tesla_fleet_telemetry_signals_total{vin}} and
     * the month's bill (150,000 signals per $1). The usage file is saved at most once a minute for them.
     */
    public void recordSignal(String account, String vin) {
        registry.counter(metadata(SIGNALS, "Fleet Telemetry signals streamed by the vehicle (billed, 150,000 per $1)"),
                new Tag("account", account), new Tag("vin", vin)).inc();
        synchronized (this) {
            Instant now = clock.instant();
            ledger.recordSignals(1, now);
            share(account).recordSignals(1, now);
            if (!config.settings().server().demo() && now.isAfter(signalsSavedAt.plus(SIGNAL_SAVE_EVERY))) {
                signalsSavedAt = now;
                save();
            }
        }
    }

    /**
     * The factor (≥ 1) by which one account's data intervals are stretched now: the app's, or more when
     * the account's own projected spend exceeds its cap in {@code ACCOUNT_BUDGETS}.
     */
    public synchronized double stretch(String account) {
        double app = stretch();
        double cap = ledger.prices().accountBudget(account);
        UsageLedger share = clusterShares.getOrDefault(account, accounts.get(account));
        if (cap <= 0 || share == null) {
            return app;
        }
        Instant now = clock.instant();
        double own = Math.max(1, Math.min(UsageLedger.MAX_STRETCH, share.projectedMonthUsd(now) / cap));
        boolean over = own > 1;
        if (over != overAccountBudget.contains(account)) {
            if (over) {
                overAccountBudget.add(account);
                LOG.warning(String.format("Projected Fleet API spend of the account %s this month $%.2f exceeds its cap"
                        + " $%.2f (ACCOUNT_BUDGETS): its polling intervals are stretched %.1f×.", account,
                        share.projectedMonthUsd(now), cap, own));
            } else {
                overAccountBudget.remove(account);
                LOG.info("Projected Fleet API spend of the account " + account + " is within its cap again.");
            }
        }
        return Math.max(app, own);
    }

    /** The factor (≥ 1) by which data intervals are stretched now; logs when the budget state changes. */
    public synchronized double stretch() {
        Instant now = clock.instant();
        UsageLedger month = clusterLedger != null && clusterLedger.month().equals(ledger.month()) ? clusterLedger : ledger;
        double stretch = month.stretch(now);
        boolean over = stretch > 1;
        if (over != overBudget) {
            overBudget = over;
            if (over) {
                LOG.warning(String.format("Projected Fleet API spend this month $%.2f exceeds the budget $%.2f"
                        + " (MONTHLY_BUDGET_USD): polling intervals are stretched %.1f×.",
                        month.projectedMonthUsd(now), ledger.prices().monthlyBudget(), stretch));
            } else {
                LOG.info("Projected Fleet API spend is within the monthly budget again: normal intervals.");
            }
        }
        return stretch;
    }

    private synchronized double withLedger(java.util.function.ToDoubleFunction<UsageLedger> read) {
        return read.applyAsDouble(ledger);
    }

    private void restore() {
        if (!Files.exists(usageFile, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Usage saved = Usage.parse(OwnerOnly.read(usageFile, MAX_USAGE_BYTES));
            ledger.restore(saved.month(), saved.total());
            synchronized (this) {
                saved.accounts().forEach((account, counts) -> share(account).restore(saved.month(), counts));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warning("Ignoring unreadable " + usageFile + " (" + e.getClass().getSimpleName()
                    + "): this month's cost estimate starts from zero.");
        }
    }

    /**
     * A month's counts as the usage file keeps them (and each cluster member shares them): the whole, and each
     * account's share (an account name longer than 200 characters is no account of ours).
     *
     * @throws RuntimeException if {@code text} is not such a file
     */
    private record Usage(YearMonth month, Map<BillingCategory, Long> total, Map<String, Map<BillingCategory, Long>> accounts) {
        static Usage parse(String text) {
            try (var reader = Json.createReader(new StringReader(text))) {
                JsonObject json = reader.readObject();
                Map<String, Map<BillingCategory, Long>> accounts = new java.util.LinkedHashMap<>();
                if (json.get("accounts") instanceof JsonObject shares) {
                    shares.forEach((account, counts) -> {
                        if (counts instanceof JsonObject c && account.length() <= 200) {
                            accounts.put(account, counts(c));
                        }
                    });
                }
                return new Usage(YearMonth.parse(json.getString("month")), counts(json), accounts);
            }
        }
    }

    private static Map<BillingCategory, Long> counts(JsonObject json) {
        Map<BillingCategory, Long> saved = new EnumMap<>(BillingCategory.class);
        for (BillingCategory c : BillingCategory.values()) {
            if (json.get(c.label()) instanceof JsonNumber n) {
                saved.put(c, Math.max(0, n.longValue()));
            }
        }
        return saved;
    }

    private static jakarta.json.JsonObjectBuilder counts(UsageLedger l) {
        var json = Json.createObjectBuilder();
        for (BillingCategory c : BillingCategory.values()) {
            json.add(c.label(), l.count(c));
        }
        return json;
    }

    /** Call with this monitor held. */
    private void save() {
        try {
            OwnerOnly.replace(usageFile, (usage().toString() + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            LOG.fine(() -> "Cannot save " + usageFile + ": " + e);
        }
    }

    /** The month's counts, of the whole and of each account, as the usage file keeps them. Call with this monitor held. */
    private JsonObject usage() {
        var json = counts(ledger).add("month", ledger.month().toString());
        var shares = Json.createObjectBuilder();
        accounts.forEach((account, share) -> {
            if (share.month().equals(ledger.month())) {
                shares.add(account, counts(share));
            }
        });
        json.add("accounts", shares);
        return json.build();
    }
}
