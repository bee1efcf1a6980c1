package dev.tandem.relay;

import java.util.Optional;

/**
 * Puts one connection's text message together from the parts the container hands over, and refuses
 * it (1009) as soon as it grows past its limit in UTF-8 bytes, whatever length its frame declared.
 *
 * <p>Why not the container's own limit ({@code Session#setMaxTextMessageBufferSize}): a container
 * may check it only on the first read of a frame. Undertow 2.3.23 (WildFly 39) does exactly that
 * (UNDERTOW-2770): a frame that declares megabytes and arrives in several reads is buffered whole,
 * so a hostile client trickling one huge frame could fill the heap and never get its close. Parts
 * are counted here as they arrive, so at most the limit plus one part is ever held per connection.
 * Once a message is whole, a buffer grown past {@value #KEEP_CHARS} characters is let go: a visitor
 * whose snapshot came in parts would otherwise hold a buffer of its size for as long as it stays
 * connected (up to {@code tandem.stream.max-message-bytes}, twice that for text outside Latin-1).
 * Used from one connection's message callbacks, which the container calls one at a time.
 */
final class TextAssembler {

    /** The largest buffer kept between messages: the usual batch in parts reuses it, a snapshot's is dropped. */
    static final int KEEP_CHARS = 16 * 1024;

    private final int maxBytes;
    private StringBuilder parts = new StringBuilder();
    private long bytes;
    private boolean refused;

    TextAssembler(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Adds one part. Returns the whole message with its last part, empty while more is to come.
     *
     * @throws StreamViolation 1009 the first time the message exceeds the limit; later parts of the
     *         same (refused) message are dropped without a second refusal
     */
    Optional<String> add(String part, boolean last) {
        if (refused) {
            if (last) {
                refused = false;
            }
            return Optional.empty();
        }
        bytes += utf8Length(part);
        if (bytes > maxBytes) {
            parts.setLength(0);
            parts.trimToSize();
            bytes = 0;
            refused = !last;
            throw new StreamViolation(StreamViolation.TOO_BIG, "message too big");
        }
        if (last && parts.length() == 0) {
            bytes = 0;
            return Optional.of(part);
        }
        parts.append(part);
        if (!last) {
            return Optional.empty();
        }
        String whole = parts.toString();
        if (parts.capacity() > KEEP_CHARS) {
            parts = new StringBuilder();
        } else {
            parts.setLength(0);
        }
        bytes = 0;
        return Optional.of(whole);
    }

    /** The characters this connection's buffer holds room for between messages. */
    int heldChars() {
        return parts.capacity();
    }

    /** UTF-8 length of this text (an unpaired surrogate counts as the three bytes of its replacement). */
    static long utf8Length(CharSequence text) {
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
