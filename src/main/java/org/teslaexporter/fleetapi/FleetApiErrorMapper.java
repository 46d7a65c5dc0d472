package org.teslaexporter.fleetapi;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;
import org.teslaexporter.http.OneLine;

/**
 * Turns every error status of the Fleet API into a typed {@link FleetApiException}, so callers
 * react by name ({@code catch (VehicleAsleepException e)}) instead of comparing numbers. Tesla's
 * error text is taken from the JSON {@code error} field, or from the plain-text body (429).
 */
public class FleetApiErrorMapper implements ResponseExceptionMapper<FleetApiException> {

    /** Error texts are quoted in logs; a proxy's HTML page need not be quoted whole. */
    static final int MAX_TEXT = 300;

    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status / 100 != 2;     // a 3xx too: redirects are not followed, and a 302 is not a 200
    }

    @Override
    public FleetApiException toThrowable(Response response) {
        String body = readBody(response);
        return map(response.getStatus(), body, response.getHeaderString("Retry-After"));
    }

    /** The mapping itself, apart from JAX-RS so it can be tested on recorded bodies. */
    public static FleetApiException map(int status, String body, String retryAfterHeader) {
        String text = errorText(body);
        return switch (status) {
            case 401 -> new AuthenticationFailedException(text.isEmpty() ? "401 without a body" : text);
            case 403 -> new AccessDeniedException(text);
            case 404 -> new VehicleNotFoundException(text);
            case 408 -> new VehicleAsleepException(text);
            case 412 -> new RegionNotRegisteredException(text);
            case 421 -> new WrongRegionException(text);
            case 429 -> new RateLimitedException(text, retryAfterHeader);
            default -> status >= 500
                    ? new FleetServerException(status, status + " " + text)
                    : new FleetApiException(status, "unexpected answer " + status + (status / 100 == 3
                            ? " (a redirect; not followed)" : "") + (text.isEmpty() ? "" : " " + text));
        };
    }

    /** Tesla's {@code error} (plus {@code error_description}) from a JSON body, else the body as text. */
    static String errorText(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String trimmed = body.strip();
        if (trimmed.startsWith("{")) {
            try (var reader = Json.createReader(new StringReader(trimmed))) {
                JsonObject json = reader.readObject();
                String error = string(json.get("error"));
                String description = string(json.get("error_description"));
                String combined = description.isEmpty() ? error : error + ": " + description;
                if (!combined.isEmpty()) {
                    return shorten(combined);
                }
            } catch (JsonException | IllegalStateException | ClassCastException notJson) {
                // fall through: quote the raw text
            }
        }
        return shorten(trimmed);
    }

    private static String string(JsonValue value) {
        return value instanceof JsonString s ? s.getString().strip() : "";
    }

    /** One line, at most {@link #MAX_TEXT} characters: Tesla's text must not forge log lines. */
    private static String shorten(String text) {
        return OneLine.of(text, MAX_TEXT);
    }

    private static String readBody(Response response) {
        try {
            return response.hasEntity() ? response.readEntity(String.class) : "";
        } catch (RuntimeException unreadable) {
            return "";
        }
    }
}
