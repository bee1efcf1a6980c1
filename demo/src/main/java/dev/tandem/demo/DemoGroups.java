package dev.tandem.demo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Seeds the demo's co-browse groups once the server has migrated the schema: {@code demo} and
 * {@code demo-eu}, both allowing the demo site's origin; {@code demo}'s agents may point and ask
 * for control (write mode, on the visitor's approval), {@code demo-eu}'s only view. Runs as the schema owner, as an
 * administrator would (see docs/database.md); existing groups are left as they are.
 */
final class DemoGroups {

    /** The development identity provider's demo client-credentials client (dev-identity-provider.json). */
    static final String DEMO_MACHINE_CLIENT = "tandem-demo-siem";

    private DemoGroups() {
    }

    static void seed(DatabaseSettings database, String siteOrigin) throws SQLException {
        try (Connection c = DriverManager.getConnection(database.url(), database.ownerUser(), database.ownerPassword())) {
            group(c, "demo", "Tandem Demo Bank", "[\"#card-number\"]", "[\"#offers\"]", "view,pointer,write", siteOrigin);
            group(c, "demo-eu", "Tandem Demo Bank (EU)", "[]", "[]", "view", siteOrigin);
            machineClient(c);
        }
    }

    /** The demo machine client (a SIEM stand-in), allowed from this machine only; its scopes come from the identity provider. */
    private static void machineClient(Connection c) throws SQLException {
        try (PreparedStatement client = c.prepareStatement("INSERT INTO api_client (client_id, display_name, allowed_cidrs) "
                + "VALUES (?, ?, ?::jsonb) ON CONFLICT (client_id) DO NOTHING")) {
            client.setString(1, DEMO_MACHINE_CLIENT);
            client.setString(2, "Demo SIEM (revoke agents, list and end sessions)");
            client.setString(3, "[\"127.0.0.1/32\", \"::1/128\"]");
            client.executeUpdate();
        }
    }

    private static void group(Connection c, String id, String name, String maskedSelectors, String blockedSelectors, String modes,
            String origin)
            throws SQLException {
        try (PreparedStatement group = c.prepareStatement("INSERT INTO cobrowse_group (group_id, display_name, masked_selectors, "
                + "blocked_selectors, agent_modes) VALUES (?, ?, ?::jsonb, ?::jsonb, ?) ON CONFLICT (group_id) DO NOTHING");
                PreparedStatement allowed = c.prepareStatement(
                        "INSERT INTO cobrowse_group_origin (group_id, origin) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            group.setString(1, id);
            group.setString(2, name);
            group.setString(3, maskedSelectors);
            group.setString(4, blockedSelectors);
            group.setString(5, modes);
            group.executeUpdate();
            allowed.setString(1, id);
            allowed.setString(2, origin);
            allowed.executeUpdate();
        }
    }
}
