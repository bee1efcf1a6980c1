package dev.tandem.it;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import javax.net.ssl.SSLSocket;

/**
 * A hostile WebSocket client written by hand: it declares one huge text frame and trickles only
 * part of it, in small flushed pieces as a slow or malicious client would, so the server receives
 * the frame over many reads. A server that checks its size limit only on a frame's first read
 * buffers such a frame whole (UNDERTOW-2770); Tandem must close it with 1009 however it arrives.
 */
final class RawFrames {

    /** Bytes written and flushed at a time. */
    private static final int PIECE = 512;

    private RawFrames() {
    }

    /**
     * Upgrades {@code path} with these extra request header lines (each ending in CRLF), sends the
     * header of a masked text frame declaring {@code declaredLength} payload bytes followed by the
     * first {@code sentBytes} of them, and returns the close code of the server's close frame.
     * Sending a few KiB past the limit rather than megabytes keeps the client from still writing
     * when the server closes (which would reset the connection before the close frame is read).
     */
    static int trickledTextFrameCloseCode(String path, String extraHeaders, long declaredLength, int sentBytes) {
        URI base = TestEnvironment.appBase();
        try (SSLSocket socket = (SSLSocket) TestHttp.trustingContext().getSocketFactory().createSocket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + base.getRawAuthority() + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + extraHeaders + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String headers = upgradeHeaders(in);
            if (!headers.startsWith("HTTP/1.1 101")) {
                throw new IllegalStateException("no upgrade: " + headers.lines().findFirst().orElse(""));
            }
            byte[] mask = new byte[4];
            new SecureRandom().nextBytes(mask);
            byte[] header = new byte[14];
            header[0] = (byte) 0x81;
            header[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                header[2 + i] = (byte) (declaredLength >>> (56 - 8 * i));
            }
            System.arraycopy(mask, 0, header, 10, 4);
            out.write(header);
            out.flush();
            byte[] piece = new byte[PIECE];
            for (int sent = 0; sent < sentBytes; sent += PIECE) {
                int n = Math.min(PIECE, sentBytes - sent);
                for (int i = 0; i < n; i++) {
                    piece[i] = (byte) ('x' ^ mask[(sent + i) % 4]);
                }
                out.write(piece, 0, n);
                out.flush();
            }
            return closeCode(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The HTTP response head of an upgrade request, up to and including its blank line. */
    static String upgradeHeaders(DataInputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        while (!b.toString().endsWith("\r\n\r\n")) {
            b.append((char) in.readUnsignedByte());
        }
        return b.toString();
    }

    /** Reads the server's frames, skipping any data frames, until its close frame; returns that frame's code. */
    static int closeCode(DataInputStream in) throws IOException {
        while (true) {
            int first = in.readUnsignedByte();
            long length = in.readUnsignedByte() & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] body = new byte[(int) length];
            in.readFully(body);
            if ((first & 0x0f) == 0x8) {
                return ((body[0] & 0xff) << 8) | (body[1] & 0xff);
            }
        }
    }
}
