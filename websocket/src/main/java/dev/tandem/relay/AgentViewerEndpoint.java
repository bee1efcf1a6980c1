package dev.tandem.relay;

import dev.tandem.guidance.AgentGuidance;
import dev.tandem.join.AgentJoins;
import dev.tandem.join.AgentPass;
import dev.tandem.join.AgentPassSigner;
import dev.tandem.join.JoinTicket;
import dev.tandem.nodes.SessionOwners;
import dev.tandem.presence.LiveSession;
import dev.tandem.presence.LiveSessions;
import dev.tandem.presence.Viewer;
import dev.tandem.presence.ViewerConnection;
import dev.tandem.session.CobrowseSession;
import dev.tandem.session.SessionRepository;
import jakarta.enterprise.context.ApplicationScoped;
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
 * own bounded outbox; every viewer of the session hears who is viewing. Agents may send guidance
 * messages ({@link AgentMessage}: pointer, write request and release, control), each checked for
 * schema, rate and the mode the pass grants, then relayed to the session's visitor; never kept.
 *
 * <p>{@code @Inject}, not {@code @EJB}: some servers do not inject EJBs into WebSocket endpoints. One
 * instance serves every connection ({@link SharedEndpoint}): a connection's state is in its socket's
 * user properties, never in a field.
 */
@ApplicationScoped
@ServerEndpoint(value = "/stream/agent/{ref}", configurator = ViewerHandshake.class)
public class AgentViewerEndpoint {

    private static final String CONNECTION = "tandem.viewer";
    private static final String STREAM = "tandem.viewerStream";
    private static final String INCOMING = "tandem.viewerIncoming";
    /**
     * Agents send only small guidance messages: a message larger than this is closed with 1009 as
     * soon as its parts pass it (counted by {@link TextAssembler}, never read whole).
     */
    private static final int READ_AT_MOST_BYTES = AgentMessage.MAX_BYTES;

    @Inject
    AgentJoins joins;

    @Inject
    AgentPassSigner passes;

    @Inject
    AgentGuidance guidance;

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

    @Inject
    GuidanceRates rates;

    @Inject
    RelayExecutors executors;

    @OnOpen
    public void open(Session socket, @PathParam("ref") String ref) throws IOException {
        socket.setMaxTextMessageBufferSize(READ_AT_MOST_BYTES);
        socket.setMaxBinaryMessageBufferSize(READ_AT_MOST_BYTES);
        socket.getUserProperties().put(INCOMING, new TextAssembler(READ_AT_MOST_BYTES));
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
        WebSocketViewer viewer = new WebSocketViewer(socket, pass.get(), limits.agentQueueMaxBytes(), executors.executor());
        socket.getUserProperties().put(CONNECTION, viewer);
        rates.opened(viewer.viewer().subject(), socket.getId());
        keepAlive.keep(socket);
        // The welcome goes first, before this connection is visible to others: otherwise another
        // connection's "viewers" announcement could overtake it.
        viewer.send(ViewerMessages.welcome(session.get().sessionKey(), withSelf(presence.viewing(ref), viewer.viewer()), viewer.modes()));
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
        socket.getUserProperties().remove(INCOMING);
        Object connection = socket.getUserProperties().remove(CONNECTION);
        Object stream = socket.getUserProperties().remove(STREAM);
        if (connection instanceof WebSocketViewer viewer) {
            rates.closed(viewer.viewer().subject(), socket.getId());
            if (stream instanceof SessionStream s) {
                s.removeAgent(socket.getId());
                // Write mode ends when the agent leaves; the visitor's page drops the agent's pointer.
                if (s.releaseWriter(viewer.agentId())) {
                    guidance.modeChanged(viewer.sessionRef(), viewer.viewer().subject(), "write", AgentGuidance.ModeChange.REVOKED, "left");
                }
                if (viewer.grants(JoinTicket.POINTER) || viewer.grants(JoinTicket.WRITE)) {
                    presence.guideVisitor(viewer.sessionRef(), RelayMessages.guidance(viewer.agentId(), viewer.viewer().displayName(),
                            dev.tandem.json.Jsons.BUILDERS.createObjectBuilder().add("type", "left").build()));
                }
            }
            joins.viewerClosed(viewer, reason.getCloseCode().getCode() + " " + reason.getReasonPhrase());
            announceViewers(viewer.sessionRef());
        }
    }

    /** One part of a text message: parts are counted as they come, so an oversized message is closed with 1009 early. */
    @OnMessage
    public void message(Session socket, String part, boolean last) throws IOException {
        if (!(socket.getUserProperties().get(INCOMING) instanceof TextAssembler incoming)) {
            return; // closed already: parts still in flight are dropped
        }
        Optional<String> whole;
        try {
            whole = incoming.add(part, last);
        } catch (StreamViolation tooBig) {
            socket.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(tooBig.closeCode()), tooBig.getMessage()));
            return;
        }
        if (whole.isPresent()) {
            message(socket, whole.get());
        }
    }

    /**
     * A guidance message: over the agent's rate (1008 {@code rate}, {@link GuidanceRates}) or of a
     * mode the pass does not grant (1008 {@code mode not granted}) closes the connection with a
     * CONTROL_REFUSED row; not one of the messages closes it with 1003. The text is never logged: it may carry what the agent types.
     */
    private void message(Session socket, String text) throws IOException {
        if (!(socket.getUserProperties().get(CONNECTION) instanceof WebSocketViewer viewer)
                || !(socket.getUserProperties().get(STREAM) instanceof SessionStream stream)) {
            socket.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "not admitted"));
            return;
        }
        String ref = viewer.sessionRef();
        String subject = viewer.viewer().subject();
        if (viewer.refusedForGood()) {
            return; // closing already: what was still in flight is neither relayed nor audited again
        }
        // Per agent, not per connection: a second socket of the same agent shares this rate.
        if (!rates.tryTake(subject)) {
            viewer.refuseForGood();
            guidance.controlRefused(ref, subject, "rate", "relay");
            socket.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "rate"));
            return;
        }
        AgentMessage m;
        try {
            m = AgentMessage.read(text);
        } catch (StreamViolation refused) {
            socket.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(refused.closeCode()), refused.getMessage()));
            return;
        }
        if (!viewer.grants(m.mode())) {
            viewer.refuseForGood();
            guidance.controlRefused(ref, subject, "mode_not_granted", "relay");
            socket.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "mode not granted"));
            return;
        }
        switch (m.type()) {
            case "write-request" -> {
                stream.writeRequested(viewer.agentId());
                guidance.modeChanged(ref, subject, "write", AgentGuidance.ModeChange.REQUESTED, "agent");
            }
            case "write-release" -> {
                if (stream.releaseWriter(viewer.agentId())) {
                    guidance.modeChanged(ref, subject, "write", AgentGuidance.ModeChange.REVOKED, "agent");
                    viewer.send(ViewerMessages.mode("revoked", "agent"));
                }
            }
            case "control" -> {
                if (!stream.isWriter(viewer.agentId())) {
                    // Write mode was never granted, or was just taken back: refused, not relayed.
                    refuse(viewer, "not_writer", "relay");
                    return;
                }
            }
            default -> {
                // pointer: relayed as it is
            }
        }
        if (!presence.guideVisitor(ref, RelayMessages.guidance(viewer.agentId(), viewer.viewer().displayName(), m.relayed()))) {
            viewer.send(ViewerMessages.refused("no_visitor"));
        }
    }

    /** Tells the agent an action was refused; audited at most once a second per reason and connection. */
    private void refuse(WebSocketViewer viewer, String reason, String source) {
        viewer.send(ViewerMessages.refused(reason));
        if (viewer.auditNow(reason)) {
            guidance.controlRefused(viewer.sessionRef(), viewer.viewer().subject(), reason, source);
        }
    }

    @OnMessage
    public void binary(Session socket, ByteBuffer data) throws IOException {
        socket.close(new CloseReason(CloseReason.CloseCodes.CANNOT_ACCEPT, "binary not accepted"));
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
