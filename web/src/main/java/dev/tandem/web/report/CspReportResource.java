package dev.tandem.web.report;

import dev.tandem.json.Jsons;
import dev.tandem.audit.AuditEvent;
import dev.tandem.audit.AuditLog;
import dev.tandem.audit.Outcome;
import dev.tandem.web.visitor.ClientAddresses;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;

/**
 * {@code POST /cobrowse/api/csp-reports}: a browser's report of a blocked load or script. Stored as
 * a CSP_VIOLATION audit row with only what helps an investigation and cannot carry page content:
 * the directive, the blocked URL's origin (or scheme, for inline/eval/data), the document's path.
 * Anything unreadable is ignored; the answer is always 204 so the report tells a sender nothing.
 */
@Path("csp-reports")
@RequestScoped
public class CspReportResource {

    private static final int MAX_BODY = 16 * 1024;

    @Inject
    AuditLog audit;

    @Inject
    ReportLimiter limiter;

    @Inject
    ClientAddresses addresses;

    @Inject
    Clock clock;

    @Context
    HttpServletRequest request;

    @POST
    @Consumes(MediaType.WILDCARD) // browsers differ (application/csp-report, application/reports+json)
    public Response report(InputStream body) throws IOException {
        String client = addresses.of(request);
        byte[] bytes = body.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY || !limiter.tryAcquire(client)) {
            return Response.noContent().build();
        }
        JsonObject report;
        try (var reader = Jsons.READERS.createReader(new ByteArrayInputStream(bytes))) {
            JsonValue value = reader.readValue();
            report = value instanceof JsonObject o && o.get("csp-report") instanceof JsonObject r ? r
                    : value.getValueType() == JsonValue.ValueType.ARRAY && !value.asJsonArray().isEmpty()
                            && value.asJsonArray().get(0) instanceof JsonObject first && first.get("body") instanceof JsonObject b ? b
                    : null;
        } catch (JsonException | IllegalStateException unreadable) {
            return Response.noContent().build();
        }
        if (report != null) {
            audit.record(AuditEvent.of("CSP_VIOLATION", Outcome.DENIED, clock.instant()).sourceIp(client)
                    .detail("directive", text(report, "effective-directive", "effectiveDirective", "violated-directive"))
                    .detail("blocked", originOf(text(report, "blocked-uri", "blockedURL")))
                    .detail("document", pathOf(text(report, "document-uri", "documentURL"))));
        }
        return Response.noContent().build();
    }

    private static String text(JsonObject report, String... names) {
        for (String name : names) {
            if (report.get(name) instanceof JsonString s) {
                return s.getString().length() > 200 ? s.getString().substring(0, 200) : s.getString();
            }
        }
        return "";
    }

    /** Only the origin of a blocked URL (no path or query: those could carry page content). */
    static String originOf(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() == null) {
                return url.matches("[a-z-]{1,20}") ? url : "";
            }
            return uri.getHost() == null ? uri.getScheme() : uri.getScheme() + "://" + uri.getRawAuthority();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String pathOf(String url) {
        try {
            String path = URI.create(url).getRawPath();
            return path == null ? "" : path;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
