package org.teslaexporter.config;

import java.net.URI;
import java.time.Duration;

/**
 * The app at developer.tesla.com and Tesla's login: built by name ({@link #builder()}).
 *
 * @param clientId     {@code TESLA_CLIENT_ID}; null until set
 * @param clientSecret {@code TESLA_CLIENT_SECRET} (never shown)
 * @param redirectUri  {@code TESLA_REDIRECT_URI}: where Tesla's login sends the browser back
 * @param authBase     {@code TESLA_AUTH_BASE}: Tesla's login pages
 * @param tokenBase    {@code TESLA_TOKEN_BASE}: Tesla's token endpoint
 * @param scopes       {@code TESLA_SCOPES}
 * @param timeout      {@code LOGIN_TIMEOUT_SECONDS}: how long a started login may take
 */
public record LoginSettings(String clientId, Secret clientSecret, URI redirectUri, URI authBase, URI tokenBase, String scopes,
        Duration timeout) {

    /** The path Tesla redirects the browser to after login, from {@code TESLA_REDIRECT_URI} (default {@code /callback}). */
    public String callbackPath() {
        String path = redirectUri.getPath();
        return path == null || path.isEmpty() || path.equals("/") ? "/callback" : path;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every value by its name. */
    public static final class Builder {
        private String clientId;
        private Secret clientSecret = new Secret(null);
        private URI redirectUri;
        private URI authBase;
        private URI tokenBase;
        private String scopes;
        private Duration timeout;

        private Builder() {
        }

        public Builder clientId(String v) {
            clientId = v;
            return this;
        }

        public Builder clientSecret(Secret v) {
            clientSecret = v;
            return this;
        }

        public Builder redirectUri(URI v) {
            redirectUri = v;
            return this;
        }

        public Builder authBase(URI v) {
            authBase = v;
            return this;
        }

        public Builder tokenBase(URI v) {
            tokenBase = v;
            return this;
        }

        public Builder scopes(String v) {
            scopes = v;
            return this;
        }

        public Builder timeout(Duration v) {
            timeout = v;
            return this;
        }

        public LoginSettings build() {
            return new LoginSettings(clientId, Required.of(clientSecret, "clientSecret"), Required.of(redirectUri, "redirectUri"),
                    Required.of(authBase, "authBase"), Required.of(tokenBase, "tokenBase"), Required.of(scopes, "scopes"),
                    Required.of(timeout, "timeout"));
        }
    }
}
