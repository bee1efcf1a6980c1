package dev.tandem.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The null relay baseline: the same frames, forwarded verbatim by a bare endpoint. */
public final class NullRelayTarget implements Relay {

    private final URI base;
    private final Sockets sockets = new Sockets();

    /** {@code base} is e.g. {@code wss://localhost:8743/null-relay/}. */
    public NullRelayTarget(URI base) {
        this.base = base;
    }

    @Override
    public String name() {
        return "null relay";
    }

    @Override
    public BenchSession open(int index, int agentCount, Trace trace, LoadStats stats) {
        List<AgentReceiver> receivers = new ArrayList<>();
        for (int a = 0; a < agentCount; a++) {
            AgentReceiver receiver = new AgentReceiver(stats);
            receiver.socket = sockets.open(base.resolve("room" + index + "/agent"), Map.of(), receiver);
            receivers.add(receiver);
        }
        for (AgentReceiver receiver : receivers) {
            awaitJoined(receiver.firstMessage);
        }
        VisitorSender visitor = new VisitorSender();
        visitor.socket = sockets.open(base.resolve("room" + index + "/visitor"), Map.of(), visitor);
        awaitJoined(visitor.firstMessage); // from here on, what an agent sends reaches this visitor
        visitor.send(frame(1, List.of(trace.opening())));
        return new BenchSession(index, null, null, visitor, receivers);
    }

    /** Waits for the relay's {@code joined}: only then does a visitor's frame reach the agent (an agent's pointer, the visitor). */
    static void awaitJoined(java.util.concurrent.CompletableFuture<?> joined) {
        try {
            joined.get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the null relay did not subscribe a socket", e);
        }
    }

    /** An agent socket in {@code room} whose messages go to {@code listener}. */
    java.net.http.WebSocket openAgent(String room, java.net.http.WebSocket.Listener listener) {
        return sockets.open(base.resolve(room + "/agent"), Map.of(), listener);
    }

    /** A viewer socket in {@code room}: sent the keeper's last frame as it opens. */
    java.net.http.WebSocket openViewer(String room, java.net.http.WebSocket.Listener listener) {
        return sockets.open(base.resolve(room + "/viewer"), Map.of(), listener);
    }

    /** A visitor socket in {@code room} whose last frame the relay keeps for viewers. */
    VisitorSender openKeeper(String room) {
        VisitorSender visitor = new VisitorSender();
        visitor.socket = sockets.open(base.resolve(room + "/keeper"), Map.of(), visitor);
        return visitor;
    }

    /** A visitor socket in {@code room}. */
    VisitorSender openVisitor(String room) {
        VisitorSender visitor = new VisitorSender();
        visitor.socket = sockets.open(base.resolve(room + "/visitor"), Map.of(), visitor);
        return visitor;
    }

    @Override
    public String frame(long seq, List<String> events) {
        return "{\"type\":\"events\",\"seq\":" + seq + ",\"events\":[" + String.join(",", events) + "]}";
    }
}
