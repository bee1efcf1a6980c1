package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.it.StreamClients.Visitor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
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
 * Compressed visitor messages over real WebSockets (docs/protocol.md, "Compressed messages"): a
 * compressed snapshot is cleaned by the DOM firewall and the PII tripwire exactly as the same text
 * sent plain, and the agent receives the same messages; a zip bomb, a ratio past the bound and data
 * that does not inflate close the stream with their codes and a START_DENIED row (step stream).
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class CompressedStreamIT {

    private static final String SITE = "https://deflate.example";
    private static final String CARD = "4111 1111 1111 1111";
    private static AgentClient alice;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.tandemEar();
    }

    @BeforeAll
    static void signIn() {
        TestGroups.group().id("demo").origins(SITE).create(); // the test identity provider's agents are in "demo"
        alice = AgentClient.signIn("alice");
    }

    private static <T> FluentWait<T> within(T subject, int seconds) {
        return new FluentWait<>(subject).withTimeout(Duration.ofSeconds(seconds)).pollingEvery(Duration.ofMillis(50));
    }

    private static Visitor streaming(StartedSession s) {
        Visitor v = Visitor.open(SITE).hello(s.token(), "demo");
        within(v, 10).until(x -> x.received.stream().anyMatch(m -> m.contains("\"ready\"")));
        return v;
    }

    /** What an agent of this session receives after the visitor sends the hostile page, plain or compressed, then a marker. */
    private static List<String> agentSees(boolean compressed) {
        StartedSession s = StartedSession.start(SITE, "demo");
        Visitor visitor = streaming(s);
        ViewerSockets.Open agent = ViewerSockets.open(s.ref(), alice.passFor(s.key(), "demo"));
        within(agent, 10).until(a -> !a.messages.isEmpty());
        String rows = String.join(",", java.util.stream.IntStream.range(0, 300).mapToObj(i -> "{\"type\":2,\"id\":" + (100 + i)
                + ",\"tagName\":\"p\",\"attributes\":{\"class\":\"line\"},\"childNodes\":[{\"type\":3,\"id\":" + (1000 + i)
                + ",\"textContent\":\"Statement line " + i + "\"}]}").toList());
        String[] page = {StreamClients.meta(1), StreamClients.snapshot(2,
                "{\"type\":2,\"id\":4,\"tagName\":\"img\",\"attributes\":{\"src\":\"logo.png\",\"onerror\":\"alert(1)\"},\"childNodes\":[]},"
                        + "{\"type\":2,\"id\":5,\"tagName\":\"script\",\"attributes\":{},\"childNodes\":[{\"type\":3,\"id\":6,\"textContent\":\"steal()\"}]},"
                        + "{\"type\":2,\"id\":7,\"tagName\":\"span\",\"attributes\":{},\"childNodes\":[{\"type\":3,\"id\":8,\"textContent\":\"Card "
                        + CARD + "\"}]}," + rows)};
        if (compressed) {
            visitor.eventsCompressed(page);
        } else {
            visitor.events(page);
        }
        visitor.events(StreamClients.text(3, 8, "marker"));
        within(agent, 10).until(a -> a.messages.stream().anyMatch(m -> m.contains("marker")));
        assertThat(visitor.isOpen()).isTrue();
        visitor.close();
        return agent.messages.stream().filter(m -> m.startsWith("{\"type\":\"events\"")).toList();
    }

    @Test
    void aCompressedSnapshotIsFirewalledAndTripwiredExactlyLikeThePlainOne() {
        StartedSession s = StartedSession.start(SITE, "demo");
        Visitor v = streaming(s);
        assertThat(v.received.get(0)).as("ready names the compression and its bound")
                .contains("\"compression\":\"deflate\"").contains("\"maxInflateRatio\":50");
        v.close();

        List<String> plain = agentSees(false);
        List<String> compressed = agentSees(true);

        assertThat(compressed).isEqualTo(plain);
        String seen = String.join("\n", compressed);
        assertThat(seen).contains("logo.png").contains("Statement line 299")
                .doesNotContain("onerror").doesNotContain("steal()").doesNotContain("4111");
    }

    @Test
    void aZipBombIsClosedWith1009AndAudited() throws Exception {
        StartedSession s = StartedSession.start(SITE, "demo");
        Visitor bomb = streaming(s);
        // 16 MiB of spaces inside an events message: about 16 KiB compressed, 16 times the test server's 1 MiB.
        byte[] huge = ("{\"type\":\"events\",\"seq\":1,\"events\":[" + " ".repeat(16 << 20) + "]}").getBytes(StandardCharsets.UTF_8);
        bomb.sendBinary(StreamClients.zlib(huge));
        assertThat(bomb.closeCode.get(20, TimeUnit.SECONDS)).as("zip bomb").isEqualTo(1009);

        // Under the size bound but past the ratio bound (50): 900 KB of spaces in about 1 KB.
        Visitor ratio = streaming(s);
        ratio.sendBinary(StreamClients.zlib(("{\"type\":\"events\",\"seq\":1,\"events\":[" + " ".repeat(900_000) + "]}")
                .getBytes(StandardCharsets.UTF_8)));
        assertThat(ratio.closeCode.get(20, TimeUnit.SECONDS)).as("inflate ratio").isEqualTo(1009);

        within(s.ref(), 20).until(ref -> refusals(ref).size() == 2);
        assertThat(refusals(s.ref())).allSatisfy(a -> {
            assertThat(a.reason()).isEqualTo("too_large");
            assertThat(a.detail().getString("step")).isEqualTo("stream");
            assertThat(a.detail().getString("origin")).isEqualTo(SITE);
            assertThat(a.groupId()).isEqualTo("demo");
            assertThat(a.actor()).isEqualTo("visitor");
        }).extracting(a -> a.detail().getString("inflate")).containsExactlyInAnyOrder("too_big", "ratio");
        assertThat(Rows.session(s.ref()).orElseThrow().endedAt()).as("the session goes on: the page may reconnect").isNull();
    }

    @Test
    void dataThatDoesNotInflateIsClosedWith1007AndAuditedAndABinaryFrameBeforeHelloWith1008() throws Exception {
        StartedSession s = StartedSession.start(SITE, "demo");
        Visitor garbage = streaming(s);
        garbage.sendBinary("{\"type\":\"events\",\"seq\":1,\"events\":[]}".getBytes(StandardCharsets.UTF_8));
        assertThat(garbage.closeCode.get(20, TimeUnit.SECONDS)).as("not zlib").isEqualTo(1007);

        Visitor truncated = streaming(s);
        byte[] whole = StreamClients.zlib("{\"type\":\"events\",\"seq\":1,\"events\":[]}".getBytes(StandardCharsets.UTF_8));
        truncated.sendBinary(Arrays.copyOf(whole, whole.length - 4));
        assertThat(truncated.closeCode.get(20, TimeUnit.SECONDS)).as("cut short").isEqualTo(1007);

        within(s.ref(), 20).until(ref -> refusals(ref).size() == 2);
        assertThat(refusals(s.ref())).allSatisfy(a -> {
            assertThat(a.reason()).isEqualTo("malformed");
            assertThat(a.detail().getString("inflate")).isEqualTo("malformed");
        });

        Visitor early = Visitor.open(SITE);
        early.sendBinary(whole);
        assertThat(early.closeCode.get(20, TimeUnit.SECONDS)).as("binary before hello").isEqualTo(1008);
    }

    private static List<Rows.Audit> refusals(String ref) {
        return Rows.auditOfSession(ref).stream().filter(a -> a.type().equals("START_DENIED")).toList();
    }
}
