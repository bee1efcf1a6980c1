package dev.tandem.web.join;

import dev.tandem.join.JoinRefusal;
import dev.tandem.web.api.ErrorBody;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A refused join or redemption: its status and public error code in the API's JSON error shape. */
@Provider
public class JoinRefusalMapper implements ExceptionMapper<JoinRefusal> {

    @Override
    public Response toResponse(JoinRefusal refusal) {
        JoinRefusal.Reason reason = refusal.reason();
        Response response = ErrorBody.response(reason.status(), reason.code(), reason.message());
        if (reason == JoinRefusal.Reason.REPLAY || reason == JoinRefusal.Reason.EXPIRED || reason == JoinRefusal.Reason.BAD_SIGNATURE
                || reason == JoinRefusal.Reason.WRONG_AGENT) {
            // A ticket that failed once never succeeds: drop it.
            return Response.fromResponse(response).header("Set-Cookie", AgentCookies.clear(AgentCookies.TICKET)).build();
        }
        return response;
    }
}
