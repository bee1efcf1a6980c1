package dev.tandem.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The load generator's WebSocket clients: one shared HTTP client, TLS to the local server. */
final class Sockets {

    private final HttpClient client = HttpClient.newBuilder().sslContext(Tls.trustingContext())
            .connectTimeout(Duration.ofSeconds(20)).build();

    WebSocket open(URI uri, Map<String, String> headers, WebSocket.Listener listener) {
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(20));
        headers.forEach(builder::header);
        try {
            return builder.buildAsync(uri, listener).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not open " + uri.getPath(), e);
        }
    }
}
