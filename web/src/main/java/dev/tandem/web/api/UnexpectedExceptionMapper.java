package dev.tandem.web.api;

import dev.tandem.web.http.FaultLog;
import dev.tandem.web.http.Failures;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;

/**
 * The last line. The database being unreachable is an outage, not a bug: 503 {@code unavailable}
 * with {@code Retry-After}. Any other failure nobody anticipated answers 500 with an incident id
 * and no detail. Both go to the {@link FaultLog}: classes and the failing frame, never messages
 * (which might carry input), at most one line per kind of failure per interval.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    @Inject
    FaultLog faults;

    @Override
    public Response toResponse(Throwable exception) {
        if (Failures.databaseUnavailable(exception)) {
            faults.report("API request", exception);
            return ErrorBody.unavailable();
        }
        String incident = UUID.randomUUID().toString();
        faults.report("API request", exception, incident);
        return ErrorBody.response(Response.Status.INTERNAL_SERVER_ERROR, "internal_error",
                "The server could not complete the request (incident " + incident + ").");
    }
}
