package dev.tandem.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The generator's HTTP calls (sign-in, joins, session starts), with the one retry a connection the server closed calls for. */
final class Http {

    private Http() {
    }

    /**
     * Sends {@code request}, and once more, on a new connection, if the first failed on the connection
     * itself: the server closes a connection left idle between loads (longer than its idle timeout;
     * M7's agents each have one), with a GOAWAY or by closing the socket, and the client finds out
     * only when it writes (a broken pipe, a reset). A timeout is not retried. A retried join may leave
     * an unused ticket behind if the first did reach the server; the benchmark's database is its own.
     */
    static HttpResponse<String> send(HttpClient http, HttpRequest request) throws IOException, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            if (!connectionLost(e)) {
                throw e;
            }
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    /** Whether a failure was the connection's (not a timeout, which says the server is slow, not gone). */
    static boolean connectionLost(IOException e) {
        return !(e instanceof java.net.http.HttpTimeoutException);
    }
}
