package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tandem.it.StreamClients.Visitor;
import dev.tandem.join.AgentPass;
import dev.tandem.join.AgentPassSigner;
import dev.tandem.json.Jsons;
import dev.tandem.presence.LiveSession;
import dev.tandem.presence.LiveSessions;
import dev.tandem.visitor.SessionGrant;
import dev.tandem.visitor.StartRequest;
import dev.tandem.visitor.VisitorContext;
import dev.tandem.visitor.VisitorSessions;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Inside the server, over real WebSockets: after every way a live session can end or be let go
 * (visitor Stop, idle timeout, maximum duration, administrator, the visitor's socket lost, the
 * agent leaving before or after the visitor), nothing of it is left in this node's registry of live
 * sessions and its relay stream is released; ended sessions close their sockets with the reason.
 */
@ExtendWith(ArquillianExtension.class)
class SessionLifecycleIT {

    private static final String SITE = "https://acme.example";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.tandemEarWithTests(SessionLifecycleIT.class, StreamClients.class, StreamClients.Visitor.class,
                ViewerSockets.class, ViewerSockets.Open.class, TestHttp.class, dev.tandem.bench.Tls.class,
                anonymousTrustManager());
    }

    /** The bench's trusting TLS context is an anonymous class inside {@code Tls}. */
    private static Class<?> anonymousTrustManager() {
        try {
            return Class.forName("dev.tandem.bench.Tls$1");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    @Inject
    LiveSessions live;

    @Inject
    VisitorSessions sessions;

    @Inject
    AgentPassSigner passes;

    @Inject
    Clock clock;

    private record Live(String group, SessionGrant grant, String ref) {
    }

    private static VisitorContext visitor() {
        return new VisitorContext(SITE, "198.18.3.7", "TandemTest/1.0");
    }

    private Live start(TestGroups group) {
        String id = group.create();
        SessionGrant grant = sessions.start(new StartRequest(id, List.of(id), null), visitor());
        return new Live(id, grant, Rows.refOf(grant.sessionId()));
    }

    private static Visitor streaming(Live s) {
        Visitor v = Visitor.open(SITE).hello(s.grant().token(), s.group());
        await().atMost(WAIT).until(() -> v.received.stream().anyMatch(m -> m.contains("\"ready\"")));
        v.events(StreamClients.meta(1), StreamClients.snapshot(2, "{\"type\":3,\"id\":4,\"textContent\":\"hello\"}"));
        return v;
    }

    /** A viewer socket with a pass minted as redeeming a join ticket would. */
    private ViewerSockets.Open viewing(Live s, String agent) {
        Instant now = clock.instant();
        String pass = passes.sign(new AgentPass(UUID.randomUUID().toString(), s.ref(), agent, agent, now, now.plus(Duration.ofMinutes(30)), "", "view"));
        ViewerSockets.Open open = new ViewerSockets.Open(false);
        URI base = TestEnvironment.appBase();
        try {
            open.socket = HttpClient.newBuilder().sslContext(TestHttp.trustingContext()).build().newWebSocketBuilder()
                    .header("Origin", base.getScheme() + "://" + base.getRawAuthority())
                    .header("Cookie", "__Host-tandem-agent=" + pass)
                    .buildAsync(URI.create("wss://" + base.getRawAuthority() + ViewerSockets.path(s.ref())), open).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("viewer socket did not open", e);
        }
        await().atMost(WAIT).until(() -> open.messages.stream().anyMatch(m -> m.contains("\"welcome\"")));
        return open;
    }

    /** The session as the registry holds it now. */
    private LiveSession held(Live s) {
        return live.all().stream().filter(l -> l.sessionRef().equals(s.ref())).findFirst()
                .orElseThrow(() -> new AssertionError("the registry does not hold the session"));
    }

    private void assertLetGo(Live s, LiveSession was) {
        await().atMost(WAIT).until(() -> !live.holds(s.ref()));
        assertThat(was.isGone()).isTrue();
        assertThat(live.viewing(s.ref())).isEmpty();
    }

    private void assertEndedWith(Live s, String reason, Visitor visitor, ViewerSockets.Open agent) throws Exception {
        assertThat(visitor.closeCode.get(20, TimeUnit.SECONDS)).isEqualTo(1000);
        assertThat(agent.closeCode.get(20, TimeUnit.SECONDS)).isEqualTo(1000);
        assertThat(visitor.received).anyMatch(m -> m.contains("\"ended\"") && m.contains(reason));
        assertThat(Rows.session(s.ref()).orElseThrow().endReason()).isEqualTo(reason);
    }

    private void endedWhileConnected(TestGroups group, String reason, java.util.function.Consumer<Live> end) throws Exception {
        Live s = start(group);
        Visitor visitor = streaming(s);
        ViewerSockets.Open agent = viewing(s, "alice");
        LiveSession was = held(s);

        end.accept(s);

        assertEndedWith(s, reason, visitor, agent);
        assertLetGo(s, was);
    }

    @Test
    void theVisitorStops() throws Exception {
        endedWhileConnected(TestGroups.group(), "VISITOR_STOPPED", s -> sessions.stop(s.grant().token(), visitor()));
    }

    @Test
    void anAdministratorEndsIt() throws Exception {
        endedWhileConnected(TestGroups.group(), "ADMINISTRATOR", s -> sessions.endByAdministrator(s.ref(), "carol", "198.18.3.9"));
    }

    @Test
    void itIdlesOut() throws Exception {
        endedWhileConnected(TestGroups.group().idleSeconds(30).maxSeconds(86400), "VISITOR_IDLE", s -> reap(s, Duration.ofSeconds(31)));
    }

    @Test
    void itReachesItsMaximumDuration() throws Exception {
        endedWhileConnected(TestGroups.group().idleSeconds(86400).maxSeconds(60), "MAX_DURATION", s -> reap(s, Duration.ofSeconds(61)));
    }

    /** Hands the expiry the future, as the reaper's timer would hand it the clock later. */
    private void reap(Live s, Duration later) {
        Supplier<Boolean> ended = () -> Rows.session(s.ref()).orElseThrow().endedAt() != null;
        await().atMost(WAIT).until(() -> {
            sessions.endExpired(clock.instant().plus(later));
            return ended.get();
        });
    }

    @Test
    void theVisitorsSocketIsLostWithNoAgentViewing() {
        Live s = start(TestGroups.group());
        Visitor visitor = streaming(s);
        LiveSession was = held(s);

        visitor.abort();

        assertLetGo(s, was);
        assertThat(Rows.session(s.ref()).orElseThrow().endedAt()).as("the session itself goes on: the next page streams again").isNull();
        Visitor nextPage = streaming(s);
        assertThat(held(s)).isNotSameAs(was);
        nextPage.close();
        await().atMost(WAIT).until(() -> !live.holds(s.ref()));
    }

    @Test
    void theAgentLeavesFirstThenTheVisitor() throws Exception {
        Live s = start(TestGroups.group());
        Visitor visitor = streaming(s);
        ViewerSockets.Open agent = viewing(s, "alice");
        LiveSession was = held(s);

        agent.close();
        await().atMost(WAIT).until(() -> live.viewing(s.ref()).isEmpty());
        assertThat(live.holds(s.ref())).as("the visitor still streams").isTrue();
        visitor.close();

        assertLetGo(s, was);
    }

    @Test
    void theVisitorLeavesFirstThenTheAgent() throws Exception {
        Live s = start(TestGroups.group());
        Visitor visitor = streaming(s);
        ViewerSockets.Open agent = viewing(s, "alice");
        LiveSession was = held(s);

        visitor.abort();
        await().atMost(WAIT).until(() -> !was.visitorConnected());
        assertThat(live.holds(s.ref())).as("the agent still views").isTrue();
        agent.close();

        assertLetGo(s, was);
    }

    @Test
    void theServersJsonReadersReadIntoTheBoundedPool() {
        Live s = start(TestGroups.group());
        Visitor visitor = streaming(s);

        assertThat(Jsons.BUFFERS.retained()).as("the provider in the server honours the pool").isPositive();
        visitor.close();
        await().atMost(WAIT).until(() -> !live.holds(s.ref()));
    }
}
