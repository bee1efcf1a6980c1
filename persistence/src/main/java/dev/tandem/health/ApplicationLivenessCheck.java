package dev.tandem.health;

import jakarta.enterprise.context.Dependent;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live means the application is deployed and its CDI container answers. A database outage does not
 * make the node "dead": restarting it would not help, so that is readiness's job, not liveness's.
 */
@Liveness
@Dependent
public class ApplicationLivenessCheck implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("tandem").up().build();
    }
}
