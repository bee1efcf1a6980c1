package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.it.StreamClients.Visitor;
import dev.tandem.it.VisitorClient.Answer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
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
 * Agent guidance over the real sockets: the modes a group allows travel in the pass; a pointer is
 * relayed to the visitor's stream rebuilt and labelled by the server; a viewer without the mode,
 * or an agent over 50 messages a second on however many sockets, is closed with 1008 and a
 * CONTROL_REFUSED row; write mode needs
 * the visitor's answer to a pending request, goes to one agent at a time and stops when taken back;
 * the page's refusals are audited with their reason, never the text typed.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class AgentGuidanceIT {

    private static final String SITE = "https://acme.example";
    private static final String SECRET = "typed-4111-secret";
    private static AgentClient alice;
    private static AgentClient bob;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.tandemEar();
    }

    @BeforeAll
    static void setUp() {
        TestGroups.group().id("demo").origins(SITE).create();
        TestGroups.group().id("demo-eu").origins(SITE).create();
        TestGroups.agentModes("demo", "view,pointer,write");
        TestGroups.agentModes("demo-eu", "view");
        alice = AgentClient.signIn("alice");
        bob = AgentClient.signIn("bob");
    }

    private record Live(String ref, String key, Visitor visitor) {
    }

    private static Live streaming(String group) {
        Answer started = VisitorClient.from(SITE).start(group);
        assertThat(started.status()).isEqualTo(201);
        Visitor v = Visitor.open(SITE).hello(started.string("token"), group);
        within(v, 10).until(x -> x.received.stream().anyMatch(m -> m.contains("\"ready\"")));
        return new Live(Rows.refOf(started.string("sessionId")), started.string("key"), v);
    }

    private static ViewerSockets.Open viewing(Live s, AgentClient agent, String group) {
        ViewerSockets.Open socket = ViewerSockets.open(s.ref(), agent.passFor(s.key(), group));
        within(socket, 10).until(o -> o.messages.stream().anyMatch(m -> m.contains("\"welcome\"")));
        return socket;
    }

    private static <T> FluentWait<T> within(T subject, int seconds) {
        return new FluentWait<>(subject).withTimeout(Duration.ofSeconds(seconds)).pollingEvery(Duration.ofMillis(50));
    }

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    /** The guidance messages the visitor's stream received, in order. */
    private static List<JsonObject> guidance(Visitor v) {
        return v.received.stream().filter(m -> m.startsWith("{\"type\":\"agent\"")).map(AgentGuidanceIT::json).toList();
    }

    private static List<Rows.Audit> audit(Live s, String type) {
        return Rows.auditOfSession(s.ref()).stream().filter(a -> a.type().equals(type)).toList();
    }

    private static String agentIdSeenBy(Visitor v, String name) {
        return guidance(v).stream().filter(g -> g.getString("name").equals(name)).findFirst().orElseThrow().getString("agent");
    }

    @Test
    void aPointerReachesTheVisitorRebuiltAndLabelledByTheServer() {
        Live s = streaming("demo");
        ViewerSockets.Open a = viewing(s, alice, "demo");
        assertThat(a.messages.get(0)).contains("\"modes\":[\"view\",\"pointer\",\"write\"]");

        a.sendText("{\"type\":\"pointer\",\"node\":12,\"x\":0.5,\"y\":0.25,\"click\":true}");

        within(s.visitor(), 10).until(v -> !guidance(v).isEmpty());
        JsonObject relayed = guidance(s.visitor()).get(0);
        assertThat(relayed.getString("name")).isEqualTo("Alice Agent");
        assertThat(relayed.getString("agent")).matches("[0-9a-f]{12}");
        assertThat(relayed.getJsonObject("message").toString())
                .isEqualTo("{\"node\":12,\"x\":0.5,\"y\":0.25,\"type\":\"pointer\",\"click\":true}");
        assertThat(a.isOpen()).isTrue();
    }

    @Test
    void aViewerWithoutTheModeIsClosedAndAudited() throws Exception {
        Live s = streaming("demo-eu");
        ViewerSockets.Open b = viewing(s, bob, "demo-eu");
        assertThat(b.messages.get(0)).contains("\"modes\":[\"view\"]");

        b.sendText("{\"type\":\"pointer\",\"node\":12,\"x\":0.5,\"y\":0.5}");

        assertThat(b.closeCode.get(20, TimeUnit.SECONDS)).isEqualTo(1008);
        within(s, 10).until(x -> !audit(x, "CONTROL_REFUSED").isEmpty());
        assertThat(audit(s, "CONTROL_REFUSED")).singleElement().satisfies(r -> {
            assertThat(r.actor()).isEqualTo("bob");
            assertThat(r.outcome()).isEqualTo("DENIED");
            assertThat(r.reason()).isEqualTo("mode_not_granted");
        });
        assertThat(guidance(s.visitor())).as("nothing relayed").isEmpty();

        ViewerSockets.Open forged = viewing(s, bob, "demo-eu");
        forged.sendText("{\"type\":\"control\",\"action\":\"type\",\"node\":3,\"text\":\"" + SECRET + "\"}");
        assertThat(forged.closeCode.get(20, TimeUnit.SECONDS)).isEqualTo(1008);
        assertThat(guidance(s.visitor())).isEmpty();
    }

    @Test
    void aFloodIsCutAtTheRateLimit() throws Exception {
        Live s = streaming("demo");
        ViewerSockets.Open a = viewing(s, alice, "demo");

        for (int i = 0; i < 300 && a.isOpen(); i++) {
            a.sendTextWritten("{\"type\":\"pointer\",\"node\":12,\"x\":0.5,\"y\":0.5}");
        }

        assertThat(a.closeCode.get(20, TimeUnit.SECONDS)).isEqualTo(1008);
        within(s, 10).until(x -> audit(x, "CONTROL_REFUSED").stream().anyMatch(r -> "rate".equals(r.reason())));
        // The burst (50) and what refilled while the flood was read, no more.
        assertThat(guidance(s.visitor()).size()).isBetween(50, 120);
    }

    @Test
    void theRateIsPerAgentNotPerConnection() {
        Live s = streaming("demo");
        // Four sockets of one agent, each sending fewer than 50 messages: 180 in all, far over one
        // agent's 50 a second (a limit per connection would let every one of them through).
        List<ViewerSockets.Open> sockets = List.of(viewing(s, alice, "demo"), viewing(s, alice, "demo"),
                viewing(s, alice, "demo"), viewing(s, alice, "demo"));
        for (int i = 0; i < 45; i++) {
            for (ViewerSockets.Open socket : sockets) {
                if (socket.isOpen()) {
                    socket.sendTextWritten("{\"type\":\"pointer\",\"node\":12,\"x\":0.5,\"y\":0.5}");
                }
            }
        }

        within(sockets, 20).until(all -> all.stream().anyMatch(o -> o.closeCode.getNow(0) == 1008));
        within(s, 10).until(x -> audit(x, "CONTROL_REFUSED").stream().anyMatch(r -> "rate".equals(r.reason())));
        assertThat(audit(s, "CONTROL_REFUSED")).allSatisfy(r -> assertThat(r.actor()).isEqualTo("alice"));
        assertThat(guidance(s.visitor()).size()).as("one agent's burst and what refilled, not four").isLessThan(180);
    }

    @Test
    void writeNeedsTheVisitorsApprovalGoesToOneAgentAndStopsWhenTakenBack() throws Exception {
        Live s = streaming("demo");
        ViewerSockets.Open a = viewing(s, alice, "demo");
        ViewerSockets.Open b = viewing(s, bob, "demo");
        String typeIt = "{\"type\":\"control\",\"action\":\"type\",\"node\":3,\"text\":\"" + SECRET + "\"}";

        a.sendText(typeIt);
        within(a, 10).until(x -> x.messages.stream().anyMatch(m -> m.contains("\"not_writer\"")));
        assertThat(guidance(s.visitor())).as("no control before approval").isEmpty();

        a.sendText("{\"type\":\"write-request\"}");
        within(s.visitor(), 10).until(v -> !guidance(v).isEmpty());
        String aliceId = agentIdSeenBy(s.visitor(), "Alice Agent");
        assertThat(guidance(s.visitor()).get(0).getJsonObject("message").getString("type")).isEqualTo("write-request");
        within(s, 10).until(x -> !audit(x, "MODE_REQUESTED").isEmpty());

        s.visitor().send("{\"type\":\"guidance\",\"agent\":\"" + aliceId + "\",\"write\":\"granted\"}");
        within(a, 10).until(x -> x.messages.stream().anyMatch(m -> m.contains("\"state\":\"granted\"")));
        assertThat(audit(s, "MODE_GRANTED")).singleElement().satisfies(r -> assertThat(r.detail().getString("agent")).isEqualTo("alice"));

        a.sendText(typeIt);
        within(s.visitor(), 10).until(v -> guidance(v).stream().anyMatch(g -> "control".equals(g.getJsonObject("message").getString("type"))));

        // Bob asks too; the page (or a forged answer) grants him: the relay declines, Alice still holds write.
        b.sendText("{\"type\":\"write-request\"}");
        within(s.visitor(), 10).until(v -> guidance(v).stream().anyMatch(g -> g.getString("name").equals("Bob Agent")));
        s.visitor().send("{\"type\":\"guidance\",\"agent\":\"" + agentIdSeenBy(s.visitor(), "Bob Agent") + "\",\"write\":\"granted\"}");
        within(b, 10).until(x -> x.messages.stream().anyMatch(m -> m.contains("\"state\":\"declined\"")));
        b.sendText(typeIt);
        within(b, 10).until(x -> x.messages.stream().anyMatch(m -> m.contains("\"not_writer\"")));

        // The visitor takes control back: Alice's next keystroke is refused, and an old approval replayed counts for nothing.
        s.visitor().send("{\"type\":\"guidance\",\"agent\":\"" + aliceId + "\",\"write\":\"revoked\"}");
        within(a, 10).until(x -> x.messages.stream().anyMatch(m -> m.contains("\"state\":\"revoked\"")));
        s.visitor().send("{\"type\":\"guidance\",\"agent\":\"" + aliceId + "\",\"write\":\"granted\"}");
        within(a, 10).until(x -> x.messages.stream().anyMatch(m -> m.contains("\"by\":\"relay\"")));
        long controlsBefore = guidance(s.visitor()).stream().filter(g -> "control".equals(g.getJsonObject("message").getString("type"))).count();
        int refusedBefore = (int) a.messages.stream().filter(m -> m.contains("\"not_writer\"")).count();
        a.sendText(typeIt);
        within(a, 10).until(x -> x.messages.stream().filter(m -> m.contains("\"not_writer\"")).count() > refusedBefore);
        assertThat(guidance(s.visitor()).stream().filter(g -> "control".equals(g.getJsonObject("message").getString("type"))).count())
                .isEqualTo(controlsBefore);
        within(s, 10).until(x -> !audit(x, "MODE_REVOKED").isEmpty());
        assertThat(audit(s, "MODE_REVOKED").get(0).detail().getString("by")).isEqualTo("visitor");
        assertThat(Rows.auditOfSession(s.ref())).noneMatch(r -> r.detail().toString().contains(SECRET));
    }

    @Test
    void thePagesRefusalsAreAuditedWithTheirReasonAndToldToTheAgent() {
        Live s = streaming("demo");
        ViewerSockets.Open a = viewing(s, alice, "demo");
        a.sendText("{\"type\":\"pointer\",\"node\":12,\"x\":0.5,\"y\":0.5}");
        within(s.visitor(), 10).until(v -> !guidance(v).isEmpty());

        s.visitor().send("{\"type\":\"guidance\",\"agent\":\"" + agentIdSeenBy(s.visitor(), "Alice Agent") + "\",\"refused\":\"password\"}");

        within(a, 10).until(x -> x.messages.stream().anyMatch(m -> m.contains("\"reason\":\"password\"")));
        within(s, 10).until(x -> !audit(x, "CONTROL_REFUSED").isEmpty());
        assertThat(audit(s, "CONTROL_REFUSED")).singleElement().satisfies(r -> {
            assertThat(r.actor()).isEqualTo("alice");
            assertThat(r.reason()).isEqualTo("password");
            assertThat(r.detail().getString("source")).isEqualTo("visitor");
        });
    }
}
