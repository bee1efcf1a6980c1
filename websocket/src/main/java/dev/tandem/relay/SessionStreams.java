package dev.tandem.relay;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The live streams of this node, by session reference. In memory only. */
@ApplicationScoped
public class SessionStreams {

    @Inject
    StreamLimits limits;

    private final Map<String, SessionStream> streams = new ConcurrentHashMap<>();

    SessionStream of(String sessionRef) {
        return streams.computeIfAbsent(sessionRef, ref -> new SessionStream(limits));
    }

    /** Drops the stream when neither visitor nor agents need it any more. */
    void release(String sessionRef, boolean visitorConnected) {
        streams.computeIfPresent(sessionRef, (ref, stream) -> !visitorConnected && stream.isIdle() ? null : stream);
    }

    int size() {
        return streams.size();
    }
}
