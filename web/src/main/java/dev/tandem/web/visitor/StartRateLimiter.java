package dev.tandem.web.visitor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * At most {@code tandem.visitor.start-limit-per-minute} (default 10) session starts per client
 * address in any sliding minute. In memory per node; the table is bounded so a flood of addresses
 * cannot exhaust memory (when full, stale entries are dropped first, then the request is refused).
 */
@ApplicationScoped
public class StartRateLimiter {

    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int MAX_CLIENTS = 100_000;

    @Inject
    @ConfigProperty(name = "tandem.visitor.start-limit-per-minute", defaultValue = "10")
    int limit;

    @Inject
    Clock clock;

    private final Map<String, Deque<Instant>> recent = new ConcurrentHashMap<>();

    /** The answer for one start attempt. */
    public enum Verdict {
        ALLOWED,
        /** Over the limit, and the first refusal in this window: worth an audit row. */
        REFUSED,
        /** Over the limit again in the same window: refused without another audit row. */
        REFUSED_AGAIN
    }

    /** Counts one start attempt for this client. */
    public Verdict tryAcquire(String client) {
        Instant now = clock.instant();
        if (recent.size() >= MAX_CLIENTS) {
            recent.entrySet().removeIf(e -> isStale(e.getValue(), now));
            if (recent.size() >= MAX_CLIENTS && !recent.containsKey(client)) {
                return Verdict.REFUSED_AGAIN;
            }
        }
        Deque<Instant> times = recent.computeIfAbsent(client, c -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(WINDOW))) {
                times.pollFirst();
            }
            if (times.size() >= limit) {
                // Refusals are counted too (up to twice the limit), so the first one is told apart.
                boolean first = times.size() == limit;
                if (times.size() < 2 * limit) {
                    times.addLast(now);
                }
                return first ? Verdict.REFUSED : Verdict.REFUSED_AGAIN;
            }
            times.addLast(now);
            return Verdict.ALLOWED;
        }
    }

    private static boolean isStale(Deque<Instant> times, Instant now) {
        synchronized (times) {
            return times.isEmpty() || !times.peekLast().isAfter(now.minus(WINDOW));
        }
    }
}
