package dev.tandem.it;

import jakarta.json.Json;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;

/** WebSocket clients for the stream endpoints: a visitor page's stream and raw frames for protocol abuse. */
public final class StreamClients {

    private StreamClients() {
    }

    public static URI visitorStream() {
        return URI.create("wss://" + TestEnvironment.appBase().getRawAuthority() + "/cobrowse/stream/visitor");
    }

    /** A visitor stream: messages received, close code, and a way to send text. */
    public static final class Visitor implements WebSocket.Listener {
        public final List<String> received = new CopyOnWriteArrayList<>();
        public final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        /** Pings the server sent (the client answers each with a pong by itself). */
        public final AtomicInteger pings = new AtomicInteger();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;
        private long seq;

        public static Visitor open(String origin) {
            return open(origin, visitorStream());
        }

        /** Opens the stream at this URL (the {@code streamUrl} a start or resume answered, say). */
        public static Visitor open(String origin, URI url) {
            Visitor v = new Visitor();
            try {
                v.socket = HttpClient.newBuilder().sslContext(TestHttp.trustingContext()).build().newWebSocketBuilder()
                        .header("Origin", origin).buildAsync(url, v).get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("visitor stream did not open", e);
            }
            return v;
        }

        /** Sends hello and waits for ready. */
        public Visitor hello(String token, String... pageGroups) {
            send(Json.createObjectBuilder().add("type", "hello").add("token", token)
                    .add("pageGroups", Json.createArrayBuilder(List.of(pageGroups))).build().toString());
            return this;
        }

        /** Sends a batch of rrweb events (JSON texts) with the next sequence number. */
        public void events(String... events) {
            seq++;
            send("{\"type\":\"events\",\"seq\":" + seq + ",\"events\":[" + String.join(",", events) + "]}");
        }

        public void send(String text) {
            socket.sendText(text, true).join();
        }

        /** Sends a batch of rrweb events with the next sequence number as the capture sends a large one: compressed, in a binary frame. */
        public void eventsCompressed(String... events) {
            seq++;
            sendBinary(zlib(("{\"type\":\"events\",\"seq\":" + seq + ",\"events\":[" + String.join(",", events) + "]}")
                    .getBytes(StandardCharsets.UTF_8)));
        }

        /** Sends these bytes as one binary frame, without waiting for the write (the server may close while they arrive). */
        public void sendBinary(byte[] bytes) {
            socket.sendBinary(ByteBuffer.wrap(bytes), true).exceptionally(refused -> null);
        }

        /** Sends without waiting for the write: for messages the server may refuse while they arrive. */
        public void sendRegardless(String text) {
            socket.sendText(text, true).exceptionally(refused -> null);
        }

        public boolean isOpen() {
            return !closeCode.isDone();
        }

        /** Drops the connection without a close handshake, as a tab that crashed or lost its network would. */
        public void abort() {
            socket.abort();
        }

        public void close() {
            if (!socket.isOutputClosed()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
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
    }

    /** The zlib stream (RFC 1950, what the browser's {@code CompressionStream("deflate")} writes) of these bytes. */
    public static byte[] zlib(byte[] raw) {
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(raw);
            deflater.finish();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[65536];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** A rrweb Meta event. */
    public static String meta(long ts) {
        return "{\"type\":4,\"timestamp\":" + ts + ",\"data\":{\"href\":\"https://acme.example/pay\",\"width\":1280,\"height\":720}}";
    }

    /** A rrweb FullSnapshot of a small page whose body holds {@code bodyChildren} (serialized nodes). */
    public static String snapshot(long ts, String bodyChildren) {
        return "{\"type\":2,\"timestamp\":" + ts + ",\"data\":{\"node\":{\"type\":0,\"id\":1,\"childNodes\":[{\"type\":2,\"id\":2,"
                + "\"tagName\":\"html\",\"attributes\":{},\"childNodes\":[{\"type\":2,\"id\":3,\"tagName\":\"body\",\"attributes\":{},"
                + "\"childNodes\":[" + bodyChildren + "]}]}]},\"initialOffset\":{\"left\":0,\"top\":0}}}";
    }

    /** A rrweb text-mutation event setting node {@code id}'s text. */
    public static String text(long ts, int id, String value) {
        return "{\"type\":3,\"timestamp\":" + ts + ",\"data\":{\"source\":0,\"texts\":[{\"id\":" + id + ",\"value\":"
                + Json.createValue(value).toString() + "}],\"attributes\":[],\"removes\":[],\"adds\":[]}}";
    }

    /**
     * Opens a raw visitor stream over TLS, sends one masked text frame with these exact payload
     * bytes, and returns the close code of the server's close frame.
     */
    public static int rawTextFrameCloseCode(String origin, byte[] payload) {
        URI base = TestEnvironment.appBase();
        try (SSLSocket socket = (SSLSocket) TestHttp.trustingContext().getSocketFactory().createSocket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /cobrowse/stream/visitor HTTP/1.1\r\nHost: " + base.getRawAuthority() + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: "
                    + origin + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String headers = RawFrames.upgradeHeaders(in);
            if (!headers.startsWith("HTTP/1.1 101")) {
                throw new IllegalStateException("no upgrade: " + headers.lines().findFirst().orElse(""));
            }
            byte[] mask = new byte[4];
            new SecureRandom().nextBytes(mask);
            out.write(0x81);
            out.write(0x80 | payload.length); // payloads under 126 bytes only
            out.write(mask);
            for (int i = 0; i < payload.length; i++) {
                out.write(payload[i] ^ mask[i % 4]);
            }
            out.flush();
            return RawFrames.closeCode(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
