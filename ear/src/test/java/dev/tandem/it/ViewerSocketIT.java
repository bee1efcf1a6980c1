package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.it.VisitorClient.Answer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.support.ui.FluentWait;

/**
 * The agent's viewer WebSocket over TLS: admitted only with the server's own Origin and a valid
 * agent pass for that very session, otherwise refused before any upgrade (403, never 101) with a
 * SOCKET_REFUSED row; revocation and sign-out close live sockets (1008); the end of the session
 * closes them normally; the visitor sees who views.
 */
@RunAsClient
@ExtendWith(ArquillianExtension.class)
class ViewerSocketIT {

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

    private static StartedSession liveDemoSession() {
        return StartedSession.start(SITE, "demo");
    }

    private static String freshIp() {
        return "198.20." + ThreadLocalRandom.current().nextInt(256) + "." + ThreadLocalRandom.current().nextInt(1, 255);
    }

    private static void assertRefused(String ref, Map<String, String> headers, String reason) {
        long since = Rows.lastAuditId();
        assertThat(ViewerSockets.handshake(ref, headers)).as("upgrade status").isEqualTo(403);
        assertThat(Rows.auditFrom(headers.get("X-Forwarded-For"), since)).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo("SOCKET_REFUSED");
            assertThat(a.outcome()).isEqualTo("DENIED");
            assertThat(a.reason()).isEqualTo(reason);
        });
    }

    private static <T> FluentWait<T> within(T subject, int seconds) {
        return new FluentWait<>(subject).withTimeout(Duration.ofSeconds(seconds)).pollingEvery(Duration.ofMillis(100));
    }

    @Test
    void theAgentsPassOpensTheViewerAndTheVisitorSeesTheAgent() throws Exception {
        StartedSession s = liveDemoSession();
        String pass = alice.passFor(s.key(), "demo");

        assertThat(ViewerSockets.handshake(s.ref(), ViewerSockets.headers(AgentClient.ownOrigin(), pass, freshIp()))).isEqualTo(101);
        ViewerSockets.Open socket = ViewerSockets.open(s.ref(), pass);
        within(socket, 10).until(o -> !o.messages.isEmpty());
        assertThat(socket.messages.get(0)).contains("\"type\":\"welcome\"").contains("\"key\":\"" + s.key() + "\"").contains("Alice Agent");

        Answer beat = s.visitor().post("heartbeat", VisitorClient.continuation(s.token(), "demo"));
        assertThat(beat.json().getJsonArray("agents").getJsonObject(0).getString("displayName")).isEqualTo("Alice Agent");
        assertThat(Rows.session(s.ref()).orElseThrow().peakAgents()).isEqualTo(1);

        s.visitor().post("stop", jakarta.json.Json.createObjectBuilder().add("token", s.token()));
        assertThat(socket.closeCode.get(10, TimeUnit.SECONDS)).as("the session's end closes the viewer").isEqualTo(1000);
        assertThat(socket.messages).anySatisfy(m -> assertThat(m).contains("\"type\":\"ended\"").contains("VISITOR_STOPPED"));
        within(s.ref(), 10).until(ref -> Rows.auditOfSession(ref).stream().anyMatch(a -> a.type().equals("AGENT_LEFT")));
    }

    @Test
    void noCookieIsRefused() {
        StartedSession s = liveDemoSession();
        assertRefused(s.ref(), ViewerSockets.headers(AgentClient.ownOrigin(), null, freshIp()), "no_cookie");
    }

    @Test
    void aTamperedCookieIsRefused() {
        StartedSession s = liveDemoSession();
        String pass = alice.passFor(s.key(), "demo");
        char c = pass.charAt(10);
        String tampered = pass.substring(0, 10) + (c == 'A' ? 'B' : 'A') + pass.substring(11);
        assertRefused(s.ref(), ViewerSockets.headers(AgentClient.ownOrigin(), tampered, freshIp()), "bad_cookie");
    }

    @Test
    void anotherSessionsCookieIsRefused() {
        StartedSession mine = liveDemoSession();
        StartedSession other = liveDemoSession();
        String pass = alice.passFor(mine.key(), "demo");
        assertRefused(other.ref(), ViewerSockets.headers(AgentClient.ownOrigin(), pass, freshIp()), "wrong_session");
    }

    @ParameterizedTest(name = "Origin {0}")
    @NullSource
    @ValueSource(strings = {"null", "https://evil.test", "https://localhost.evil.test:8643", "https://evil-localhost:8643",
        "http://localhost:8643", "https://localhost:8443", "https://localhost:8643/"})
    void anyOtherOriginIsRefused(String origin) {
        StartedSession s = liveDemoSession();
        String pass = alice.passFor(s.key(), "demo");
        assertRefused(s.ref(), ViewerSockets.headers(origin, pass, freshIp()), "origin_refused");
    }

    @Test
    void revokingTheAgentClosesTheirLiveSocketsAtOnce() throws Exception {
        StartedSession s = liveDemoSession();
        AgentClient bob = AgentClient.signIn("bob");
        String pass = bob.passFor(s.key(), "demo");
        ViewerSockets.Open socket = ViewerSockets.open(s.ref(), pass);
        within(socket, 10).until(o -> !o.messages.isEmpty());

        Answer revoked = AgentClient.signIn("carol").post("api/admin/agents/bob/revoke", "", null);

        assertThat(revoked.status()).isEqualTo(204);
        assertThat(socket.closeCode.get(5, TimeUnit.SECONDS)).isEqualTo(1008);
        String ip = freshIp();
        assertRefused(s.ref(), ViewerSockets.headers(AgentClient.ownOrigin(), pass, ip), "revoked");
        assertThat(bob.join(s.key(), "demo").status()).as("bob's sign-in is void too").isEqualTo(401);
    }

    @Test
    void signingOutClosesTheAgentsLiveSocketsWithinFiveSeconds() throws Exception {
        StartedSession s = liveDemoSession();
        AgentClient agent = AgentClient.signIn("alice");
        String pass = agent.passFor(s.key(), "demo");
        ViewerSockets.Open socket = ViewerSockets.open(s.ref(), pass);
        within(socket, 10).until(o -> !o.messages.isEmpty());

        Answer out = agent.post("api/agent/logout", "", null);

        assertThat(out.status()).isEqualTo(204);
        assertThat(socket.closeCode.get(5, TimeUnit.SECONDS)).isEqualTo(1008);
        assertThat(agent.join(s.key(), "demo").status()).as("signed out: the API sends the agent to sign in").isEqualTo(302);
        assertRefused(s.ref(), ViewerSockets.headers(AgentClient.ownOrigin(), pass, freshIp()), "revoked");
    }

    @ParameterizedTest(name = "Origin {0}")
    @NullSource
    @ValueSource(strings = {"https://evil.test", "null", "http://localhost:8643"})
    void aJoinPostedFromAnotherOriginWithTheAgentsCookiesIsRefused(String origin) {
        StartedSession s = liveDemoSession();

        Answer forged = alice.postFrom(origin, "api/agent/joins", "{\"key\":\"" + s.key() + "\"}", null);

        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.error()).isEqualTo("cross_origin_refused");
        assertThat(AgentClient.cookie(forged.raw(), "__Host-tandem-join")).isEmpty();
    }
}
