package org.teslaexporter.auth;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Whose login a token is: the {@code sub} claim of a JWT — the OpenID Connect {@code id_token} of a
 * login, or Tesla's access token itself (also a JWT) in a token file that has no id token. The claim
 * is read, not verified: it only names the account's folder, and the token proves itself to Tesla on
 * every call. A token that is not a JWT, or has no {@code sub}, names nobody.
 */
public final class TokenSubject {

    private static final JsonProvider JSON = JsonProvider.provider();
    /** A JWT's claims are a few hundred bytes; a longer part is not read. */
    static final int MAX_CLAIMS = 16 * 1024;
    /** A subject longer than this is not Tesla's user id. */
    static final int MAX_SUBJECT = 200;

    private TokenSubject() {
    }

    /** The {@code sub} of {@code jwt}, if it is a JWT with one. */
    public static Optional<String> of(String jwt) {
        if (jwt == null) {
            return Optional.empty();
        }
        String[] parts = jwt.split("\\.", 4);
        if (parts.length != 3 || parts[1].isEmpty() || parts[1].length() > MAX_CLAIMS) {
            return Optional.empty();
        }
        try (var reader = JSON.createReader(new StringReader(new String(Base64.getUrlDecoder().decode(parts[1]),
                StandardCharsets.UTF_8)))) {
            JsonObject claims = reader.readObject();
            if (claims.get("sub") instanceof JsonString sub && !sub.getString().isBlank()
                    && sub.getString().length() <= MAX_SUBJECT) {
                return Optional.of(sub.getString());
            }
        } catch (IllegalArgumentException | JsonException | IllegalStateException | ClassCastException notJwt) {
            // not base64url, not JSON, not an object: names nobody
        }
        return Optional.empty();
    }

    /** The subject of a login answer: its id token's, else its access token's. */
    public static Optional<String> of(String idToken, String accessToken) {
        return of(idToken).or(() -> of(accessToken));
    }
}
