package dev.tandem.bench;

import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One visitor's socket: sends its frames in order ({@link OrderedSender}) and reads what the relay
 * sends it: {@code ready}, and in the pointer load the agents' pointers ({@link PointerReceiver}).
 */
public final class VisitorSender extends OrderedSender implements WebSocket.Listener {

    final CompletableFuture<String> ready = new CompletableFuture<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    /** The relay's first message to this visitor (Tandem's {@code ready}, the null relay's {@code joined}). */
    final CompletableFuture<Void> firstMessage = new CompletableFuture<>();
    /** Where pointers arriving for this visitor are recorded (the pointer load sets it). */
    volatile PointerReceiver pointers;
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        long now = System.nanoTime();
        partial.append(data);
        if (last) {
            String message = partial.toString();
            partial.setLength(0);
            PointerReceiver receiver = pointers;
            if (receiver != null) {
                receiver.scan(message, now);
            }
            if (message.contains("\"ready\"")) {
                ready.complete(message);
            }
            firstMessage.complete(null);
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
