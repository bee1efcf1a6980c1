package dev.tandem.web.visitor;

import dev.tandem.cluster.ClusterRecords;
import dev.tandem.nodes.SharedKeys;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * At most {@code tandem.visitor.start-limit-per-minute} (default 10) session starts per client
 * address in any sliding minute on this node (in memory; the table is bounded so a flood of
 * addresses cannot exhaust memory: when full, stale entries are dropped first, then the request is
 * refused), and at most as many per calendar minute on all nodes together: what this node allows is
 * then counted in {@code visitor_start_count}, under a keyed hash of the address (the key is drawn
 * once and shared by the nodes in memory, like the server keys), so a client spreading its starts
 * over N nodes no longer gets N times the limit.
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

    @Inject
    ClusterRecords records;

    @Inject
    SharedKeys keys;

    private static final Logger LOG = Logger.getLogger(StartRateLimiter.class.getName());
    private final Map<String, Deque<Instant>> recent = new ConcurrentHashMap<>();
    private SecretKeySpec clientKey;
    private volatile boolean countFailing;

    @PostConstruct
    void init() {
        clientKey = new SecretKeySpec(keys.secret("visitor-start-limit"), "HmacSHA256");
    }

    /** The answer for one start attempt. */
    public enum Verdict {
        ALLOWED,
        /** Over the limit, and the first refusal in this window: worth an audit row. */
        REFUSED,
        /** Over the limit again in the same window: refused without another audit row. */
        REFUSED_AGAIN
    }

    /** Counts one start attempt for this client: on this node, then, if allowed here, on all nodes. */
    public Verdict tryAcquire(String client) {
        Verdict here = tryAcquireHere(client);
        return here == Verdict.ALLOWED ? acrossNodes(client) : here;
    }

    private Verdict acrossNodes(String client) {
        int starts;
        try {
            starts = records.countStart(hash(client), clock.instant().truncatedTo(ChronoUnit.MINUTES));
        } catch (RuntimeException unreachable) {
            // The start itself needs the database and fails with its own answer; this node's limit held.
            if (!countFailing) {
                LOG.log(Level.WARNING, "Start count across nodes not written, only this node's limit holds (logged once until it works): {0}",
                        unreachable.getClass().getName());
            }
            countFailing = true;
            return Verdict.ALLOWED;
        }
        countFailing = false;
        if (starts <= limit) {
            return Verdict.ALLOWED;
        }
        return starts == limit + 1 ? Verdict.REFUSED : Verdict.REFUSED_AGAIN;
    }

    private String hash(String client) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(clientKey);
            return HexFormat.of().formatHex(mac.doFinal(String.valueOf(client).getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Verdict tryAcquireHere(String client) {
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
