package dev.tandem.web.identity;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.OpenIdAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.openid.ClaimsDefinition;

/**
 * Declares the container's OpenID Connect mechanism for agents: authorization-code flow, tokens
 * kept in the server-side HTTP session, roles taken from a configurable claim. The provider
 * redirects back to {@link SignInCallback} under the protected {@code /agent/} path, which then sends
 * the agent to the console with a clean URL (no code or state left in the address bar or history).
 * The provider's signing keys get five seconds to load: the specification's 500 ms default is too
 * tight for a cold start.
 */
@ApplicationScoped
@DeclareRoles({Roles.AGENT, Roles.ADMIN})
@OpenIdAuthenticationMechanismDefinition(
        providerURI = "${tandemOidc.providerUri}",
        clientId = "${tandemOidc.clientId}",
        clientSecret = "${tandemOidc.clientSecret}",
        redirectURI = "${baseURL}/agent/callback",
        redirectToOriginalResource = false,
        jwksConnectTimeout = 5000,
        jwksReadTimeout = 5000,
        claimsDefinition = @ClaimsDefinition(
                callerNameClaim = "${tandemOidc.nameClaim}",
                callerGroupsClaim = "${tandemOidc.rolesClaim}"))
public class AgentSignIn {
}
