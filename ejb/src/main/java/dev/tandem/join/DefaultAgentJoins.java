package dev.tandem.join;

import dev.tandem.audit.AuditEvent;
import dev.tandem.audit.AuditLog;
import dev.tandem.audit.Outcome;
import dev.tandem.join.AgentJoins.IssuedPass;
import dev.tandem.group.CobrowseGroup;
import dev.tandem.group.GroupRepository;
import dev.tandem.presence.LiveSession;
import dev.tandem.presence.LiveSessions;
import dev.tandem.presence.Viewer;
import dev.tandem.presence.ViewerConnection;
import dev.tandem.session.CobrowseSession;
import dev.tandem.session.SessionRepository;
import dev.tandem.visitor.SessionKeys;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@link AgentJoins}: each method is one transaction holding the action and its audit rows. */
@Stateless
public class DefaultAgentJoins implements AgentJoins {

    static final String REQUESTED = "JOIN_REQUESTED";
    static final String DENIED = "JOIN_DENIED";
    static final String JOINED = "AGENT_JOINED";
    static final String LEFT = "AGENT_LEFT";
    static final String REVOKED = "AGENT_REVOKED";
    static final String SOCKET_REFUSED = "SOCKET_REFUSED";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    SessionRepository sessions;

    @Inject
    AuditLog audit;

    @Inject
    GroupRepository groups;

    @Inject
    ServerKeys keys;

    @Inject
    AgentPassSigner passes;

    @Inject
    UsedTickets usedTickets;

    @Inject
    Revocations revocations;

    @Inject
    LiveSessions presence;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "tandem.agent.inactivity-timeout-minutes", defaultValue = "30")
    long inactivityMinutes;

    @Inject
    @ConfigProperty(name = "tandem.agent.bind-ip", defaultValue = "false")
    boolean bindIp;

    @Inject
    @ConfigProperty(name = "tandem.public-origins", defaultValue = "https://localhost:8443")
    String publicOrigins;

    @Override
    public String requestJoin(AgentIdentity agent, String groupId, String key, String clientAddress) {
        Instant now = clock.instant();
        audit.record(event(REQUESTED, Outcome.SUCCESS, now, groupId, null, agent.subject(), clientAddress));
        requireSignInNotRevoked(agent, groupId, clientAddress, now);
        if (!SessionKeys.isValidCustom(key)) {
            throw deny(JoinRefusal.Reason.BAD_KEY, groupId, null, agent.subject(), clientAddress);
        }
        List<String> candidates = groupId == null ? agent.groups() : List.of(groupId);
        if (groupId != null && !agent.groups().contains(groupId)) {
            throw deny(JoinRefusal.Reason.WRONG_GROUP, groupId, null, agent.subject(), clientAddress);
        }
        List<CobrowseSession> matches = candidates.stream().map(g -> sessions.findLiveByKey(g, key))
                .flatMap(Optional::stream).toList();
        if (matches.isEmpty()) {
            JoinRefusal.Reason reason = sessions.isKeyLiveInAnyGroup(key) ? JoinRefusal.Reason.WRONG_GROUP : JoinRefusal.Reason.NO_SUCH_SESSION;
            throw deny(reason, groupId, null, agent.subject(), clientAddress);
        }
        if (matches.size() > 1) {
            throw deny(JoinRefusal.Reason.CHOOSE_GROUP, null, null, agent.subject(), clientAddress);
        }
        CobrowseSession session = matches.get(0);
        // The ticket carries the modes the group allows now; the pass takes them from the ticket.
        String modes = groups.find(session.groupId()).map(CobrowseGroup::agentModes).orElse(JoinTicket.VIEW);
        return keys.issue(randomId(), session.sessionRef(), agent.subject(), modes);
    }

    @Override
    public IssuedPass redeem(String ticket, AgentIdentity agent, String clientAddress) {
        Instant now = clock.instant();
        if (ticket == null || ticket.isEmpty()) {
            throw deny(JoinRefusal.Reason.NO_TICKET, null, null, agent.subject(), clientAddress);
        }
        JoinTicketSigner.Check check = keys.check(ticket, now);
        String ref = check.ticket() == null ? null : check.ticket().sessionRef();
        if (!check.valid()) {
            JoinRefusal.Reason reason = check.flaw() == JoinTicketSigner.Flaw.EXPIRED ? JoinRefusal.Reason.EXPIRED : JoinRefusal.Reason.BAD_SIGNATURE;
            throw deny(reason, null, ref, agent.subject(), clientAddress);
        }
        JoinTicket t = check.ticket();
        if (!sameText(t.subject(), agent.subject())) {
            throw deny(JoinRefusal.Reason.WRONG_AGENT, null, ref, agent.subject(), clientAddress);
        }
        requireSignInNotRevoked(agent, null, clientAddress, now);
        if (!usedTickets.firstUse(t.ticketId(), t.issuedAt().plus(keys.interval().multipliedBy(2)), now)) {
            throw deny(JoinRefusal.Reason.REPLAY, null, ref, agent.subject(), clientAddress);
        }
        CobrowseSession session = sessions.findLive(ref)
                .orElseThrow(() -> deny(JoinRefusal.Reason.SESSION_ENDED, null, ref, agent.subject(), clientAddress));
        if (!agent.groups().contains(session.groupId())) {
            throw deny(JoinRefusal.Reason.WRONG_GROUP, session.groupId(), ref, agent.subject(), clientAddress);
        }
        AgentPass pass = new AgentPass(randomId(), ref, agent.subject(), agent.displayName(), now, now.plus(inactivity()),
                bindIp ? passes.ipBinding(clientAddress) : "", grantedModes(t.privileges()));
        audit.record(event(JOINED, Outcome.SUCCESS, now, session.groupId(), ref, agent.subject(), clientAddress)
                .detail("pass", pass.passId()).detail("privileges", t.privileges()));
        return issued(pass, session);
    }

    @Override
    public IssuedPass currentPass(String passCookie, AgentIdentity agent, String clientAddress) {
        Instant now = clock.instant();
        AgentPass pass = passes.read(passCookie)
                .filter(p -> sameText(p.subject(), agent.subject()))
                .filter(p -> !p.isExpiredAt(now))
                .filter(p -> !revocations.isVoid(p))
                .filter(p -> !bindIp || p.ipBinding().equals(passes.ipBinding(clientAddress)))
                .orElseThrow(() -> new JoinRefusal(JoinRefusal.Reason.NO_PASS));
        CobrowseSession session = sessions.findLive(pass.sessionRef()).orElseThrow(() -> new JoinRefusal(JoinRefusal.Reason.NO_PASS));
        return new IssuedPass(pass, passCookie, session.sessionKey(), session.groupId(), session.origin());
    }

    @Override
    public IssuedPass refresh(String passCookie, AgentIdentity agent, String clientAddress) {
        IssuedPass current = currentPass(passCookie, agent, clientAddress);
        AgentPass old = current.pass();
        AgentPass renewed = old.expiringAt(clock.instant().plus(inactivity()));
        presence.extendPass(old.passId(), renewed.expiresAt());
        return new IssuedPass(renewed, passes.sign(renewed), current.key(), current.groupId(), current.visitorOrigin());
    }

    @Override
    public AgentPass admit(String passCookie, String sessionRef, String origin, String clientAddress) {
        Instant now = clock.instant();
        String ref = sessionRef != null && sessionRef.matches("[0-9a-f]{64}") ? sessionRef : null;
        if (origin == null || !allowedOrigins.contains(origin)) {
            throw refuseSocket(SocketRefusal.Reason.ORIGIN_REFUSED, ref, null, origin, clientAddress);
        }
        if (passCookie == null || passCookie.isEmpty()) {
            throw refuseSocket(SocketRefusal.Reason.NO_COOKIE, ref, null, origin, clientAddress);
        }
        AgentPass pass = passes.read(passCookie)
                .orElseThrow(() -> refuseSocket(SocketRefusal.Reason.BAD_COOKIE, ref, null, origin, clientAddress));
        if (ref == null || !sameText(pass.sessionRef(), ref)) {
            throw refuseSocket(SocketRefusal.Reason.WRONG_SESSION, ref, pass.subject(), origin, clientAddress);
        }
        if (pass.isExpiredAt(now)) {
            throw refuseSocket(SocketRefusal.Reason.EXPIRED, ref, pass.subject(), origin, clientAddress);
        }
        if (revocations.isVoid(pass)) {
            throw refuseSocket(SocketRefusal.Reason.REVOKED, ref, pass.subject(), origin, clientAddress);
        }
        if (bindIp && !sameText(pass.ipBinding(), passes.ipBinding(clientAddress))) {
            throw refuseSocket(SocketRefusal.Reason.IP_CHANGED, ref, pass.subject(), origin, clientAddress);
        }
        CobrowseSession session = sessions.findLive(ref)
                .orElseThrow(() -> refuseSocket(SocketRefusal.Reason.SESSION_ENDED, ref, pass.subject(), origin, clientAddress));
        int maxAgents = groups.find(session.groupId()).map(CobrowseGroup::maxAgents).orElse(1);
        List<Viewer> viewing = presence.viewing(ref);
        if (viewing.size() >= maxAgents && viewing.stream().noneMatch(v -> v.subject().equals(pass.subject()))) {
            throw refuseSocket(SocketRefusal.Reason.TOO_MANY_VIEWERS, ref, pass.subject(), origin, clientAddress);
        }
        return pass;
    }

    @Override
    public LiveSession viewerOpened(ViewerConnection connection) {
        LiveSessions.Opened opened = presence.opened(connection);
        sessions.recordViewers(connection.sessionRef(), opened.viewers());
        return opened.session();
    }

    @Override
    public void viewerClosed(ViewerConnection connection, String reason) {
        presence.closed(connection);
        String groupId = sessions.find(connection.sessionRef()).map(CobrowseSession::groupId).orElse(null);
        audit.record(event(LEFT, Outcome.SUCCESS, clock.instant(), groupId, connection.sessionRef(), connection.viewer().subject(), null)
                .detail("pass", connection.passId()).detail("reason", reason));
    }

    @Override
    public void leave(String passCookie, AgentIdentity agent, String clientAddress) {
        passes.read(passCookie).filter(p -> sameText(p.subject(), agent.subject())).ifPresent(p -> {
            revocations.voidPass(p.passId(), p.expiresAt(), clock.instant());
            presence.closePass(p.passId(), LiveSessions.NORMAL, "left");
        });
    }

    @Override
    public void signedOut(AgentIdentity agent, String clientAddress) {
        revocations.voidPasses(agent.subject(), clock.instant());
        presence.closeAgent(agent.subject(), LiveSessions.POLICY, "signed out");
    }

    @Override
    public void revoke(String subject, String administrator, String clientAddress) {
        Instant now = clock.instant();
        revocations.revoke(subject, now);
        int closed = presence.closeAgent(subject, LiveSessions.POLICY, "revoked");
        audit.record(event(REVOKED, Outcome.SUCCESS, now, null, null, administrator, clientAddress)
                .detail("agent", subject).detail("connectionsClosed", Integer.toString(closed)));
    }

    @Override
    public int closeLapsed(Instant now) {
        return presence.closeWhere(c -> !now.isBefore(c.passExpiresAt()) || revocations.isVoid(c.passId(), c.viewer().subject(), c.passIssuedAt()),
                LiveSessions.POLICY, "pass expired or revoked");
    }

    private void requireSignInNotRevoked(AgentIdentity agent, String groupId, String clientAddress, Instant now) {
        if (revocations.isSignInRevoked(agent.subject(), agent.signedInAt())) {
            throw deny(JoinRefusal.Reason.REVOKED, groupId, null, agent.subject(), clientAddress);
        }
    }

    private IssuedPass issued(AgentPass pass, CobrowseSession session) {
        return new IssuedPass(pass, passes.sign(pass), session.sessionKey(), session.groupId(), session.origin());
    }

    /** Only the known modes of a ticket, in their order, {@code view} always first. */
    static String grantedModes(String privileges) {
        List<String> asked = privileges == null ? List.of() : Arrays.asList(privileges.split(","));
        StringBuilder modes = new StringBuilder(JoinTicket.VIEW);
        for (String mode : List.of(JoinTicket.POINTER, JoinTicket.WRITE)) {
            if (asked.contains(mode)) {
                modes.append(',').append(mode);
            }
        }
        return modes.toString();
    }

    private Duration inactivity() {
        return Duration.ofMinutes(inactivityMinutes);
    }

    private Set<String> allowedOrigins;

    /** Parsed once per bean instance, not on every viewer handshake. */
    @PostConstruct
    void parseOrigins() {
        allowedOrigins = Arrays.stream(publicOrigins.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    private JoinRefusal deny(JoinRefusal.Reason reason, String groupId, String ref, String subject, String clientAddress) {
        audit.record(event(DENIED, Outcome.DENIED, clock.instant(), groupId, ref, subject, clientAddress).detail("reason", reason.auditReason()));
        return new JoinRefusal(reason);
    }

    private SocketRefusal refuseSocket(SocketRefusal.Reason reason, String ref, String subject, String origin, String clientAddress) {
        audit.record(event(SOCKET_REFUSED, Outcome.DENIED, clock.instant(), null, ref, subject, clientAddress)
                .detail("reason", reason.code()).detail("origin", origin == null ? "(none)" : origin));
        return new SocketRefusal(reason);
    }

    private static AuditEvent event(String type, Outcome outcome, Instant at, String groupId, String ref, String actor, String ip) {
        return AuditEvent.of(type, outcome, at).group(groupId).session(ref).actor(actor).sourceIp(ip);
    }

    /** Constant-time equality of two texts (signed values are compared without a timing oracle). */
    private static boolean sameText(String a, String b) {
        return a != null && b != null && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String randomId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
