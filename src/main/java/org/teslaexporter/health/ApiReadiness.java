package org.teslaexporter.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the application is deployed and serving. (A failed deployment leaves Payara running
 * with this check missing, so {@code /health/ready} answers without it — probes should look for it.)
 */
@Readiness
@ApplicationScoped
public class ApiReadiness implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.up("tesla-exporter");
    }
}
