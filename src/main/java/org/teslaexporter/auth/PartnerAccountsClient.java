package org.teslaexporter.auth;

import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /api/1/partner_accounts} on the Fleet API: registers the app's domain in the current
 * region (once per region), with a partner token from the {@code client_credentials} grant. Returns
 * the raw response: the set-up page shows Tesla's answer, whatever it is.
 */
@Path("/api/1/partner_accounts")
public interface PartnerAccountsClient {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Response register(@HeaderParam("Authorization") String partnerBearer, JsonObject body);
}
