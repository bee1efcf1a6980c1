package dev.tandem.relay;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;

/**
 * Carries the agent pass cookie from the handshake (already checked by the web module's gate
 * before the upgrade) to the endpoint, which reads the pass from it.
 */
public class ViewerHandshake extends ServerEndpointConfig.Configurator {

    static final String PASS_COOKIE = "tandem.passCookie";
    private static final String COOKIE_NAME = "__Host-tandem-agent";

    private final SharedEndpoint endpoint = new SharedEndpoint();

    /** One instance for every connection ({@link SharedEndpoint}). */
    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        return endpoint.of(endpointClass);
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        config.getUserProperties().remove(PASS_COOKIE);
        Map<String, List<String>> headers = request.getHeaders();
        List<String> cookieHeaders = headers.entrySet().stream()
                .filter(e -> "cookie".equalsIgnoreCase(e.getKey())).flatMap(e -> e.getValue().stream()).toList();
        for (String header : cookieHeaders) {
            for (String part : header.split(";")) {
                String trimmed = part.trim();
                if (trimmed.startsWith(COOKIE_NAME + "=")) {
                    config.getUserProperties().put(PASS_COOKIE, trimmed.substring(COOKIE_NAME.length() + 1));
                }
            }
        }
    }
}
