package org.teslaexporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsQueryTest {

    @Test
    void theQueriesOfMicroProfileMetricsAreAcceptedInOneSpelling() {
        assertThat(MetricsQuery.canonical(null)).contains("");
        assertThat(MetricsQuery.canonical("")).contains("");
        assertThat(MetricsQuery.canonical("scope=application")).contains("scope=application");
        assertThat(MetricsQuery.canonical("scope=base")).contains("scope=base");
        assertThat(MetricsQuery.canonical("name=tesla_battery_level_percent&scope=application"))
                .contains("scope=application&name=tesla_battery_level_percent");
        assertThat(MetricsQuery.canonical("scope=vendor&name=jvm.uptime")).contains("scope=vendor&name=jvm.uptime");
    }

    @Test
    void anythingElseIsRefused() {
        assertThat(MetricsQuery.canonical("x=8f3a1c")).isEmpty();
        assertThat(MetricsQuery.canonical("scope=application&x=1")).isEmpty();
        assertThat(MetricsQuery.canonical("scope=application&scope=base")).isEmpty();
        assertThat(MetricsQuery.canonical("scope=custom")).isEmpty();
        assertThat(MetricsQuery.canonical("name=tesla_x")).as("a name needs a scope").isEmpty();
        assertThat(MetricsQuery.canonical("scope=application&name=a%20b")).isEmpty();
        assertThat(MetricsQuery.canonical("scope=application&name=" + "a".repeat(200))).isEmpty();
        assertThat(MetricsQuery.canonical("scope")).isEmpty();
        assertThat(MetricsQuery.canonical("scope=application&")).isEmpty();
        assertThat(MetricsQuery.canonical("scope=%ZZ")).isEmpty();
    }
}
