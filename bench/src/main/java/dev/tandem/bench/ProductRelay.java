package dev.tandem.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Tandem's own relay, driven through the real protocol: each session is started over the visitor
 * API (group policy, key, token), streamed over the visitor socket after hello, and viewed by
 * signed-in agents who joined by key (ticket, pass cookie, gated socket).
 */
public final class ProductRelay implements Relay {

    private final URI appBase;
    private final String groupId;
    private final String siteOrigin;
    private final List<SignedInAgent> agents;
    /** Whether session {@code index} is viewed by agent {@code index} of the list (the pointer load) rather than by the first ones. */
    private final boolean agentPerSession;
    private final Sockets sockets = new Sockets();
    private volatile String lastTripwire = "?";
    /** Each trace's opening frame as sent (text, or the compressed bytes), by trace name and the relay's ratio bound. */
    private final Map<String, Object> openings = new java.util.concurrent.ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().sslContext(Tls.trustingContext()).connectTimeout(Duration.ofSeconds(10)).build();

    public ProductRelay(URI appBase, String groupId, String siteOrigin, List<SignedInAgent> agents) {
        this(appBase, groupId, siteOrigin, agents, false);
    }

    private ProductRelay(URI appBase, String groupId, String siteOrigin, List<SignedInAgent> agents, boolean agentPerSession) {
        this.appBase = appBase;
        this.groupId = groupId;
        this.siteOrigin = siteOrigin;
        this.agents = agents;
        this.agentPerSession = agentPerSession;
    }

    /**
     * Sessions each viewed by an agent of its own: session {@code index} by agent {@code index}
     * (modulo the list). The pointer load needs it, as the relay's guidance rate is per agent.
     */
    public static ProductRelay agentPerSession(URI appBase, String groupId, String siteOrigin, List<SignedInAgent> agents) {
        return new ProductRelay(appBase, groupId, siteOrigin, agents, true);
    }

    @Override
    public String name() {
        return "tandem";
    }

    @Override
    public BenchSession open(int index, int agentCount, Trace trace, LoadStats stats) {
        long t0 = System.nanoTime();
        JsonObject started = start(index);
        stats.started((System.nanoTime() - t0) / 1000);
        lastTripwire = started.containsKey("settings") ? started.getJsonObject("settings").getString("piiTripwire", "?") : "?";
        String key = started.getString("key");
        String ref = sha256(started.getString("sessionId"));
        VisitorSender visitor = new VisitorSender();
        visitor.socket = sockets.open(URI.create(started.getString("streamUrl")), Map.of("Origin", siteOrigin), visitor);
        visitor.socket.sendText(Json.createObjectBuilder().add("type", "hello").add("token", started.getString("token"))
                .add("pageGroups", Json.createArrayBuilder().add(groupId)).build().toString(), true).join();
        String ready;
        try {
            ready = visitor.ready.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("visitor stream refused", e);
        }
        // The snapshot as the capture sends it: compressed when the relay takes it (the same frame for every session of a trace).
        Object opening = openings.computeIfAbsent(trace.name() + " " + maxInflateRatio(ready), k -> {
            String text = frame(1, List.of(trace.opening()));
            byte[] compressed = VisitorFrames.compressed(text, maxInflateRatio(ready));
            return compressed != null ? compressed : text;
        });
        if (opening instanceof byte[] compressed) {
            visitor.sendBinary(compressed);
        } else {
            visitor.send((String) opening);
        }
        List<AgentReceiver> receivers = new ArrayList<>();
        for (int a = 0; a < agentCount; a++) {
            SignedInAgent agent = agents.get((agentPerSession ? index + a : a) % agents.size());
            AgentReceiver receiver = new AgentReceiver(stats);
            long joining = System.nanoTime();
            receiver.firstMessage.thenRun(() -> stats.joined((System.nanoTime() - joining) / 1000));
            URI stream = URI.create("wss://" + appBase.getRawAuthority() + "/cobrowse/stream/agent/" + ref);
            receiver.socket = sockets.open(stream, Map.of("Origin", agent.origin(), "Cookie", "__Host-tandem-agent=" + agent.passFor(key, groupId)),
                    receiver);
            receivers.add(receiver);
        }
        return new BenchSession(index, key, ref, visitor, receivers);
    }

    /** A signed-in agent joining an open session late, its messages going to {@code listener}. */
    public java.net.http.WebSocket joinLate(BenchSession session, java.net.http.WebSocket.Listener listener) {
        return joinLate(session, passFor(session), listener);
    }

    /** The first agent's pass for an open session (join by key, redeem the ticket). */
    public String passFor(BenchSession session) {
        return agents.get(0).passFor(session.key(), groupId);
    }

    /** A signed-in agent with this pass opening the viewer socket of an open session. */
    public java.net.http.WebSocket joinLate(BenchSession session, String pass, java.net.http.WebSocket.Listener listener) {
        URI stream = URI.create("wss://" + appBase.getRawAuthority() + "/cobrowse/stream/agent/" + session.ref());
        return sockets.open(stream, Map.of("Origin", agents.get(0).origin(), "Cookie", "__Host-tandem-agent=" + pass), listener);
    }

    /** The relay tripwire's state ({@code mask} or {@code off}) as the visitor API reported it for the last session started. */
    public String lastTripwire() {
        return lastTripwire;
    }

    /** The relay's ratio bound for compressed messages as its {@code ready} names it; 0 when it takes none. */
    static int maxInflateRatio(String ready) {
        JsonObject r = Json.createReader(new StringReader(ready)).readObject();
        return "deflate".equals(r.getString("compression", "")) ? r.getInt("maxInflateRatio", 0) : 0;
    }

    /** Frame numbers start at 1 with the opening; load frames continue from 2. */
    @Override
    public String frame(long seq, List<String> events) {
        return "{\"type\":\"events\",\"seq\":" + seq + ",\"events\":[" + String.join(",", events) + "]}";
    }

    private JsonObject start(int index) {
        String body = "{\"groupId\":\"" + groupId + "\",\"pageGroups\":[\"" + groupId + "\"]}";
        HttpRequest request = HttpRequest.newBuilder(appBase.resolve("api/visitor/sessions"))
                .header("Origin", siteOrigin).header("Content-Type", "application/json")
                // A client address of its own per session (the benchmark server trusts loopback as its
                // proxy), so that the per-client start limit applies per simulated visitor.
                .header("X-Forwarded-For", "198.18." + (index / 250) + "." + (index % 250 + 1))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = Http.send(http, request);
            if (response.statusCode() != 201) {
                throw new IllegalStateException("start refused: " + response.statusCode() + " " + response.body());
            }
            return Json.createReader(new StringReader(response.body())).readObject();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
