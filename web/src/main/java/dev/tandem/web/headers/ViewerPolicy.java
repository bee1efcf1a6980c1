package dev.tandem.web.headers;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The Content-Security-Policy of the agent viewer page, whose sandboxed replay iframe (about:blank,
 * so it inherits this policy) rebuilds the visitor's page. Scripts only from this origin, no inline
 * script, no eval; connections only to this origin; no plugins, forms, base or framing; images,
 * fonts and styles from this origin only: the relay rewrites the visitor page's asset URLs to
 * Tandem's asset proxy ({@code /cobrowse/asset}), so the agent's browser connects to no host but
 * Tandem, not even the visitor's site (docs/security.md, "Asset proxy"). Styles also allow
 * 'unsafe-inline': rrweb rebuilds the page's own {@code <style>} elements and {@code style}
 * attributes, which would otherwise all be blocked (docs/security.md says why this is acceptable: no
 * script can run there).
 */
@ApplicationScoped
public class ViewerPolicy {

    static final String REPORT_PATH = "/api/csp-reports";

    public String policyFor(HttpServletRequest request) {
        return String.join("; ",
                "default-src 'none'",
                "script-src 'self'",
                "style-src 'self' 'unsafe-inline'",
                "img-src 'self' data:",
                "font-src 'self' data:",
                "media-src 'none'",
                "connect-src 'self'",
                "frame-src 'none'",
                "worker-src 'none'",
                "object-src 'none'",
                "base-uri 'none'",
                "form-action 'none'",
                "frame-ancestors 'none'",
                "report-uri " + request.getContextPath() + REPORT_PATH);
    }
}
