package dev.tandem.health;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The number of requests a worker thread is busy with right now: counted by the web module's {@code InFlightFilter}
 * around each dispatch, so a request waiting for its body (asynchronously) does not count.
 *
 * <p>One instance per application, produced by {@link HealthBeans} in the {@code @Singleton}
 * pseudo-scope: whoever injects it holds the instance itself, not a contextual proxy, so the
 * readiness check can read it on a server thread where no application scope is active (Payara).
 */
public class InFlightRequests {

    private final AtomicInteger busy = new AtomicInteger();

    public void enter() {
        busy.incrementAndGet();
    }

    public void leave() {
        busy.decrementAndGet();
    }

    public int busy() {
        return busy.get();
    }
}
