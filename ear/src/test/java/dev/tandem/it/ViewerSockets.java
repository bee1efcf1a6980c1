package dev.tandem.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;

/** Viewer WebSocket connections to the test server: raw handshakes (to see the status) and real sockets. */
public final class ViewerSockets {

    private ViewerSockets() {
    }

    public static String path(String sessionRef) {
        return "/cobrowse/stream/agent/" + sessionRef;
    }

    /** Sends a WebSocket upgrade request with these headers (null values omitted); returns the HTTP status. */
    public static int handshake(String sessionRef, Map<String, String> headers) {
        return handshake(TestEnvironment.appBase(), sessionRef, headers);
    }

    /** The same against another application base (one node of a cluster, say). */
    public static int handshake(URI base, String sessionRef, Map<String, String> headers) {
        try (SSLSocket socket = (SSLSocket) TestHttp.trustingContext().getSocketFactory().createSocket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(20_000);
            StringBuilder request = new StringBuilder("GET " + path(sessionRef) + " HTTP/1.1\r\n")
                    .append("Host: ").append(base.getRawAuthority()).append("\r\n")
                    .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                    .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
            headers.forEach((name, value) -> {
                if (value != null) {
                    request.append(name).append(": ").append(value).append("\r\n");
                }
            });
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Opens a raw viewer socket with this pass and trickles {@code sentBytes} of one text frame that
     * declares {@code declaredLength} bytes (see {@link RawFrames}); returns the server's close code.
     */
    public static int rawTextFrameCloseCode(String sessionRef, String passCookie, long declaredLength, int sentBytes) {
        return RawFrames.trickledTextFrameCloseCode(path(sessionRef), "Origin: " + AgentClient.ownOrigin()
                + "\r\nCookie: __Host-tandem-agent=" + passCookie + "\r\n", declaredLength, sentBytes);
    }

    public static Map<String, String> headers(String origin, String passCookie, String clientIp) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Origin", origin);
        h.put("Cookie", passCookie == null ? null : "__Host-tandem-agent=" + passCookie);
        h.put("X-Forwarded-For", clientIp);
        return h;
    }

    /** An open viewer socket: the text messages it got and how it was closed. */
    public static final class Open implements WebSocket.Listener {
        public final List<String> messages = new CopyOnWriteArrayList<>();
        public final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        /** Pings the server sent (the client answers each with a pong by itself). */
        public final AtomicInteger pings = new AtomicInteger();
        private final StringBuilder partial = new StringBuilder();
        private final boolean stalls;
        WebSocket socket;

        Open(boolean stalls) {
            this.stalls = stalls;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            if (!stalls) {
                webSocket.request(1); // a stalled agent stops reading: its TCP window fills up
            }
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            pings.incrementAndGet();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.complete(-1);
        }

        public boolean isOpen() {
            return !closeCode.isDone();
        }

        /** Sends a text frame without waiting for the write: the server may close while it arrives. */
        public void sendText(String text) {
            socket.sendText(text, true).exceptionally(refused -> null);
        }

        /** Sends a text frame and waits for the write (one at a time, as a flood would); false once the socket refuses it. */
        public boolean sendTextWritten(String text) {
            try {
                socket.sendText(text, true).get(10, java.util.concurrent.TimeUnit.SECONDS);
                return true;
            } catch (Exception closedOrFailed) {
                return false;
            }
        }

        /** Sends a binary frame without waiting for the write. */
        public void sendBinary(byte[] data) {
            socket.sendBinary(ByteBuffer.wrap(data), true).exceptionally(refused -> null);
        }

        public void close() {
            if (socket != null && !socket.isOutputClosed()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
            }
        }
    }

    /** Opens a viewer socket with the server's own Origin and this pass. */
    public static Open open(String sessionRef, String passCookie) {
        return open(sessionRef, passCookie, false);
    }

    /** Opens a viewer socket that reads one message and then nothing more (a stalled agent). */
    public static Open openStalled(String sessionRef, String passCookie) {
        return open(sessionRef, passCookie, true);
    }

    private static Open open(String sessionRef, String passCookie, boolean stalls) {
        return open(TestEnvironment.appBase(), sessionRef, passCookie, stalls);
    }

    /** Opens a viewer socket through another application base (a load balancer, say), with its Origin. */
    public static Open open(URI base, String sessionRef, String passCookie) {
        return open(base, sessionRef, passCookie, false);
    }

    private static Open open(URI base, String sessionRef, String passCookie, boolean stalls) {
        return open(base, sessionRef, passCookie, stalls, null);
    }

    /** Opens a viewer socket from {@code clientIp}, as the test server's trusted proxy (loopback) reports it. */
    public static Open openFrom(String clientIp, String sessionRef, String passCookie) {
        return open(TestEnvironment.appBase(), sessionRef, passCookie, false, clientIp);
    }

    private static Open open(URI base, String sessionRef, String passCookie, boolean stalls, String clientIp) {
        Open listener = new Open(stalls);
        URI uri = URI.create("wss://" + base.getRawAuthority() + path(sessionRef));
        try {
            WebSocket.Builder builder = HttpClient.newBuilder().sslContext(TestHttp.trustingContext()).build()
                    .newWebSocketBuilder()
                    .header("Origin", base.getScheme() + "://" + base.getRawAuthority())
                    .header("Cookie", "__Host-tandem-agent=" + passCookie);
            if (clientIp != null) {
                builder.header("X-Forwarded-For", clientIp);
            }
            listener.socket = builder.buildAsync(uri, listener).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("viewer socket did not open", e);
        }
        return listener;
    }
}
