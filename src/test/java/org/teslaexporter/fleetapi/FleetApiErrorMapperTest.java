package org.teslaexporter.fleetapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.teslaexporter.Fixtures;

class FleetApiErrorMapperTest {

    @Test
    void recorded408BodiesMeanAsleepInBothWordings() {
        for (String name : Fixtures.sharedNames("error.408")) {
            FleetApiException e = FleetApiErrorMapper.map(408, Fixtures.shared(name), null);
            assertThat(e).as(name).isInstanceOf(VehicleAsleepException.class);
            assertThat(e.errorType()).isEqualTo("asleep");
        }
    }

    @Test
    void recorded421NamesTheRightRegion() {
        FleetApiException e = FleetApiErrorMapper.map(421, Fixtures.shared("error.421_user_out_of_region.json"), null);
        assertThat(e).isInstanceOf(WrongRegionException.class);
        assertThat(((WrongRegionException) e).correctBaseUrl())
                .contains(URI.create("https://fleet-api.prd.eu.vn.cloud.tesla.com"));
    }

    @Test
    void recorded429PlainTextBodyAndRetryAfterHeader() {
        String body = Fixtures.shared("error.429_body.txt");
        RateLimitedException withHeader = (RateLimitedException) FleetApiErrorMapper.map(429, body, "146092");
        assertThat(withHeader.retryAfter()).contains(Duration.ofSeconds(146092));
        RateLimitedException bodyOnly = (RateLimitedException) FleetApiErrorMapper.map(429, body, null);
        assertThat(bodyOnly.retryAfter()).contains(Duration.ofSeconds(45509));
        assertThat(bodyOnly.errorType()).isEqualTo("rate_limited");
    }

    @Test
    void recordedAuthRegionAndServerErrors() {
        assertThat(FleetApiErrorMapper.map(401, Fixtures.shared("error.401_token_expired.json"), null))
                .isInstanceOf(AuthenticationFailedException.class).hasMessageContaining("token expired");
        assertThat(FleetApiErrorMapper.map(401, "", null))
                .isInstanceOf(AuthenticationFailedException.class).hasMessageContaining("without a body");
        assertThat(FleetApiErrorMapper.map(412, Fixtures.shared("error.412_not_registered_in_region.json"), null))
                .isInstanceOf(RegionNotRegisteredException.class).hasMessageContaining("must be registered");
        FleetApiException proxy = FleetApiErrorMapper.map(500, Fixtures.shared("error.500_proxy_offline_or_asleep.json"), null);
        assertThat(proxy).isInstanceOf(FleetServerException.class);
        assertThat(proxy.errorType()).isEqualTo("server_error");
        assertThat(FleetApiErrorMapper.map(400, Fixtures.shared("error.400_invalid_endpoint.recorded.json"), null).errorType())
                .isEqualTo("http_400");
    }

    @Test
    void billingLimitIsToldApartFromMissingScopes() {
        AccessDeniedException limit = (AccessDeniedException) FleetApiErrorMapper.map(403,
                "{\"response\":null,\"error\":\"account disabled: EXCEEDED_LIMIT\"}", null);
        assertThat(limit.billingLimitReached()).isTrue();
        assertThat(limit.errorType()).isEqualTo("billing_limit");
        assertThat(FleetApiErrorMapper.map(403, "{\"error\":\"missing scopes\"}", null).errorType()).isEqualTo("forbidden");
    }

    @Test
    void htmlFromAProxyIsQuotedShortened() {
        FleetApiException e = FleetApiErrorMapper.map(502, "<html>" + "x".repeat(5000) + "</html>", null);
        assertThat(e.getMessage().length()).isLessThan(FleetApiErrorMapper.MAX_TEXT + 20);
    }

    @Test
    void aRedirectIsItsOwnStatusAndTeslasTextIsOneLine() {
        FleetApiException redirect = FleetApiErrorMapper.map(302, "", null);
        assertThat(redirect.status()).isEqualTo(302);
        assertThat(redirect.errorType()).isEqualTo("http_302");
        assertThat(redirect.getMessage()).contains("redirect");
        FleetApiException forged = FleetApiErrorMapper.map(500, "{\"error\":\"oops\\n[SEVERE] forged log line\"}", null);
        assertThat(forged.getMessage()).doesNotContain("\n").contains("oops [SEVERE] forged log line");
    }
}
