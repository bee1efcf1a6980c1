package dev.tandem.relay;

import dev.tandem.presence.LiveSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The relay's side of a live session: its {@link SessionStream}, attached to the session in the
 * registry ({@link dev.tandem.presence.LiveSessions}), which alone decides when it goes. This holds
 * no map of its own, so a stream can neither outlive its session nor be brought back after it.
 */
@ApplicationScoped
public class SessionStreams {

    @Inject
    StreamLimits limits;

    SessionStream of(LiveSession session) {
        return (SessionStream) session.relay(() -> new SessionStream(limits));
    }
}
