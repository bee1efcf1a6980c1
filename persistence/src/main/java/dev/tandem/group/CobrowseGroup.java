package dev.tandem.group;

import dev.tandem.json.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A co-browse group and its policy. The rules that decide whether a visitor may start a session
 * for it live here: enabled, origin allowed (exact scheme, host and port), and the page declaring it.
 */
@Entity
@Table(name = "cobrowse_group")
public class CobrowseGroup {

    @Id
    @Column(name = "group_id", length = 64)
    private String id;

    @Column(name = "display_name", nullable = false, length = 200)
    private String displayName;

    @Column(name = "enabled", nullable = false)
    private boolean enabled;

    @Column(name = "key_length", nullable = false)
    private short keyLength;

    @Column(name = "masked_selectors", nullable = false, columnDefinition = "jsonb")
    private String maskedSelectors;

    @Column(name = "blocked_selectors", nullable = false, columnDefinition = "jsonb")
    private String blockedSelectors;

    @Column(name = "mask_all_inputs", nullable = false)
    private boolean maskAllInputs;

    @Column(name = "idle_timeout_seconds", nullable = false)
    private int idleTimeoutSeconds;

    @Column(name = "max_duration_seconds", nullable = false)
    private int maxDurationSeconds;

    @Column(name = "max_agents", nullable = false)
    private short maxAgents;

    @Enumerated(EnumType.STRING)
    @Column(name = "pii_policy", nullable = false, length = 16)
    private PiiPolicy piiPolicy;

    @Column(name = "pii_patterns", nullable = false, columnDefinition = "jsonb")
    private String piiPatterns;

    @Column(name = "agent_modes", nullable = false, length = 32)
    private String agentModes;

    @Column(name = "write_needs_approval", nullable = false)
    private boolean writeNeedsApproval;

    @Column(name = "agent_submit_allowed", nullable = false)
    private boolean agentSubmitAllowed;

    @Column(name = "control_restricted_selectors", nullable = false, columnDefinition = "jsonb")
    private String controlRestrictedSelectors;

    @Column(name = "allowed_external_domains", nullable = false, columnDefinition = "jsonb")
    private String allowedExternalDomains;

    @Column(name = "disable_caching", nullable = false)
    private boolean disableCaching;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "cobrowse_group_origin", joinColumns = @JoinColumn(name = "group_id"))
    @Column(name = "origin", length = 255)
    private Set<String> allowedOrigins;

    /** For JPA only. */
    protected CobrowseGroup() {
    }

    /** True if pages served from exactly this origin may start sessions for this group. */
    public boolean allowsOrigin(WebOrigin origin) {
        return origin != null && allowedOrigins.contains(origin.value());
    }

    /** The exact origins the group's pages are served from. */
    public Set<String> allowedOrigins() {
        return Set.copyOf(allowedOrigins);
    }

    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public int keyLength() {
        return keyLength;
    }

    public List<String> maskedSelectors() {
        return strings(maskedSelectors);
    }

    public List<String> blockedSelectors() {
        return strings(blockedSelectors);
    }

    public boolean maskAllInputs() {
        return maskAllInputs;
    }

    public Duration idleTimeout() {
        return Duration.ofSeconds(idleTimeoutSeconds);
    }

    public Duration maxDuration() {
        return Duration.ofSeconds(maxDurationSeconds);
    }

    public int maxAgents() {
        return maxAgents;
    }

    /** What the PII tripwire does for this group. */
    public PiiPolicy piiPolicy() {
        return piiPolicy == null ? PiiPolicy.MASK : piiPolicy;
    }

    /** The group's own PII tripwire templates (checked where they are used: invalid ones stop streaming). */
    public List<String> piiPatterns() {
        return strings(piiPatterns);
    }

    /**
     * The modes the group's agents may use, as the comma list the join ticket and the agent pass
     * carry: {@code view}, then {@code pointer} and {@code write} when allowed (the database checks the form).
     */
    public String agentModes() {
        return agentModes == null || agentModes.isEmpty() ? "view" : agentModes;
    }

    /** Write mode starts only on the visitor's approval (true unless the group says otherwise). */
    public boolean writeNeedsApproval() {
        return writeNeedsApproval;
    }

    /** An agent in write mode may submit forms (false by default). */
    public boolean agentSubmitAllowed() {
        return agentSubmitAllowed;
    }

    /** CSS selectors of elements agents may not control (checked by the visitor script, which fails closed). */
    public List<String> controlRestrictedSelectors() {
        return strings(controlRestrictedSelectors);
    }

    /**
     * Hosts besides the allowed origins whose images, fonts and stylesheets the asset proxy may fetch:
     * exact host names or {@code *.suffix} rules (checked where they are used).
     */
    public List<String> allowedExternalDomains() {
        return strings(allowedExternalDomains);
    }

    /** True if the asset proxy must keep nothing of this group's assets and tell the agent's browser not to either. */
    public boolean disableCaching() {
        return disableCaching;
    }

    private static List<String> strings(String jsonArray) {
        try (var reader = Jsons.READERS.createReader(new StringReader(jsonArray == null ? "[]" : jsonArray))) {
            JsonArray array = reader.readArray();
            return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
        }
    }
}
