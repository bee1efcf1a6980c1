package dev.tandem.bench;

import java.net.http.WebSocket;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One visitor's socket, sending in order with at most one frame in flight (as the WebSocket client
 * requires); frames due while one is in flight wait in a queue, and their latency still counts from
 * when they were due.
 */
public final class VisitorSender implements WebSocket.Listener {

    private final Deque<String> queue = new ArrayDeque<>();
    private boolean inFlight;
    final CompletableFuture<String> ready = new CompletableFuture<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    volatile WebSocket socket;
    private final StringBuilder partial = new StringBuilder();

    public void send(String text) {
        synchronized (this) {
            if (inFlight) {
                queue.addLast(text);
                return;
            }
            inFlight = true;
        }
        write(text);
    }

    private void write(String text) {
        socket.sendText(text, true).whenComplete((ws, failure) -> {
            String next;
            synchronized (this) {
                next = failure == null ? queue.pollFirst() : null;
                if (next == null) {
                    inFlight = false;
                }
            }
            if (next != null) {
                write(next);
            }
        });
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String message = partial.toString();
            partial.setLength(0);
            if (message.contains("\"ready\"")) {
                ready.complete(message);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        ready.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
        ready.completeExceptionally(error);
    }
}
