package dev.tandem.web.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The last line: a failure nobody anticipated answers 500 with an incident id and no detail; the
 * log gets the exception class and the same id (not its message, which might carry input).
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    @Override
    public Response toResponse(Throwable exception) {
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Unexpected failure {0}: {1}", new Object[] {incident, exception.getClass().getName()});
        return ErrorBody.response(Response.Status.INTERNAL_SERVER_ERROR, "internal_error",
                "The server could not complete the request (incident " + incident + ").");
    }
}
