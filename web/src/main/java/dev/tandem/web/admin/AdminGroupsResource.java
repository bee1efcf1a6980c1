package dev.tandem.web.admin;

import dev.tandem.group.GroupRepository;
import dev.tandem.json.Jsons;
import dev.tandem.web.groups.GroupEditor;
import dev.tandem.web.groups.GroupFields;
import dev.tandem.web.groups.GroupJson;
import dev.tandem.web.identity.Roles;
import dev.tandem.web.visitor.ClientAddresses;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.security.enterprise.SecurityContext;
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
 * {@code /cobrowse/api/admin/groups}: the administrator page's view of the groups and its changes
 * to them, through the same checks and audit as the machine API ({@link GroupEditor}). Changes
 * must come from the console's own origin ({@link SameOriginGuard}).
 */
@Path("admin/groups")
@RequestScoped
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class AdminGroupsResource {

    @Inject
    GroupRepository groups;

    @Inject
    GroupEditor editor;

    @Inject
    SecurityContext security;

    @Inject
    ClientAddresses addresses;

    @Context
    HttpServletRequest request;

    @GET
    public JsonObject all() {
        JsonArrayBuilder list = Jsons.BUILDERS.createArrayBuilder();
        groups.all().forEach(g -> list.add(GroupJson.of(g)));
        return Jsons.BUILDERS.createObjectBuilder().add("groups", list).build();
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonObject change(@PathParam("id") String id, java.io.InputStream body) {
        return editor.change(id, GroupFields.read(body), security.getCallerPrincipal().getName(), addresses.of(request))
                .map(GroupJson::of).orElseThrow(NotFoundException::new);
    }
}
