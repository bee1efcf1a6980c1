package dev.tandem.web.machine;

import dev.tandem.apiclient.ApiClient;
import dev.tandem.apiclient.ApiClients;
import dev.tandem.audit.AuditEvent;
import dev.tandem.audit.AuditLog;
import dev.tandem.audit.Outcome;
import dev.tandem.web.api.ErrorBody;
import dev.tandem.web.visitor.ClientAddresses;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.time.Clock;
import java.util.Optional;

/**
 * The door of the machine API. In order: a bearer token in {@code Authorization} (cookies and the
 * browser sign-in count for nothing here), valid per {@link AccessTokenVerifier} (else 401); a
 * registered, enabled client ({@code api_client}, asked on every call, so disabling counts at once);
 * the real client address ({@code tandem.trusted-proxies} rules) inside one of the client's networks;
 * the method's {@link RequiresScope} among the token's scopes (else 403). Every refusal but a missing
 * token is audited as {@code API_REFUSED} with the client id and the reason; the token itself is never
 * logged or stored.
 */
@Provider
@MachineApi
@Priority(Priorities.AUTHENTICATION)
public class MachineGate implements ContainerRequestFilter {

    @Inject
    MachineTokens tokens;

    @Inject
    ApiClients clients;

    @Inject
    AuditLog audit;

    @Inject
    ClientAddresses addresses;

    @Inject
    Clock clock;

    @Context
    ResourceInfo resource;

    @Context
    HttpServletRequest request;

    @Override
    public void filter(ContainerRequestContext context) {
        String address = addresses.of(request);
        String header = context.getHeaderString("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            context.abortWith(unauthorized("no_token", "A bearer access token is required."));
            return;
        }
        AccessTokenVerifier.Verified token;
        try {
            token = tokens.verify(header.substring(7).trim());
        } catch (AccessTokenVerifier.Refused refused) {
            if (refused.keysUnavailable()) {
                context.abortWith(ErrorBody.unavailable());
                return;
            }
            refuse(null, address, refused.reason());
            context.abortWith(unauthorized("invalid_token", "The access token is not valid here."));
            return;
        }
        Optional<ApiClient> client = clients.find(token.clientId());
        if (client.isEmpty() || !client.get().isEnabled()) {
            refuse(token.clientId(), address, client.isEmpty() ? "unknown_client" : "client_disabled");
            context.abortWith(ErrorBody.response(Response.Status.FORBIDDEN, "client_refused",
                    "This client is not registered or is disabled."));
            return;
        }
        if (client.get().allowedCidrs().stream().map(Cidr::parse).flatMap(Optional::stream).noneMatch(c -> c.contains(address))) {
            refuse(token.clientId(), address, "address_not_allowed");
            context.abortWith(ErrorBody.response(Response.Status.FORBIDDEN, "address_not_allowed",
                    "This client may not call from this network."));
            return;
        }
        RequiresScope needed = resource.getResourceMethod() == null ? null : resource.getResourceMethod().getAnnotation(RequiresScope.class);
        if (needed == null || !token.scopes().contains(needed.value())) {
            refuse(token.clientId(), address, "insufficient_scope", needed == null ? "" : needed.value());
            context.abortWith(Response.fromResponse(ErrorBody.response(Response.Status.FORBIDDEN, "insufficient_scope",
                    "The access token lacks the scope " + (needed == null ? "this call needs" : needed.value()) + "."))
                    .header("WWW-Authenticate", "Bearer error=\"insufficient_scope\"" + (needed == null ? "" : ", scope=\"" + needed.value() + "\""))
                    .build());
            return;
        }
        request.setAttribute(MachineCaller.ATTRIBUTE, new MachineCaller(token.clientId(), token.scopes(), address));
    }

    private void refuse(String clientId, String address, String reason) {
        refuse(clientId, address, reason, null);
    }

    private void refuse(String clientId, String address, String reason, String scope) {
        AuditEvent event = AuditEvent.of("API_REFUSED", Outcome.DENIED, clock.instant())
                .actor(clientId == null ? null : "client:" + clientId)
                .sourceIp(address)
                .detail("reason", reason)
                .detail("method", request.getMethod())
                .detail("path", bounded(request.getRequestURI()));
        if (scope != null) {
            event.detail("scope", scope);
        }
        audit.record(event);
    }

    private static String bounded(String path) {
        return path == null ? "" : path.length() > 200 ? path.substring(0, 200) : path;
    }

    private static Response unauthorized(String error, String message) {
        return Response.fromResponse(ErrorBody.response(Response.Status.UNAUTHORIZED, error, message))
                .header("WWW-Authenticate", "Bearer realm=\"tandem\"" + ("invalid_token".equals(error) ? ", error=\"invalid_token\"" : ""))
                .build();
    }
}
