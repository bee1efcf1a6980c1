package dev.tandem.web.agent;

import dev.tandem.web.identity.OidcSettings;
import dev.tandem.web.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** {@code GET /cobrowse/api/agent/me}: the signed-in agent as the console shows them. */
@Path("agent/me")
@RequestScoped
@RolesAllowed(Roles.AGENT)
public class AgentResource {

    @Inject
    SecurityContext security;

    @Inject
    OpenIdContext openId;

    @Inject
    OidcSettings settings;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response me() {
        AgentProfile profile = new AgentProfile(
                security.getCallerPrincipal().getName(),
                displayName(),
                coBrowseGroups(),
                security.isCallerInRole(Roles.ADMIN));
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.ok(profile).cacheControl(noStore).build();
    }

    private String displayName() {
        var claims = openId.getClaims();
        return claims.getName()
                .or(claims::getPreferredUsername)
                .orElse(security.getCallerPrincipal().getName());
    }

    private List<String> coBrowseGroups() {
        return openId.getClaims().getArrayStringClaim(settings.getGroupsClaim());
    }

    /** What the console may know about its agent: names and groups, never a token. */
    public record AgentProfile(String subject, String displayName, List<String> groups, boolean admin) {
    }
}
