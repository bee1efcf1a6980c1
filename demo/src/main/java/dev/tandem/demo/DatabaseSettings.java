package dev.tandem.demo;

import java.util.Map;

/** How the server reaches PostgreSQL: the URL and the two roles, as the server's environment. */
public record DatabaseSettings(String url, String appUser, String appPassword, String ownerUser, String ownerPassword,
        String description) {

    /** The settings from the environment when {@code TANDEM_DB_URL} is set, else {@code null}. */
    public static DatabaseSettings fromEnvironment(Map<String, String> env) {
        String url = env.get("TANDEM_DB_URL");
        if (url == null || url.isBlank()) {
            return null;
        }
        String appUser = env.getOrDefault("TANDEM_DB_USER", "tandem_app");
        String appPassword = env.getOrDefault("TANDEM_DB_PASSWORD", "tandem_app");
        return new DatabaseSettings(url, appUser, appPassword,
                // Never default the owner to the application role: that role must not own the tables
                // (it would then be able to change the append-only audit log).
                env.getOrDefault("TANDEM_DB_OWNER_USER", "tandem_owner"),
                env.getOrDefault("TANDEM_DB_OWNER_PASSWORD", "tandem_owner"),
                "PostgreSQL at " + url + " (from TANDEM_DB_URL)");
    }

    /** The environment variables the server's datasources read (see wildfly-config/scripts/datasources.cli). */
    public Map<String, String> asServerEnvironment() {
        return Map.of(
                "TANDEM_DB_URL", url,
                "TANDEM_DB_USER", appUser,
                "TANDEM_DB_PASSWORD", appPassword,
                "TANDEM_DB_OWNER_USER", ownerUser,
                "TANDEM_DB_OWNER_PASSWORD", ownerPassword);
    }
}
