package dev.tandem.visitor;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The visitor session service: every rule of starting, resuming and ending a session. */
public interface VisitorSessions {

    /** Starts a session, or refuses with a {@link SessionRefusal} (and a START_DENIED audit row). */
    SessionGrant start(StartRequest request, VisitorContext context);

    /** Re-validates a visitor's token and the group policy on a page load; refreshes the idle clock. */
    SessionGrant resume(String token, List<String> pageGroups, VisitorContext context);

    /**
     * The visitor's page is still there: re-checks the token and group policy, resets the idle
     * clock, and says who is viewing. No audit row: a heartbeat is not a security event, except a
     * refusal, such as a token for another session than the URL's {@code urlRef} (null when the URL
     * names none; {@code wrong_session}).
     */
    Heartbeat heartbeat(String token, List<String> pageGroups, VisitorContext context, String urlRef);

    /**
     * The visitor's page opens its stream: the same checks as a heartbeat (token, group policy,
     * origin, session live), and, when the stream's URL names its session ({@code urlRef}, what
     * the load balancer routed on; null if it names none), that the token is for that session
     * ({@code wrong_session}). Returns the session's reference and group; refusals are audited.
     */
    StreamGrant openStream(String token, List<String> pageGroups, VisitorContext context, String urlRef);

    /**
     * The visitors' streams of these sessions were active, each last at the time given: resets
     * their idle clocks (never backwards), in one transaction for all. Ended and unknown sessions
     * are left alone. The relay collects the times and calls this every few seconds.
     */
    void streamsActive(Map<String, Instant> lastActivity);

    /**
     * The PII tripwire found personal data in a session's stream ({@code source}: "visitor" when
     * the visitor script masked it, "relay" when the relay did): records PII_TRIPPED (kind, count,
     * group, source; never the value) unless the session already has one for that kind, and ends
     * the session if the group's policy is MASK_AND_END. Returns true if the session was ended.
     */
    boolean piiTripped(String sessionRef, Map<String, Integer> counts, String source);

    /**
     * The relay refused a compressed message on a session's live stream (a zip bomb, a ratio past
     * the bound, data that does not inflate): records START_DENIED with {@code step} {@code stream},
     * the session and group, {@code reason} {@code too_large} or {@code malformed}, and what the
     * inflater found ({@code inflate}: {@code too_big}, {@code ratio}, {@code malformed},
     * {@code not_utf8}). The stream is closed by the caller; at most one row per stream connection.
     */
    void streamRefused(String sessionRef, String groupId, SessionRefusal.Reason reason, String inflate, VisitorContext context);

    /** The visitor pressed Stop. Ending an already-ended session is not an error. */
    void stop(String token, VisitorContext context);

    /** An administrator ends a session by its reference. */
    void endByAdministrator(String sessionRef, String administrator, String clientAddress);

    /**
     * Records a refusal found before the rules ran (oversized or malformed body, too many starts) as
     * a START_DENIED audit row, and returns the exception to throw.
     */
    SessionRefusal deny(SessionRefusal.Reason reason, VisitorContext context, String step);

    /** Ends every live session past its idle timeout or maximum duration at {@code now}; returns how many. */
    int endExpired(Instant now);

    /**
     * Ends, as {@code SERVER_SHUTDOWN}, up to one batch of the sessions this node started before
     * {@code startedBefore} (its own start) that are still recorded live: their visitor tokens were
     * signed with a key that died with the previous run, so nobody can stream to them any more.
     * Sessions of other nodes are left alone. Returns how many; call again until none are left.
     */
    int endLeftByPreviousRun(Instant startedBefore);
}
