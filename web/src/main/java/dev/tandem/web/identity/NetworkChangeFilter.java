package dev.tandem.web.identity;

import dev.tandem.audit.AuditEvent;
import dev.tandem.audit.AuditLog;
import dev.tandem.audit.Outcome;
import dev.tandem.join.AgentIdentity;
import dev.tandem.join.AgentJoins;
import dev.tandem.web.join.AgentCookies;
import dev.tandem.web.visitor.ClientAddresses;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.security.Principal;
import java.time.Clock;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Forced sign-out on a network change (seed 003): with {@code tandem.agent.bind-ip} on, an agent's
 * sign-in belongs to the address it was first used from. A request of that sign-in from another
 * address ends it: the HTTP session is invalidated, the agent's passes are void and their viewer
 * sockets close (as on sign-out), a {@code SIGN_IN_ENDED} row records both addresses, and the agent
 * must sign in again (API calls get 401 {@code sign_in_required}, pages go back through the
 * identity provider). Runs on the console, agent and administrator paths, after the container has
 * authenticated the request.
 */
public class NetworkChangeFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** Session attribute: the client address of the sign-in. */
    static final String SIGNED_IN_FROM = "tandem.signedInFrom";

    @Inject
    @ConfigProperty(name = "tandem.agent.bind-ip", defaultValue = "false")
    boolean bindIp;

    @Inject
    ClientAddresses addresses;

    @Inject
    AgentJoins joins;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpSession session = bindIp ? request.getSession(false) : null;
        Principal agent = request.getUserPrincipal();
        if (session == null || agent == null) {
            chain.doFilter(request, response);
            return;
        }
        String address = addresses.of(request);
        Object from = session.getAttribute(SIGNED_IN_FROM);
        if (from == null) {
            session.setAttribute(SIGNED_IN_FROM, address);
        } else if (!from.equals(address)) {
            endSignIn(session, agent.getName(), (String) from, address);
            // The browser's pass and join ticket are void now; drop them as the sign-out does.
            response.addHeader("Set-Cookie", AgentCookies.clear(AgentCookies.PASS));
            response.addHeader("Set-Cookie", AgentCookies.clear(AgentCookies.TICKET));
            if (isApi(request)) {
                response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                response.setHeader("Cache-Control", "no-store");
                response.setContentType("application/json");
                response.getWriter().write("{\"error\":\"sign_in_required\",\"message\":\"Your network address changed; please sign in again.\"}");
            } else {
                response.setHeader("Cache-Control", "no-store");
                response.sendRedirect(request.getContextPath() + "/agent/");
            }
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * True for the REST API: its path below the context root starts with {@code /api/}. (Not the
     * servlet path: the REST application is mapped to {@code /api/*}, so that is {@code /api} alone.)
     */
    private static boolean isApi(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return uri != null && uri.startsWith(context + "/api/");
    }

    /**
     * Ends the sign-in by invalidating its HTTP session, which holds all of it: the container's
     * record of the authenticated caller and the OpenID Connect mechanism's tokens. Deliberately not
     * {@code request.logout()}: that hands this request's response to the mechanism's
     * {@code cleanSubject}, and WildFly's OpenID Connect mechanism (its Soteria) answers a logout with
     * a redirect to the identity provider, committing the response before the API's 401 could be
     * written (NetworkChangeIT saw exactly that). The next request finds no session and goes through
     * the identity provider like any caller who is not signed in.
     */
    private void endSignIn(HttpSession session, String subject, String from, String address) {
        audit.record(AuditEvent.of("SIGN_IN_ENDED", Outcome.DENIED, clock.instant())
                .actor(subject)
                .sourceIp(address)
                .detail("reason", "network_changed")
                .detail("signedInFrom", from));
        joins.signedOut(new AgentIdentity(subject, subject, List.of(), clock.instant()), address);
        try {
            session.invalidate();
        } catch (IllegalStateException alreadyInvalidated) {
            // A concurrent request of the same sign-in ended it first: nothing is left of it either way.
        }
    }
}
