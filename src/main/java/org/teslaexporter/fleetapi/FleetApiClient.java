package org.teslaexporter.fleetapi;

import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;

/**
 * The Fleet API endpoints the exporter reads, as a MicroProfile REST Client. Answers are kept as
 * JSON-P objects: field types change between firmware versions ({@code true} vs {@code 3},
 * {@code "bad value"} where a number belongs), so a strict binding would lose a whole answer to one
 * odd field. {@link org.teslaexporter.vehicle.VehicleDataTranslator} reads them leniently.
 * Error statuses arrive as {@link FleetApiException} subclasses via {@link FleetApiErrorMapper}.
 */
@Path("/api/1")
@Produces(MediaType.APPLICATION_JSON)
@RegisterProvider(FleetApiErrorMapper.class)
public interface FleetApiClient {

    /** Lists the account's vehicles with their {@code state}, a page at a time; does not wake a car or keep it awake. */
    @GET
    @Path("/vehicles")
    JsonObject vehicles(@HeaderParam("Authorization") String authorization, @QueryParam("page") int page,
            @QueryParam("per_page") int perPage);

    /** One vehicle's summary (same fields as a list entry); does not wake the car. */
    @GET
    @Path("/vehicles/{vin}")
    JsonObject vehicle(@HeaderParam("Authorization") String authorization, @PathParam("vin") String vin);

    /** Live data; {@code endpoints} is a {@code ;}-separated list. Billed; 408 when asleep or offline. */
    @GET
    @Path("/vehicles/{vin}/vehicle_data")
    JsonObject vehicleData(@HeaderParam("Authorization") String authorization, @PathParam("vin") String vin,
            @QueryParam("endpoints") String endpoints);

    /** Asks an asleep car to wake up (billed as a wake); answers at once, the car takes seconds to come online. */
    @POST
    @Path("/vehicles/{vin}/wake_up")
    JsonObject wakeUp(@HeaderParam("Authorization") String authorization, @PathParam("vin") String vin);

    /** The Fleet Telemetry config Tesla holds for a car, with whether it is synced and the key paired. */
    @GET
    @Path("/vehicles/{vin}/fleet_telemetry_config")
    JsonObject telemetryConfig(@HeaderParam("Authorization") String authorization, @PathParam("vin") String vin);

    /** Sends a signed Fleet Telemetry config ({@code {"vins": [...], "token": "<JWT>"}}) to the cars. */
    @POST
    @Path("/vehicles/fleet_telemetry_config_jws")
    @Consumes(MediaType.APPLICATION_JSON)
    JsonObject sendTelemetryConfig(@HeaderParam("Authorization") String authorization, JsonObject body);

    /** Removes this app's Fleet Telemetry config from a car. */
    @DELETE
    @Path("/vehicles/{vin}/fleet_telemetry_config")
    JsonObject removeTelemetryConfig(@HeaderParam("Authorization") String authorization, @PathParam("vin") String vin);
}
