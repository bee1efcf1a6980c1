package dev.tandem.relay;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;

/**
 * Carries the handshake's {@code Origin} and {@code User-Agent} to the visitor endpoint: the origin
 * must equal the one the visitor's session started from, which the hello message's token names.
 */
public class VisitorHandshake extends ServerEndpointConfig.Configurator {

    static final String ORIGIN = "tandem.origin";
    static final String USER_AGENT = "tandem.userAgent";

    private final SharedEndpoint endpoint = new SharedEndpoint();

    /** One instance for every connection ({@link SharedEndpoint}). */
    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        return endpoint.of(endpointClass);
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        config.getUserProperties().put(ORIGIN, header(request, "Origin"));
        config.getUserProperties().put(USER_AGENT, header(request, "User-Agent"));
    }

    private static String header(HandshakeRequest request, String name) {
        return request.getHeaders().entrySet().stream().filter(e -> name.equalsIgnoreCase(e.getKey()))
                .map(e -> e.getValue()).filter(v -> v != null && !v.isEmpty()).map((List<String> v) -> v.get(0))
                .findFirst().orElse(null);
    }
}
