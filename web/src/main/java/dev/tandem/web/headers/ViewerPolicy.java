package dev.tandem.web.headers;

import dev.tandem.group.CobrowseGroup;
import dev.tandem.group.GroupRepository;
import dev.tandem.join.AgentPassSigner;
import dev.tandem.session.CobrowseSession;
import dev.tandem.session.SessionRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Content-Security-Policy of the agent viewer page, whose sandboxed replay iframe (about:blank,
 * so it inherits this policy) rebuilds the visitor's page. Scripts only from this origin, no inline
 * script, no eval; connections only to this origin; no plugins, forms, base or framing; images,
 * fonts and styles from this origin and the visitor's site origins (the group's allowed origins,
 * found from the agent pass cookie). Styles also allow 'unsafe-inline': rrweb rebuilds the page's
 * own {@code <style>} elements and {@code style} attributes, which would otherwise all be blocked
 * (docs/security.md says why this is acceptable: no script can run there).
 */
@ApplicationScoped
public class ViewerPolicy {

    static final String REPORT_PATH = "/api/csp-reports";

    @Inject
    AgentPassSigner passes;

    @Inject
    SessionRepository sessions;

    @Inject
    GroupRepository groups;

    public String policyFor(HttpServletRequest request) {
        String sites = String.join(" ", siteOrigins(request));
        String tail = sites.isEmpty() ? "" : " " + sites;
        return String.join("; ",
                "default-src 'none'",
                "script-src 'self'",
                "style-src 'self' 'unsafe-inline'" + tail,
                "img-src 'self' data:" + tail,
                "font-src 'self' data:" + tail,
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

    private Set<String> siteOrigins(HttpServletRequest request) {
        Set<String> origins = new TreeSet<>();
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return origins;
        }
        for (Cookie cookie : cookies) {
            if ("__Host-tandem-agent".equals(cookie.getName())) {
                passes.read(cookie.getValue())
                        .filter(p -> !p.isExpiredAt(Instant.now()))
                        .flatMap(p -> sessions.findLive(p.sessionRef()))
                        .map(CobrowseSession::groupId)
                        .flatMap(groups::find)
                        .map(CobrowseGroup::allowedOrigins)
                        .ifPresent(origins::addAll);
            }
        }
        return origins;
    }
}
