package dev.tandem.web.visitor;

import dev.tandem.group.WebOrigin;
import dev.tandem.web.api.ErrorBody;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;

/**
 * CORS for the visitor API, the only part of the API that customers' pages call. A preflight is
 * answered only for an origin that some enabled group allows (exact scheme, host and port); any
 * other gets 403 and no {@code Access-Control-Allow-Origin}. Responses name only that one allowed
 * origin, never {@code *} and never an echo of an unknown one, always with {@code Vary: Origin}.
 * No credentials are allowed: the visitor API uses no cookies. Which group an origin may use is
 * decided later, per request, by the session rules. Which origins are allowed comes from
 * {@link AllowedOrigins}, so that this filter answers even while the database does not (and never
 * fails a response that is already an error).
 */
@Provider
@PreMatching
public class VisitorCors implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String PREFIX = "visitor/";

    @Inject
    AllowedOrigins origins;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!isVisitorApi(request) || !"OPTIONS".equals(request.getMethod())) {
            return;
        }
        Optional<WebOrigin> origin = allowedOrigin(request.getHeaderString("Origin"));
        if (origin.isEmpty()) {
            request.abortWith(Response.fromResponse(ErrorBody.response(Response.Status.FORBIDDEN, "origin_refused",
                    "This origin may not call the co-browse API.")).header("Vary", "Origin").build());
            return;
        }
        request.abortWith(Response.noContent()
                .header("Access-Control-Allow-Origin", origin.get().value())
                .header("Access-Control-Allow-Methods", "POST")
                .header("Access-Control-Allow-Headers", "Content-Type")
                .header("Access-Control-Max-Age", "600")
                .header("Vary", "Origin")
                .build());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!isVisitorApi(request) || "OPTIONS".equals(request.getMethod())) {
            return;
        }
        response.getHeaders().add("Vary", "Origin");
        allowedOrigin(request.getHeaderString("Origin"))
                .ifPresent(origin -> response.getHeaders().putSingle("Access-Control-Allow-Origin", origin.value()));
    }

    private Optional<WebOrigin> allowedOrigin(String header) {
        return origins.allowed(header);
    }

    private static boolean isVisitorApi(ContainerRequestContext request) {
        return request.getUriInfo().getPath(false).replaceFirst("^/", "").startsWith(PREFIX);
    }
}
