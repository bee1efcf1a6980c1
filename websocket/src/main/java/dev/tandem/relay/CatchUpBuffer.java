package dev.tandem.relay;

import java.util.ArrayList;
import java.util.List;

/**
 * One session's catch-up (the latest snapshot and the events since, as cleaned JSON text), kept
 * as a few large chunks of comma-joined events rather than one string per event: a live session
 * buffers thousands of events, and every string is an object the garbage collector has to visit in
 * every cycle (under load the relay's collector threads cost about twice the null relay's, see
 * docs/benchmarks.md). Not thread-safe: {@link SessionStream} holds it under its lock.
 */
final class CatchUpBuffer {

    /** Events are appended to an open chunk of up to this many characters, then it is sealed. */
    static final int CHUNK_CHARS = 16 * 1024;

    private final List<String> sealed = new ArrayList<>();
    private final StringBuilder open = new StringBuilder();
    private int events;
    private long chars;

    void add(String event) {
        if (open.length() > 0 && open.length() + 1 + event.length() > CHUNK_CHARS) {
            seal();
        }
        if (event.length() >= CHUNK_CHARS) {
            sealed.add(event); // a snapshot, say: a chunk of its own, not copied
        } else {
            if (open.length() > 0) {
                open.append(',');
            }
            open.append(event);
        }
        events++;
        chars += event.length();
    }

    private void seal() {
        sealed.add(open.toString());
        open.setLength(0); // its capacity is kept for the next chunk: at most about twice CHUNK_CHARS
    }

    void clear() {
        sealed.clear();
        open.setLength(0);
        open.trimToSize(); // a new snapshot or no visitor: the memory goes back
        events = 0;
        chars = 0;
    }

    boolean isEmpty() {
        return events == 0;
    }

    int events() {
        return events;
    }

    /** The events' text length in characters (what the buffer bounds count). */
    long chars() {
        return chars;
    }

    /** {@code {"type":"events","events":[...]}} with every buffered event, in order. */
    String message() {
        List<String> chunks = new ArrayList<>(sealed);
        if (open.length() > 0) {
            chunks.add(open.toString());
        }
        return RelayMessages.events(chunks);
    }
}
