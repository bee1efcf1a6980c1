package dev.tandem.relay;

import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The web module's managed executors, for the relay's endpoints: the executor that closes agents who
 * fell behind, and the scheduler of the visitor's hello time-out. The endpoints are one shared
 * instance each ({@link SharedEndpoint}), beans of this EAR library, where a container-managed
 * resource cannot be injected on every server; the web module hands them over when it starts
 * ({@code dev.tandem.web.stream.RelayClocks}), as it does the schedulers of {@link KeepAlive} and
 * {@link StreamActivity}. Tasks submitted from an endpoint run in the web module's context.
 */
@ApplicationScoped
public class RelayExecutors {

    private volatile ManagedExecutorService executor;
    private volatile ManagedScheduledExecutorService scheduler;

    /** Called once by the web module at its start, before any socket is accepted. */
    public void start(ManagedExecutorService executor, ManagedScheduledExecutorService scheduler) {
        this.executor = executor;
        this.scheduler = scheduler;
    }

    ManagedExecutorService executor() {
        return executor;
    }

    ManagedScheduledExecutorService scheduler() {
        return scheduler;
    }
}
