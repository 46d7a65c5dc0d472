package org.teslaexporter.auth;

import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.stream.Collectors;
import org.teslaexporter.config.Settings;
import org.teslaexporter.config.SettingsReader;

/**
 * The child process of the crash-safety test: the exporter's real {@link AccessTokens} and
 * {@link TokenFile}, refreshing as fast as the token endpoint lets it (access tokens that live one
 * second), until it is killed. Only the HTTP transport differs (java.net.http instead of the
 * server's REST client).
 *
 *   RefreshTorture TOKEN_FILE TOKEN_BASE
 */
public final class RefreshTorture {

    private RefreshTorture() {
    }

    public static void main(String[] args) throws Exception {
        Path tokenFile = Path.of(args[0]);
        String tokenBase = args[1];
        Settings settings = SettingsReader.read(name -> switch (name) {
            case "TOKEN_FILE_PATH" -> Optional.of(tokenFile.toString());
            case "TESLA_CLIENT_ID" -> Optional.of("torture");
            case "TESLA_TOKEN_BASE" -> Optional.of(tokenBase);
            default -> Optional.empty();
        });
        HttpClient http = HttpClient.newHttpClient();
        jakarta.json.spi.JsonProvider json = jakarta.json.spi.JsonProvider.provider();
        TokenEndpointClient endpoint = form -> {
            String body = form.asMap().entrySet().stream()
                    .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue().get(0), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(tokenBase + "/oauth2/v3/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() >= 400) {
                    throw TokenEndpointErrorMapper.map(r.statusCode(), r.body());
                }
                try (var reader = json.createReader(new StringReader(r.body()))) {
                    return reader.readObject();
                }
            } catch (java.io.IOException | InterruptedException e) {
                throw new jakarta.ws.rs.ProcessingException(e);
            }
        };
        AccessTokens tokens = new AccessTokens();
        tokens.init(settings, endpoint, Clock.systemUTC(), Runnable::run);
        System.out.println("ready");
        System.out.flush();
        while (true) {
            tokens.bearer();
            Thread.sleep(100);
        }
    }
}
