package dev.tandem.web.http;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How many request bodies each client address may have in flight at once
 * ({@code tandem.http.body-reads-per-client}). A browser sends one or two; a client holding more is
 * refused at once rather than allowed to tie up connections by dribbling bodies.
 */
@ApplicationScoped
public class ClientSlots {

    @Inject
    @ConfigProperty(name = "tandem.http.body-reads-per-client", defaultValue = "8")
    int perClient;

    private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();

    ClientSlots() {
    }

    ClientSlots(int perClient) {
        this.perClient = perClient;
    }

    @PostConstruct
    void check() {
        if (perClient < 1) {
            throw new IllegalStateException("tandem.http.body-reads-per-client must be at least 1");
        }
    }

    /** Takes a slot for the client; false (nothing taken) when it already holds all of its slots. */
    public boolean tryAcquire(String client) {
        AtomicBoolean taken = new AtomicBoolean();
        inFlight.compute(client, (k, held) -> {
            int now = held == null ? 0 : held;
            if (now >= perClient) {
                return now;
            }
            taken.set(true);
            return now + 1;
        });
        return taken.get();
    }

    /** Gives back a slot taken by {@link #tryAcquire}; an address holding none is forgotten. */
    public void release(String client) {
        inFlight.computeIfPresent(client, (k, held) -> held <= 1 ? null : held - 1);
    }

    int held(String client) {
        return inFlight.getOrDefault(client, 0);
    }
}
