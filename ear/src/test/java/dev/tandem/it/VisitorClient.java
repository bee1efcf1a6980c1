package dev.tandem.it;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A visitor's page calling the visitor API, as the browser would: from one {@code Origin}, and from
 * one client address (named in {@code X-Forwarded-For}; the test server trusts loopback as its
 * proxy), so that each test is its own client for rate limits and audit rows.
 */
public final class VisitorClient {

    private static final int ADDRESSES = 256 * 254;

    /**
     * The next client address, as a number below {@link #ADDRESSES}: 198.18.0.0/16 walked from a
     * random start, so that no two clients of one test run share an address. Drawn at random, two
     * could, and the start limit counts per address over a sliding minute: the second client's
     * starts would be refused early. (Shared on purpose: it keeps the tests apart.)
     */
    private static final AtomicInteger NEXT_ADDRESS = new AtomicInteger(ThreadLocalRandom.current().nextInt(ADDRESSES));

    private final String origin;
    private final String clientIp;
    private final URI base;

    private VisitorClient(String origin, String clientIp, URI base) {
        this.origin = origin;
        this.clientIp = clientIp;
        this.base = base;
    }

    /** A visitor page on {@code origin} ({@code null}: no Origin header) at an address no other client of this run has. */
    public static VisitorClient from(String origin) {
        int n = Math.floorMod(NEXT_ADDRESS.getAndIncrement(), ADDRESSES);
        return new VisitorClient(origin, "198.18." + n / 254 + "." + (n % 254 + 1), TestEnvironment.appBase());
    }

    public VisitorClient at(String newOrigin) {
        return new VisitorClient(newOrigin, clientIp, base);
    }

    /** The same visitor calling another application base ({@code https://host:port/cobrowse/}): a load balancer, say. */
    public VisitorClient via(URI newBase) {
        return new VisitorClient(origin, clientIp, newBase);
    }

    public String ip() {
        return clientIp;
    }

    /** The answer: status, headers and the JSON body (empty object when there is none). */
    public record Answer(int status, HttpResponse<String> raw, JsonObject json) {
        public String string(String name) {
            return json.getString(name);
        }

        public String error() {
            return json.getString("error", null);
        }
    }

    public static JsonObjectBuilder startBody(String groupId, String... pageGroups) {
        JsonArrayBuilder groups = Json.createArrayBuilder();
        for (String g : pageGroups) {
            groups.add(g);
        }
        return Json.createObjectBuilder().add("groupId", groupId).add("pageGroups", groups);
    }

    public static JsonObjectBuilder continuation(String token, String... pageGroups) {
        return Json.createObjectBuilder().add("token", token).add("pageGroups", Json.createArrayBuilder(List.of(pageGroups)));
    }

    public Answer start(String groupId) {
        return post("", startBody(groupId, groupId).build().toString());
    }

    public Answer post(String path, JsonObjectBuilder body) {
        return post(path, body.build().toString());
    }

    public Answer post(String path, String body) {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A CORS preflight for a POST with a JSON body. */
    public Answer preflight(String path) {
        return send(request(path).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    }

    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("X-Forwarded-For", clientIp)
                .header("User-Agent", "TandemTest/1.0");
        if (origin != null) {
            b.header("Origin", origin);
        }
        return b;
    }

    public Answer send(HttpRequest.Builder request) {
        HttpResponse<String> response = TestHttp.send(request.build());
        return new Answer(response.statusCode(), response, parse(response.body()));
    }

    private URI uri(String path) {
        return base.resolve("api/visitor/sessions" + (path.isEmpty() ? "" : "/" + path));
    }

    private static JsonObject parse(String body) {
        if (body == null || body.isBlank()) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        try (var reader = Json.createReader(new StringReader(body))) {
            JsonValue value = reader.readValue();
            return value.getValueType() == JsonValue.ValueType.OBJECT ? value.asJsonObject() : JsonValue.EMPTY_JSON_OBJECT;
        } catch (jakarta.json.JsonException notJson) {
            return Json.createObjectBuilder().add("unparsed", body).build();
        }
    }
}
