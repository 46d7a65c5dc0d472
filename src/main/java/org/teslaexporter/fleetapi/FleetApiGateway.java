package org.teslaexporter.fleetapi;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.teslaexporter.auth.AccessTokens;
import org.teslaexporter.config.ExporterConfig;
import org.teslaexporter.config.Settings;
import org.teslaexporter.vehicle.OnlineState;
import org.teslaexporter.vehicle.VehicleDataTranslator;
import org.teslaexporter.vehicle.VehicleSnapshot;
import org.teslaexporter.vehicle.VehicleSummary;

/**
 * The exporter's door to the Fleet API: adds the bearer token, refreshes and retries once after a
 * 401, turns transport failures and unreadable bodies into typed {@link FleetApiException}s, and
 * returns our own records via {@link VehicleDataTranslator}. Callers never see JSON.
 */
@ApplicationScoped
public class FleetApiGateway {

    /** Every section the exporter publishes; {@code location_data} is needed for position since firmware 2023.38. */
    public static final String ENDPOINTS =
            "charge_state;climate_state;closures_state;drive_state;location_data;gui_settings;vehicle_config;vehicle_state";

    @Inject
    ExporterConfig config;

    @Inject
    AccessTokens tokens;

    private final VehicleDataTranslator translator = new VehicleDataTranslator();
    private volatile FleetApiClient client;
    private volatile URI baseUri;

    @PostConstruct
    void init() {
        Settings settings = config.settings();
        baseUri = settings.apiBase();
        client = RestClients.build(FleetApiClient.class, baseUri, settings);
    }

    public URI baseUri() {
        return baseUri;
    }

    /** {@code GET /api/1/vehicles}: the account's vehicles; does not wake them. */
    public List<VehicleSummary> vehicles() {
        JsonObject answer = call(bearer -> client.vehicles(bearer));
        return translator.vehicles(answer)
                .orElseThrow(() -> new MalformedAnswerException("vehicle list without a 'response' array"));
    }

    /** {@code GET /api/1/vehicles/{vin}/vehicle_data} with every section the exporter publishes. Billed. */
    public VehicleSnapshot vehicleData(String vin) {
        JsonObject answer = call(bearer -> client.vehicleData(bearer, vin, ENDPOINTS));
        return translator.response(answer).map(translator::snapshot)
                .orElseThrow(() -> new MalformedAnswerException("vehicle_data without a 'response' object"));
    }

    /** {@code POST /api/1/vehicles/{vin}/wake_up}: asks the car to wake up; returns the state it reports at once. */
    public OnlineState wakeUp(String vin) {
        JsonObject answer = call(bearer -> client.wakeUp(bearer, vin));
        return translator.response(answer).flatMap(translator::summary).map(VehicleSummary::state)
                .orElse(OnlineState.UNKNOWN);
    }

    /** {@code GET /api/1/vehicles/{vin}}: one vehicle's current state; does not wake it. */
    public OnlineState state(String vin) {
        JsonObject answer = call(bearer -> client.vehicle(bearer, vin));
        return translator.response(answer).flatMap(translator::summary).map(VehicleSummary::state)
                .orElseThrow(() -> new MalformedAnswerException("vehicle without a 'response' object"));
    }

    private JsonObject call(Function<String, JsonObject> request) {
        String bearer = tokens.bearer().orElseThrow(() -> new NotLoggedInException(tokens.describe()));
        try {
            return send(request, bearer);
        } catch (AuthenticationFailedException refused) {
            Optional<String> renewed = tokens.refreshAfterRejection(bearer);
            if (renewed.isEmpty()) {
                throw refused;
            }
            return send(request, renewed.get());
        }
    }

    private static JsonObject send(Function<String, JsonObject> request, String bearer) {
        try {
            JsonObject answer = request.apply(bearer);
            if (answer == null) {
                throw new MalformedAnswerException("empty answer");
            }
            return answer;
        } catch (FleetApiException typed) {
            throw typed;
        } catch (JsonException | ClassCastException | IllegalStateException unreadable) {
            throw new MalformedAnswerException("answer is not JSON: " + unreadable.getClass().getSimpleName());
        } catch (ProcessingException failed) {
            throw translate(failed);
        } catch (WebApplicationException unexpected) {
            int status = unexpected.getResponse() == null ? 0 : unexpected.getResponse().getStatus();
            throw new FleetApiException(status, "unexpected answer " + status);
        }
    }

    /** Jersey wraps both "no connection" and "body not parseable" in ProcessingException; tell them apart. */
    private static FleetApiException translate(ProcessingException failed) {
        for (Throwable t = failed; t != null; t = t.getCause()) {
            if (t instanceof FleetApiException typed) {
                return typed;
            }
            if (t instanceof JsonException || t instanceof ClassCastException) {
                return new MalformedAnswerException("answer is not JSON: " + t.getClass().getSimpleName());
            }
        }
        Throwable root = failed;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return new FleetApiUnreachableException("Fleet API not reachable: " + root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : " " + root.getMessage()), failed);
    }
}
