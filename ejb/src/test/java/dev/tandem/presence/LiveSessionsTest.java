package dev.tandem.presence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.session.EndReason;
import dev.tandem.visitor.SessionEnded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The registry's one lifecycle: whatever way a session goes (ended, its visitor gone with no agent,
 * agents leaving first or last), nothing of it stays in memory, the relay's state is released, and
 * a socket closing late never brings it back.
 */
class LiveSessionsTest {

    private final LiveSessions live = new LiveSessions();
    private final List<String> closes = new ArrayList<>();

    private final class Link implements VisitorLink {
        @Override
        public void requestSnapshot() {
        }

        @Override
        public void guide(String json) {
        }

        @Override
        public void close(int code, String reason) {
            closes.add("visitor " + code + " " + reason);
        }
    }

    private final class Connection implements ViewerConnection {
        private final String ref;
        private final String subject;

        Connection(String ref, String subject) {
            this.ref = ref;
            this.subject = subject;
        }

        @Override
        public Viewer viewer() {
            return new Viewer(subject, subject);
        }

        @Override
        public String sessionRef() {
            return ref;
        }

        @Override
        public String passId() {
            return "pass-" + subject;
        }

        @Override
        public Instant passIssuedAt() {
            return Instant.EPOCH;
        }

        @Override
        public Instant passExpiresAt() {
            return Instant.MAX;
        }

        @Override
        public void extendPass(Instant expiresAt) {
        }

        @Override
        public void close(int code, String reason) {
            closes.add(subject + " " + code + " " + reason);
        }
    }

    private static final class Relay implements SessionRelay {
        boolean released;
        int visitorGone;

        @Override
        public void visitorGone() {
            visitorGone++;
        }

        @Override
        public void release() {
            released = true;
        }
    }

    @Test
    void endingASessionClosesEveryConnectionAndForgetsIt() {
        Link visitor = new Link();
        LiveSession session = live.visitorConnected("r", visitor);
        Relay relay = (Relay) session.relay(Relay::new);
        Connection alice = new Connection("r", "alice");
        live.opened(alice);

        live.sessionEnded(new SessionEnded("r", "g", EndReason.ADMINISTRATOR));

        assertThat(live.size()).isZero();
        assertThat(relay.released).isTrue();
        assertThat(session.isGone()).isTrue();
        assertThat(closes).containsExactlyInAnyOrder("alice 1000 ADMINISTRATOR", "visitor 1000 ADMINISTRATOR");
        // The sockets report their close afterwards: nothing comes back.
        live.closed(alice);
        live.visitorDisconnected(session, visitor);
        live.requestSnapshot("r");
        assertThat(live.viewing("r")).isEmpty();
        assertThat(live.size()).isZero();
    }

    @Test
    void aVisitorGoneWithNoAgentLeavesNothing() {
        Link visitor = new Link();
        LiveSession session = live.visitorConnected("r", visitor);
        Relay relay = (Relay) session.relay(Relay::new);

        live.visitorDisconnected(session, visitor);

        assertThat(live.size()).isZero();
        assertThat(relay.released).isTrue();
    }

    @Test
    void agentLeavingFirstThenVisitorLeavesNothing() {
        Link visitor = new Link();
        LiveSession session = live.visitorConnected("r", visitor);
        Connection alice = new Connection("r", "alice");
        assertThat(live.opened(alice).session()).isSameAs(session);

        live.closed(alice);
        assertThat(live.holds("r")).as("the visitor still streams").isTrue();
        live.visitorDisconnected(session, visitor);

        assertThat(live.size()).isZero();
    }

    @Test
    void visitorLeavingFirstThenAgentLeavesNothing() {
        Link visitor = new Link();
        LiveSession session = live.visitorConnected("r", visitor);
        Relay relay = (Relay) session.relay(Relay::new);
        Connection alice = new Connection("r", "alice");
        live.opened(alice);

        live.visitorDisconnected(session, visitor);
        assertThat(relay.visitorGone).as("the catch-up is dropped with the visitor's page").isEqualTo(1);
        assertThat(live.viewing("r")).extracting(Viewer::subject).containsExactly("alice");
        live.closed(alice);

        assertThat(live.size()).isZero();
        assertThat(relay.released).isTrue();
    }

    @Test
    void aReplacedStreamClosingLateDoesNotTouchTheNewOne() {
        Link first = new Link();
        Link second = new Link();
        LiveSession session = live.visitorConnected("r", first);
        Relay relay = (Relay) session.relay(Relay::new);
        live.visitorConnected("r", second);

        live.visitorDisconnected(session, first);

        assertThat(live.holds("r")).isTrue();
        assertThat(relay.visitorGone).isZero();
        assertThat(closes).containsExactly("visitor 1000 replaced");
        live.visitorDisconnected(session, second);
        assertThat(live.size()).isZero();
    }

    @Test
    void aRelayAskedForAfterTheEndIsBornReleased() {
        Link visitor = new Link();
        LiveSession session = live.visitorConnected("r", visitor);
        live.end("r", "VISITOR_STOPPED");

        Relay late = (Relay) session.relay(Relay::new);

        assertThat(late.released).isTrue();
        assertThat(live.size()).isZero();
    }

    @Test
    void revokingAnAgentForgetsTheSessionItWasTheLastConnectionOf() {
        live.opened(new Connection("r", "mallory"));

        assertThat(live.closeAgent("mallory", LiveSessions.POLICY, "revoked")).isEqualTo(1);

        assertThat(live.size()).isZero();
    }
}
