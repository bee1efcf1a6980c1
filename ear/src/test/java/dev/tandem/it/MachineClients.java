package dev.tandem.it;

import dev.tandem.it.VisitorClient.Answer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Machine clients for the tests: registered in {@code api_client} as an administrator would (as
 * the schema owner), tokens from the development identity provider's client-credentials grant, and
 * calls to the machine API from a chosen client address (the tests stand in for a trusted proxy).
 */
public final class MachineClients {

    private MachineClients() {
    }

    /** Registers or re-registers the client with this state and these networks. */
    public static void register(String clientId, boolean enabled, String cidrsJson) {
        try (Connection c = TestEnvironment.connectAsOwner();
                PreparedStatement s = c.prepareStatement("INSERT INTO api_client (client_id, display_name, enabled, allowed_cidrs) "
                        + "VALUES (?, ?, ?, ?::jsonb) ON CONFLICT (client_id) DO UPDATE SET enabled = EXCLUDED.enabled, "
                        + "allowed_cidrs = EXCLUDED.allowed_cidrs")) {
            s.setString(1, clientId);
            s.setString(2, "Test client " + clientId);
            s.setBoolean(3, enabled);
            s.setString(4, cidrsJson);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An access token from the development identity provider (client-credentials grant). */
    public static String token(String clientId) {
        URI endpoint = URI.create("http://localhost:" + TestEnvironment.oidcPort() + "/tandem/token");
        HttpResponse<String> answer = TestHttp.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + clientId
                        + "&client_secret=dev-secret&scope=cobrowse"))
                .build());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("token refused: " + answer.statusCode());
        }
        return jakarta.json.Json.createReader(new java.io.StringReader(answer.body())).readObject().getString("access_token");
    }

    /** The identity provider's signing keys, as published. */
    public static String jwks() {
        return TestHttp.get(URI.create("http://localhost:" + TestEnvironment.oidcPort() + "/tandem/jwks")).body();
    }

    /** A fresh documentation address inside 198.51.100.0/24 (TEST-NET-2). */
    public static String addressInTestNet2() {
        return "198.51.100." + ThreadLocalRandom.current().nextInt(1, 255);
    }

    /** A fresh documentation address inside 203.0.113.0/24 (TEST-NET-3). */
    public static String addressInTestNet3() {
        return "203.0.113." + ThreadLocalRandom.current().nextInt(1, 255);
    }

    /** A call to {@code /cobrowse/api/machine/<path>} with this bearer token (null: none), from this address. */
    public static Answer call(String method, String path, String token, String fromAddress, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(TestEnvironment.appBase().resolve("api/machine/" + path))
                .timeout(Duration.ofSeconds(30))
                .header("X-Forwarded-For", fromAddress)
                .header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        return VisitorClient.from(null).send(request);
    }
}
