package dev.tandem.web.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The one JSON shape of every error the API returns: a stable machine-readable code and a short
 * human sentence. Never a stack trace, a class name or an echo of the request.
 */
public record ErrorBody(String error, String message) {

    /** A response with this body and status, never cached. */
    public static Response response(Response.Status status, String error, String message) {
        return response(status.getStatusCode(), error, message);
    }

    public static Response response(int status, String error, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .entity(new ErrorBody(error, message))
                .build();
    }
}
