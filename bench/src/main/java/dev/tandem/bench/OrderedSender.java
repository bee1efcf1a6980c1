package dev.tandem.bench;

import java.net.http.WebSocket;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Text messages to one socket, in order, with at most one in flight (as the WebSocket client
 * requires); messages due while one is in flight wait in a queue, and their latency still counts
 * from when they were due. A visitor's frames go through one, and so do an agent's pointer messages.
 */
class OrderedSender {

    private final Deque<String> queue = new ArrayDeque<>();
    private boolean inFlight;
    volatile WebSocket socket;

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
}
