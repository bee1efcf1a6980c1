package dev.tandem.web.machine;

import dev.tandem.audit.AuditEvent;
import dev.tandem.audit.AuditLog;
import dev.tandem.audit.AuditQuery;
import dev.tandem.audit.Outcome;
import dev.tandem.json.Jsons;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code GET /cobrowse/api/machine/audit}: the audit log, newest first, a page at a time, filtered by
 * type, group, session reference, actor, outcome and time. {@code next} is the {@code before} of the
 * following page (absent on the last). Reading is not itself audited; the log holds no page content.
 */
@Path("machine/audit")
@MachineApi
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class MachineAuditResource {

    private static final Pattern TYPE = Pattern.compile("^[A-Z][A-Z_]{1,39}$");
    private static final Pattern REF = Pattern.compile("^[0-9a-f]{64}$");
    private static final Pattern ACTOR = Pattern.compile("^[\\x21-\\x7e]{1,255}$");
    private static final Pattern ID = Pattern.compile("^[1-9][0-9]{0,17}$");

    @Inject
    AuditLog audit;

    @GET
    @RequiresScope(Scopes.AUDIT_READ)
    public JsonObject page(@QueryParam("type") String type, @QueryParam("group") String group,
            @QueryParam("session") String session, @QueryParam("actor") String actor,
            @QueryParam("outcome") String outcome, @QueryParam("since") String since,
            @QueryParam("before") String before, @QueryParam("limit") String limit) {
        int max = Params.limit(limit, 100, 500);
        AuditQuery query = new AuditQuery(Params.matching("type", type, TYPE), Params.groupIdOrNull("group", group),
                Params.matching("session", session, REF), Params.matching("actor", actor, ACTOR), outcome(outcome),
                instant(since), before == null || before.isEmpty() ? null : Long.valueOf(Params.matching("before", before, ID)), max);
        List<AuditEvent> events = audit.page(query);
        JsonArrayBuilder list = Jsons.BUILDERS.createArrayBuilder();
        for (AuditEvent e : events) {
            JsonObjectBuilder row = Jsons.BUILDERS.createObjectBuilder()
                    .add("id", e.id())
                    .add("occurredAt", e.occurredAt().toString())
                    .add("type", e.type())
                    .add("outcome", e.outcome().name())
                    .add("detail", e.detail());
            optional(row, "group", e.groupId());
            optional(row, "sessionRef", e.sessionRef());
            optional(row, "actor", e.actor());
            optional(row, "sourceIp", e.sourceIp());
            list.add(row);
        }
        JsonObjectBuilder page = Jsons.BUILDERS.createObjectBuilder().add("events", list);
        if (events.size() == max) {
            page.add("next", String.valueOf(events.get(events.size() - 1).id()));
        }
        return page.build();
    }

    private static void optional(JsonObjectBuilder row, String name, String value) {
        if (value != null) {
            row.add(name, value);
        }
    }

    private static Outcome outcome(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Outcome.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw Params.bad("outcome");
        }
    }

    private static Instant instant(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return value.length() > 40 ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw Params.bad("since");
        }
    }
}
