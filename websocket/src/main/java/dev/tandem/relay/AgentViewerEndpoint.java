package dev.tandem.relay;

import dev.tandem.join.AgentJoins;
import dev.tandem.join.AgentPass;
import dev.tandem.join.AgentPassSigner;
import dev.tandem.nodes.SessionOwners;
import dev.tandem.presence.LiveSession;
import dev.tandem.presence.LiveSessions;
import dev.tandem.presence.Viewer;
import dev.tandem.presence.ViewerConnection;
import dev.tandem.session.CobrowseSession;
import dev.tandem.session.SessionRepository;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code wss://HOST/cobrowse/stream/agent/{sessionRef}}: an agent's viewer connection. The upgrade
 * was admitted by the gate (origin, pass cookie for this very session); here the connection joins
 * the session's presence (the visitor sees the agent), gets a welcome, then the catch-up (latest
 * snapshot and the events since) and every later batch of the visitor's cleaned events through its
 * own bounded outbox; every viewer of the session hears who is viewing. Agents send nothing.
 *
 * <p>{@code @Inject}, not {@code @EJB}: some servers do not inject EJBs into WebSocket endpoints.
 */
@ServerEndpoint(value = "/stream/agent/{ref}", configurator = ViewerHandshake.class)
public class AgentViewerEndpoint {

    private static final String CONNECTION = "tandem.viewer";
    private static final String STREAM = "tandem.viewerStream";
    /**
     * Agents send nothing, so the container buffers no more of a message than this: anything
     * larger is closed by it with 1009 before it is read whole, anything smaller here with 1003.
     */
    private static final int READ_AT_MOST_BYTES = 1024;

    @Inject
    AgentJoins joins;

    @Inject
    AgentPassSigner passes;

    @Inject
    LiveSessions presence;

    @Inject
    SessionRepository sessions;

    @Inject
    SessionStreams streams;

    @Inject
    StreamLimits limits;

    @Inject
    KeepAlive keepAlive;

    @Inject
    SocketFailures failures;

    @Inject
    SessionOwners owners;

    @Resource
    ManagedExecutorService executor;

    @OnOpen
    public void open(Session socket, @PathParam("ref") String ref) throws IOException {
        socket.setMaxTextMessageBufferSize(READ_AT_MOST_BYTES);
        socket.setMaxBinaryMessageBufferSize(READ_AT_MOST_BYTES);
        // The pass is read once here; its text is not kept with the connection.
        String cookie = (String) socket.getUserProperties().remove(ViewerHandshake.PASS_COOKIE);
        Optional<AgentPass> pass = passes.read(cookie).filter(p -> p.sessionRef().equals(ref));
        Optional<CobrowseSession> session = sessions.findLive(ref);
        if (pass.isEmpty() || session.isEmpty()) {
            socket.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "not admitted"));
            return;
        }
        // Another node holds the session's stream (the balancer sent this socket elsewhere, or the
        // visitor has not reconnected here yet after a node left): retry through the balancer.
        if (owners.elsewhere(session.get())) {
            socket.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(LiveSessions.OTHER_NODE), "other node"));
            return;
        }
        WebSocketViewer viewer = new WebSocketViewer(socket, pass.get(), limits.agentQueueMaxBytes(), executor);
        socket.getUserProperties().put(CONNECTION, viewer);
        keepAlive.keep(socket);
        // The welcome goes first, before this connection is visible to others: otherwise another
        // connection's "viewers" announcement could overtake it.
        viewer.send(ViewerMessages.welcome(session.get().sessionKey(), withSelf(presence.viewing(ref), viewer.viewer())));
        LiveSession live = joins.viewerOpened(viewer);
        // Catch-up (latest snapshot and the events since), then live events, in order.
        SessionStream stream = streams.of(live);
        socket.getUserProperties().put(STREAM, stream);
        stream.addAgent(socket.getId(), viewer.outbox());
        // The session may have ended since it was found live above: its end then did not see this
        // connection, so this connection ends it in memory (the registry is never ahead of the records).
        Optional<CobrowseSession> ended = sessions.find(ref).filter(s -> !s.isLive());
        if (ended.isPresent()) {
            presence.end(ref, ended.get().endReason().name());
            return;
        }
        // A fresh snapshot too, so that this agent starts from the page as it is now.
        presence.requestSnapshot(ref);
        announceViewers(ref);
    }

    @OnClose
    public void close(Session socket, CloseReason reason) {
        keepAlive.forget(socket);
        Object connection = socket.getUserProperties().remove(CONNECTION);
        Object stream = socket.getUserProperties().remove(STREAM);
        if (connection instanceof WebSocketViewer viewer) {
            if (stream instanceof SessionStream s) {
                s.removeAgent(socket.getId());
            }
            joins.viewerClosed(viewer, reason.getCloseCode().getCode() + " " + reason.getReasonPhrase());
            announceViewers(viewer.sessionRef());
        }
    }

    /** Agents only watch: anything they send is refused (1003; 1009 from the container when large). */
    @OnMessage
    public void message(Session socket, String text) throws IOException {
        socket.close(new CloseReason(CloseReason.CloseCodes.CANNOT_ACCEPT, "viewers send nothing"));
    }

    @OnMessage
    public void binary(Session socket, ByteBuffer data) throws IOException {
        socket.close(new CloseReason(CloseReason.CloseCodes.CANNOT_ACCEPT, "viewers send nothing"));
    }

    @OnError
    public void error(Session socket, Throwable failure) {
        // The container closes the socket after this; what is logged is the failure's class and stack only.
        failures.report("viewer", failure);
    }

    private static List<Viewer> withSelf(List<Viewer> others, Viewer self) {
        List<Viewer> all = new ArrayList<>(others);
        if (!all.contains(self)) {
            all.add(self);
        }
        all.sort(Comparator.comparing(Viewer::displayName).thenComparing(Viewer::subject));
        return all;
    }

    private void announceViewers(String ref) {
        String message = ViewerMessages.viewers(presence.viewing(ref));
        for (ViewerConnection c : presence.connections(ref)) {
            if (c instanceof WebSocketViewer v) {
                v.send(message);
            }
        }
    }
}
