package dev.tandem.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLSocket;

/**
 * HTTP/1.1 over a bare TLS socket to the test server, for what {@link TestHttp} cannot send: bytes
 * outside ASCII in a header, or a request body dribbled a byte at a time like a slow attacker's.
 */
public final class RawHttp implements AutoCloseable {

    private final SSLSocket socket;
    private final OutputStream out;

    private RawHttp(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
    }

    /** A connection to the test server's HTTPS port; every read waits at most {@code readTimeout}. */
    public static RawHttp connect(Duration readTimeout) {
        try {
            SSLSocket socket = (SSLSocket) TestHttp.trustingContext().getSocketFactory()
                    .createSocket("localhost", TestEnvironment.appBase().getPort());
            socket.setSoTimeout((int) readTimeout.toMillis());
            socket.startHandshake();
            return new RawHttp(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes raw bytes (ISO-8859-1 for the text, so each char is one byte). */
    public RawHttp write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return this;
    }

    /** The whole answer (status line, headers, body) until the server closes or stops sending. */
    public Answer read() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                bytes.write(buffer, 0, n);
                if (complete(bytes.toString(StandardCharsets.ISO_8859_1))) {
                    break;
                }
            }
        } catch (SocketTimeoutException stoppedSending) {
            // What came so far is the answer; a keep-alive connection simply stays open.
        } catch (IOException closed) {
            // A reset after the answer is a way to close, too.
        }
        return new Answer(bytes.toString(StandardCharsets.ISO_8859_1));
    }

    private static boolean complete(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        Optional<String> length = new Answer(text).header("Content-Length");
        return length.isPresent() && text.length() - end - 4 >= Integer.parseInt(length.get().trim());
    }

    public boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    /** An answer as text: {@code status()} is 0 when the server sent nothing. */
    public record Answer(String text) {
        public int status() {
            if (!text.startsWith("HTTP/1.1 ")) {
                return 0;
            }
            return Integer.parseInt(text.substring(9, 12));
        }

        public Optional<String> header(String name) {
            int end = text.indexOf("\r\n\r\n");
            String head = end < 0 ? text : text.substring(0, end);
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    return Optional.of(line.substring(colon + 1).trim());
                }
            }
            return Optional.empty();
        }

        public String body() {
            int end = text.indexOf("\r\n\r\n");
            return end < 0 ? "" : text.substring(end + 4);
        }
    }
}
