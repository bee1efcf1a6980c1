package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.it.VisitorClient.Answer;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.FluentWait;

/**
 * Two nodes of the cluster server (JGroups TCP stack, static discovery, encrypted and authenticated)
 * behind HAProxy, started here and shared by every case. Through the balancer a visitor and two
 * agents land on one node and stream end to end, and the visitor's heartbeat reaches that node; a ticket issued on one node redeems once on the
 * other; a revocation or an administrator's end on one node closes sockets on the other; the server
 * keys are the same on both and rotate with no false rejects; a client's visitor starts spread over
 * both nodes meet one start limit; when the node holding a session
 * crashes, visitor and agent reconnect through the balancer to the other node, which takes the
 * session and asks for a fresh snapshot; once every node has restarted (one after the other, so
 * that the keys live on and a pass from before still verifies), a revocation from before still
 * refuses that pass on each: revocations outlive a restart of every node through PostgreSQL.
 */
class ClusterIT {

    private static final String SITE = "https://acme.example";
    private static final String GROUP = "demo";
    private static ClusterNodes cluster;

    @BeforeAll
    static void startCluster() {
        cluster = new ClusterNodes();
        cluster.start();
        // After the start: on a fresh database the nodes' migration makes the tables.
        TestGroups.group().id(GROUP).origins(SITE).create();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private record Live(VisitorClient visitor, String ref, String key, String token, URI streamUrl) {
    }

    /** A session started through this base (the balancer or one node). */
    private static Live live(URI base) {
        VisitorClient visitor = VisitorClient.from(SITE).via(base);
        Answer started = visitor.start(GROUP);
        assertThat(started.status()).isEqualTo(201);
        return new Live(visitor, Rows.refOf(started.string("sessionId")), started.string("key"), started.string("token"),
                URI.create(started.string("streamUrl")));
    }

    /** The visitor's stream to this base's host (the path is the session's own), after {@code ready}. */
    private static StreamClients.Visitor stream(Live s, URI base) {
        URI url = URI.create("wss://" + base.getRawAuthority() + s.streamUrl().getRawPath());
        StreamClients.Visitor v = StreamClients.Visitor.open(SITE, url).hello(s.token(), GROUP);
        within(v, 20).until(x -> x.received.stream().anyMatch(m -> m.contains("\"type\":\"ready\"")) || !x.isOpen());
        assertThat(v.isOpen()).as("stream open, received %s", v.received).isTrue();
        return v;
    }

    private static ViewerSockets.Open viewer(URI base, String ref, String pass) {
        ViewerSockets.Open socket = ViewerSockets.open(base, ref, pass);
        within(socket, 20).until(o -> o.messages.stream().anyMatch(m -> m.contains("\"type\":\"welcome\"")) || o.closeCode.isDone());
        return socket;
    }

    private static <T> FluentWait<T> within(T subject, int seconds) {
        return new FluentWait<>(subject).withTimeout(Duration.ofSeconds(seconds)).pollingEvery(Duration.ofMillis(100));
    }

    private static String owner(String ref) {
        return Rows.session(ref).orElseThrow().node();
    }

    @Test
    void aVisitorAndTwoAgentsThroughTheBalancerMeetOnOneNodeAndStreamEndToEnd() throws Exception {
        Live s = live(ClusterNodes.BALANCER);
        assertThat(s.streamUrl().toString()).startsWith("wss://localhost:" + ClusterNodes.BALANCER_PORT + "/cobrowse/stream/visitor/" + s.ref());
        StreamClients.Visitor stream = stream(s, ClusterNodes.BALANCER);
        String holder = owner(s.ref());
        assertThat(holder).isIn(cluster.a.name, cluster.b.name);

        AgentClient alice = AgentClient.signIn("alice", ClusterNodes.BALANCER);
        AgentClient bob = AgentClient.signIn("bob", ClusterNodes.BALANCER);
        ViewerSockets.Open one = viewer(ClusterNodes.BALANCER, s.ref(), alice.passFor(s.key(), GROUP));
        ViewerSockets.Open two = viewer(ClusterNodes.BALANCER, s.ref(), bob.passFor(s.key(), GROUP));
        assertThat(one.isOpen()).as("alice's viewer, closed %s", one.closeCode).isTrue();
        assertThat(two.isOpen()).as("bob's viewer").isTrue();

        long ts = System.currentTimeMillis();
        stream.events(StreamClients.meta(ts), StreamClients.snapshot(ts, "{\"type\":3,\"id\":4,\"textContent\":\"cluster-marker\"}"));
        within(one, 20).until(o -> o.messages.stream().anyMatch(m -> m.contains("cluster-marker")));
        within(two, 20).until(o -> o.messages.stream().anyMatch(m -> m.contains("cluster-marker")));
        assertThat(owner(s.ref())).as("every socket of the session met on one node").isEqualTo(holder);
        assertThat(Rows.session(s.ref()).orElseThrow().peakAgents()).as("both viewers counted on that node").isEqualTo(2);
        assertThat(Rows.auditOfSession(s.ref())).filteredOn(a -> a.type().equals("AGENT_JOINED")).extracting(Rows.Audit::actor)
                .containsExactlyInAnyOrder("alice", "bob");
        stream.close();
    }

    @Test
    void aTicketIssuedOnOneNodeRedeemsOnTheOtherOnce() {
        Live s = live(cluster.a.base());
        AgentClient onA = AgentClient.signIn("alice", cluster.a.base());
        AgentClient onB = AgentClient.signIn("alice", cluster.b.base());
        Answer joined = onA.join(s.key(), GROUP);
        assertThat(joined.status()).isEqualTo(201);
        String ticket = AgentClient.cookie(joined.raw(), "__Host-tandem-join").orElseThrow();

        assertThat(onB.redeem(ticket).status()).as("first redemption, on the other node").isEqualTo(200);
        assertThat(onA.redeem(ticket).status()).as("again, on the issuing node").isEqualTo(401);
        assertThat(onB.redeem(ticket).status()).as("again, on the same node").isEqualTo(401);
        assertThat(Rows.auditOfSession(s.ref())).filteredOn(a -> a.type().equals("JOIN_DENIED"))
                .extracting(Rows.Audit::reason).containsExactly("replay", "replay");
    }

    @Test
    void revokingAnAgentOnOneNodeClosesTheirViewerOnTheOther() throws Exception {
        Live s = live(cluster.a.base());
        StreamClients.Visitor stream = stream(s, cluster.a.base());
        AgentClient bob = AgentClient.signIn("bob", cluster.a.base());
        ViewerSockets.Open socket = viewer(cluster.a.base(), s.ref(), bob.passFor(s.key(), GROUP));
        assertThat(socket.isOpen()).isTrue();

        long since = Rows.lastAuditId();
        Answer revoked = AgentClient.signIn("carol", cluster.b.base()).post("api/admin/agents/bob/revoke", "", null);

        assertThat(revoked.status()).isEqualTo(204);
        assertThat(socket.closeCode.get(15, TimeUnit.SECONDS)).as("closed on node a").isEqualTo(1008);
        assertThat(bob.join(s.key(), GROUP).status()).as("bob's sign-in on node a is void").isEqualTo(401);
        assertThat(Rows.auditOfType("AGENT_REVOKED", since)).anySatisfy(a -> assertThat(a.actor()).isEqualTo("carol"));
        within(s.ref(), 10).until(ref -> Rows.auditOfSession(ref).stream().anyMatch(a -> a.type().equals("AGENT_LEFT")));
        assertThat(stream.isOpen()).isTrue();
        stream.close();
    }

    @Test
    void anAdministratorEndingASessionOnOneNodeEndsItOnTheOther() throws Exception {
        Live s = live(cluster.a.base());
        StreamClients.Visitor stream = stream(s, cluster.a.base());
        ViewerSockets.Open socket = viewer(cluster.a.base(), s.ref(), AgentClient.signIn("alice", cluster.a.base()).passFor(s.key(), GROUP));

        Answer ended = AgentClient.signIn("carol", cluster.b.base()).post("api/admin/sessions/" + s.ref() + "/end", "", null);

        assertThat(ended.status()).isEqualTo(204);
        assertThat(stream.closeCode.get(15, TimeUnit.SECONDS)).isEqualTo(1000);
        assertThat(stream.received).anySatisfy(m -> assertThat(m).contains("\"type\":\"ended\"").contains("ADMINISTRATOR"));
        assertThat(socket.closeCode.get(15, TimeUnit.SECONDS)).isEqualTo(1000);
        assertThat(Rows.auditOfSession(s.ref())).filteredOn(a -> a.type().equals("SESSION_ENDED")).singleElement()
                .satisfies(a -> assertThat(a.actor()).isEqualTo("carol"));
    }

    @Test
    void theVisitorsHeartbeatThroughTheBalancerReachesTheNodeHoldingTheSession() throws Exception {
        Live s = live(ClusterNodes.BALANCER);
        StreamClients.Visitor stream = stream(s, ClusterNodes.BALANCER);
        AgentClient alice = AgentClient.signIn("alice", cluster.a.base());
        ViewerSockets.Open socket = viewer(ClusterNodes.BALANCER, s.ref(), alice.passFor(s.key(), GROUP));
        assertThat(socket.isOpen()).isTrue();
        String path = s.ref() + "/heartbeat";

        within(s, 10).until(x -> x.visitor().post(path, VisitorClient.continuation(x.token(), GROUP)).json().getJsonArray("agents").size() == 1);
        // Round robin would send every other call to the node that does not hold the session, whose answer lists nobody.
        for (int i = 0; i < 4; i++) {
            Answer beat = s.visitor().post(path, VisitorClient.continuation(s.token(), GROUP));
            assertThat(beat.status()).isEqualTo(200);
            assertThat(beat.json().getJsonArray("agents")).as("heartbeat %d", i + 1).hasSize(1);
        }
        stream.close();
    }

    @Test
    void theVisitorStartLimitHoldsForBothNodesTogether() {
        // Per calendar minute: begin well clear of the minute's turn (the starts take seconds).
        within(Clock.systemUTC(), 20).pollingEvery(Duration.ofMillis(250)).until(c -> LocalTime.now(c).getSecond() < 40);
        VisitorClient visitor = VisitorClient.from(SITE);
        long since = Rows.lastAuditId();
        for (int i = 0; i < 10; i++) {
            URI node = i % 2 == 0 ? cluster.a.base() : cluster.b.base();
            assertThat(visitor.via(node).start(GROUP).status()).as("start %d, on %s", i + 1, node).isEqualTo(201);
        }
        Answer eleventh = visitor.via(cluster.a.base()).start(GROUP);
        assertThat(eleventh.status()).as("node a saw six starts of this client, the cluster eleven").isEqualTo(429);
        assertThat(eleventh.error()).isEqualTo("too_many_requests");
        assertThat(visitor.via(cluster.b.base()).start(GROUP).status()).isEqualTo(429);
        assertThat(Rows.auditFrom(visitor.ip(), since)).filteredOn(a -> a.type().equals("START_DENIED")).singleElement()
                .satisfies(a -> assertThat(a.reason()).isEqualTo("too_many_requests"));
    }

    @Test
    void theServerKeysAreTheSameOnBothNodesAndRotateWithNoFalseRejects() {
        Live s = live(cluster.a.base());
        AgentClient onA = AgentClient.signIn("alice", cluster.a.base());
        AgentClient onB = AgentClient.signIn("alice", cluster.b.base());
        String first = ticketOf(onA.join(s.key(), GROUP));
        int firstKey = keyIdOf(first);

        // The nodes rotate every 10 s: wait for the next key, seen in a fresh ticket from node b.
        String[] later = new String[1];
        within(onB, 30).pollingEvery(Duration.ofSeconds(1)).until(c -> keyIdOf(later[0] = ticketOf(c.join(s.key(), GROUP))) == firstKey + 1);

        assertThat(onB.redeem(first).status()).as("a's ticket under the previous key, on b").isEqualTo(200);
        assertThat(onA.redeem(later[0]).status()).as("b's ticket under the new key, on a").isEqualTo(200);
        assertThat(keyIdOf(ticketOf(onA.join(s.key(), GROUP)))).as("one rotation, seen by both").isIn(firstKey + 1, firstKey + 2);
        assertThat(Rows.auditOfSession(s.ref())).filteredOn(a -> a.type().equals("JOIN_DENIED")).isEmpty();
        assertThat(Rows.auditOfSession(s.ref())).filteredOn(a -> a.type().equals("AGENT_JOINED")).hasSize(2);
    }

    @Test
    void whenTheNodeHoldingASessionCrashesVisitorAndAgentGoOnThroughTheOther() throws Exception {
        Live s = live(ClusterNodes.BALANCER);
        StreamClients.Visitor stream = stream(s, ClusterNodes.BALANCER);
        ClusterNodes.Node holder = cluster.named(owner(s.ref()));
        AgentClient alice = AgentClient.signIn("alice", cluster.other(holder).base());
        String pass = alice.passFor(s.key(), GROUP);
        ViewerSockets.Open socket = viewer(ClusterNodes.BALANCER, s.ref(), pass);
        assertThat(socket.isOpen()).isTrue();
        // A revoked agent's pass, to present to the restarted node at the end.
        AgentClient bob = AgentClient.signIn("bob", cluster.other(holder).base());
        String bobsPass = bob.passFor(s.key(), GROUP);
        assertThat(AgentClient.signIn("carol", cluster.other(holder).base()).post("api/admin/agents/bob/revoke", "", null).status())
                .isEqualTo(204);

        try {
            cluster.stop(holder, true);
            assertThat(stream.closeCode.get(15, TimeUnit.SECONDS)).as("the visitor's socket died with the node").isNotEqualTo(1000);
            assertThat(socket.closeCode.get(15, TimeUnit.SECONDS)).isNotEqualTo(1000).isNotEqualTo(1008);

            // Both reconnect through the balancer, as the visitor script and the viewer do on such a close.
            StreamClients.Visitor again = within(s, 40).ignoring(AssertionError.class)
                    .ignoring(IllegalStateException.class).until(x -> stream(x, ClusterNodes.BALANCER));
            assertThat(owner(s.ref())).as("the other node took the session").isEqualTo(cluster.other(holder).name);
            ViewerSockets.Open back = viewer(ClusterNodes.BALANCER, s.ref(), pass);
            assertThat(back.isOpen()).as("the agent's pass is good on the other node").isTrue();
            within(again, 10).until(v -> v.received.stream().anyMatch(m -> m.equals("{\"type\":\"snapshot\"}")));
            long ts = System.currentTimeMillis();
            again.events(StreamClients.meta(ts), StreamClients.snapshot(ts, "{\"type\":3,\"id\":4,\"textContent\":\"after-failover\"}"));
            within(back, 20).until(o -> o.messages.stream().anyMatch(m -> m.contains("after-failover")));
            assertThat(Rows.session(s.ref()).orElseThrow().endedAt()).as("the session went on").isNull();
            again.close();
        } finally {
            cluster.restart(holder);
        }
        // The restarted node read every revocation at start: bob's pass (the keys outlived it) is refused there.
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        String ip = "198.19." + r.nextInt(256) + "." + r.nextInt(1, 255);
        long before = Rows.lastAuditId();
        assertThat(ViewerSockets.handshake(holder.base(), s.ref(), ViewerSockets.headers(holder.origin(), bobsPass, ip)))
                .isEqualTo(403);
        assertThat(Rows.auditFrom(ip, before)).singleElement().satisfies(a -> assertThat(a.reason()).isEqualTo("revoked"));

        // Then the other node restarts too (one at a time, so the shared keys live on): every node
        // has now started since the revocation, and revocations are kept in each node's own memory
        // (only the keys are shared through Infinispan), so what refuses bob now came from PostgreSQL.
        ClusterNodes.Node other = cluster.other(holder);
        cluster.stop(other, false);
        cluster.restart(other);
        String another = "198.19." + r.nextInt(256) + "." + r.nextInt(1, 255);
        long beforeAnother = Rows.lastAuditId();
        assertThat(ViewerSockets.handshake(other.base(), s.ref(), ViewerSockets.headers(other.origin(), bobsPass, another)))
                .isEqualTo(403);
        assertThat(Rows.auditFrom(another, beforeAnother)).singleElement().satisfies(a -> assertThat(a.reason()).isEqualTo("revoked"));
    }

    private static String ticketOf(Answer joined) {
        assertThat(joined.status()).isEqualTo(201);
        return AgentClient.cookie(joined.raw(), "__Host-tandem-join").orElseThrow();
    }

    /** The number of the server key a ticket was signed with: its seventh signed field. */
    private static int keyIdOf(String ticket) {
        ByteBuffer fields = ByteBuffer.wrap(Base64.getUrlDecoder().decode(ticket.substring(0, ticket.indexOf('.'))));
        String value = null;
        for (int i = 0; i < 7; i++) {
            byte[] field = new byte[fields.getInt()];
            fields.get(field);
            value = new String(field, StandardCharsets.UTF_8);
        }
        return Integer.parseInt(value);
    }
}
