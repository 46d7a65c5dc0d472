package org.teslaexporter.fleetapi;

import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.rest.client.RestClientBuilder;
import org.teslaexporter.config.Settings;

/**
 * Builds MicroProfile REST Clients programmatically, because their base URL is decided at run time
 * (the demo's own port; a region switch after a 421). Timeouts come from the settings.
 */
public final class RestClients {

    private RestClients() {
    }

    public static <T> T build(Class<T> api, URI baseUri, Settings settings) {
        return RestClientBuilder.newBuilder()
                .baseUri(baseUri)
                .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .build(api);
    }
}
