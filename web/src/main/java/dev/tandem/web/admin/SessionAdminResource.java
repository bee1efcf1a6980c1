package dev.tandem.web.admin;

import dev.tandem.visitor.VisitorSessions;
import dev.tandem.web.identity.Roles;
import dev.tandem.web.visitor.ClientAddresses;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /cobrowse/api/admin/sessions/{ref}/end}: an administrator ends a live session at once,
 * by its session reference (as shown in {@code cobrowse_session.session_ref} and the audit log).
 * Every agent connection to it is closed and the end is audited with the administrator's name.
 */
@Path("admin/sessions/{ref}/end")
@RequestScoped
@RolesAllowed(Roles.ADMIN)
public class SessionAdminResource {

    @Inject
    VisitorSessions sessions;

    @Inject
    SecurityContext security;

    @Inject
    ClientAddresses addresses;

    @Context
    HttpServletRequest request;

    @POST
    public Response end(@PathParam("ref") String ref) {
        if (ref == null || !ref.matches("[0-9a-f]{64}")) {
            throw new jakarta.ws.rs.NotFoundException();
        }
        sessions.endByAdministrator(ref, security.getCallerPrincipal().getName(), addresses.of(request));
        return Response.noContent().build();
    }
}
