package dev.tandem.relay;

import dev.tandem.join.AgentPass;
import dev.tandem.presence.Viewer;
import dev.tandem.presence.ViewerConnection;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.time.Instant;

/** A viewer connection backed by a Jakarta WebSocket session. */
final class WebSocketViewer implements ViewerConnection {

    private final Session socket;
    private final AgentPass pass;
    private final Viewer viewer;
    private final AgentOutbox outbox;
    private final java.util.concurrent.Executor closer;
    private volatile Instant expiresAt;
    /** Names this connection to the visitor's page (pointer labels, consent): random, not the pass id. */
    private final String agentId;
    /** When each refusal reason was last audited (epoch ms): a flood of one refusal writes one row a second. */
    private final java.util.Map<String, Long> lastAudited = new java.util.concurrent.ConcurrentHashMap<>();

    private static final java.security.SecureRandom IDS = new java.security.SecureRandom();

    /**
     * @param closer runs the close of an agent that fell behind: a close handshake towards a peer
     *        that reads nothing can block, and must never block the visitor's thread that found it
     */
    WebSocketViewer(Session socket, AgentPass pass, long queueMaxBytes, java.util.concurrent.Executor closer) {
        this.socket = socket;
        this.pass = pass;
        this.viewer = new Viewer(pass.subject(), pass.displayName());
        this.expiresAt = pass.expiresAt();
        this.closer = closer;
        this.agentId = java.util.HexFormat.of().formatHex(randomBytes());
        this.outbox = new AgentOutbox(new AgentOutbox.Sender() {
            @Override
            public void send(String text, java.util.function.Consumer<Boolean> done) {
                if (!socket.isOpen()) {
                    done.accept(false);
                    return;
                }
                socket.getAsyncRemote().sendText(text, result -> done.accept(result.isOK()));
            }

            @Override
            public void close(int code, String reason) {
                WebSocketViewer.this.close(code, reason);
            }
        }, queueMaxBytes);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[6];
        IDS.nextBytes(bytes);
        return bytes;
    }

    /** This connection's name towards the visitor's page. */
    String agentId() {
        return agentId;
    }

    /** True if the pass that admitted this connection grants the mode. */
    boolean grants(String mode) {
        return pass.grants(mode);
    }

    /** The modes the pass grants, as its comma list. */
    String modes() {
        return pass.modes();
    }

    private volatile boolean refusedForGood;

    /** The connection is being closed for a refused guidance message: nothing more it sent counts. */
    void refuseForGood() {
        refusedForGood = true;
    }

    boolean refusedForGood() {
        return refusedForGood;
    }

    /** True at most once a second per reason: whether this refusal is to be audited now. */
    boolean auditNow(String reason) {
        long now = System.currentTimeMillis();
        Long before = lastAudited.get(reason);
        if (before != null && now - before < 1000) {
            return false;
        }
        lastAudited.put(reason, now);
        return true;
    }

    /** Every message to this agent goes through its bounded outbox, in order. */
    AgentOutbox outbox() {
        return outbox;
    }

    @Override
    public Viewer viewer() {
        return viewer;
    }

    @Override
    public String sessionRef() {
        return pass.sessionRef();
    }

    @Override
    public String passId() {
        return pass.passId();
    }

    @Override
    public Instant passIssuedAt() {
        return pass.issuedAt();
    }

    @Override
    public Instant passExpiresAt() {
        return expiresAt;
    }

    @Override
    public void extendPass(Instant newExpiry) {
        if (newExpiry.isAfter(expiresAt)) {
            expiresAt = newExpiry;
        }
    }

    /** Queues a JSON text message; a connection that is already gone is simply skipped. */
    void send(String json) {
        outbox.offer(json);
    }

    String socketId() {
        return socket.getId();
    }

    /**
     * Closes the connection on the executor: the close handshake towards a peer that reads nothing
     * can block, and no caller (the visitor's thread, an administrator's revocation, the end of a
     * session) may wait on it.
     */
    @Override
    public void close(int code, String reason) {
        outbox.stop();
        closer.execute(() -> closeNow(code, reason));
    }

    private void closeNow(int code, String reason) {
        if (!socket.isOpen()) {
            return;
        }
        outbox.stop();
        try {
            if (code == CloseReason.CloseCodes.NORMAL_CLOSURE.getCode()) {
                // Sent synchronously, so that it arrives before the close frame (best effort: a
                // message still being written asynchronously makes this one impossible).
                sendEndedNow(reason);
            }
            socket.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
        } catch (IOException alreadyBroken) {
            // The peer is gone; the container reports the close to the endpoint either way.
        }
    }

    private void sendEndedNow(String reason) {
        try {
            socket.getBasicRemote().sendText(ViewerMessages.ended(reason));
        } catch (IOException | IllegalStateException busy) {
            // The close code (1000) says the same.
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WebSocketViewer v && v.socket.getId().equals(socket.getId());
    }

    @Override
    public int hashCode() {
        return socket.getId().hashCode();
    }
}
