package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.it.StreamClients.Visitor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
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
 * The live relay over real WebSockets: a visitor stream (hello with the visitor token, then event
 * batches) fanned out through the DOM firewall to agents, catch-up for a late agent, a stalled agent
 * closed without slowing the other, every protocol limit with its close code, and nothing of the
 * stream left in the database afterwards.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class StreamRelayIT {

    private static final String SITE = "https://acme.example";
    private static AgentClient alice;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.tandemEar();
    }

    @BeforeAll
    static void signIn() {
        TestGroups.group().id("demo").origins(SITE).create();
        alice = AgentClient.signIn("alice");
    }

    private static StartedSession live() {
        return StartedSession.start(SITE, "demo");
    }

    private static <T> FluentWait<T> within(T subject, int seconds) {
        return new FluentWait<>(subject).withTimeout(Duration.ofSeconds(seconds)).pollingEvery(Duration.ofMillis(50));
    }

    private static Visitor streaming(StartedSession s) {
        Visitor v = Visitor.open(SITE).hello(s.token(), "demo");
        within(v, 10).until(x -> x.received.stream().anyMatch(m -> m.contains("\"ready\"")));
        return v;
    }

    private static String all(ViewerSockets.Open agent) {
        return String.join("\n", agent.messages);
    }

    @Test
    void eventsReachTheAgentCleanedAndInOrderAndALateAgentCatchesUp() {
        StartedSession s = live();
        Visitor visitor = streaming(s);
        ViewerSockets.Open first = ViewerSockets.open(s.ref(), alice.passFor(s.key(), "demo"));
        within(first, 10).until(a -> !a.messages.isEmpty());

        visitor.events(StreamClients.meta(1), StreamClients.snapshot(2,
                "{\"type\":2,\"id\":4,\"tagName\":\"img\",\"attributes\":{\"src\":\"logo.png\",\"onerror\":\"alert(1)\"},\"childNodes\":[]},"
                        + "{\"type\":2,\"id\":5,\"tagName\":\"a\",\"attributes\":{\"href\":\"javascript:alert(2)\"},\"childNodes\":["
                        + "{\"type\":3,\"id\":6,\"textContent\":\"Pay\"}]}"));
        for (int i = 1; i <= 20; i++) {
            visitor.events(StreamClients.text(10 + i, 6, "step " + i));
        }
        within(first, 10).until(a -> all(a).contains("step 20"));

        String seen = all(first);
        assertThat(seen).contains("logo.png").doesNotContain("onerror").doesNotContain("javascript:");
        List<Integer> order = java.util.stream.IntStream.rangeClosed(1, 20).mapToObj(i -> seen.indexOf("\"step " + i + "\"")).toList();
        assertThat(order).isSorted().doesNotContain(-1);

        ViewerSockets.Open late = ViewerSockets.open(s.ref(), AgentClient.signIn("bob").passFor(s.key(), "demo"));
        within(late, 10).until(a -> all(a).contains("step 20"));
        assertThat(all(late)).as("catch-up: the snapshot, then the events since").contains("\"type\":2").contains("logo.png");
        within(visitor, 10).until(v -> v.received.stream().anyMatch(m -> m.contains("\"snapshot\"")));
        visitor.close();
    }

    @Test
    void aStreamingVisitorKeepsTheSessionsIdleClockGoing() {
        StartedSession s = live();
        Visitor visitor = streaming(s);
        Instant atHello = Rows.session(s.ref()).orElseThrow().lastSeenAt();
        long[] ts = {100};
        // The stream notes its activity at most once a second and the relay writes idle clocks every 5 s.
        new FluentWait<>(visitor).withTimeout(Duration.ofSeconds(20)).pollingEvery(Duration.ofMillis(250)).until(v -> {
            v.events(StreamClients.text(ts[0]++, 6, "still typing"));
            return Rows.session(s.ref()).orElseThrow().lastSeenAt().isAfter(atHello);
        });
        visitor.close();
    }

    @Test
    void aStalledAgentIsClosedAndDoesNotDelayTheOther() throws Exception {
        StartedSession s = live();
        Visitor visitor = streaming(s);
        ViewerSockets.Open stalled = ViewerSockets.openStalled(s.ref(), alice.passFor(s.key(), "demo"));
        ViewerSockets.Open healthy = ViewerSockets.open(s.ref(), AgentClient.signIn("bob").passFor(s.key(), "demo"));
        within(healthy, 10).until(a -> !a.messages.isEmpty());
        visitor.events(StreamClients.meta(1), StreamClients.snapshot(2, "{\"type\":3,\"id\":4,\"textContent\":\"x\"}"));

        // Ten messages just under the test server's 1 MiB message limit: well within the message
        // rate, and more than twice the 4 MiB an agent may have waiting. Each is sent once the
        // healthy agent has the one before, so only the stalled agent's backlog grows, however
        // slowly a busy machine runs the healthy agent's reader.
        String filler = "f".repeat(900_000);
        for (int i = 1; i <= 10; i++) {
            String batch = "batch " + i + " ";
            visitor.events(StreamClients.text(10 + i, 4, batch + filler));
            within(healthy, 30).withMessage(() -> "healthy got " + healthy.messages.size() + " messages, closed "
                    + healthy.closeCode.getNow(null) + "; stalled closed " + stalled.closeCode.getNow(null))
                    .until(a -> a.messages.stream().anyMatch(m -> m.contains(batch)));
        }
        visitor.events(StreamClients.text(100, 4, "last one"));

        within(healthy, 30).withMessage(() -> "healthy got " + healthy.messages.size() + " messages, closed " + healthy.closeCode.getNow(null)
                + "; stalled closed " + stalled.closeCode.getNow(null) + "; visitor closed " + visitor.closeCode.getNow(null)
                + "; visitor received " + visitor.received)
                .until(a -> a.messages.stream().anyMatch(m -> m.contains("last one")));
        within(s.ref(), 30).until(ref -> Rows.auditOfSession(ref).stream()
                .anyMatch(a -> a.type().equals("AGENT_LEFT") && a.reason().startsWith("1013")));
        assertThat(healthy.isOpen()).isTrue();
        assertThat(visitor.isOpen()).as("the visitor is never slowed down or closed for an agent").isTrue();
        visitor.close();
    }

    @Test
    void protocolLimitsCloseTheStreamWithTheirCodes() throws Exception {
        StartedSession s = live();
        Visitor oversized = streaming(s);
        // The server closes as soon as the frame passes the limit, possibly before it has all arrived.
        oversized.sendRegardless("{\"type\":\"events\",\"seq\":1,\"events\":[" + StreamClients.text(1, 4, "x".repeat(1_100_000)) + "]}");
        assertThat(oversized.closeCode.get(20, TimeUnit.SECONDS)).as("too big").isEqualTo(1009);

        Visitor malformed = streaming(s);
        malformed.send("{\"type\":\"events\",\"seq\":1,\"events\":[");
        assertThat(malformed.closeCode.get(20, TimeUnit.SECONDS)).as("malformed JSON").isEqualTo(1003);

        Visitor unknownEvent = streaming(s);
        unknownEvent.events("{\"type\":6,\"timestamp\":1,\"data\":{\"plugin\":\"x\"}}");
        assertThat(unknownEvent.closeCode.get(20, TimeUnit.SECONDS)).as("unknown event type").isEqualTo(1003);

        Visitor unknownMessage = streaming(s);
        unknownMessage.send("{\"type\":\"shell\",\"cmd\":\"ls\"}");
        assertThat(unknownMessage.closeCode.get(20, TimeUnit.SECONDS)).as("unknown message type").isEqualTo(1003);

        Visitor gap = streaming(s);
        gap.send("{\"type\":\"events\",\"seq\":7,\"events\":[]}");
        assertThat(gap.closeCode.get(20, TimeUnit.SECONDS)).as("sequence gap").isEqualTo(1008);

        Visitor flood = streaming(s);
        try {
            for (int i = 0; i < 2000 && flood.isOpen(); i++) {
                flood.events(StreamClients.text(i, 4, "t"));
            }
        } catch (java.util.concurrent.CompletionException closedWhileSending) {
            // the server closed the flood: what follows checks how
        }
        assertThat(flood.closeCode.get(20, TimeUnit.SECONDS)).as("message rate, past the burst").isEqualTo(1013);

        assertThat(StreamClients.rawTextFrameCloseCode(SITE, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}))
                .as("invalid UTF-8").isEqualTo(1007);
    }

    @Test
    void aStreamWithoutAValidTokenOrFromAnotherOriginIsRefused() throws Exception {
        StartedSession s = live();
        VisitorClient audited = s.visitor();

        Visitor forged = Visitor.open(SITE).hello(s.token().substring(0, s.token().length() - 2) + "xx", "demo");
        assertThat(forged.closeCode.get(20, TimeUnit.SECONDS)).isEqualTo(1008);

        Visitor elsewhere = Visitor.open("https://evil.test").hello(s.token(), "demo");
        assertThat(elsewhere.closeCode.get(20, TimeUnit.SECONDS)).isEqualTo(1008);

        Visitor silent = Visitor.open(SITE);
        silent.send("{\"type\":\"events\",\"seq\":1,\"events\":[]}");
        assertThat(silent.closeCode.get(20, TimeUnit.SECONDS)).as("no hello first").isEqualTo(1008);
        assertThat(audited).isNotNull();
    }

    @Test
    void nothingStreamedIsStoredInAnyTable() throws Exception {
        StartedSession s = live();
        String canary = "CANARY-" + UUID.randomUUID();
        Visitor visitor = streaming(s);
        ViewerSockets.Open agent = ViewerSockets.open(s.ref(), alice.passFor(s.key(), "demo"));
        visitor.events(StreamClients.meta(1), StreamClients.snapshot(2, "{\"type\":3,\"id\":4,\"textContent\":\"" + canary + "\"}"));
        within(agent, 10).until(a -> all(a).contains(canary));
        s.visitor().post("stop", jakarta.json.Json.createObjectBuilder().add("token", s.token()));
        within(visitor, 10).until(v -> !v.isOpen());

        ServerTraces.assertNowhere(canary);
    }
}
