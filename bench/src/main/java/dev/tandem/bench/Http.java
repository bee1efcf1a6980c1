package dev.tandem.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The generator's HTTP calls (sign-in, joins, session starts), with the one retry a closing connection calls for. */
final class Http {

    private Http() {
    }

    /**
     * Sends {@code request}; if the server had closed the HTTP/2 connection it went on (GOAWAY, as it
     * does to a connection left idle between loads), the request was not processed and is sent once
     * more, on a new connection. Any other failure is the caller's.
     */
    static HttpResponse<String> send(HttpClient http, HttpRequest request) throws IOException, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            if (!goaway(e)) {
                throw e;
            }
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    static boolean goaway(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("GOAWAY")) {
                return true;
            }
        }
        return false;
    }
}
