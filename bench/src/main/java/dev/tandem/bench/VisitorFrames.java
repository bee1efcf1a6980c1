package dev.tandem.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A visitor message as the capture puts it on the wire (docs/protocol.md, "Compressed messages";
 * the browser side is web/src/main/frontend/src/wire.js): a message of {@value #COMPRESS_MIN_BYTES}
 * bytes or more goes as one binary frame holding its zlib stream (what {@code CompressionStream("deflate")}
 * writes, at zlib's default level) when the relay's {@code ready} names a ratio bound and the
 * compressed form is smaller and within it; anything else goes as text. The generator sends
 * Tandem's snapshots this way, and M6 reports the bytes of these very frames.
 */
final class VisitorFrames {

    /** The capture's threshold (wire.js {@code COMPRESS_MIN_BYTES}). */
    static final int COMPRESS_MIN_BYTES = 8 * 1024;
    /** The product's default {@code tandem.stream.max-inflate-ratio}, which the benchmark server keeps. */
    static final int PRODUCT_MAX_INFLATE_RATIO = 50;

    private VisitorFrames() {
    }

    /** The binary frame for this message, or null when the capture would send it as text. */
    static byte[] compressed(String message, int maxInflateRatio) {
        byte[] raw = message.getBytes(StandardCharsets.UTF_8);
        if (maxInflateRatio <= 0 || raw.length < COMPRESS_MIN_BYTES) {
            return null;
        }
        byte[] zlib = zlib(raw);
        return zlib.length < raw.length && raw.length <= (long) maxInflateRatio * zlib.length ? zlib : null;
    }

    /** The zlib stream (RFC 1950) of these bytes at zlib's default level. */
    static byte[] zlib(byte[] raw) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        try {
            deflater.setInput(raw);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 8 + 64);
            byte[] buffer = new byte[65536];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** Nanoseconds to inflate this stream to its {@code rawLength} bytes with {@link Inflater}, as the relay does. */
    static long inflateNanos(byte[] zlib, int rawLength) {
        byte[] out = new byte[rawLength + 1];
        long t0 = System.nanoTime();
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(zlib);
            int n = 0;
            while (!inflater.finished() && n < out.length) {
                n += inflater.inflate(out, n, out.length - n);
            }
            if (n != rawLength) {
                throw new IllegalStateException("inflated " + n + " bytes, expected " + rawLength);
            }
        } catch (DataFormatException e) {
            throw new IllegalStateException(e);
        } finally {
            inflater.end();
        }
        return System.nanoTime() - t0;
    }
}
