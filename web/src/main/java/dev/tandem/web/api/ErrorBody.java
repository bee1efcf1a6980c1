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

    /** Seconds a client is asked to wait before retrying while a dependency (the database) is away. */
    public static final int RETRY_AFTER_SECONDS = 5;

    /** 503 {@code unavailable}: the service cannot answer right now; retry after a few seconds. */
    public static Response unavailable() {
        return Response.fromResponse(response(Response.Status.SERVICE_UNAVAILABLE, "unavailable",
                "The service is briefly unavailable; please try again shortly.")).header("Retry-After", RETRY_AFTER_SECONDS).build();
    }

    public static Response response(int status, String error, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .entity(new ErrorBody(error, message))
                .build();
    }
}
