package dev.tandem.web.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The agent identity provider's settings, named {@code tandemOidc} so that the mechanism definition
 * can read them through expression language. Every value comes from configuration; nothing about
 * a provider is baked into the archive.
 */
@Named("tandemOidc")
@ApplicationScoped
public class OidcSettings {

    @Inject
    @ConfigProperty(name = "tandem.oidc.provider-uri", defaultValue = "http://localhost:8180/tandem")
    String providerUri;

    @Inject
    @ConfigProperty(name = "tandem.oidc.client-id", defaultValue = "tandem")
    String clientId;

    @Inject
    @ConfigProperty(name = "tandem.oidc.client-secret", defaultValue = "tandem-dev-secret")
    String clientSecret;

    /** The token claim whose value is the agent's stable subject shown in the audit log. */
    @Inject
    @ConfigProperty(name = "tandem.oidc.name-claim", defaultValue = "sub")
    String nameClaim;

    /** The token claim listing the agent's roles, e.g. {@code cobrowse-agent}, {@code cobrowse-admin}. */
    @Inject
    @ConfigProperty(name = "tandem.oidc.roles-claim", defaultValue = "roles")
    String rolesClaim;

    /** The token claim listing the co-browse groups whose sessions the agent may join. */
    @Inject
    @ConfigProperty(name = "tandem.oidc.groups-claim", defaultValue = "cobrowse_groups")
    String groupsClaim;

    public String getProviderUri() {
        return providerUri;
    }

    public String getClientId() {
        return clientId;
    }

    public String getClientSecret() {
        return clientSecret;
    }

    public String getNameClaim() {
        return nameClaim;
    }

    public String getRolesClaim() {
        return rolesClaim;
    }

    public String getGroupsClaim() {
        return groupsClaim;
    }
}
