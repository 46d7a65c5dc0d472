package org.teslaexporter.fleetapi;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import java.util.logging.Logger;
import org.teslaexporter.auth.AccessTokens;
import org.teslaexporter.billing.FleetApiBill;
import org.teslaexporter.config.Settings;
import org.teslaexporter.http.AnswerTooLargeException;
import org.teslaexporter.http.DeadlineExceededException;
import org.teslaexporter.http.NotJsonException;
import org.teslaexporter.http.OneLine;
import org.teslaexporter.http.RestClients;
import org.teslaexporter.storage.OwnerOnly;
import org.teslaexporter.vehicle.OnlineState;
import org.teslaexporter.vehicle.VehicleDataTranslator;
import org.teslaexporter.vehicle.VehicleSnapshot;
import org.teslaexporter.vehicle.VehicleSummary;

/**
 * The exporter's door to the Fleet API: adds the bearer token, refreshes and retries once after a
 * 401, turns transport failures and unreadable bodies into typed {@link FleetApiException}s, and
 * returns our own records via {@link VehicleDataTranslator}. Callers never see JSON.
 * <p>
 * One per Tesla account: its own tokens, its own region (a 421 for one account moves only that
 * account, remembered in the account's own {@code fleet-api-base-url}) and its own lines on the bill.
 */
public class FleetApiGateway implements FleetApi {

    /** Every section the exporter publishes; {@code location_data} is needed for position since firmware 2023.38. */
    public static final String ENDPOINTS =
            "charge_state;climate_state;closures_state;drive_state;location_data;gui_settings;vehicle_config;vehicle_state";
    /** With {@code METRICS_LOCATION=false} the position is not even asked for (and the car shows no sharing icon). */
    public static final String ENDPOINTS_WITHOUT_LOCATION = ENDPOINTS.replace("location_data;", "");

    private static final Logger LOG = Logger.getLogger(FleetApiGateway.class.getName());
    private final VehicleDataTranslator translator = new VehicleDataTranslator();
    private final Settings settings;
    private final AccessTokens tokens;
    private final FleetApiBill bill;
    private final String account;
    private final Path regionFile;
    private final Function<URI, FleetApiClient> clients;
    private volatile URI baseUri;

    /**
     * @param account    the account's id, on its lines of the bill
     * @param regionFile where the region Tesla named in a 421 is remembered for this account
     * @param clients    the REST client of a region, shared by every account there (the bearer token is
     *                   a parameter of each call; a client per account would cost megabytes each)
     */
    public FleetApiGateway(Settings settings, AccessTokens tokens, FleetApiBill bill, String account, Path regionFile,
            Function<URI, FleetApiClient> clients) {
        this.clients = clients;
        this.settings = settings;
        this.tokens = tokens;
        this.bill = bill;
        this.account = account;
        this.regionFile = regionFile;
        URI base = settings.fleet().apiBase();
        if (!settings.server().demo()) {
            URI learned = readLearnedRegion();
            if (learned != null && !learned.equals(base)) {
                LOG.info("Using Fleet API base URL " + learned + ", learned from Tesla's 421 answer (in " + regionFile
                        + "; delete that file to use TESLA_API_BASE=" + base + " again).");
                base = learned;
            }
        }
        use(base);
    }

    /** The account's id. */
    public String account() {
        return account;
    }

    /** The account's tokens. */
    public AccessTokens tokens() {
        return tokens;
    }

    public URI baseUri() {
        return baseUri;
    }

    /** Cars asked for per page of the vehicle list. */
    static final int PAGE_SIZE = 100;
    /** Pages read at most for one listing (10,000 cars at full pages): a list that never ends is a broken answer. */
    static final int MAX_PAGES = 100;

    /** {@code GET /api/1/vehicles}, every page: the account's vehicles; does not wake them. */
    public List<VehicleSummary> vehicles() {
        return allPages(page -> call("", "vehicles", bearer -> client().vehicles(bearer, page, PAGE_SIZE)), translator);
    }

    /**
     * The vehicle list read page after page while the answer says more follow (Tesla may serve fewer
     * cars a page than asked for), each VIN once. It stops at a page that adds no new car (a server
     * that ignores {@code page}) and after {@link #MAX_PAGES}; a broken page fails the whole listing,
     * so the roster keeps what it knew.
     */
    static List<VehicleSummary> allPages(IntFunction<JsonObject> page, VehicleDataTranslator translator) {
        Map<String, VehicleSummary> cars = new LinkedHashMap<>();
        for (int n = 1; n <= MAX_PAGES; n++) {
            JsonObject answer = page.apply(n);
            int before = cars.size();
            translator.vehicles(answer)
                    .orElseThrow(() -> new MalformedAnswerException("vehicle list without a 'response' array"))
                    .forEach(v -> cars.putIfAbsent(v.vin(), v));
            if (!translator.morePages(answer, cars.size()) || cars.size() == before) {
                return List.copyOf(cars.values());
            }
        }
        LOG.warning("The vehicle list goes on past " + MAX_PAGES + " pages; the first " + cars.size() + " cars are monitored.");
        return List.copyOf(cars.values());
    }

    /** {@code GET /api/1/vehicles/{vin}/vehicle_data} with every section the exporter publishes. Billed. */
    public VehicleSnapshot vehicleData(String vin) {
        JsonObject answer = call(vin, "vehicle_data", bearer -> client().vehicleData(bearer, vin,
                settings.server().metricsLocation() ? ENDPOINTS : ENDPOINTS_WITHOUT_LOCATION));
        return translator.response(answer).map(translator::snapshot)
                .orElseThrow(() -> new MalformedAnswerException("vehicle_data without a 'response' object"));
    }

    /** {@code POST /api/1/vehicles/{vin}/wake_up}: asks the car to wake up; returns the state it reports at once. */
    public OnlineState wakeUp(String vin) {
        JsonObject answer = call(vin, "wake_up", bearer -> client().wakeUp(bearer, vin));
        return translator.response(answer).flatMap(translator::summary).map(VehicleSummary::state)
                .orElse(OnlineState.UNKNOWN);
    }

    /** {@code GET /api/1/vehicles/{vin}}: one vehicle's current state; does not wake it. */
    public OnlineState state(String vin) {
        JsonObject answer = call(vin, "vehicle", bearer -> client().vehicle(bearer, vin));
        return translator.response(answer).flatMap(translator::summary).map(VehicleSummary::state)
                .orElseThrow(() -> new MalformedAnswerException("vehicle without a 'response' object"));
    }

    /** {@code GET /api/1/vehicles/{vin}/fleet_telemetry_config}. */
    public TelemetryConfigState telemetryConfig(String vin) {
        JsonObject answer = call(vin, "fleet_telemetry_config", bearer -> client().telemetryConfig(bearer, vin));
        return translator.response(answer).map(TelemetryConfigAnswers::state)
                .orElseThrow(() -> new MalformedAnswerException("fleet_telemetry_config without a 'response' object"));
    }

    /** {@code POST /api/1/vehicles/fleet_telemetry_config_jws} with a config signed by the app's key. */
    public TelemetryConfigState.Update sendTelemetryConfig(List<String> vins, String jwt) {
        JsonObject body = Json.createObjectBuilder().add("vins", Json.createArrayBuilder(vins)).add("token", jwt).build();
        JsonObject answer = call("", "fleet_telemetry_config_jws", bearer -> client().sendTelemetryConfig(bearer, body));
        return translator.response(answer).map(TelemetryConfigAnswers::update)
                .orElseThrow(() -> new MalformedAnswerException("fleet_telemetry_config_jws without a 'response' object"));
    }

    /** {@code DELETE /api/1/vehicles/{vin}/fleet_telemetry_config}. */
    public void removeTelemetryConfig(String vin) {
        call(vin, "fleet_telemetry_config_delete", bearer -> client().removeTelemetryConfig(bearer, vin));
    }

    private JsonObject call(String vin, String endpoint, Function<String, JsonObject> request) {
        String bearer = tokens.bearer().orElseThrow(this::noToken);
        try {
            return sendFollowingRegion(vin, endpoint, request, bearer);
        } catch (AuthenticationFailedException refused) {
            Optional<String> renewed = tokens.refreshAfterRejection(bearer);
            if (renewed.isEmpty()) {
                throw refused;
            }
            return sendFollowingRegion(vin, endpoint, request, renewed.get());
        }
    }

    private FleetApiException noToken() {
        return tokens.refreshing() || tokens.status() == AccessTokens.Status.REFRESH_FAILED
                ? new TokenUnavailableException(tokens.describe())
                : new NotLoggedInException(tokens.describe());
    }

    /** A 421 names the account's region: switch to it, remember it, and ask again once. */
    private JsonObject sendFollowingRegion(String vin, String endpoint, Function<String, JsonObject> request, String bearer) {
        try {
            return send(vin, endpoint, request, bearer);
        } catch (WrongRegionException wrongRegion) {
            URI right = wrongRegion.correctBaseUrl().orElse(null);
            if (right == null || right.equals(baseUri) || !trustworthy(right)) {
                throw wrongRegion;
            }
            LOG.warning("Tesla says the account " + account + " lives in another region: switching the Fleet API base URL from "
                    + baseUri + " to " + right + " (remembered in " + regionFile + "; set TESLA_API_BASE=" + right
                    + " to make it explicit).");
            use(right);
            saveLearnedRegion(right);
            return send(vin, endpoint, request, bearer);
        }
    }

    private JsonObject send(String vin, String endpoint, Function<String, JsonObject> request, String bearer) {
        try {
            JsonObject answer = request.apply(bearer);
            bill.record(account, vin, endpoint, 200);
            if (answer == null) {
                throw new MalformedAnswerException("empty answer");
            }
            return answer;
        } catch (MalformedAnswerException malformed) {
            throw malformed;
        } catch (FleetApiException typed) {
            bill.record(account, vin, endpoint, typed.status());
            throw typed;
        } catch (JsonException | ClassCastException | IllegalStateException unreadable) {
            bill.record(account, vin, endpoint, 200);
            throw new MalformedAnswerException("answer is not JSON: " + unreadable.getClass().getSimpleName());
        } catch (ProcessingException failed) {
            FleetApiException translated = translate(failed);
            bill.record(account, vin, endpoint, answered(translated) ? 200 : translated.status());
            throw translated;
        } catch (WebApplicationException unexpected) {
            int status = unexpected.getResponse() == null ? 0 : unexpected.getResponse().getStatus();
            bill.record(account, vin, endpoint, status);
            throw new FleetApiException(status, "unexpected answer " + status);
        }
    }

    private void use(URI base) {
        baseUri = base;
    }

    /** The REST client of the current region. */
    private FleetApiClient client() {
        return clients.apply(baseUri);
    }

    /** REST clients by region, made at their first use, for every account's gateway. */
    public static Function<URI, FleetApiClient> sharedClients(Settings settings) {
        Map<URI, FleetApiClient> byRegion = new java.util.concurrent.ConcurrentHashMap<>();
        return base -> byRegion.computeIfAbsent(base, b -> RestClients.withDeadline(FleetApiClient.class, b, settings.http()));
    }

    /**
     * Tesla's published Fleet API hosts: {@code fleet-api.prd.{na,eu,cn}.vn.cloud.tesla.{com,cn}}.
     * A 421 body or a remembered region may send our bearer token only there.
     */
    private static final Pattern FLEET_API_HOST = Pattern.compile("fleet-api\\.prd\\.(na|eu|cn)\\.vn\\.cloud\\.tesla\\.(com|cn)");

    /**
     * A 421 body must not be able to send our bearer token anywhere: only Tesla's published Fleet
     * API hosts over https (no user info, no odd port), or the host the user configured in
     * {@code TESLA_API_BASE} (a test server or proxy), are followed.
     */
    static boolean trustworthy(URI candidate, URI configured) {
        if (candidate == null || candidate.getHost() == null || candidate.getUserInfo() != null) {
            return false;
        }
        String host = candidate.getHost().toLowerCase(Locale.ROOT);
        boolean tesla = "https".equals(candidate.getScheme()) && (candidate.getPort() == -1 || candidate.getPort() == 443)
                && FLEET_API_HOST.matcher(host).matches()
                && (candidate.getRawPath() == null || candidate.getRawPath().isEmpty() || candidate.getRawPath().equals("/"));
        boolean configuredHost = host.equalsIgnoreCase(configured.getHost()) && candidate.getScheme() != null
                && candidate.getScheme().equalsIgnoreCase(configured.getScheme());
        return tesla || configuredHost;
    }

    private boolean trustworthy(URI candidate) {
        return trustworthy(candidate, settings.fleet().apiBase());
    }

    /** The region remembered after a 421, checked again: a file edited by someone else cannot redirect our token. */
    private URI readLearnedRegion() {
        try {
            if (Files.exists(regionFile, LinkOption.NOFOLLOW_LINKS)) {
                URI learned = URI.create(OwnerOnly.read(regionFile, 1024).strip());
                if (trustworthy(learned)) {
                    return learned;
                }
                LOG.warning("Ignoring " + regionFile + ": it names " + OneLine.of(learned.toString(), 100)
                        + ", which is not one of Tesla's Fleet API hosts.");
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.warning("Ignoring unreadable " + regionFile + ": " + e.getClass().getSimpleName());
        }
        return null;
    }

    private void saveLearnedRegion(URI right) {
        try {
            Files.createDirectories(regionFile.getParent());
            OwnerOnly.write(regionFile, (right + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.warning("Cannot remember the region in " + regionFile + " (" + OneLine.of(e.getMessage(), 200)
                    + "): set TESLA_API_BASE=" + right + " so the next start uses it.");
        }
    }

    /**
     * Jersey wraps "no connection", "too slow", "too large" and "body not parseable" alike in a
     * ProcessingException; tell them apart by cause. An answer that arrived but cannot be read
     * (not JSON, wrong content type, over the size cap) is a malformed answer — and billed.
     */
    static FleetApiException translate(ProcessingException failed) {
        for (Throwable t = failed; t != null; t = t.getCause()) {
            if (t instanceof FleetApiException typed) {
                return typed;
            }
            if (t instanceof DeadlineExceededException late) {
                return new DeadlineExceededAnswerException("Fleet API: " + late.getMessage(), failed);
            }
            if (t instanceof AnswerTooLargeException || t instanceof NotJsonException || t instanceof JsonException
                    || t instanceof ClassCastException || t instanceof NotSupportedException
                    || t.getClass().getSimpleName().equals("MessageBodyProviderNotFoundException")) {
                return new MalformedAnswerException("unreadable answer: " + t.getClass().getSimpleName()
                        + (t.getMessage() == null ? "" : " " + OneLine.of(t.getMessage(), 200)));
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return new FleetApiUnreachableException("Fleet API not reachable: " + OneLine.rootCause(failed), failed);
    }

    /** Billed: an answer came (Tesla bills every answer below 500), though we could not use it. */
    private static boolean answered(FleetApiException e) {
        return e instanceof MalformedAnswerException;
    }
}
