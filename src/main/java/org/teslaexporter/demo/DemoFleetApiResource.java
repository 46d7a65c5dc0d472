package org.teslaexporter.demo;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import org.teslaexporter.config.ExporterConfig;

/**
 * The simulated Fleet API endpoints the exporter reads, answering like Tesla does: list and single
 * vehicle with their state, {@code vehicle_data} (408 while asleep), {@code wake_up}, 401 without
 * the demo bearer token.
 */
@Path("/api/1/vehicles")
@Produces(MediaType.APPLICATION_JSON)
public class DemoFleetApiResource {

    private static final String DEMO_BEARER = "Bearer demo-access-token";

    @Inject
    ExporterConfig config;

    @Inject
    DemoFleet fleet;

    @GET
    public Response vehicles(@HeaderParam("Authorization") String auth) {
        guard(auth);
        Instant now = Instant.now();
        JsonArrayBuilder list = Json.createArrayBuilder();
        fleet.cars().forEach(c -> list.add(c.summary(now)));
        return ok(Json.createObjectBuilder().add("response", list).add("count", fleet.cars().size()).build());
    }

    @GET
    @Path("/{vin}")
    public Response vehicle(@HeaderParam("Authorization") String auth, @PathParam("vin") String vin) {
        guard(auth);
        return ok(envelope(car(vin).summary(Instant.now())));
    }

    @GET
    @Path("/{vin}/vehicle_data")
    public Response vehicleData(@HeaderParam("Authorization") String auth, @PathParam("vin") String vin) {
        guard(auth);
        SimulatedCar car = car(vin);
        Instant now = Instant.now();
        if (car.asleep(now)) {
            return Response.status(408).type(MediaType.APPLICATION_JSON).entity(Json.createObjectBuilder()
                    .addNull("response").add("error", "vehicle unavailable: vehicle is offline or asleep")
                    .add("error_description", "").build()).build();
        }
        return ok(envelope(car.vehicleData(now)));
    }

    @POST
    @Path("/{vin}/wake_up")
    public Response wakeUp(@HeaderParam("Authorization") String auth, @PathParam("vin") String vin) {
        guard(auth);
        SimulatedCar car = car(vin);
        Instant now = Instant.now();
        JsonObject before = car.summary(now);
        car.wake(now);
        return ok(envelope(before));
    }

    private void guard(String auth) {
        if (!config.settings().server().demo()) {
            throw new NotFoundException();
        }
        if (!DEMO_BEARER.equals(auth)) {
            throw new jakarta.ws.rs.NotAuthorizedException(Response.status(401).type(MediaType.APPLICATION_JSON)
                    .entity("{\"error\":\"invalid bearer token\"}").build());
        }
    }

    private SimulatedCar car(String vin) {
        return fleet.car(vin).orElseThrow(() -> new NotFoundException(Response.status(404)
                .type(MediaType.APPLICATION_JSON).entity("{\"response\":null,\"error\":\"not_found\"}").build()));
    }

    private static JsonObject envelope(JsonObject response) {
        return Json.createObjectBuilder().add("response", response).build();
    }

    private static Response ok(JsonObject body) {
        return Response.ok(body, MediaType.APPLICATION_JSON).build();
    }
}
