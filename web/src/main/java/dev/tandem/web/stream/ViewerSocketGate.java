package dev.tandem.web.stream;

import dev.tandem.join.AgentJoins;
import dev.tandem.join.SocketRefusal;
import dev.tandem.web.join.AgentCookies;
import dev.tandem.web.visitor.ClientAddresses;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Admits an agent's viewer WebSocket only with an {@code Origin} on the exact allow-list
 * ({@code tandem.public-origins}) and a valid agent pass cookie for the very session the URL names
 * ({@code /stream/agent/{sessionRef}}); anything else is refused with 403 before any upgrade, so
 * the client never sees 101. Runs before the container's WebSocket upgrade.
 */
@WebFilter(filterName = "ViewerSocketGate", urlPatterns = "/stream/agent/*")
public class ViewerSocketGate extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final String PATH = "/stream/agent/";

    @Inject
    transient AgentJoins joins;

    @Inject
    transient ClientAddresses addresses;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        // The path after /stream/agent/ (the filter's mapping, not a servlet's, so no path info to use).
        String prefix = request.getContextPath() + PATH;
        String uri = request.getRequestURI();
        String ref = uri.startsWith(prefix) ? uri.substring(prefix.length()) : "";
        try {
            joins.admit(passCookie(request), ref, request.getHeader("Origin"), addresses.of(request));
        } catch (SocketRefusal refused) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setHeader("Cache-Control", "no-store");
            response.setContentType("application/json");
            response.getWriter().write("{\"error\":\"socket_refused\",\"message\":\"This viewer connection is not allowed.\"}");
            return;
        }
        chain.doFilter(request, response);
    }

    private static String passCookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (AgentCookies.PASS.equals(cookie.getName())) {
                return cookie.getValue();
            }
        }
        return null;
    }
}
