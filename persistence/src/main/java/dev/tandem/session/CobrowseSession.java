package dev.tandem.session;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The stored record of one co-browse session: metadata only. The session's secret id is never
 * stored; {@code sessionRef} is a one-way reference to it (see {@code docs/database.md}).
 */
@Entity
@Table(name = "cobrowse_session")
public class CobrowseSession {

    private static final Pattern KEY = Pattern.compile("^[A-Za-z0-9]{1,63}$");

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "session_ref", nullable = false, updatable = false, length = 64)
    private String sessionRef;

    @Column(name = "group_id", nullable = false, updatable = false, length = 64)
    private String groupId;

    @Column(name = "session_key", nullable = false, updatable = false, length = 63)
    private String sessionKey;

    @Column(name = "started_at", nullable = false, updatable = false)
    private OffsetDateTime startedAt;

    @Column(name = "ended_at")
    private OffsetDateTime endedAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "end_reason", length = 32)
    private EndReason endReason;

    @Column(name = "origin", updatable = false, length = 255)
    private String origin;

    @Column(name = "user_agent", updatable = false, length = 512)
    private String userAgent;

    @Column(name = "visitor_ip", updatable = false, length = 128)
    private String visitorIp;

    @Column(name = "node", length = 128)
    private String node;

    @Column(name = "peak_agents", nullable = false)
    private int peakAgents;

    @Column(name = "last_seen_at", nullable = false)
    private OffsetDateTime lastSeenAt;

    /** For JPA only. */
    protected CobrowseSession() {
    }

    private CobrowseSession(String sessionRef, String groupId, String sessionKey, Instant startedAt) {
        if (sessionKey == null || !KEY.matcher(sessionKey).matches()) {
            throw new IllegalArgumentException("a session key is 1 to 63 letters or digits");
        }
        this.sessionRef = Objects.requireNonNull(sessionRef, "sessionRef");
        this.groupId = Objects.requireNonNull(groupId, "groupId");
        this.sessionKey = sessionKey;
        this.startedAt = startedAt.atOffset(ZoneOffset.UTC);
        this.lastSeenAt = this.startedAt;
    }

    /** Records a session that starts now. */
    public static CobrowseSession started(String sessionRef, String groupId, String sessionKey, Instant startedAt) {
        return new CobrowseSession(sessionRef, groupId, sessionKey, startedAt);
    }

    public CobrowseSession from(String origin, String userAgent, String visitorIp, String node) {
        this.origin = origin;
        this.userAgent = userAgent == null || userAgent.length() <= 512 ? userAgent : userAgent.substring(0, 512);
        this.visitorIp = visitorIp;
        this.node = node;
        return this;
    }

    /** Ends the session once; a second end is refused so the first reason is never overwritten. */
    public void end(EndReason reason, Instant at) {
        if (endedAt != null) {
            throw new IllegalStateException("session already ended");
        }
        this.endReason = Objects.requireNonNull(reason, "reason");
        this.endedAt = Objects.requireNonNull(at, "at").atOffset(ZoneOffset.UTC);
    }

    /** The visitor was heard from at {@code at}: resets the idle clock. */
    public void visitorSeen(Instant at) {
        if (at.isAfter(lastSeenAt.toInstant())) {
            lastSeenAt = at.atOffset(ZoneOffset.UTC);
        }
    }

    /**
     * Why this live session must end at {@code now}, if it must: past its maximum duration, or no
     * visitor activity for longer than the idle timeout. Maximum duration wins when both apply.
     */
    public Optional<EndReason> expiryAt(Instant now, Duration idleTimeout, Duration maxDuration) {
        if (!isLive()) {
            return Optional.empty();
        }
        if (!now.isBefore(startedAt.toInstant().plus(maxDuration))) {
            return Optional.of(EndReason.MAX_DURATION);
        }
        if (!now.isBefore(lastSeenAt.toInstant().plus(idleTimeout))) {
            return Optional.of(EndReason.VISITOR_IDLE);
        }
        return Optional.empty();
    }

    /** Remembers the highest number of agents seen viewing at once. */
    public void agentsViewing(int count) {
        if (count > peakAgents) {
            peakAgents = count;
        }
    }

    public boolean isLive() {
        return endedAt == null;
    }

    public Long id() {
        return id;
    }

    public String sessionRef() {
        return sessionRef;
    }

    public String groupId() {
        return groupId;
    }

    public String sessionKey() {
        return sessionKey;
    }

    public Instant startedAt() {
        return startedAt.toInstant();
    }

    public Instant endedAt() {
        return endedAt == null ? null : endedAt.toInstant();
    }

    public EndReason endReason() {
        return endReason;
    }

    public Instant lastSeenAt() {
        return lastSeenAt.toInstant();
    }

    public String origin() {
        return origin;
    }

    public String userAgent() {
        return userAgent;
    }

    public String visitorIp() {
        return visitorIp;
    }

    public String node() {
        return node;
    }

    public int peakAgents() {
        return peakAgents;
    }
}
