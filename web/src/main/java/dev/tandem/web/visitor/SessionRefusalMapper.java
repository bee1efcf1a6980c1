package dev.tandem.web.visitor;

import dev.tandem.visitor.SessionRefusal;
import dev.tandem.web.api.ErrorBody;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A refused visitor request: its status and stable error code, in the API's JSON error shape. */
@Provider
public class SessionRefusalMapper implements ExceptionMapper<SessionRefusal> {

    @Override
    public Response toResponse(SessionRefusal refusal) {
        SessionRefusal.Reason reason = refusal.reason();
        Response response = ErrorBody.response(reason.status(), reason.code(), reason.message());
        if (reason == SessionRefusal.Reason.TOO_MANY) {
            return Response.fromResponse(response).header("Retry-After", "60").build();
        }
        return response;
    }
}
