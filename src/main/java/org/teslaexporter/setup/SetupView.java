package org.teslaexporter.setup;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import org.teslaexporter.accounts.Account;
import org.teslaexporter.accounts.AccountRegistry;
import org.teslaexporter.accounts.Invitations;
import org.teslaexporter.auth.AppKeys;
import org.teslaexporter.auth.OAuthLogin;
import org.teslaexporter.cluster.Cluster;
import org.teslaexporter.config.Settings;
import org.teslaexporter.places.ChargerKind;
import org.teslaexporter.places.Places;
import org.teslaexporter.places.TimeOfUse;
import org.teslaexporter.telemetry.TelemetryConfigurator;
import org.teslaexporter.vehicle.TrackedVehicle;

/**
 * The set-up page ({@code setup.jte}): what is configured and what to do next, section by section.
 * Each section is built by its own plain function from what the exporter knows; {@link SetupServlet}
 * only gathers the inputs. Every value is text — a car's name, Tesla's error text, a setting — and
 * the template escapes it. {@code onlyAccount}: the name of the account whose cars alone are listed, or null.
 */
public record SetupView(boolean demo, String csrf, Config config, Keys keys, Registration registration, Login login,
        Accounts accounts, String onlyAccount, List<Vehicle> vehicles, PlaceList places, Streaming streaming) implements PageView {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    @Override
    public String template() {
        return "setup";
    }

    /** One setting: {@code value} null means missing, and {@code todo} says what to do. */
    public record Setting(String what, String value, String todo) {
    }

    /**
     * @param notPublicHost the redirect URI's host when Tesla cannot take it as a partner domain
     *                      (localhost, an IP address), else null
     */
    public record Config(List<Setting> settings, String redirectUri, String origin, String notPublicHost) {
    }

    /** @param found "generated now" or "found" when {@code ready}; {@code publicKeyPem} may be null. */
    public record Keys(boolean ready, String found, String dataDir, String problem, String host, String publicKeyPem) {
    }

    /** @param last the outcome of the last registration since start, or null */
    public record Registration(String host, String region, Outcome last) {
    }

    /** What an action said: ok or not, and the words. */
    public record Outcome(boolean ok, String text) {
    }

    /** @param ok whether every account has a usable login; {@code status} says which do not */
    public record Login(boolean ok, String status, String blocker, int maxPasted) {
    }

    /**
     * The Tesla accounts: one row each, and why token files dropped into {@code accounts/} were not taken up.
     *
     * @param folder where a token file may be dropped
     */
    public record Accounts(List<AccountRow> rows, List<String> dropProblems, String folder, int maxName, List<InviteRow> invitations) {
    }

    /** @param state "open", "used: &lt;account&gt;" or "expired" */
    public record InviteRow(String name, String created, String expires, String state) {
    }

    /**
     * @param ok          a usable login
     * @param status      the login in a sentence, with what to do
     * @param lastRefresh when the tokens in use were issued
     * @param cost        this month's cost so far, "$0.42"
     */
    public record AccountRow(String id, String name, boolean ok, String status, int cars, String region, String lastRefresh,
            long calls, String cost) {
    }

    /** @param place the owner's place the car is at, {@code other}, or "?" when its position is unknown */
    public record Vehicle(String vin, String name, String account, String state, String polling, String lastData, String place) {
    }

    /**
     * The owner's places ({@code PLACES_FILE}); {@code configured} false without a file.
     *
     * @param prices the prices elsewhere, by kind of charger ("supercharger 0.52 EUR/kWh, …"), or null
     */
    public record PlaceList(boolean configured, List<PlaceRow> rows, String prices) {
    }

    /** @param price "0.32 EUR/kWh, 23:00-06:00 0.19", or "no price" */
    public record PlaceRow(String name, String position, String radius, String price) {
    }

    /**
     * Fleet Telemetry: off, or the broker and the cars. {@code configuring}: the exporter sends the
     * cars their config (TELEMETRY_HOSTNAME set).
     */
    public record Streaming(boolean on, boolean connected, String broker, String brokerProblem, boolean configuring,
            String configProblem, String domain, List<StreamingCar> cars) {
    }

    /** @param keyPaired "yes", "no" or "?" (not known yet) */
    public record StreamingCar(String vin, String config, String keyPaired, String limitReached, String lastSignal) {
    }

    static Config config(Settings s, URI region) {
        return config(s, region, Cluster.ALONE, 0);
    }

    /** @param cars how many cars this member reads (in a cluster, its share) */
    static Config config(Settings s, URI region, Cluster cluster, int cars) {
        // the demo's cars are simulated: it needs no app at developer.tesla.com, so nothing is "missing"
        String notNeeded = s.server().demo() ? "not needed for the demo" : null;
        var login = s.login();
        List<Setting> settings = new java.util.ArrayList<>(List.of(
                new Setting("Client id (TESLA_CLIENT_ID)", login.clientId() == null ? notNeeded : login.clientId(),
                        "Create an app at developer.tesla.com and set TESLA_CLIENT_ID."),
                new Setting("Client secret (TESLA_CLIENT_SECRET)", login.clientSecret().isSet() ? "set" : notNeeded,
                        "Set TESLA_CLIENT_SECRET to your app's client secret."),
                new Setting("Redirect URI (TESLA_REDIRECT_URI)", login.redirectUri().toString(), null),
                new Setting("Fleet API (region)", region.toString(), null),
                new Setting("Login / token endpoints", login.authBase() + " / " + login.tokenBase(), null),
                new Setting("Scopes", login.scopes(), null)));
        if (cluster.clustered()) {
            List<String> members = cluster.members();
            settings.add(new Setting("Cluster (CLUSTER_MEMBERS)", members.size() + (members.size() == 1 ? " member: " : " members: ")
                    + members.get(0) + " (this one)" + (members.size() == 1 ? "" : ", " + String.join(", ", members.subList(1, members.size())))
                    + "; this member reads " + cars + (cars == 1 ? " car" : " cars") + ", the others' cars are on their pages",
                    cluster.quorate() ? null : "This member sees fewer than a majority of the cluster and reads no car until it"
                            + " sees the others again: check the network between the members (docs/cluster.md)."));
        }
        URI r = login.redirectUri();
        String origin = r.getScheme() + "://" + r.getHost() + (r.getPort() < 0 ? "" : ":" + r.getPort());
        return new Config(settings, r.toString(), origin, s.server().demo() ? null : notPublic(r.getHost()));
    }

    static Keys keys(Settings s, AppKeys.Status keys) {
        return new Keys(keys.ready(), keys.generated() ? "generated now" : "found", s.files().dataDir().toString(),
                keys.problem(), s.login().redirectUri().getHost(), keys.publicKeyPem());
    }

    static Registration registration(Settings s, URI region, OAuthLogin.Outcome last) {
        return new Registration(s.login().redirectUri().getHost(), region.toString(),
                last == null ? null : new Outcome(last.ok(), last.title() + ": " + last.detail()));
    }

    static Login login(List<AccountRow> accounts, String blocker) {
        List<AccountRow> out = accounts.stream().filter(a -> !a.ok()).toList();
        String status = accounts.isEmpty() ? "No Tesla account yet: log in with Tesla to add one."
                : out.isEmpty() ? (accounts.size() == 1 ? "Logged in." : "All " + accounts.size() + " accounts are logged in.")
                : out.size() == 1 && accounts.size() == 1 ? out.get(0).status()
                : out.size() + " of " + accounts.size() + " accounts need a login: "
                        + String.join(", ", out.stream().map(AccountRow::name).toList()) + " (see below).";
        return new Login(!accounts.isEmpty() && out.isEmpty(), status, blocker, SetupServlet.MAX_PASTED);
    }

    /** One row per account, from what the account, the fleet and the bill know. */
    static List<AccountRow> accountRows(Collection<Account> accounts, ToIntFunction<String> cars, ToLongFunction<String> calls,
            ToDoubleFunction<String> cost) {
        return accounts.stream().map(a -> new AccountRow(a.id(), a.name(), a.tokens().status().loggedIn(),
                a.tokens().describe(), cars.applyAsInt(a.id()), a.api().baseUri().toString(),
                time(a.tokens().issuedAt().orElse(null)), calls.applyAsLong(a.id()),
                String.format(Locale.ROOT, "$%.2f", cost.applyAsDouble(a.id())))).toList();
    }

    /** @param folder where token files may be dropped */
    static Accounts accounts(List<AccountRow> rows, List<String> dropProblems, Path folder, List<Invitations.Invitation> invitations,
            Instant now) {
        List<InviteRow> invites = invitations.stream().map(i -> new InviteRow(i.name().isEmpty() ? "(no name)" : i.name(),
                time(i.createdAt()), time(i.expiresAt()), i.usedAt() != null ? "used: " + i.account()
                        : now.isBefore(i.expiresAt()) ? "open" : "expired")).toList();
        return new Accounts(rows, dropProblems, folder.toString(), AccountRegistry.MAX_NAME, invites);
    }

    /** The cars, by VIN, and where each is. */
    static List<Vehicle> vehicles(Collection<TrackedVehicle> cars, Function<String, Optional<String>> account, Places places) {
        return sorted(cars).stream().map(v -> {
            var d = v.snapshot() == null ? null : v.snapshot().drive();
            String place = d == null || d.latitude() == null || d.longitude() == null ? "?" : places.nameAt(d.latitude(), d.longitude());
            return new Vehicle(v.vin(), v.name(), account.apply(v.vin()).orElse("?"), v.summary().state().label(),
                    v.polling().mode(), time(v.lastDataAt()), place);
        }).toList();
    }

    static PlaceList places(Places places) {
        List<PlaceRow> rows = places.places().stream().map(p -> {
            String price = p.pricePerKwh() == null ? "no price" : amount(p.pricePerKwh(), places.currency());
            for (TimeOfUse t : p.timeOfUse()) {
                price += ", " + t.from() + "-" + t.to() + " " + amount(t.pricePerKwh(), places.currency());
            }
            return new PlaceRow(p.name(), String.format(Locale.ROOT, "%.5f, %.5f", p.latitude(), p.longitude()),
                    String.format(Locale.ROOT, "%.0f m", p.radiusM()), price);
        }).toList();
        String prices = places.chargerPrices().isEmpty() ? null : java.util.Arrays.stream(ChargerKind.values())
                .filter(places.chargerPrices()::containsKey)
                .map(k -> k.key() + " " + amount(places.chargerPrices().get(k), places.currency()))
                .collect(java.util.stream.Collectors.joining(", "));
        return new PlaceList(places != Places.NONE, rows, prices);
    }

    private static String amount(double perKwh, String currency) {
        return String.format(Locale.ROOT, "%.4f", perKwh).replaceAll("0{1,2}$", "") + " " + currency + "/kWh";
    }

    /** What the streaming section needs to know of the broker and of the cars' configs. */
    public record StreamFacts(boolean connected, String brokerProblem, boolean configuring, String configProblem,
            Function<String, Optional<TelemetryConfigurator.CarStatus>> carStatus) {
    }

    static Streaming streaming(Settings s, StreamFacts facts, Collection<TrackedVehicle> cars) {
        var t = s.telemetry();
        if (!t.streaming()) {
            return new Streaming(false, false, null, null, false, null, null, List.of());
        }
        List<StreamingCar> rows = sorted(cars).stream().map(v -> {
            var c = facts.carStatus().apply(v.vin()).orElse(null);
            String config = c == null ? "not checked yet" : c.problem() != null ? c.problem()
                    : c.skipped() != null ? "skipped by Tesla: " + c.skipped()
                    : (c.held() ? "sent" : "differs") + (Boolean.TRUE.equals(c.synced()) ? ", synced" : ", not synced yet");
            return new StreamingCar(v.vin(), config, c == null ? "?" : yesNo(c.keyPaired()),
                    c == null ? "?" : yesNo(c.limitReached()), time(v.streaming().lastSignalAt()));
        }).toList();
        return new Streaming(true, facts.connected(), t.mqttUrl().toString(), facts.connected() ? null : facts.brokerProblem(),
                facts.configuring(), facts.configProblem(), s.login().redirectUri().getHost(), rows);
    }

    /** The host when it cannot be a partner domain (localhost, an IP address, no dot), else null. */
    static String notPublic(String host) {
        if (host == null) {
            return "(no host)";
        }
        String h = host.toLowerCase(Locale.ROOT);
        boolean ip = h.matches("[0-9.]+") || h.startsWith("[") || h.contains(":");
        return ip || h.equals("localhost") || h.endsWith(".localhost") || h.endsWith(".local") || !h.contains(".") ? host : null;
    }

    private static List<TrackedVehicle> sorted(Collection<TrackedVehicle> cars) {
        return cars.stream().sorted(Comparator.comparing(TrackedVehicle::vin)).toList();
    }

    private static String yesNo(Boolean b) {
        return b == null ? "?" : b ? "yes" : "no";
    }

    private static String time(Instant at) {
        return at == null ? "never" : TIME.format(at);
    }
}
