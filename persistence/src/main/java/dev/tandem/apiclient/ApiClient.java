package dev.tandem.apiclient;

import dev.tandem.json.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.io.StringReader;
import java.util.List;

/**
 * A registered machine client of the integration API: the OAuth client id its access tokens carry,
 * whether it is enabled, and the networks it may call from. Read-only to the application; an
 * administrator registers, disables and re-scopes clients in {@code api_client} (docs/operations.md).
 */
@Entity
@Table(name = "api_client")
public class ApiClient {

    @Id
    @Column(name = "client_id", length = 255, updatable = false)
    private String clientId;

    @Column(name = "display_name", nullable = false, updatable = false, length = 200)
    private String displayName;

    @Column(name = "enabled", nullable = false, updatable = false)
    private boolean enabled;

    @Column(name = "allowed_cidrs", nullable = false, updatable = false, columnDefinition = "jsonb")
    private String allowedCidrs;

    /** For JPA only. */
    protected ApiClient() {
    }

    public String clientId() {
        return clientId;
    }

    public String displayName() {
        return displayName;
    }

    public boolean isEnabled() {
        return enabled;
    }

    /** The networks as written (CIDR notation); checked where they are used. */
    public List<String> allowedCidrs() {
        try (var reader = Jsons.READERS.createReader(new StringReader(allowedCidrs == null ? "[]" : allowedCidrs))) {
            JsonArray array = reader.readArray();
            return array.stream().filter(v -> v instanceof JsonString).map(v -> ((JsonString) v).getString()).toList();
        }
    }
}
