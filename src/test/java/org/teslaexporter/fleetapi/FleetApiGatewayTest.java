package org.teslaexporter.fleetapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class FleetApiGatewayTest {

    private static final URI NA = URI.create("https://fleet-api.prd.na.vn.cloud.tesla.com");

    @Test
    void a421IsFollowedOnlyToTeslasOwnHostsOrTheHostInUse() {
        assertThat(FleetApiGateway.trustworthy(URI.create("https://fleet-api.prd.eu.vn.cloud.tesla.com"), NA)).isTrue();
        assertThat(FleetApiGateway.trustworthy(URI.create("https://fleet-api.prd.cn.vn.cloud.tesla.cn"), NA)).isTrue();
        assertThat(FleetApiGateway.trustworthy(URI.create("https://evil.example.com"), NA)).isFalse();
        assertThat(FleetApiGateway.trustworthy(URI.create("https://tesla.com.evil.example"), NA)).isFalse();
        assertThat(FleetApiGateway.trustworthy(URI.create("http://fleet-api.prd.eu.vn.cloud.tesla.com"), NA))
                .as("no downgrade to plain http").isFalse();
        assertThat(FleetApiGateway.trustworthy(URI.create("http://127.0.0.1:9999"), URI.create("http://127.0.0.1:8080")))
                .as("the configured host (a local proxy or test server)").isTrue();
    }

    @Test
    void onlyTeslasPublishedFleetApiHostsAreTrustedNotAnyTeslaSubdomain() {
        for (String foreign : new String[] {"https://evil.tesla.com", "https://auth.tesla.com", "https://tesla.com",
                "https://fleet-api.prd.xx.vn.cloud.tesla.com", "https://fleet-api.prd.na.vn.cloud.tesla.com.evil.example",
                "https://user@fleet-api.prd.eu.vn.cloud.tesla.com", "https://fleet-api.prd.eu.vn.cloud.tesla.com:8443",
                "https://fleet-api.prd.eu.vn.cloud.tesla.com/elsewhere", "https://fleet-api.prd.eu.vn.cloud.tesla.org"}) {
            assertThat(FleetApiGateway.trustworthy(URI.create(foreign), NA)).as(foreign).isFalse();
        }
        assertThat(FleetApiGateway.trustworthy(URI.create("https://FLEET-API.prd.eu.vn.cloud.tesla.com/"), NA)).isTrue();
    }
}
