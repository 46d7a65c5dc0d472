package org.teslaexporter.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.teslaexporter.config.ExporterConfig;
import org.teslaexporter.polling.FleetState;

/**
 * Liveness: the poll timer has finished a cycle recently (within three of the longest intervals, plus
 * a minute). A timer that died would otherwise leave a server that answers but never updates.
 */
@Liveness
@ApplicationScoped
public class PollingHealth implements HealthCheck {

    @Inject
    FleetState fleet;

    @Inject
    ExporterConfig config;

    private final Instant startedAt = Instant.now();

    @Override
    public HealthCheckResponse call() {
        Duration longest = config.settings().sleepPollInterval().compareTo(config.settings().pollInterval()) > 0
                ? config.settings().sleepPollInterval() : config.settings().pollInterval();
        Duration allowed = longest.multipliedBy(3).plusMinutes(1);
        Optional<Instant> last = fleet.lastCycleAt();
        Instant reference = last.orElse(startedAt);
        boolean alive = Duration.between(reference, Instant.now()).compareTo(allowed) <= 0;
        return HealthCheckResponse.named("polling").status(alive)
                .withData("last_cycle", last.map(Instant::toString).orElse("none yet")).build();
    }
}
