package dev.tandem.web.headers;

import jakarta.servlet.FilterChain;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The security headers every response of the application carries, whatever server runs it: HSTS
 * on HTTPS, no MIME sniffing, no referrer, no framing, no powerful browser features, an isolated
 * browsing context. The Content-Security-Policy and caching headers are
 * {@link ContentSecurityPolicyFilter}'s. WildFly also sets the same values host-wide
 * ({@code wildfly-config/scripts/headers.cli}), which covers its responses outside the application;
 * a header set twice keeps one value.
 */
@WebFilter(filterName = "SecurityHeadersFilter", urlPatterns = "/*", asyncSupported = true,
        dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ERROR})
public class SecurityHeadersFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    static final String HSTS = "max-age=31536000; includeSubDomains";
    static final String PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=()";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.isSecure()) {
            response.setHeader("Strict-Transport-Security", HSTS);
        }
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Permissions-Policy", PERMISSIONS);
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        chain.doFilter(request, response);
    }
}
