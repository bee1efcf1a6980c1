package dev.tandem.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * An HTTP client for the test server. The test server's certificate is the self-signed development
 * one, so this client (and only this test client) accepts any certificate; it never follows
 * redirects so tests can assert them.
 */
public final class TestHttp {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .sslContext(trustingContext())
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private TestHttp() {
    }

    public static HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build());
    }

    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The TLS context that accepts the test server's self-signed certificate (shared with the benchmark). */
    public static SSLContext trustingContext() {
        return dev.tandem.bench.Tls.trustingContext();
    }
}
