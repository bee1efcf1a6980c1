package dev.tandem.web.visitor;

import dev.tandem.group.GroupRepository;
import dev.tandem.group.WebOrigin;
import dev.tandem.web.http.FaultLog;
import dev.tandem.web.groups.GroupsChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which web origins some enabled group allows, as CORS needs it on every visitor-API request: asked
 * of the database at most every {@link #FRESH} per origin, and answered from the last known answer
 * while the database cannot be asked (an outage must not turn CORS into "allow all" nor into a
 * failure of its own). An origin never seen allowed stays refused while the database is away. Only
 * refusals are bounded in number: allowed origins are as many as the groups configure.
 */
@ApplicationScoped
public class AllowedOrigins {

    static final Duration FRESH = Duration.ofSeconds(30);
    static final int MAX_REMEMBERED_REFUSALS = 10_000;

    private final Map<WebOrigin, Known> known = new ConcurrentHashMap<>();

    @Inject
    GroupRepository groups;

    @Inject
    FaultLog faults;

    Clock clock = Clock.systemUTC();

    /** The origin named by an {@code Origin} header if some enabled group allows it. */
    public Optional<WebOrigin> allowed(String originHeader) {
        return WebOrigin.parse(originHeader).filter(this::isAllowed);
    }

    private boolean isAllowed(WebOrigin origin) {
        Instant now = clock.instant();
        Known last = known.get(origin);
        if (last != null && last.askedAt().plus(FRESH).isAfter(now)) {
            return last.allowed();
        }
        boolean allowed;
        try {
            allowed = groups.isAllowedByAnyEnabledGroup(origin);
        } catch (RuntimeException databaseAway) {
            faults.report("CORS origin lookup", databaseAway);
            return last != null && last.allowed();
        }
        if (allowed || known.size() < MAX_REMEMBERED_REFUSALS) {
            known.put(origin, new Known(allowed, now));
        }
        return allowed;
    }

    /**
     * A group's origins or enabled flag may have changed: forget every answer, so the next visitor
     * request asks the database (after the change committed, so an old answer is never re-learnt).
     */
    void forget(@Observes(during = TransactionPhase.AFTER_SUCCESS) GroupsChanged change) {
        known.clear();
    }

    private record Known(boolean allowed, Instant askedAt) {
    }
}
