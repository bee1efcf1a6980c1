package dev.tandem.visitor;

import dev.tandem.audit.AuditEvent;
import dev.tandem.audit.AuditLog;
import dev.tandem.audit.Outcome;
import dev.tandem.group.CobrowseGroup;
import dev.tandem.group.GroupRepository;
import dev.tandem.group.PiiPolicy;
import dev.tandem.group.WebOrigin;
import dev.tandem.presence.LiveSessions;
import dev.tandem.session.CobrowseSession;
import dev.tandem.session.EndReason;
import dev.tandem.session.SessionRepository;
import dev.tandem.visitor.SessionRefusal.Reason;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@link VisitorSessions}: each method is one transaction holding the action and its audit row. */
@Stateless
public class DefaultVisitorSessions implements VisitorSessions {

    static final String STARTED = "SESSION_STARTED";
    static final String RESUMED = "SESSION_RESUMED";
    static final String ENDED = "SESSION_ENDED";
    static final String DENIED = "START_DENIED";
    static final String PII_TRIPPED = "PII_TRIPPED";
    /** How many of a session's newest audit rows are looked through for an earlier PII_TRIPPED of a kind. */
    private static final int PII_LOOKBACK = 500;
    private static final int KEY_ATTEMPTS = 20;
    private static final int EXPIRY_BATCH = 500;
    /** Sessions per query when idle clocks are reset in bulk (well inside PostgreSQL's bind-parameter limit). */
    private static final int ACTIVITY_CHUNK = 500;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    GroupRepository groups;

    @Inject
    SessionRepository sessions;

    @Inject
    AuditLog audit;

    @Inject
    VisitorTokenSigner tokens;

    @Inject
    VisitorAddressPolicy addresses;

    @Inject
    LiveSessions presence;

    @Inject
    Clock clock;

    @Inject
    Event<SessionEnded> ended;

    @Inject
    @ConfigProperty(name = "tandem.node-name", defaultValue = "local")
    String node;

    @Override
    public SessionGrant start(StartRequest request, VisitorContext context) {
        Instant now = clock.instant();
        if (request.groupId() == null || request.groupId().isBlank() || request.pageGroups() == null) {
            throw refuse(Reason.MALFORMED, request.groupId(), context, "start");
        }
        CobrowseGroup group = checkedGroup(request.groupId(), request.pageGroups(), context, "start");
        WebOrigin origin = WebOrigin.parse(context.originHeader()).orElseThrow();

        String customKey = request.customKey();
        if (customKey != null && !SessionKeys.isValidCustom(customKey)) {
            throw refuse(Reason.BAD_KEY, group.id(), context, "start");
        }
        SessionKeys keys = new SessionKeys(RANDOM);
        int attempts = customKey != null ? 1 : KEY_ATTEMPTS;
        for (int attempt = 0; attempt < attempts; attempt++) {
            String key = customKey != null ? customKey : keys.digits(group.keyLength());
            SessionId id = SessionId.create(group.id(), key, RANDOM);
            CobrowseSession record = CobrowseSession.started(id.ref(), group.id(), key, now)
                    .from(origin.value(), context.userAgent(), addresses.stored(context.clientAddress()), node);
            if (sessions.addIfKeyFree(record)) {
                audit.record(event(STARTED, Outcome.SUCCESS, now, group.id(), id.ref(), context)
                        .detail("keyKind", customKey != null ? "custom" : "generated"));
                return grant(id.value(), key, group, origin, now.plus(group.maxDuration()));
            }
        }
        throw refuse(customKey != null ? Reason.KEY_IN_USE : Reason.NO_FREE_KEY, group.id(), context, "start");
    }

    @Override
    public SessionGrant resume(String token, List<String> pageGroups, VisitorContext context) {
        Instant now = clock.instant();
        LiveSession live = live(token, pageGroups, context, "resume", now);
        live.session().visitorSeen(now);
        audit.record(event(RESUMED, Outcome.SUCCESS, now, live.group().id(), live.session().sessionRef(), context));
        return grant(live.claims().sessionId(), live.session().sessionKey(), live.group(),
                WebOrigin.parse(live.claims().origin()).orElseThrow(), live.claims().expiresAt());
    }

    /**
     * What every continuation re-checks: a valid, unexpired token; the group still enabled, declared
     * by the page and allowing this origin; the same origin the session started from; the session
     * still live and not past its idle timeout or maximum duration.
     */
    private LiveSession live(String token, List<String> pageGroups, VisitorContext context, String step, Instant now) {
        VisitorToken claims = tokens.verify(token, now)
                .orElseThrow(() -> refuse(Reason.TOKEN_INVALID, null, context, step));
        if (pageGroups == null) {
            throw refuse(Reason.MALFORMED, claims.groupId(), context, step);
        }
        CobrowseGroup group = checkedGroup(claims.groupId(), pageGroups, context, step);
        if (!WebOrigin.parse(context.originHeader()).map(o -> o.value().equals(claims.origin())).orElse(false)) {
            throw refuse(Reason.ORIGIN_REFUSED, group.id(), context, step);
        }
        String ref = SessionId.refOf(claims.sessionId());
        CobrowseSession session = sessions.findLive(ref)
                .filter(s -> s.expiryAt(now, group.idleTimeout(), group.maxDuration()).isEmpty())
                .orElseThrow(() -> refuse(Reason.SESSION_ENDED, group.id(), context, step));
        return new LiveSession(claims, group, session);
    }

    private record LiveSession(VisitorToken claims, CobrowseGroup group, CobrowseSession session) {
    }

    /**
     * A URL that names a session (what the load balancer routed on) must name the token's own: a
     * good token on another session's URL is misrouted or forged. The row names the token's session
     * (the URL's text is the caller's and is not recorded).
     */
    private void sameSession(LiveSession live, String urlRef, VisitorContext context, String step, Instant now) {
        String ref = live.session().sessionRef();
        if (urlRef != null && !urlRef.equals(ref)) {
            audit.record(event(DENIED, Outcome.DENIED, now, live.group().id(), ref, context)
                    .detail("reason", Reason.WRONG_SESSION.code()).detail("step", step)
                    .detail("origin", context.originHeader() == null ? "(none)" : context.originHeader()));
            throw new SessionRefusal(Reason.WRONG_SESSION);
        }
    }

    @Override
    public Heartbeat heartbeat(String token, List<String> pageGroups, VisitorContext context, String urlRef) {
        Instant now = clock.instant();
        LiveSession live = live(token, pageGroups, context, "heartbeat", now);
        sameSession(live, urlRef, context, "heartbeat", now);
        live.session().visitorSeen(now);
        return new Heartbeat(presence.viewing(live.session().sessionRef()));
    }

    @Override
    public StreamGrant openStream(String token, List<String> pageGroups, VisitorContext context, String urlRef) {
        Instant now = clock.instant();
        LiveSession live = live(token, pageGroups, context, "stream", now);
        sameSession(live, urlRef, context, "stream", now);
        live.session().visitorSeen(now);
        return new StreamGrant(live.session().sessionRef(), live.group().id(), live.group().maxAgents(),
                live.group().piiPolicy(), live.group().piiPatterns());
    }

    @Override
    public void streamsActive(Map<String, Instant> lastActivity) {
        List<String> refs = List.copyOf(lastActivity.keySet());
        for (int from = 0; from < refs.size(); from += ACTIVITY_CHUNK) {
            for (CobrowseSession session : sessions.findAllLive(refs.subList(from, Math.min(refs.size(), from + ACTIVITY_CHUNK)))) {
                session.visitorSeen(lastActivity.get(session.sessionRef()));
            }
        }
    }

    @Override
    public SessionRefusal deny(Reason reason, VisitorContext context, String step) {
        return refuse(reason, null, context, step);
    }

    @Override
    public boolean piiTripped(String sessionRef, Map<String, Integer> counts, String source) {
        Instant now = clock.instant();
        Optional<CobrowseSession> live = sessions.findLiveForUpdate(sessionRef);
        if (live.isEmpty()) {
            return false;
        }
        CobrowseSession session = live.get();
        Set<String> recorded = new HashSet<>();
        for (AuditEvent earlier : audit.forSession(sessionRef, PII_LOOKBACK)) {
            if (PII_TRIPPED.equals(earlier.type())) {
                recorded.add(earlier.detail().getString("kind", ""));
            }
        }
        counts.forEach((kind, count) -> {
            if (!recorded.contains(kind)) {
                audit.record(AuditEvent.of(PII_TRIPPED, Outcome.DENIED, now).group(session.groupId()).session(sessionRef)
                        .actor(source).detail("kind", kind).detail("count", String.valueOf(count)).detail("source", source));
            }
        });
        boolean end = groups.find(session.groupId()).map(g -> g.piiPolicy() == PiiPolicy.MASK_AND_END).orElse(false);
        if (end) {
            end(session, EndReason.PII_TRIPPED, now, "system", null);
        }
        return end;
    }

    @Override
    public void streamRefused(String sessionRef, String groupId, Reason reason, String inflate, VisitorContext context) {
        audit.record(event(DENIED, Outcome.DENIED, clock.instant(), groupId, sessionRef, context)
                .detail("reason", reason.code()).detail("step", "stream")
                .detail("origin", context.originHeader() == null ? "(none)" : context.originHeader()).detail("inflate", inflate));
    }

    @Override
    public void stop(String token, VisitorContext context) {
        Instant now = clock.instant();
        VisitorToken claims = tokens.verify(token, now)
                .orElseThrow(() -> refuse(Reason.TOKEN_INVALID, null, context, "stop"));
        String ref = SessionId.refOf(claims.sessionId());
        sessions.findLiveForUpdate(ref).ifPresent(session -> end(session, EndReason.VISITOR_STOPPED, now, "visitor", context.clientAddress()));
    }

    @Override
    public void endByAdministrator(String sessionRef, String administrator, String clientAddress) {
        Instant now = clock.instant();
        CobrowseSession session = sessions.findLiveForUpdate(sessionRef)
                .orElseThrow(() -> new SessionRefusal(Reason.SESSION_ENDED));
        end(session, EndReason.ADMINISTRATOR, now, administrator, clientAddress);
    }

    @Override
    public int endExpired(Instant now) {
        int count = 0;
        for (CobrowseSession session : sessions.expiredAt(now, EXPIRY_BATCH)) {
            Optional<CobrowseGroup> group = groups.find(session.groupId());
            Optional<EndReason> reason = group.flatMap(g -> session.expiryAt(now, g.idleTimeout(), g.maxDuration()));
            if (reason.isPresent()) {
                end(session, reason.get(), now, "system", null);
                count++;
            }
        }
        return count;
    }

    @Override
    public int endLeftByPreviousRun(Instant startedBefore) {
        Instant now = clock.instant();
        List<CobrowseSession> left = sessions.liveOnNodeStartedBefore(node, startedBefore, EXPIRY_BATCH);
        left.forEach(session -> end(session, EndReason.SERVER_SHUTDOWN, now, "system", null));
        return left.size();
    }

    private void end(CobrowseSession session, EndReason reason, Instant now, String actor, String clientAddress) {
        session.end(reason, now);
        audit.record(AuditEvent.of(ENDED, Outcome.SUCCESS, now).group(session.groupId()).session(session.sessionRef())
                .actor(actor).sourceIp(clientAddress).detail("reason", reason.name()));
        ended.fire(new SessionEnded(session.sessionRef(), session.groupId(), reason));
    }

    /** The group rules checked on every start and every resume. */
    private CobrowseGroup checkedGroup(String groupId, List<String> pageGroups, VisitorContext context, String step) {
        CobrowseGroup group = groups.find(groupId).orElseThrow(() -> refuse(Reason.UNKNOWN_GROUP, null, context, step));
        if (!pageGroups.contains(group.id())) {
            throw refuse(Reason.GROUP_NOT_DECLARED, group.id(), context, step);
        }
        if (!group.isEnabled()) {
            throw refuse(Reason.GROUP_DISABLED, group.id(), context, step);
        }
        Optional<WebOrigin> origin = WebOrigin.parse(context.originHeader());
        if (origin.isEmpty() || !group.allowsOrigin(origin.get())) {
            throw refuse(Reason.ORIGIN_REFUSED, group.id(), context, step);
        }
        return group;
    }

    private SessionGrant grant(String sessionId, String key, CobrowseGroup group, WebOrigin origin, Instant expiresAt) {
        String token = tokens.sign(new VisitorToken(sessionId, group.id(), origin.value(), expiresAt));
        return new SessionGrant(sessionId, key, token, group, expiresAt);
    }

    /** Records the refusal (kept: the exception does not roll back) and returns it to throw. */
    private SessionRefusal refuse(Reason reason, String groupId, VisitorContext context, String step) {
        audit.record(event(DENIED, Outcome.DENIED, clock.instant(), groupId, null, context)
                .detail("reason", reason.code()).detail("step", step)
                .detail("origin", context.originHeader() == null ? "(none)" : context.originHeader()));
        return new SessionRefusal(reason);
    }

    private static AuditEvent event(String type, Outcome outcome, Instant at, String groupId, String ref, VisitorContext context) {
        return AuditEvent.of(type, outcome, at).group(groupId).session(ref).actor("visitor").sourceIp(context.clientAddress());
    }
}
