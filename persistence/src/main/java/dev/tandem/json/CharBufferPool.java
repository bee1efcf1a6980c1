package dev.tandem.json;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * The character buffers JSON-P's parser reads into, kept within a fixed bound. Parsson's own pool
 * keeps every buffer handed back to it, whatever its size, until a full collection clears it: a
 * parser reading a long string doubles its buffer (4 K, 8 K, ... 512 K characters for a 300 KB
 * event) and hands each one back, so while visitors streamed large events the live heap grew by
 * hundreds of megabytes of pooled {@code char[]} (issue 12). Here only buffers of the
 * {@linkplain #BUFFER_CHARS initial size} are kept, at most {@link #MAX_KEPT} of them (about
 * {@value #MAX_KEPT} × 8 KB); larger ones are left to the young-generation collector.
 */
public final class CharBufferPool {

    /** The size of a new buffer, Parsson's default; what a parser reads small messages with. */
    static final int BUFFER_CHARS = 4096;
    /** How many buffers are kept for reuse, enough for the parses running at once on a node. */
    static final int MAX_KEPT = 64;

    private final ArrayBlockingQueue<char[]> kept = new ArrayBlockingQueue<>(MAX_KEPT);

    /** A buffer to parse with: a kept one, or a new one of the initial size. */
    public char[] take() {
        char[] buffer = kept.poll();
        return buffer != null ? buffer : new char[BUFFER_CHARS];
    }

    /** A buffer the parser is done with: kept if it has the initial size and there is room, else dropped. */
    public void recycle(char[] buffer) {
        if (buffer != null && buffer.length == BUFFER_CHARS) {
            kept.offer(buffer);
        }
    }

    /** How many characters the kept buffers hold. */
    public long retainedChars() {
        return kept.stream().mapToLong(b -> b.length).sum();
    }

    /** How many buffers are kept. */
    public int retained() {
        return kept.size();
    }
}
