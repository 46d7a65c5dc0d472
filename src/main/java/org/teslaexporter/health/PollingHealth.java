package org.teslaexporter.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.teslaexporter.polling.FleetState;
import org.teslaexporter.polling.VehiclePoller;

/**
 * Liveness, per timer chain: every chain (the account's vehicle list, each car) fired when it was
 * due, give or take the longest a step may take. One car whose schedule died is a dead exporter for
 * that car, even while the others go on; a single global "last cycle" time would not notice.
 */
@Liveness
@ApplicationScoped
public class PollingHealth implements HealthCheck {

    @Inject
    FleetState fleet;

    @Inject
    VehiclePoller poller;

    @Override
    public HealthCheckResponse call() {
        List<String> dead = poller.deadChains();
        Optional<Instant> last = fleet.lastCycleAt();
        return HealthCheckResponse.named("polling").status(dead.isEmpty())
                .withData("last_cycle", last.map(Instant::toString).orElse("none yet"))
                .withData("stopped_schedules", dead.isEmpty() ? "none" : String.join(",", dead.stream().sorted().limit(20).toList()))
                .build();
    }
}
