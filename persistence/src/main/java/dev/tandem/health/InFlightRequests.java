package dev.tandem.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The number of requests a worker thread is busy with right now: counted by the web module's {@code InFlightFilter}
 * around each dispatch, so a request waiting for its body (asynchronously) does not count.
 */
@ApplicationScoped
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
