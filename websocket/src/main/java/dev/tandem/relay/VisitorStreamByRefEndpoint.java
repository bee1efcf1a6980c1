package dev.tandem.relay;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.websocket.server.ServerEndpoint;

/**
 * {@code wss://HOST/cobrowse/stream/visitor/{sessionRef}}: the visitor's stream with its session
 * reference in the URL, so that a load balancer can send every socket of one session to one node
 * (docs/operations.md, "Clustering"). The same endpoint as {@link VisitorStreamEndpoint}; the
 * {@code hello}'s token must be for this very session (else 1008 {@code wrong_session}, audited).
 */
@ApplicationScoped
@Typed(VisitorStreamByRefEndpoint.class)
@ServerEndpoint(value = "/stream/visitor/{ref}", configurator = VisitorHandshake.class)
public class VisitorStreamByRefEndpoint extends VisitorStreamEndpoint {
}
