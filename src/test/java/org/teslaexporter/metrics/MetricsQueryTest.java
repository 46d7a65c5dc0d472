package org.teslaexporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsQueryTest {

    /** The one spelling of what is accepted. */
    private static java.util.Optional<String> canonical(String raw) {
        return MetricsQuery.parse(raw).map(MetricsQuery::text);
    }

    @Test
    void theQueriesOfMicroProfileMetricsAreAcceptedInOneSpelling() {
        assertThat(canonical(null)).contains("");
        assertThat(canonical("")).contains("");
        assertThat(canonical("scope=application")).contains("scope=application");
        assertThat(canonical("scope=base")).contains("scope=base");
        assertThat(canonical("name=tesla_battery_level_percent&scope=application"))
                .contains("scope=application&name=tesla_battery_level_percent");
        assertThat(canonical("scope=vendor&name=jvm.uptime")).contains("scope=vendor&name=jvm.uptime");
    }

    @Test
    void anythingElseIsRefused() {
        assertThat(canonical("x=8f3a1c")).isEmpty();
        assertThat(canonical("scope=application&x=1")).isEmpty();
        assertThat(canonical("scope=application&scope=base")).isEmpty();
        assertThat(canonical("scope=custom")).isEmpty();
        assertThat(canonical("name=tesla_x")).as("a name needs a scope").isEmpty();
        assertThat(canonical("scope=application&name=a%20b")).isEmpty();
        assertThat(canonical("scope=application&name=" + "a".repeat(200))).isEmpty();
        assertThat(canonical("scope")).isEmpty();
        assertThat(canonical("scope=application&")).isEmpty();
        assertThat(canonical("scope=%ZZ")).isEmpty();
    }
}
