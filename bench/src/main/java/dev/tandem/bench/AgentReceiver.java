package dev.tandem.bench;

import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One agent's socket: finds each event's benchmark stamp in the text as it arrives (no JSON
 * parsing, to keep the load generator light), records its latency and checks the order.
 */
final class AgentReceiver implements WebSocket.Listener {

    private static final String STAMP = "\"b\":[";

    private final LoadStats stats;
    private final StringBuilder partial = new StringBuilder();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    final CompletableFuture<Void> firstMessage = new CompletableFuture<>();
    private long lastSeq = -1;
    volatile WebSocket socket;

    AgentReceiver(LoadStats stats) {
        this.stats = stats;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        long now = System.nanoTime();
        partial.append(data);
        if (last) {
            scan(partial, now);
            partial.setLength(0);
            firstMessage.complete(null);
        }
        webSocket.request(1);
        return null;
    }

    private void scan(CharSequence text, long now) {
        String s = text.toString();
        int at = s.indexOf(STAMP);
        while (at >= 0) {
            int p = at + STAMP.length();
            int c1 = s.indexOf(',', p);
            int c2 = s.indexOf(',', c1 + 1);
            int end = s.indexOf(']', c2 + 1);
            long seq = Long.parseLong(s, c1 + 1, c2, 10);
            long intended = Long.parseLong(s, c2 + 1, end, 10);
            if (seq <= lastSeq) {
                stats.reordered.increment();
            }
            lastSeq = Math.max(lastSeq, seq);
            stats.record(intended, now);
            at = s.indexOf(STAMP, end);
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
    }
}
