package dev.tandem.web.machine;

import dev.tandem.group.GroupRepository;
import dev.tandem.json.Jsons;
import dev.tandem.web.groups.GroupEditor;
import dev.tandem.web.groups.GroupFields;
import dev.tandem.web.groups.GroupJson;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code /cobrowse/api/machine/groups}: read every group's settings, and change some of one group's
 * ({@code PATCH} with only the settings to change; see {@link dev.tandem.web.groups.GroupFields}).
 * A change counts for the next visitor start; it is audited as {@code GROUP_CHANGED}.
 */
@Path("machine/groups")
@MachineApi
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class MachineGroupsResource {

    @Inject
    GroupRepository groups;

    @Inject
    GroupEditor editor;

    @Context
    HttpServletRequest request;

    @GET
    @RequiresScope(Scopes.GROUPS_READ)
    public JsonObject all() {
        JsonArrayBuilder list = Jsons.BUILDERS.createArrayBuilder();
        groups.all().forEach(g -> list.add(GroupJson.of(g)));
        return Jsons.BUILDERS.createObjectBuilder().add("groups", list).build();
    }

    @GET
    @Path("{id}")
    @RequiresScope(Scopes.GROUPS_READ)
    public JsonObject one(@PathParam("id") String id) {
        return groups.find(id).map(GroupJson::of).orElseThrow(NotFoundException::new);
    }

    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @RequiresScope(Scopes.GROUPS_WRITE)
    public JsonObject change(@PathParam("id") String id, java.io.InputStream body) {
        MachineCaller caller = (MachineCaller) request.getAttribute(MachineCaller.ATTRIBUTE);
        return editor.change(id, GroupFields.read(body), caller.actor(), caller.address()).map(GroupJson::of).orElseThrow(NotFoundException::new);
    }
}
