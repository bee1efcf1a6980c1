package dev.tandem.audit;

import dev.tandem.json.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.io.StringReader;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One row of the append-only audit log. Every field is set once, when the event is built, and the
 * mapping marks every column as not updatable: an event is never changed after it is written.
 *
 * <p>The detail is a small flat JSON object of short strings (a reason, a role, a count). It is
 * bounded so that nobody can use it to smuggle page content into the database.
 */
@Entity
@Table(name = "audit_event")
public class AuditEvent {

    /** Event types are upper-case words joined by underscores, e.g. {@code JOIN_DENIED}. */
    private static final Pattern TYPE = Pattern.compile("^[A-Z][A-Z_]{1,39}$");
    static final int MAX_DETAIL_ENTRIES = 16;
    static final int MAX_DETAIL_VALUE_LENGTH = 256;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id", updatable = false)
    private Long id;

    @Column(name = "occurred_at", nullable = false, updatable = false)
    private OffsetDateTime occurredAt;

    @Column(name = "event_type", nullable = false, updatable = false, length = 40)
    private String type;

    @Column(name = "group_id", updatable = false, length = 64)
    private String groupId;

    @Column(name = "session_ref", updatable = false, length = 64)
    private String sessionRef;

    @Column(name = "actor", updatable = false, length = 255)
    private String actor;

    @Column(name = "source_ip", updatable = false, length = 64)
    private String sourceIp;

    @Enumerated(EnumType.STRING)
    @Column(name = "outcome", nullable = false, updatable = false, length = 16)
    private Outcome outcome;

    @Column(name = "detail", nullable = false, updatable = false, columnDefinition = "jsonb")
    private String detail;

    @Transient
    private JsonObjectBuilder pendingDetail;

    @Transient
    private int pendingDetailEntries;

    /** For JPA only. */
    protected AuditEvent() {
    }

    private AuditEvent(String type, Outcome outcome, Instant occurredAt) {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("audit event type must match " + TYPE.pattern());
        }
        this.type = type;
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.occurredAt = Objects.requireNonNull(occurredAt, "occurredAt").atOffset(ZoneOffset.UTC);
        this.pendingDetail = Jsons.BUILDERS.createObjectBuilder();
    }

    /** Starts an event of the given type and outcome that happened at {@code occurredAt} (UTC). */
    public static AuditEvent of(String type, Outcome outcome, Instant occurredAt) {
        return new AuditEvent(type, outcome, occurredAt);
    }

    public AuditEvent group(String groupId) {
        this.groupId = bounded(groupId, 64);
        return this;
    }

    public AuditEvent session(String sessionRef) {
        this.sessionRef = bounded(sessionRef, 64);
        return this;
    }

    public AuditEvent actor(String actor) {
        this.actor = bounded(actor, 255);
        return this;
    }

    public AuditEvent sourceIp(String sourceIp) {
        this.sourceIp = bounded(sourceIp, 64);
        return this;
    }

    /**
     * Adds one detail entry. Values longer than {@value #MAX_DETAIL_VALUE_LENGTH} characters are cut;
     * more than {@value #MAX_DETAIL_ENTRIES} entries are refused.
     */
    public AuditEvent detail(String name, String value) {
        if (pendingDetail == null) {
            throw new IllegalStateException("an audit event cannot be changed once written");
        }
        if (pendingDetailEntries >= MAX_DETAIL_ENTRIES) {
            throw new IllegalArgumentException("an audit event holds at most " + MAX_DETAIL_ENTRIES + " detail entries");
        }
        pendingDetail.add(Objects.requireNonNull(name, "name"), value == null ? "" : bounded(value, MAX_DETAIL_VALUE_LENGTH));
        pendingDetailEntries++;
        return this;
    }

    /** Freezes the detail into its JSON text; called by the log just before the event is stored. */
    void seal() {
        if (pendingDetail != null) {
            detail = pendingDetail.build().toString();
            pendingDetail = null;
        }
    }

    private static String bounded(String value, int max) {
        if (value == null) {
            return null;
        }
        return value.length() <= max ? value : value.substring(0, max);
    }

    public Long id() {
        return id;
    }

    public Instant occurredAt() {
        return occurredAt.toInstant();
    }

    public String type() {
        return type;
    }

    public String groupId() {
        return groupId;
    }

    public String sessionRef() {
        return sessionRef;
    }

    public String actor() {
        return actor;
    }

    public String sourceIp() {
        return sourceIp;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** The detail as a JSON object (empty when there is none). */
    public JsonObject detail() {
        if (pendingDetail != null) {
            return pendingDetail.build();
        }
        try (var reader = Jsons.READERS.createReader(new StringReader(detail == null ? "{}" : detail))) {
            return reader.readObject();
        }
    }

    @Override
    public String toString() {
        // Deliberately no detail: it is for the audit table, not for logs.
        return "AuditEvent[" + type + " " + outcome + " at " + occurredAt + "]";
    }
}
