package dev.tandem.health;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready means, besides the database: the node still has a free HTTP worker. When every worker of
 * the server's pool ({@code tandem.http.workers}, set from the same value as the pool's size by
 * wildfly-config) is busy with an application request, new requests would only queue, so the node
 * reports DOWN and the load balancer sends them elsewhere until a worker is free again.
 */
@Readiness
@Dependent
public class WorkerCapacityCheck implements HealthCheck {

    @Inject
    InFlightRequests inFlight;

    @Inject
    @ConfigProperty(name = "tandem.http.workers", defaultValue = "64")
    int workers;

    @Override
    public HealthCheckResponse call() {
        int busy = inFlight.busy();
        return new HealthCheckResponse("http-workers", busy < workers ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN,
                Optional.of(Map.of("busy", (long) busy, "workers", (long) workers)));
    }
}
