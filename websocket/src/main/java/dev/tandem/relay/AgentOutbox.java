package dev.tandem.relay;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * One agent's outbound queue: messages are sent asynchronously, one at a time, in order. The queue
 * is bounded in bytes; an agent too slow to keep up is closed (1013, try again later) instead of
 * holding up the visitor or the other agents, whose queues are independent. When several
 * {@code events} messages wait in a row while one is being sent, they leave as one {@code events}
 * message with their events in order (up to {@value #COALESCE_MAX_BYTES} bytes): one WebSocket
 * frame, one TLS record and one send instead of several, for an agent who is falling behind.
 */
final class AgentOutbox {

    /** How a message leaves: asynchronously, calling back with whether it was sent. */
    interface Sender {
        void send(String text, Consumer<Boolean> done);

        void close(int code, String reason);
    }

    static final int TRY_AGAIN_LATER = 1013;
    /** The largest message a coalescing makes: messages past it (a large catch-up) leave on their own. */
    static final long COALESCE_MAX_BYTES = 1 << 20;

    private static final String EVENTS_START = "{\"type\":\"events\",\"events\":[";
    private static final String EVENTS_END = "]}";

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
        List<String> more = null;
        synchronized (this) {
            if (inFlight || closed || queue.isEmpty()) {
                return;
            }
            next = queue.pollFirst();
            long size = sizes.pollFirst();
            queuedBytes -= size;
            if (isEvents(next)) {
                while (!queue.isEmpty() && isEvents(queue.peekFirst()) && size + sizes.peekFirst() <= COALESCE_MAX_BYTES) {
                    if (more == null) {
                        more = new ArrayList<>();
                    }
                    more.add(queue.pollFirst());
                    long added = sizes.pollFirst();
                    queuedBytes -= added;
                    size += added;
                }
            }
            inFlight = true;
        }
        if (more != null) {
            next = coalesced(next, more);
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

    private static boolean isEvents(String message) {
        return message.startsWith(EVENTS_START) && message.endsWith(EVENTS_END);
    }

    /** One {@code events} message with the events of {@code first} and then of each of {@code more}, in order. */
    static String coalesced(String first, List<String> more) {
        StringBuilder b = new StringBuilder(first.length() + more.stream().mapToInt(String::length).sum());
        b.append(first, 0, first.length() - EVENTS_END.length());
        boolean empty = first.length() == EVENTS_START.length() + EVENTS_END.length();
        for (String m : more) {
            if (m.length() == EVENTS_START.length() + EVENTS_END.length()) {
                continue; // no events in it
            }
            if (!empty) {
                b.append(',');
            }
            b.append(m, EVENTS_START.length(), m.length() - EVENTS_END.length());
            empty = false;
        }
        return b.append(EVENTS_END).toString();
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
