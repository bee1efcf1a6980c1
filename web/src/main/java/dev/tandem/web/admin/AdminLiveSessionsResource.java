package dev.tandem.web.admin;

import dev.tandem.json.Jsons;
import dev.tandem.session.CobrowseSession;
import dev.tandem.session.SessionRepository;
import dev.tandem.web.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /cobrowse/api/admin/sessions}: the live sessions for the administrator page (metadata only). */
@Path("admin/sessions")
@RequestScoped
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class AdminLiveSessionsResource {

    @Inject
    SessionRepository sessions;

    @GET
    public JsonObject live() {
        JsonArrayBuilder list = Jsons.BUILDERS.createArrayBuilder();
        for (CobrowseSession s : sessions.live(null, 200)) {
            list.add(Jsons.BUILDERS.createObjectBuilder()
                    .add("sessionRef", s.sessionRef())
                    .add("group", s.groupId())
                    .add("key", s.sessionKey())
                    .add("origin", s.origin() == null ? "" : s.origin())
                    .add("startedAt", s.startedAt().toString())
                    .add("peakAgents", s.peakAgents()));
        }
        return Jsons.BUILDERS.createObjectBuilder().add("sessions", list).build();
    }
}
