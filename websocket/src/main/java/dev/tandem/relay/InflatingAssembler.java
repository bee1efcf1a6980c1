package dev.tandem.relay;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Puts one connection's compressed message together: a binary message holding the zlib stream
 * (RFC 1950, what the browser's {@code CompressionStream("deflate")} writes) of a visitor message's
 * UTF-8 text. Parts are inflated as they arrive, so the compressed bytes are never held whole, and
 * the message is refused as soon as it passes its bounds:
 * <ul>
 * <li>more than {@code maxBytes} compressed, or inflating to more than {@code maxBytes}: 1009
 * ({@code message too big}, {@code inflated too big}); a zip bomb costs at most {@code maxBytes} of
 * output, once, as the stream then closes;</li>
 * <li>inflating to more than {@code maxRatio} times its compressed size (checked with the last
 * part): 1009 {@code inflate ratio}, so that a few kilobytes cannot make the relay parse megabytes;</li>
 * <li>not a zlib stream, a preset dictionary, a wrong checksum, cut short, or bytes after its end:
 * 1007 {@code malformed deflate}; a result that is not UTF-8: 1007 {@code not UTF-8}.</li>
 * </ul>
 * Holds at most {@code maxBytes + 1} inflated bytes and one {@link Inflater} (its native memory is
 * freed at the end of every message and by {@link #release()}). Used from one connection's message
 * callbacks, which the container calls one at a time; {@link #release()} comes from its close
 * callback, which may run on another thread, hence the lock (never contended otherwise).
 */
final class InflatingAssembler {

    /** Why a compressed message was refused: the audit's word for it and the close it earns. */
    enum Cause {
        TOO_BIG(StreamViolation.TOO_BIG, "inflated too big"),
        RATIO(StreamViolation.TOO_BIG, "inflate ratio"),
        MALFORMED(StreamViolation.BAD_DATA, "malformed deflate"),
        NOT_UTF8(StreamViolation.BAD_DATA, "not UTF-8");

        final int closeCode;
        final String phrase;

        Cause(int closeCode, String phrase) {
            this.closeCode = closeCode;
            this.phrase = phrase;
        }

        /** The word the audit row carries ({@code too_big}, {@code ratio}, {@code malformed}, {@code not_utf8}). */
        String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A refused compressed message. */
    static final class Refusal extends StreamViolation {
        private static final long serialVersionUID = 1L;
        private final transient Cause kind;

        Refusal(Cause kind, String phrase) {
            super(kind.closeCode, phrase);
            this.kind = kind;
        }

        Cause kind() {
            return kind;
        }
    }

    private static final int FIRST_CAPACITY = 64 * 1024;

    private final int maxBytes;
    private final int maxRatio;
    private Inflater inflater;
    private byte[] out = new byte[0];
    private int count;
    private long compressed;
    private boolean refused;

    InflatingAssembler(int maxBytes, int maxRatio) {
        this.maxBytes = maxBytes;
        this.maxRatio = maxRatio;
    }

    /**
     * Adds one part. Returns the whole message's text with its last part, empty while more is to come.
     *
     * @throws Refusal the first time the message breaks a bound; later parts of the same (refused)
     *         message are dropped without a second refusal
     */
    synchronized Optional<String> add(ByteBuffer part, boolean last) {
        if (refused) {
            refused = !last;
            return Optional.empty();
        }
        try {
            compressed += part.remaining();
            if (compressed > maxBytes) {
                throw new Refusal(Cause.TOO_BIG, "message too big");
            }
            if (inflater == null) {
                inflater = new Inflater();
            }
            inflate(part);
            if (!last) {
                return Optional.empty();
            }
            if (!inflater.finished()) {
                throw new Refusal(Cause.MALFORMED, Cause.MALFORMED.phrase); // cut short
            }
            if (count > (long) maxRatio * compressed) {
                throw new Refusal(Cause.RATIO, Cause.RATIO.phrase);
            }
            String text = utf8(out, count);
            reset();
            return Optional.of(text);
        } catch (Refusal refusal) {
            reset();
            refused = !last;
            throw refusal;
        }
    }

    /** Frees what the connection holds for a message in progress (its inflater's native memory). */
    synchronized void release() {
        reset();
    }

    private void inflate(ByteBuffer part) {
        if (inflater.finished()) {
            if (part.hasRemaining()) {
                throw new Refusal(Cause.MALFORMED, Cause.MALFORMED.phrase); // bytes after the stream's end
            }
            return;
        }
        inflater.setInput(part);
        while (!inflater.finished() && !inflater.needsInput()) {
            if (inflater.needsDictionary()) {
                throw new Refusal(Cause.MALFORMED, Cause.MALFORMED.phrase);
            }
            if (count == out.length) {
                grow();
            }
            int n;
            try {
                n = inflater.inflate(out, count, out.length - count);
            } catch (DataFormatException malformed) {
                throw new Refusal(Cause.MALFORMED, Cause.MALFORMED.phrase);
            }
            count += n;
            if (count > maxBytes) {
                throw new Refusal(Cause.TOO_BIG, Cause.TOO_BIG.phrase);
            }
            if (n == 0 && !inflater.finished() && !inflater.needsInput() && !inflater.needsDictionary()) {
                throw new Refusal(Cause.MALFORMED, Cause.MALFORMED.phrase); // no progress: never loop on it
            }
        }
        if (inflater.finished() && inflater.getRemaining() > 0) {
            throw new Refusal(Cause.MALFORMED, Cause.MALFORMED.phrase);
        }
    }

    /** Room for more output, never past {@code maxBytes + 1} (one byte more than allowed says "too big"). */
    private void grow() {
        long limit = (long) maxBytes + 1;
        int capacity = (int) Math.min(limit, Math.max(FIRST_CAPACITY, (long) out.length * 2));
        out = Arrays.copyOf(out, capacity);
    }

    private void reset() {
        if (inflater != null) {
            inflater.end();
            inflater = null;
        }
        out = new byte[0];
        count = 0;
        compressed = 0;
    }

    private static String utf8(byte[] bytes, int length) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, length));
            return chars.toString();
        } catch (CharacterCodingException notUtf8) {
            throw new Refusal(Cause.NOT_UTF8, Cause.NOT_UTF8.phrase);
        }
    }
}
