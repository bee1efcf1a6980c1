package dev.tandem.web.admin;

import dev.tandem.join.AgentJoins;
import dev.tandem.web.identity.Roles;
import dev.tandem.web.visitor.ClientAddresses;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /cobrowse/api/admin/agents/{subject}/revoke}: the call an administrator, identity
 * provider or SIEM makes on a risk event. Every agent pass and sign-in of that agent made so far
 * becomes void and every viewer connection of theirs closes at once (1008).
 */
@Path("admin/agents/{subject}/revoke")
@RequestScoped
@RolesAllowed(Roles.ADMIN)
public class AgentRevocationResource {

    @Inject
    AgentJoins joins;

    @Inject
    SecurityContext security;

    @Inject
    ClientAddresses addresses;

    @Context
    HttpServletRequest request;

    @POST
    public Response revoke(@PathParam("subject") String subject) {
        if (subject == null || subject.isBlank() || subject.length() > 255) {
            throw new NotFoundException();
        }
        joins.revoke(subject, security.getCallerPrincipal().getName(), addresses.of(request));
        return Response.noContent().build();
    }
}
