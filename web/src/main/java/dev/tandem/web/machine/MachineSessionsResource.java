package dev.tandem.web.machine;

import dev.tandem.json.Jsons;
import dev.tandem.session.CobrowseSession;
import dev.tandem.session.SessionRepository;
import dev.tandem.visitor.VisitorSessions;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code /cobrowse/api/machine/sessions}: the live sessions of every node (metadata only: group,
 * key, origin, times, node, peak agents; never the visitor's address or anything shown), and ending
 * one by its session reference, audited with the client as actor.
 */
@Path("machine/sessions")
@MachineApi
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class MachineSessionsResource {

    @Inject
    SessionRepository sessions;

    @Inject
    VisitorSessions visitorSessions;

    @Context
    HttpServletRequest request;

    @GET
    @RequiresScope(Scopes.SESSIONS_READ)
    public JsonObject live(@QueryParam("group") String group, @QueryParam("limit") String limit) {
        String groupId = Params.groupIdOrNull("group", group);
        int max = Params.limit(limit, 200, 1000);
        JsonArrayBuilder list = Jsons.BUILDERS.createArrayBuilder();
        for (CobrowseSession s : sessions.live(groupId, max)) {
            list.add(Jsons.BUILDERS.createObjectBuilder()
                    .add("sessionRef", s.sessionRef())
                    .add("group", s.groupId())
                    .add("key", s.sessionKey())
                    .add("origin", s.origin() == null ? "" : s.origin())
                    .add("startedAt", s.startedAt().toString())
                    .add("lastSeenAt", s.lastSeenAt().toString())
                    .add("node", s.node() == null ? "" : s.node())
                    .add("peakAgents", s.peakAgents()));
        }
        return Jsons.BUILDERS.createObjectBuilder().add("sessions", list).build();
    }

    @POST
    @Path("{ref}/end")
    @RequiresScope(Scopes.SESSIONS_END)
    public Response end(@PathParam("ref") String ref) {
        if (ref == null || !ref.matches("[0-9a-f]{64}")) {
            throw new NotFoundException();
        }
        MachineCaller caller = (MachineCaller) request.getAttribute(MachineCaller.ATTRIBUTE);
        visitorSessions.endByAdministrator(ref, caller.actor(), caller.address());
        return Response.noContent().build();
    }
}
