package dev.tandem.web.machine;

import dev.tandem.join.AgentJoins;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /cobrowse/api/machine/agents/{subject}/revoke}: what an identity provider's risk hook
 * (continuous access evaluation, impossible travel) or a SIEM calls. Every pass and sign-in of the
 * agent made so far is void and their viewer sockets close at once (1008); idempotent; audited as
 * {@code AGENT_REVOKED} with the client as actor.
 */
@Path("machine/agents/{subject}/revoke")
@MachineApi
@RequestScoped
public class MachineAgentsResource {

    @Inject
    AgentJoins joins;

    @Context
    HttpServletRequest request;

    @POST
    @RequiresScope(Scopes.AGENTS_REVOKE)
    public Response revoke(@PathParam("subject") String subject) {
        if (subject == null || subject.isBlank() || subject.length() > 255 || subject.chars().anyMatch(Character::isISOControl)) {
            throw new NotFoundException();
        }
        MachineCaller caller = (MachineCaller) request.getAttribute(MachineCaller.ATTRIBUTE);
        joins.revoke(subject, caller.actor(), caller.address());
        return Response.noContent().build();
    }
}
