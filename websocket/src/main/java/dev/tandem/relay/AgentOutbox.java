package dev.tandem.relay;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * One agent's outbound queue: messages are sent asynchronously, one at a time, in order. The queue
 * is bounded in bytes; an agent too slow to keep up is closed (1013, try again later) instead of
 * holding up the visitor or the other agents, whose queues are independent.
 */
final class AgentOutbox {

    /** How a message leaves: asynchronously, calling back with whether it was sent. */
    interface Sender {
        void send(String text, Consumer<Boolean> done);

        void close(int code, String reason);
    }

    static final int TRY_AGAIN_LATER = 1013;

    private final Sender sender;
    private final long maxBytes;
    private final Deque<String> queue = new ArrayDeque<>();
    private final Deque<Long> sizes = new ArrayDeque<>();
    private long queuedBytes;
    private boolean inFlight;
    private boolean closed;

    AgentOutbox(Sender sender, long maxBytes) {
        this.sender = sender;
        this.maxBytes = maxBytes;
    }

    /** Queues a message; false (and the agent closed with 1013) if it would pass the bound. */
    boolean offer(String message) {
        return offer(message, utf8Length(message));
    }

    /** Queues a message whose UTF-8 size the caller already knows (one batch goes to every agent). */
    boolean offer(String message, long size) {
        boolean overflow;
        synchronized (this) {
            if (closed) {
                return false;
            }
            overflow = queuedBytes + size > maxBytes;
            if (overflow) {
                closed = true;
                queue.clear();
                sizes.clear();
                queuedBytes = 0;
            } else {
                queue.addLast(message);
                sizes.addLast(size);
                queuedBytes += size;
            }
        }
        if (overflow) {
            sender.close(TRY_AGAIN_LATER, "too slow: resync");
            return false;
        }
        pump();
        return true;
    }

    synchronized long queuedBytes() {
        return queuedBytes;
    }

    private void pump() {
        String next;
        synchronized (this) {
            if (inFlight || closed || queue.isEmpty()) {
                return;
            }
            next = queue.pollFirst();
            queuedBytes -= sizes.pollFirst();
            inFlight = true;
        }
        sender.send(next, ok -> {
            synchronized (this) {
                inFlight = false;
                if (!ok) {
                    closed = true;
                    queue.clear();
                    sizes.clear();
                    queuedBytes = 0;
                }
            }
            pump();
        });
    }

    void stop() {
        synchronized (this) {
            closed = true;
            queue.clear();
            sizes.clear();
            queuedBytes = 0;
        }
    }

    /** The UTF-8 size of a text, counted without encoding it. */
    static long utf8Length(String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
