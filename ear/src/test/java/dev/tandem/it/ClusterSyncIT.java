package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.it.VisitorClient.Answer;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.support.ui.FluentWait;

/**
 * What several nodes share, seen from one: the test writes to PostgreSQL exactly what another node
 * (named {@code node-b}) would write, and this node must act on it within seconds. The visitor's
 * stream URL names its session (what a load balancer hashes on; a token for another session is
 * refused and audited); a session ended elsewhere closes
 * its sockets here; a stream another node took is let go here with 4421 (retry); a revocation
 * written elsewhere closes the agent's viewer here; a ticket redeemed elsewhere is refused here;
 * visitor starts counted elsewhere count against the start limit here.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class ClusterSyncIT {

    private static final String SITE = "https://acme.example";
    private static String group;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.tandemEar();
    }

    @BeforeAll
    static void groups() {
        TestGroups.group().id("demo").origins(SITE).create();
        group = "demo";
    }

    private record Live(VisitorClient visitor, String ref, String key, String token, URI streamUrl) {
        StreamClients.Visitor stream() {
            StreamClients.Visitor v = StreamClients.Visitor.open(SITE, streamUrl).hello(token, group);
            within(v, 10).until(s -> s.received.stream().anyMatch(m -> m.contains("\"type\":\"ready\"")));
            return v;
        }
    }

    private static Live live() {
        VisitorClient visitor = VisitorClient.from(SITE);
        Answer started = visitor.start(group);
        assertThat(started.status()).isEqualTo(201);
        return new Live(visitor, Rows.refOf(started.string("sessionId")), started.string("key"), started.string("token"),
                URI.create(started.string("streamUrl")));
    }

    private static <T> FluentWait<T> within(T subject, int seconds) {
        return new FluentWait<>(subject).withTimeout(Duration.ofSeconds(seconds)).pollingEvery(Duration.ofMillis(100));
    }

    private static ViewerSockets.Open viewer(Live s, String pass) {
        ViewerSockets.Open socket = ViewerSockets.open(s.ref(), pass);
        within(socket, 10).until(o -> !o.messages.isEmpty() || o.closeCode.isDone());
        return socket;
    }

    private static void asNodeB(String sql, String... params) throws SQLException {
        try (Connection c = TestEnvironment.connectAsApplication(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setString(i + 1, params[i]);
            }
            st.executeUpdate();
        }
    }

    @Test
    void theStreamUrlNamesItsSessionAndTakesNoOther() throws Exception {
        Live mine = live();
        Live other = live();
        assertThat(mine.streamUrl().getPath()).isEqualTo("/cobrowse/stream/visitor/" + mine.ref());

        StreamClients.Visitor wrong = StreamClients.Visitor.open(SITE, other.streamUrl()).hello(mine.token(), group);
        assertThat(wrong.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1008);
        // Audited with the token's own session, so its trail shows the attempt; the other's shows nothing.
        within(mine.ref(), 10).until(ref -> Rows.auditOfSession(ref).stream().anyMatch(a -> a.type().equals("START_DENIED")));
        assertThat(Rows.auditOfSession(mine.ref())).filteredOn(a -> a.type().equals("START_DENIED")).singleElement().satisfies(a -> {
            assertThat(a.reason()).isEqualTo("wrong_session");
            assertThat(a.detail().getString("step")).isEqualTo("stream");
        });
        assertThat(Rows.auditOfSession(other.ref())).noneMatch(a -> a.type().equals("START_DENIED"));

        StreamClients.Visitor right = mine.stream();
        assertThat(right.isOpen()).isTrue();
        assertThat(Rows.session(mine.ref()).orElseThrow().endedAt()).isNull();
        right.close();
    }

    @Test
    void aSessionEndedOnAnotherNodeClosesItsSocketsHere() throws Exception {
        Live s = live();
        StreamClients.Visitor stream = s.stream();
        ViewerSockets.Open socket = viewer(s, AgentClient.signIn("alice").passFor(s.key(), group));
        assertThat(socket.isOpen()).isTrue();

        asNodeB("UPDATE cobrowse_session SET ended_at = now(), end_reason = 'ADMINISTRATOR' WHERE session_ref = ?", s.ref());

        assertThat(stream.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
        assertThat(stream.received).anySatisfy(m -> assertThat(m).contains("\"type\":\"ended\"").contains("ADMINISTRATOR"));
        assertThat(socket.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
        within(s.ref(), 10).until(ref -> Rows.auditOfSession(ref).stream().anyMatch(a -> a.type().equals("AGENT_LEFT")));
    }

    @Test
    void aStreamAnotherNodeTookIsLetGoHereWithRetryAndComesBackWhenTheVisitorDoes() throws Exception {
        Live s = live();
        StreamClients.Visitor stream = s.stream();
        AgentClient alice = AgentClient.signIn("alice");
        String pass = alice.passFor(s.key(), group);
        ViewerSockets.Open socket = viewer(s, pass);
        assertThat(socket.isOpen()).isTrue();

        asNodeB("UPDATE cobrowse_session SET node = 'node-b' WHERE session_ref = ?", s.ref());

        assertThat(stream.closeCode.get(10, TimeUnit.SECONDS)).as("the visitor's stream moves").isEqualTo(4421);
        assertThat(socket.closeCode.get(10, TimeUnit.SECONDS)).as("the viewer follows").isEqualTo(4421);
        assertThat(viewer(s, pass).closeCode.get(10, TimeUnit.SECONDS)).as("a viewer here while node-b holds it").isEqualTo(4421);
        assertThat(Rows.session(s.ref()).orElseThrow().endedAt()).as("the session goes on").isNull();

        // The balancer sends the visitor back here (node-b left, say): this node takes the session again.
        StreamClients.Visitor back = s.stream();
        ViewerSockets.Open again = viewer(s, pass);
        assertThat(again.messages).anySatisfy(m -> assertThat(m).contains("\"type\":\"welcome\""));
        assertThat(again.isOpen()).isTrue();
        assertThat(Rows.auditOfSession(s.ref())).filteredOn(a -> a.type().equals("AGENT_LEFT")).isNotEmpty();
        back.close();
        again.close();
    }

    @Test
    void aRevocationWrittenByAnotherNodeClosesTheViewerHereWithinSeconds() throws Exception {
        Live s = live();
        StreamClients.Visitor stream = s.stream();
        AgentClient bob = AgentClient.signIn("bob");
        ViewerSockets.Open socket = viewer(s, bob.passFor(s.key(), group));
        assertThat(socket.isOpen()).isTrue();

        asNodeB("INSERT INTO agent_revocation (kind, subject, voided_at, keep_until, node) "
                + "VALUES ('REVOKED', 'bob', now(), now() + interval '1 day', 'node-b')");

        assertThat(socket.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1008);
        assertThat(bob.join(s.key(), group).status()).as("bob's sign-in is void here too").isEqualTo(401);
        assertThat(stream.isOpen()).as("the visitor goes on").isTrue();
        within(s.ref(), 10).until(ref -> Rows.auditOfSession(ref).stream().anyMatch(a -> a.type().equals("AGENT_LEFT")));
        stream.close();
    }

    @Test
    void aTicketRedeemedOnAnotherNodeIsRefusedHere() throws Exception {
        Live s = live();
        AgentClient alice = AgentClient.signIn("alice");
        Answer joined = alice.join(s.key(), group);
        assertThat(joined.status()).isEqualTo(201);
        String ticket = AgentClient.cookie(joined.raw(), "__Host-tandem-join").orElseThrow();

        asNodeB("INSERT INTO join_ticket_redemption (ticket_id, redeemed_at, keep_until, node) "
                + "VALUES (?, now(), now() + interval '1 hour', 'node-b')", ticketId(ticket));

        Answer redeemed = alice.redeem(ticket);
        assertThat(redeemed.status()).isEqualTo(401);
        assertThat(Rows.auditOfSession(s.ref())).filteredOn(a -> a.type().equals("JOIN_DENIED"))
                .anySatisfy(a -> assertThat(a.reason()).isEqualTo("replay"));
    }

    @Test
    void theHeartbeatUrlNamesItsSessionListsItsAgentsAndTakesNoOther() throws Exception {
        Live mine = live();
        Live other = live();
        StreamClients.Visitor stream = mine.stream();
        ViewerSockets.Open socket = viewer(mine, AgentClient.signIn("alice").passFor(mine.key(), group));
        assertThat(socket.isOpen()).isTrue();

        within(mine, 10).until(s -> s.visitor().post(s.ref() + "/heartbeat", VisitorClient.continuation(s.token(), group))
                .json().getJsonArray("agents").size() == 1);

        Answer wrong = mine.visitor().post(other.ref() + "/heartbeat", VisitorClient.continuation(mine.token(), group));
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.error()).isEqualTo("wrong_session");
        assertThat(Rows.auditOfSession(mine.ref())).filteredOn(a -> a.type().equals("START_DENIED")).singleElement().satisfies(a -> {
            assertThat(a.reason()).isEqualTo("wrong_session");
            assertThat(a.detail().getString("step")).isEqualTo("heartbeat");
        });
        stream.close();
    }

    @Test
    void startsCountedOnAnotherNodeCountHere() throws Exception {
        // The count is per calendar minute: begin well clear of the minute's turn (the test takes seconds).
        within(Clock.systemUTC(), 20).pollingEvery(Duration.ofMillis(250)).until(c -> LocalTime.now(c).getSecond() < 45);
        VisitorClient visitor = VisitorClient.from(SITE);
        long since = Rows.lastAuditId();
        Map<String, Integer> before = startCounts();
        assertThat(visitor.start(group).status()).isEqualTo(201);

        // The start just made is counted at once (committed before the answer), under a keyed hash.
        Map<String, Integer> after = startCounts();
        List<String> changed = after.keySet().stream().filter(k -> !after.get(k).equals(before.get(k))).toList();
        assertThat(changed).as("rows counted by the start just made").singleElement()
                .satisfies(k -> assertThat(k).matches("[0-9a-f]{32}").doesNotContain(visitor.ip()));
        String key = changed.get(0);
        assertThat(after.get(key)).isEqualTo(1);

        // node-b allowed nine more starts of the same client this minute: ten in the cluster, the limit.
        asNodeB("UPDATE visitor_start_count SET starts = starts + 9 WHERE client_key = ?", key);

        Answer refused = visitor.start(group);
        Answer again = visitor.start(group);
        assertThat(refused.status()).as("this node saw one start; the cluster eleven").isEqualTo(429);
        assertThat(refused.error()).isEqualTo("too_many_requests");
        assertThat(refused.raw().headers().firstValue("Retry-After")).hasValue("60");
        assertThat(again.status()).isEqualTo(429);
        // The node whose start passed the limit audits it, once per client and minute.
        assertThat(Rows.auditFrom(visitor.ip(), since)).filteredOn(a -> a.type().equals("START_DENIED"))
                .singleElement().satisfies(a -> assertThat(a.reason()).isEqualTo("too_many_requests"));
        assertThat(startCounts().get(key)).as("refused attempts count too").isEqualTo(12);
        assertThat(VisitorClient.from(SITE).start(group).status()).as("another client is not affected").isEqualTo(201);
    }

    /** Every client's start count of the current minute, by key. */
    private static Map<String, Integer> startCounts() throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection c = TestEnvironment.connectAsApplication();
                PreparedStatement st = c.prepareStatement("SELECT client_key, starts FROM visitor_start_count WHERE window_start >= now() - interval '2 minutes'");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                counts.merge(rs.getString(1), rs.getInt(2), Integer::sum);
            }
        }
        return counts;
    }

    /** The ticket's random id: its second signed field (length-prefixed UTF-8, base64url before the dot). */
    private static String ticketId(String ticket) {
        ByteBuffer fields = ByteBuffer.wrap(Base64.getUrlDecoder().decode(ticket.substring(0, ticket.indexOf('.'))));
        fields.position(4 + fields.getInt(0));
        byte[] id = new byte[fields.getInt()];
        fields.get(id);
        return new String(id, StandardCharsets.UTF_8);
    }
}
