package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tandem.join.AgentIdentity;
import dev.tandem.join.AgentJoins;
import dev.tandem.join.AgentJoins.IssuedPass;
import dev.tandem.join.JoinRefusal;
import dev.tandem.join.ServerKeys;
import dev.tandem.presence.LiveSessions;
import dev.tandem.presence.Viewer;
import dev.tandem.presence.ViewerConnection;
import dev.tandem.visitor.SessionGrant;
import dev.tandem.visitor.StartRequest;
import dev.tandem.visitor.VisitorContext;
import dev.tandem.visitor.VisitorSessions;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Inside the server, against the real key ring, pass signer and PostgreSQL: who may join which
 * session by key, and every way a join ticket is refused, each with its JOIN_DENIED row. Key
 * rotation is driven by calling it, not by waiting for the timer (the test server rotates hourly).
 */
@ExtendWith(ArquillianExtension.class)
class JoinRulesIT {

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.tandemEarWithTests(JoinRulesIT.class);
    }

    @Inject
    AgentJoins joins;

    @Inject
    VisitorSessions visitors;

    @Inject
    ServerKeys keys;

    @Inject
    LiveSessions presence;

    private final String ip = "198.19." + ThreadLocalRandom.current().nextInt(256) + "." + ThreadLocalRandom.current().nextInt(1, 255);

    /** The newest audit row before this test (one instance per test): its rows of {@link #ip} are the ones after. */
    private final long since = Rows.lastAuditId();

    private record Live(String group, String key, String ref) {
    }

    private static Live liveSession(VisitorSessions visitors, String customKey) {
        String group = TestGroups.group().create();
        SessionGrant grant = visitors.start(new StartRequest(group, List.of(group), customKey),
                new VisitorContext("https://acme.example", "198.18.1.1", "TandemTest/1.0"));
        return new Live(group, grant.key(), Rows.refOf(grant.sessionId()));
    }

    private static AgentIdentity agent(String subject, String... groups) {
        return new AgentIdentity(subject, subject + " Agent", List.of(groups), Instant.now());
    }

    private JoinRefusal.Reason refusalOf(Runnable action) {
        JoinRefusal refusal = catchThrowableOfType(JoinRefusal.class, action::run);
        assertThat(refusal).as("refused").isNotNull();
        return refusal.reason();
    }

    private List<String> deniedReasons() {
        return Rows.auditFrom(ip, since).stream().filter(a -> a.type().equals("JOIN_DENIED")).map(Rows.Audit::reason).toList();
    }

    @Test
    void anAgentOfTheGroupJoinsByKeyAndRedeemsOnce() {
        Live s = liveSession(visitors, null);
        AgentIdentity alice = agent("alice", s.group());

        String ticket = joins.requestJoin(alice, null, s.key(), ip);
        IssuedPass pass = joins.redeem(ticket, alice, ip);

        assertThat(pass.pass().sessionRef()).isEqualTo(s.ref());
        assertThat(pass.pass().subject()).isEqualTo("alice");
        assertThat(pass.key()).isEqualTo(s.key());
        assertThat(pass.cookie()).hasSizeLessThan(4096);
        assertThat(Rows.auditFrom(ip, since)).extracting(Rows.Audit::type).containsExactly("JOIN_REQUESTED", "AGENT_JOINED");
        assertThat(ticket).doesNotContain(s.ref()).as("the ticket is opaque base64url").matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

        assertThat(refusalOf(() -> joins.redeem(ticket, alice, ip))).isEqualTo(JoinRefusal.Reason.REPLAY);
        assertThat(deniedReasons()).containsExactly("replay");
    }

    @Test
    void aSessionOfAnotherGroupGetsTheSameAnswerAsNoSessionAtAll() {
        Live other = liveSession(visitors, null);
        String mine = TestGroups.group().create();
        AgentIdentity alice = agent("alice", mine);

        JoinRefusal.Reason foreign = refusalOf(() -> joins.requestJoin(alice, null, other.key(), ip));
        JoinRefusal.Reason absent = refusalOf(() -> joins.requestJoin(alice, null, "NoSuchKey" + other.key(), ip));
        JoinRefusal.Reason askedForIt = refusalOf(() -> joins.requestJoin(alice, other.group(), other.key(), ip));

        assertThat(foreign.code()).isEqualTo(absent.code()).isEqualTo("no_such_session");
        assertThat(foreign.message()).isEqualTo(absent.message());
        assertThat(foreign.status()).isEqualTo(absent.status()).isEqualTo(404);
        assertThat(askedForIt.code()).isEqualTo("no_such_session");
        assertThat(deniedReasons()).containsExactly("wrong_group", "no_such_session", "wrong_group");
    }

    @Test
    void aKeyLiveInTwoOfTheAgentsGroupsAsksForTheGroup() {
        Live first = liveSession(visitors, "Shared" + ThreadLocalRandom.current().nextInt(1_000_000));
        Live second = liveSession(visitors, first.key());
        AgentIdentity bob = agent("bob", first.group(), second.group());

        assertThat(refusalOf(() -> joins.requestJoin(bob, null, first.key(), ip))).isEqualTo(JoinRefusal.Reason.CHOOSE_GROUP);
        IssuedPass pass = joins.redeem(joins.requestJoin(bob, second.group(), first.key(), ip), bob, ip);
        assertThat(pass.pass().sessionRef()).isEqualTo(second.ref());
    }

    @Test
    void aTicketWithAnyBitFlippedTruncatedEmptyOrReEncodedIsRefused() {
        Live s = liveSession(visitors, null);
        AgentIdentity alice = agent("alice", s.group());
        String ticket = joins.requestJoin(alice, null, s.key(), ip);
        int dot = ticket.indexOf('.');
        byte[] payload = Base64.getUrlDecoder().decode(ticket.substring(0, dot));
        List<String> bad = new ArrayList<>();
        for (int bit = 0; bit < payload.length * 8; bit += 13) {
            byte[] flipped = payload.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            bad.add(Base64.getUrlEncoder().withoutPadding().encodeToString(flipped) + ticket.substring(dot));
        }
        bad.add(ticket.substring(0, ticket.length() - 3));
        bad.add(ticket.substring(0, dot));
        bad.add(ticket.substring(0, dot) + "=" + ticket.substring(dot)); // re-encoded with padding
        bad.add(ticket.substring(0, dot) + "==" + ticket.substring(dot));
        bad.add(Base64.getEncoder().encodeToString(payload) + "%3D" + ticket.substring(dot)); // URL-escaped
        bad.add(ticket.substring(0, dot) + "." + Base64.getEncoder().encodeToString(Base64.getUrlDecoder().decode(ticket.substring(dot + 1))));

        for (String b : bad) {
            assertThat(refusalOf(() -> joins.redeem(b, alice, ip))).as(b).isIn(JoinRefusal.Reason.BAD_SIGNATURE, JoinRefusal.Reason.EXPIRED);
        }
        assertThat(refusalOf(() -> joins.redeem("", alice, ip))).isEqualTo(JoinRefusal.Reason.NO_TICKET);
        assertThat(deniedReasons()).hasSize(bad.size() + 1).last().isEqualTo("no_ticket");
        assertThat(deniedReasons()).filteredOn("bad_signature"::equals).hasSizeGreaterThanOrEqualTo(bad.size() - 2);
        assertThat(joins.redeem(ticket, alice, ip).pass().sessionRef()).as("the genuine ticket still works").isEqualTo(s.ref());
    }

    @Test
    void fieldsShiftedBetweenSessionAndAgentAreRefused() {
        Live s = liveSession(visitors, null);
        AgentIdentity alice = agent("alice", s.group());
        String ticket = joins.requestJoin(alice, null, s.key(), ip);
        List<String> fields = decode(ticket);
        // Move the last character of the session reference to the front of the subject.
        String ref = fields.get(2);
        List<String> shifted = new ArrayList<>(fields);
        shifted.set(2, ref.substring(0, ref.length() - 1));
        shifted.set(3, ref.charAt(ref.length() - 1) + fields.get(3));
        String forged = encode(shifted) + ticket.substring(ticket.indexOf('.'));
        AgentIdentity shiftedAgent = agent(shifted.get(3), s.group());

        assertThat(refusalOf(() -> joins.redeem(forged, shiftedAgent, ip))).isEqualTo(JoinRefusal.Reason.BAD_SIGNATURE);
        assertThat(deniedReasons()).containsExactly("bad_signature");
    }

    @Test
    void anotherAgentsTicketIsRefusedAndStaysGoodForItsOwner() {
        Live s = liveSession(visitors, null);
        AgentIdentity alice = agent("alice", s.group());
        AgentIdentity bob = agent("bob", s.group());
        String ticket = joins.requestJoin(alice, null, s.key(), ip);

        assertThat(refusalOf(() -> joins.redeem(ticket, bob, ip))).isEqualTo(JoinRefusal.Reason.WRONG_AGENT);
        assertThat(deniedReasons()).containsExactly("wrong_agent");
        assertThat(joins.redeem(ticket, alice, ip).pass().subject()).isEqualTo("alice");
    }

    @Test
    void aTicketIsGoodUnderThePreviousKeyAndRefusedOnceItsKeyHasLeftTheWindow() {
        Live s = liveSession(visitors, null);
        AgentIdentity alice = agent("alice", s.group());

        String first = joins.requestJoin(alice, null, s.key(), ip);
        keys.rotate();
        assertThat(joins.redeem(first, alice, ip).pass().sessionRef()).isEqualTo(s.ref());

        String second = joins.requestJoin(alice, null, s.key(), ip);
        keys.rotate();
        keys.rotate();
        assertThat(refusalOf(() -> joins.redeem(second, alice, ip))).isEqualTo(JoinRefusal.Reason.EXPIRED);
        assertThat(deniedReasons()).containsExactly("expired");
    }

    @Test
    void aTicketForASessionThatEndedIsRefused() {
        Live s = liveSession(visitors, null);
        AgentIdentity alice = agent("alice", s.group());
        String ticket = joins.requestJoin(alice, null, s.key(), ip);
        visitors.endByAdministrator(s.ref(), "carol", ip);

        assertThat(refusalOf(() -> joins.redeem(ticket, alice, ip))).isEqualTo(JoinRefusal.Reason.SESSION_ENDED);
        assertThat(deniedReasons()).containsExactly("session_ended");
    }

    @Test
    void aRevokedAgentCannotJoinUntilSignedInAgain() {
        Live s = liveSession(visitors, null);
        AgentIdentity before = new AgentIdentity("dave", "Dave", List.of(s.group()), Instant.now().minusSeconds(5));
        joins.revoke("dave", "carol", ip);

        assertThat(refusalOf(() -> joins.requestJoin(before, null, s.key(), ip))).isEqualTo(JoinRefusal.Reason.REVOKED);
        AgentIdentity signedInAgain = new AgentIdentity("dave", "Dave", List.of(s.group()), Instant.now().plusSeconds(1));
        assertThat(joins.redeem(joins.requestJoin(signedInAgain, null, s.key(), ip), signedInAgain, ip).pass().subject()).isEqualTo("dave");
        assertThat(Rows.auditFrom(ip, since)).filteredOn(a -> a.type().equals("AGENT_REVOKED")).singleElement()
                .satisfies(a -> {
                    assertThat(a.actor()).isEqualTo("carol");
                    assertThat(a.detail().getString("agent")).isEqualTo("dave");
                });
    }

    @Test
    void theGateClosesAViewerOnceItsPassHasLapsed() {
        Live s = liveSession(visitors, null);
        Instant deadline = Instant.now().plusSeconds(1800);
        Lapsing viewer = new Lapsing(s.ref(), deadline);
        presence.opened(viewer);

        joins.closeLapsed(deadline.minusSeconds(1));
        assertThat(viewer.closedWith).as("still inside the inactivity timeout").isNull();
        viewer.extendPass(deadline.plusSeconds(600));
        joins.closeLapsed(deadline.plusSeconds(1));
        assertThat(viewer.closedWith).as("refreshed pass").isNull();

        joins.closeLapsed(deadline.plusSeconds(601));
        assertThat(viewer.closedWith).isEqualTo(1008);
        assertThat(presence.viewing(s.ref())).isEmpty();
    }

    /** A viewer connection with a pass deadline, remembering how it was closed. */
    static final class Lapsing implements ViewerConnection {
        private final String ref;
        private final String passId = java.util.UUID.randomUUID().toString();
        private final Instant issued = Instant.now();
        private volatile Instant expires;
        volatile Integer closedWith;

        Lapsing(String ref, Instant expires) {
            this.ref = ref;
            this.expires = expires;
        }

        @Override
        public Viewer viewer() {
            return new Viewer("erin-" + passId, "Erin");
        }

        @Override
        public String sessionRef() {
            return ref;
        }

        @Override
        public String passId() {
            return passId;
        }

        @Override
        public Instant passIssuedAt() {
            return issued;
        }

        @Override
        public Instant passExpiresAt() {
            return expires;
        }

        @Override
        public void extendPass(Instant expiresAt) {
            expires = expiresAt;
        }

        @Override
        public void close(int code, String reason) {
            closedWith = code;
        }
    }

    private static List<String> decode(String ticket) {
        ByteBuffer b = ByteBuffer.wrap(Base64.getUrlDecoder().decode(ticket.substring(0, ticket.indexOf('.'))));
        List<String> fields = new ArrayList<>();
        while (b.hasRemaining()) {
            byte[] f = new byte[b.getInt()];
            b.get(f);
            fields.add(new String(f, StandardCharsets.UTF_8));
        }
        return fields;
    }

    private static String encode(List<String> fields) {
        List<byte[]> parts = fields.stream().map(f -> f.getBytes(StandardCharsets.UTF_8)).toList();
        ByteBuffer b = ByteBuffer.allocate(parts.stream().mapToInt(p -> 4 + p.length).sum());
        parts.forEach(p -> b.putInt(p.length).put(p));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }
}
