package dev.tandem.web.http;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The number of requests a worker thread is busy with right now: counted by {@link InFlightFilter}
 * around each dispatch, so a request waiting for its body (asynchronously) does not count.
 */
@ApplicationScoped
public class InFlightRequests {

    private final AtomicInteger busy = new AtomicInteger();

    void enter() {
        busy.incrementAndGet();
    }

    void leave() {
        busy.decrementAndGet();
    }

    public int busy() {
        return busy.get();
    }
}
