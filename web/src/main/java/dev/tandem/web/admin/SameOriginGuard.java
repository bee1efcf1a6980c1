package dev.tandem.web.admin;

import dev.tandem.web.api.ErrorBody;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;
import java.util.Set;

/**
 * Cross-site request forgery guard for the cookie-authenticated agent and administrator APIs: a
 * request that changes state (anything but GET, HEAD, OPTIONS) must carry an {@code Origin} equal
 * to this server's own origin. Browsers always send it on such requests; a forged cross-site form
 * or fetch carries the attacker's origin (or {@code null}) and is refused with 403.
 */
@Provider
@PreMatching
public class SameOriginGuard implements ContainerRequestFilter {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath(false).replaceFirst("^/", "");
        if (SAFE.contains(request.getMethod()) || !(path.startsWith("admin/") || path.startsWith("agent/"))) {
            return;
        }
        URI base = request.getUriInfo().getBaseUri();
        String own = base.getScheme() + "://" + base.getRawAuthority();
        if (!own.equalsIgnoreCase(request.getHeaderString("Origin"))) {
            request.abortWith(ErrorBody.response(Response.Status.FORBIDDEN, "cross_origin_refused",
                    "This request must come from the Tandem console itself."));
        }
    }
}
