package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.presence.LiveSessions;
import dev.tandem.presence.Viewer;
import dev.tandem.presence.ViewerConnection;
import dev.tandem.visitor.SessionGrant;
import dev.tandem.visitor.SessionRefusal;
import dev.tandem.visitor.StartRequest;
import dev.tandem.visitor.VisitorContext;
import dev.tandem.visitor.VisitorSessions;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Inside the server: the session rules that need concurrency or time. Keys stay unique among a
 * group's live sessions under concurrent starts; idle timeout and maximum duration are decided by
 * the instant handed to the expiry (the reaper's timer hands it the clock, the test hands it the
 * future, so nothing sleeps); the visitor's indicator learns who views; ending forgets the viewers.
 */
@ExtendWith(ArquillianExtension.class)
class VisitorSessionRulesIT {

    private static final String ACME = "https://acme.example";

    @Deployment
    static EnterpriseArchive deployment() {
        return Deployments.tandemEarWithTests(VisitorSessionRulesIT.class);
    }

    @Inject
    VisitorSessions sessions;

    @Inject
    LiveSessions presence;

    @Inject
    Clock clock;

    @Resource
    ManagedExecutorService executor;

    private static VisitorContext visitor() {
        return new VisitorContext(ACME, "198.18.0.7", "TandemTest/1.0");
    }

    private SessionGrant start(String group) {
        return sessions.start(new StartRequest(group, List.of(group), null), visitor());
    }

    @Test
    void fiftyConcurrentStartsGetFiftyDistinctKeys() throws Exception {
        String group = TestGroups.group().keyLength(4).create();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<SessionGrant>> starts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            starts.add(executor.submit(() -> {
                go.await();
                return start(group);
            }));
        }
        go.countDown();
        List<String> keys = new ArrayList<>();
        for (Future<SessionGrant> f : starts) {
            keys.add(f.get(60, TimeUnit.SECONDS).key());
        }

        assertThat(keys).hasSize(50).doesNotHaveDuplicates().allSatisfy(k -> assertThat(k).matches("[0-9]{4}"));
        assertThat(Rows.liveSessionsOf(group)).extracting(Rows.Session::key).containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    void twentyConcurrentStartsWithOneCustomKeyGiveOneSession() throws Exception {
        String group = TestGroups.group().create();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> starts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            starts.add(executor.submit(() -> {
                go.await();
                try {
                    return sessions.start(new StartRequest(group, List.of(group), "Same42"), visitor()).key();
                } catch (SessionRefusal refused) {
                    return refused.reason().code();
                }
            }));
        }
        go.countDown();
        List<String> outcomes = new ArrayList<>();
        for (Future<String> f : starts) {
            outcomes.add(f.get(60, TimeUnit.SECONDS));
        }

        assertThat(outcomes).filteredOn("Same42"::equals).hasSize(1);
        assertThat(outcomes).filteredOn("key_in_use"::equals).hasSize(19);
        assertThat(Rows.liveSessionsOf(group)).hasSize(1);
    }

    @Test
    void aSessionWithoutVisitorForLongerThanTheIdleTimeoutEnds() {
        String group = TestGroups.group().idleSeconds(30).maxSeconds(86400).create();
        SessionGrant grant = start(group);
        String ref = Rows.refOf(grant.sessionId());
        Instant now = clock.instant();

        sessions.endExpired(now.plus(Duration.ofSeconds(25)));
        assertThat(Rows.session(ref).orElseThrow().endedAt()).as("still inside the idle timeout").isNull();

        sessions.endExpired(now.plus(Duration.ofSeconds(31)));
        Rows.Session ended = Rows.session(ref).orElseThrow();
        assertThat(ended.endReason()).isEqualTo("VISITOR_IDLE");
        assertThat(Rows.auditOfSession(ref)).filteredOn(a -> a.type().equals("SESSION_ENDED")).singleElement().satisfies(a -> {
            assertThat(a.reason()).isEqualTo("VISITOR_IDLE");
            assertThat(a.actor()).isEqualTo("system");
        });
        sessions.endExpired(now.plus(Duration.ofSeconds(40)));
        assertThat(Rows.auditOfSession(ref)).as("an ended session is not ended twice")
                .filteredOn(a -> a.type().equals("SESSION_ENDED")).hasSize(1);
    }

    @Test
    void streamActivityWrittenInBulkKeepsSessionsAliveAndNeverMovesAClockBackOrTouchesEndedSessions() {
        String group = TestGroups.group().idleSeconds(30).maxSeconds(86400).create();
        Instant now = clock.instant();
        String streaming = Rows.refOf(start(group).sessionId());
        String silent = Rows.refOf(start(group).sessionId());
        String stopped = Rows.refOf(start(group).sessionId());
        sessions.endByAdministrator(stopped, "admin", "198.18.0.9");
        Instant stoppedAt = Rows.session(stopped).orElseThrow().endedAt();

        sessions.streamsActive(Map.of(streaming, now.plus(Duration.ofSeconds(20)), stopped, now.plus(Duration.ofSeconds(20)),
                "no-such-session", now));
        sessions.streamsActive(Map.of(streaming, now.minus(Duration.ofSeconds(100)))); // late news never moves a clock back

        sessions.endExpired(now.plus(Duration.ofSeconds(31)));
        assertThat(Rows.session(silent).orElseThrow().endReason()).isEqualTo("VISITOR_IDLE");
        assertThat(Rows.session(streaming).orElseThrow().endedAt()).as("active 20 s in: idle only after 50 s").isNull();
        assertThat(Rows.session(stopped).orElseThrow().endedAt()).isEqualTo(stoppedAt);
        assertThat(Rows.session(stopped).orElseThrow().endReason()).isEqualTo("ADMINISTRATOR");

        sessions.endExpired(now.plus(Duration.ofSeconds(51)));
        assertThat(Rows.session(streaming).orElseThrow().endReason()).isEqualTo("VISITOR_IDLE");
    }

    @Test
    void aSessionPastItsMaximumDurationEndsEvenWhileTheVisitorIsActive() {
        String group = TestGroups.group().idleSeconds(86400).maxSeconds(60).create();
        SessionGrant grant = start(group);
        String ref = Rows.refOf(grant.sessionId());
        Instant now = clock.instant();

        sessions.heartbeat(grant.token(), List.of(group), visitor(), null);
        sessions.endExpired(now.plus(Duration.ofSeconds(55)));
        assertThat(Rows.session(ref).orElseThrow().endedAt()).isNull();

        sessions.endExpired(now.plus(Duration.ofSeconds(61)));
        assertThat(Rows.session(ref).orElseThrow().endReason()).isEqualTo("MAX_DURATION");
    }

    @Test
    void theVisitorLearnsWhoIsViewingAndEndingClosesEveryViewer() {
        String group = TestGroups.group().create();
        SessionGrant grant = start(group);
        String ref = Rows.refOf(grant.sessionId());
        FakeViewer bob = new FakeViewer(ref, "bob", "Bob Agent");
        FakeViewer alice = new FakeViewer(ref, "alice", "Alice <b>Agent</b>");
        FakeViewer aliceSecondTab = new FakeViewer(ref, "alice", "Alice <b>Agent</b>");

        presence.opened(bob);
        presence.opened(alice);
        presence.opened(aliceSecondTab);

        assertThat(sessions.heartbeat(grant.token(), List.of(group), visitor(), null).viewers())
                .extracting(Viewer::displayName).containsExactly("Alice <b>Agent</b>", "Bob Agent");

        sessions.stop(grant.token(), visitor());
        assertThat(presence.viewing(ref)).isEmpty();
        assertThat(List.of(bob, alice, aliceSecondTab)).allSatisfy(v -> assertThat(v.closedWith).isEqualTo(1000));
    }

    /** A viewer connection that only remembers how it was closed. */
    static final class FakeViewer implements ViewerConnection {
        private final String ref;
        private final Viewer viewer;
        private final String passId = java.util.UUID.randomUUID().toString();
        volatile Integer closedWith;

        FakeViewer(String ref, String subject, String name) {
            this.ref = ref;
            this.viewer = new Viewer(subject, name);
        }

        @Override
        public Viewer viewer() {
            return viewer;
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
            return Instant.now();
        }

        @Override
        public Instant passExpiresAt() {
            return Instant.now().plusSeconds(3600);
        }

        @Override
        public void extendPass(Instant expiresAt) {
        }

        @Override
        public void close(int code, String reason) {
            closedWith = code;
        }
    }

    @Test
    void anAdministratorEndsASessionAndTheEndIsAuditedWithTheirName() {
        String group = TestGroups.group().create();
        SessionGrant grant = start(group);
        String ref = Rows.refOf(grant.sessionId());

        sessions.endByAdministrator(ref, "carol", "198.18.0.9");

        assertThat(Rows.session(ref).orElseThrow().endReason()).isEqualTo("ADMINISTRATOR");
        assertThat(Rows.auditOfSession(ref)).filteredOn(a -> a.type().equals("SESSION_ENDED")).singleElement()
                .satisfies(a -> assertThat(a.actor()).isEqualTo("carol"));
    }
}
