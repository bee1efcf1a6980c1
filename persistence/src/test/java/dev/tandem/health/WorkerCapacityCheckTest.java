package dev.tandem.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class WorkerCapacityCheckTest {

    @Test
    void downWhenEveryWorkerIsBusyAndUpAgainWhenOneIsFree() {
        WorkerCapacityCheck check = new WorkerCapacityCheck();
        check.inFlight = new InFlightRequests();
        check.workers = 2;
        assertThat(check.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

        check.inFlight.enter();
        check.inFlight.enter();
        assertThat(check.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);

        check.inFlight.leave();
        assertThat(check.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }
}
