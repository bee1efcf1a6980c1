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
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * At most {@code tandem.visitor.start-limit-per-minute} (default 10) session starts per client
 * address: first in any sliding minute on this node (in memory; the table is bounded so a flood of
 * addresses cannot exhaust memory: when full, stale entries are dropped first, then the request is
 * refused), then per calendar minute on all nodes together. A start this node allows is counted in
 * {@code visitor_start_count} under a keyed hash of the address (HMAC-SHA256 under a key drawn once
 * and shared by the nodes in memory, {@link SharedKeys}; the address itself is never stored), in a
 * transaction of its own that is committed before the answer, so that the next start on any node
 * counts it. If the database cannot be reached the count fails and so does the start: the visitor
 * API's answer to a database outage (503 {@code unavailable}, retry), as it would be for the start
 * itself, which needs the database too.
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

    private final Map<String, Deque<Instant>> recent = new ConcurrentHashMap<>();
    private SecretKeySpec clientKey;

    /** The answer for one start attempt. */
    public enum Verdict {
        ALLOWED,
        /** Over the limit, and the first refusal in this window: worth an audit row. */
        REFUSED,
        /** Over the limit again in the same window: refused without another audit row. */
        REFUSED_AGAIN
    }

    @PostConstruct
    void init() {
        clientKey = new SecretKeySpec(keys.secret("visitor-start-limit"), "HmacSHA256");
    }

    /** Counts one start attempt for this client: on this node, then, if this node allows it, on all nodes. */
    public Verdict tryAcquire(String client) {
        Verdict here = tryAcquireHere(client);
        return here == Verdict.ALLOWED ? acrossNodes(client) : here;
    }

    private Verdict acrossNodes(String client) {
        Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        int starts = records.countStart(clientKeyOf(client), minute);
        if (starts <= limit) {
            return Verdict.ALLOWED;
        }
        // Each count is one more than the last on whichever node, so exactly one start in the cluster
        // sees limit + 1: its node audits the refusal, one row per client and minute for all nodes.
        return starts == limit + 1 ? Verdict.REFUSED : Verdict.REFUSED_AGAIN;
    }

    /** The client's name in {@code visitor_start_count}: 32 hex characters of an HMAC, never the address. */
    String clientKeyOf(String client) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(clientKey);
            return HexFormat.of().formatHex(mac.doFinal(String.valueOf(client).getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
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
