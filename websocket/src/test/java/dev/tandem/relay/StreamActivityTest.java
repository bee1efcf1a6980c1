package dev.tandem.relay;

import static org.assertj.core.api.Assertions.assertThat;

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

    StreamActivityTest() {
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

    @Test
    void eachSessionIsWrittenOncePerFlushAtItsLatestActivity() {
        Instant t = Instant.parse("2026-11-23T10:00:00Z");
        activity.seen("a", t.plusSeconds(2));
        activity.seen("a", t.plusSeconds(1)); // arrived late: older than what is noted
        activity.seen("b", t);
        activity.flush();
        activity.flush(); // nothing new since

        assertThat(written).containsExactly(Map.of("a", t.plusSeconds(2), "b", t));
    }

    @Test
    void whatFailsToBeWrittenIsWrittenAtTheNextFlushWithAnythingNewer() {
        Instant t = Instant.parse("2026-11-23T10:00:00Z");
        failuresLeft = 1;
        activity.seen("a", t);
        activity.seen("b", t);
        activity.flush();
        activity.seen("a", t.plusSeconds(5));
        activity.flush();

        assertThat(written).containsExactly(Map.of("a", t.plusSeconds(5), "b", t));
    }
}
