package org.teslaexporter.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the application is deployed and serving — that, and nothing more (whether Tesla answers
 * is {@code tesla_exporter_up} on {@code /metrics}, and {@link PollingHealth} is liveness). A failed
 * deployment leaves Payara running with this check missing, so {@code /health/ready} answers without
 * it: the image's health check ({@code docker/healthcheck.sh}) looks for {@code "tesla-exporter"} UP.
 */
@Readiness
@ApplicationScoped
public class DeployedReadiness implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.up("tesla-exporter");
    }
}
