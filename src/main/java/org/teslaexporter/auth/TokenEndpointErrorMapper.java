package org.teslaexporter.auth;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/** Maps the token endpoint's error answers ({@code {"error": "invalid_grant", …}}) to {@link TokenRefusedException}. */
public class TokenEndpointErrorMapper implements ResponseExceptionMapper<TokenRefusedException> {

    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status / 100 != 2;     // a 3xx too: redirects are not followed
    }

    @Override
    public TokenRefusedException toThrowable(Response response) {
        String body = "";
        try {
            body = response.hasEntity() ? response.readEntity(String.class) : "";
        } catch (RuntimeException unreadable) {
            // an error without a readable body is still an error
        }
        return map(response.getStatus(), body);
    }

    static TokenRefusedException map(int status, String body) {
        String error = "";
        try (var reader = Json.createReader(new StringReader(body))) {
            JsonObject json = reader.readObject();
            error = json.getString("error", "");
        } catch (RuntimeException notJson) {
            // error stays empty: the body is not quoted, it might echo a token
        }
        error = error.replaceAll("[^A-Za-z0-9_ .:-]", "");
        error = error.length() > 80 ? error.substring(0, 80) : error;
        boolean dead = error.equals("invalid_grant") || error.equals("login_required")
                || (status == 401 && error.isEmpty());
        return new TokenRefusedException(status, error, dead);
    }
}
