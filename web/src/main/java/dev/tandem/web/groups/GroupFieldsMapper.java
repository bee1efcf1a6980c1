package dev.tandem.web.groups;

import dev.tandem.web.api.ErrorBody;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A refused group change: 400 {@code invalid_setting} naming the setting and what it must be. */
@Provider
public class GroupFieldsMapper implements ExceptionMapper<GroupFields.Invalid> {

    @Override
    public Response toResponse(GroupFields.Invalid invalid) {
        return ErrorBody.response(Response.Status.BAD_REQUEST, "invalid_setting",
                (invalid.field().isEmpty() ? "" : invalid.field() + ": ") + invalid.getMessage());
    }
}
