package dev.tandem.web.asset;

import dev.tandem.asset.AssetAccess;
import dev.tandem.asset.AssetProxy;
import dev.tandem.asset.AssetRefusal;
import dev.tandem.asset.FetchedAsset;
import dev.tandem.web.join.AgentCookies;
import dev.tandem.web.visitor.ClientAddresses;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code GET /cobrowse/asset?u=URL}: one image, font or stylesheet of the visitor's page for the
 * agent's viewer, fetched by Tandem so that the agent's browser connects to Tandem only. Without a
 * valid agent pass for a live session: 403 and nothing fetched. The answer carries only the checked
 * content type and Tandem's own headers (nosniff, a sandboxing CSP in case it is opened as a page,
 * same-origin resource policy, and {@code no-store} when the group disables caching); nothing of the
 * origin's other headers, {@code Set-Cookie} included.
 */
@WebServlet(name = "AssetServlet", urlPatterns = "/asset")
public class AssetServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String ASSET_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox";

    @Inject
    transient AssetAccess access;

    @Inject
    transient AssetProxy proxy;

    @Inject
    transient ClientAddresses clientAddresses;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", ASSET_POLICY);
        response.setHeader("Cross-Origin-Resource-Policy", "same-origin");
        String client = clientAddresses.of(request);
        Optional<AssetAccess.AssetGrant> grant;
        try {
            grant = access.grant(passCookie(request), client);
        } catch (jakarta.ejb.EJBException | jakarta.persistence.PersistenceException unavailable) {
            response.setHeader("Retry-After", "5");
            refuse(response, 503, "unavailable"); // the database is down: the pass cannot be checked against a live session
            return;
        }
        if (grant.isEmpty()) {
            refuse(response, 403, "no_pass");
            return;
        }
        String url = request.getParameter("u");
        try {
            FetchedAsset asset = proxy.serve(grant.get(), url);
            response.setStatus(200);
            response.setContentType(asset.isStylesheet() ? "text/css; charset=utf-8" : asset.mediaType());
            response.setContentLength(asset.body().length);
            response.setHeader("Cache-Control", grant.get().disableCaching() ? "no-store"
                    : "private, max-age=" + Math.min(asset.freshFor().toSeconds(), 300));
            response.getOutputStream().write(asset.body());
        } catch (AssetRefusal refusal) {
            String host = refusal.host() != null ? refusal.host() : hostOf(url);
            if (proxy.firstRefusal(grant.get().sessionRef(), host == null ? "" : host)) {
                String reason = refusal.reason().word() + (refusal.detail() == null ? "" : ":" + refusal.detail());
                access.refused(grant.get(), host, reason, client);
            }
            refuse(response, refusal.status(), refusal.reason().word());
        }
    }

    private static void refuse(HttpServletResponse response, int status, String reason) throws IOException {
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.getWriter().write("{\"error\":\"" + reason + "\"}");
    }

    /** Only the host of a URL the fetcher refused before reading one (never its path or query). */
    private static String hostOf(String url) {
        try {
            String host = url == null ? null : URI.create(url.trim()).getHost();
            return host == null ? null : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String passCookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (AgentCookies.PASS.equals(cookie.getName())) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }
}
