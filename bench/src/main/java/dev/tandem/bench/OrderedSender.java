package dev.tandem.bench;

import java.net.http.WebSocket;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Messages to one socket, in order, with at most one in flight (as the WebSocket client
 * requires); messages due while one is in flight wait in a queue, and their latency still counts
 * from when they were due. A visitor's frames go through one, and so do an agent's pointer messages.
 * Text goes as text frames, a {@code byte[]} (a compressed visitor message) as one binary frame.
 */
class OrderedSender {

    private final Deque<Object> queue = new ArrayDeque<>();
    private boolean inFlight;
    volatile WebSocket socket;

    public void send(String text) {
        enqueue(text);
    }

    /** One binary frame, in line with the text messages. */
    public void sendBinary(byte[] bytes) {
        enqueue(bytes);
    }

    private void enqueue(Object message) {
        synchronized (this) {
            if (inFlight) {
                queue.addLast(message);
                return;
            }
            inFlight = true;
        }
        write(message);
    }

    private void write(Object message) {
        java.util.concurrent.CompletableFuture<WebSocket> sent = message instanceof byte[] bytes
                ? socket.sendBinary(java.nio.ByteBuffer.wrap(bytes), true) : socket.sendText((String) message, true);
        sent.whenComplete((ws, failure) -> {
            Object next;
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
}
