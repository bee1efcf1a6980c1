package dev.tandem.web.headers;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Puts the application's Content-Security-Policy on every response: scripts, styles, images and
 * connections only from this origin, no inline code, no plugins, no framing, no base-URI tricks.
 * Pages that need a stricter or different policy (the agent viewer) replace it.
 */
@WebFilter(filterName = "ContentSecurityPolicyFilter", urlPatterns = "/*", asyncSupported = true)
public class ContentSecurityPolicyFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    static final String POLICY = String.join("; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            "font-src 'self'",
            "connect-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "object-src 'none'");

    @jakarta.inject.Inject
    transient ViewerPolicy viewerPolicy;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        response.setHeader("Content-Security-Policy", path.equals("/agent/viewer.html") ? viewerPolicy.policyFor(request)
                : POLICY + "; report-uri " + request.getContextPath() + ViewerPolicy.REPORT_PATH);
        if (path.startsWith("/agent/") || path.startsWith("/api/")) {
            response.setHeader("Cache-Control", "no-store");
        } else if (path.equals("/loader.js") || path.startsWith("/visitor/")) {
            // Loaded by customers' pages from another origin: cacheable briefly, so a new release
            // reaches visitors within minutes, and embeddable by pages that isolate themselves.
            response.setHeader("Cache-Control", "public, max-age=300");
            response.setHeader("Cross-Origin-Resource-Policy", "cross-origin");
        }
        chain.doFilter(request, response);
    }
}
