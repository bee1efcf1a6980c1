package dev.tandem.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.presence.LiveSession;
import dev.tandem.presence.LiveSessions;
import dev.tandem.presence.VisitorLink;
import dev.tandem.visitor.VisitorSessions;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The relay's bulk writing of idle clocks: each session once per flush, at its latest activity, nothing lost on a failed write. */
class StreamActivityTest {

    private final List<Map<String, Instant>> written = new ArrayList<>();
    private int failuresLeft;
    private final StreamActivity activity = new StreamActivity();
    private final LiveSessions live = new LiveSessions();

    StreamActivityTest() {
        activity.live = live;
        activity.visitors = (VisitorSessions) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {VisitorSessions.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("streamsActive")) {
                        throw new AssertionError("unexpected call " + method.getName());
                    }
                    if (failuresLeft-- > 0) {
                        throw new IllegalStateException("database unavailable");
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, Instant> lastActivity = (Map<String, Instant>) args[0];
                    written.add(Map.copyOf(lastActivity));
                    return null;
                });
    }

    private LiveSession streaming(String ref) {
        return live.visitorConnected(ref, new VisitorLink() {
            @Override
            public void requestSnapshot() {
            }

            @Override
            public void guide(String json) {
            }

            @Override
            public void close(int code, String reason) {
            }
        });
    }

    @Test
    void eachSessionIsWrittenOncePerFlushAtItsLatestActivity() {
        Instant t = Instant.parse("2026-11-23T10:00:00Z");
        LiveSession a = streaming("a");
        LiveSession b = streaming("b");
        a.seen(t.plusSeconds(2));
        a.seen(t.plusSeconds(1)); // arrived late: older than what is noted
        b.seen(t);
        activity.flush();
        activity.flush(); // nothing new since

        assertThat(written).containsExactly(Map.of("a", t.plusSeconds(2), "b", t));
    }

    @Test
    void whatFailsToBeWrittenIsWrittenAtTheNextFlushWithAnythingNewer() {
        Instant t = Instant.parse("2026-11-23T10:00:00Z");
        failuresLeft = 1;
        LiveSession a = streaming("a");
        LiveSession b = streaming("b");
        a.seen(t);
        b.seen(t);
        activity.flush();
        a.seen(t.plusSeconds(5));
        activity.flush();

        assertThat(written).containsExactly(Map.of("a", t.plusSeconds(5), "b", t));
    }

    @Test
    void anEndedSessionTakesItsUnwrittenActivityWithIt() {
        Instant t = Instant.parse("2026-11-23T10:00:00Z");
        streaming("a").seen(t);
        streaming("b").seen(t);
        live.end("a", "VISITOR_STOPPED");
        activity.flush();

        assertThat(written).containsExactly(Map.of("b", t));
    }
}
