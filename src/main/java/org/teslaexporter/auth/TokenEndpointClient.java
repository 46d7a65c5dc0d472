package org.teslaexporter.auth;

import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;

/** Tesla's OAuth token endpoint ({@code TESLA_TOKEN_BASE}/oauth2/v3/token) as a MicroProfile REST Client. */
@Path("/oauth2/v3/token")
@RegisterProvider(TokenEndpointErrorMapper.class)
public interface TokenEndpointClient {

    /** Any grant: {@code refresh_token}, {@code authorization_code}, {@code client_credentials}. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    JsonObject token(Form form);
}
