package dev.tandem.web.join;

import dev.tandem.join.AgentIdentity;
import dev.tandem.web.identity.OidcSettings;
import dev.tandem.web.identity.SignInCallback;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Instant;
import java.util.List;

/**
 * The agent of the current request, as the container's OpenID Connect sign-in established them:
 * subject, display name and co-browse groups from the token's claims, and when they signed in.
 */
@RequestScoped
public class SignedInAgent {

    @Inject
    SecurityContext security;

    @Inject
    OpenIdContext openId;

    @Inject
    OidcSettings settings;

    @Inject
    HttpServletRequest request;

    public AgentIdentity identity() {
        var claims = openId.getClaims();
        String subject = security.getCallerPrincipal().getName();
        String displayName = claims.getName().or(claims::getPreferredUsername).orElse(subject);
        List<String> groups = claims.getArrayStringClaim(settings.getGroupsClaim());
        HttpSession session = request.getSession(false);
        Object signedIn = session == null ? null : session.getAttribute(SignInCallback.SIGNED_IN_AT);
        // No record of the sign-in time: treat it as old, so any revocation applies to it.
        return new AgentIdentity(subject, displayName, groups, signedIn instanceof Instant at ? at : Instant.EPOCH);
    }
}
