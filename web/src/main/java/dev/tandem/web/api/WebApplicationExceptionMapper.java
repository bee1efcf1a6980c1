package dev.tandem.web.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Turns the runtime's own refusals (404 unknown path, 405 wrong method, 415 wrong media type, 400
 * unreadable JSON, ...) into the API's JSON error shape, keeping their status.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException exception) {
        if (exception.getResponse() != null && exception.getResponse().getEntity() instanceof ErrorBody) {
            return exception.getResponse();
        }
        int status = exception.getResponse() == null ? 500 : exception.getResponse().getStatus();
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String reason = type == null ? "Error" : type.getReasonPhrase();
        String code = reason.toLowerCase(java.util.Locale.ROOT).replace(' ', '_').replace("-", "_");
        return ErrorBody.response(status, code, reason);
    }
}
