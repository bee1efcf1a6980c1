package dev.tandem.it;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Co-browse groups made for one test, with a unique id so that no two tests share one, written as
 * an administrator would: straight into the configuration tables, as the schema owner.
 */
public final class TestGroups {

    private String id = "t-" + UUID.randomUUID().toString().substring(0, 12);
    private String[] origins = {"https://acme.example"};
    private int keyLength = 6;
    private boolean enabled = true;
    private int idleSeconds = 300;
    private int maxSeconds = 14400;
    private String masked = "[]";

    private TestGroups() {
    }

    public static TestGroups group() {
        return new TestGroups();
    }

    public TestGroups id(String value) {
        this.id = value;
        return this;
    }

    public TestGroups origins(String... values) {
        this.origins = values;
        return this;
    }

    public TestGroups keyLength(int value) {
        this.keyLength = value;
        return this;
    }

    public TestGroups disabled() {
        this.enabled = false;
        return this;
    }

    public TestGroups idleSeconds(int value) {
        this.idleSeconds = value;
        return this;
    }

    public TestGroups maxSeconds(int value) {
        this.maxSeconds = value;
        return this;
    }

    public TestGroups maskedSelectors(String jsonArray) {
        this.masked = jsonArray;
        return this;
    }

    /** Stores the group (an existing one of that id is left as it is, its origins added) and returns its id. */
    public String create() {
        try (Connection c = TestEnvironment.connectAsOwner();
                PreparedStatement group = c.prepareStatement("INSERT INTO cobrowse_group (group_id, display_name, enabled, key_length, "
                        + "masked_selectors, idle_timeout_seconds, max_duration_seconds) VALUES (?, ?, ?, ?, ?::jsonb, ?, ?) "
                        + "ON CONFLICT (group_id) DO NOTHING");
                PreparedStatement origin = c.prepareStatement(
                        "INSERT INTO cobrowse_group_origin (group_id, origin) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            group.setString(1, id);
            group.setString(2, "Test group " + id);
            group.setBoolean(3, enabled);
            group.setInt(4, keyLength);
            group.setString(5, masked);
            group.setInt(6, idleSeconds);
            group.setInt(7, maxSeconds);
            group.executeUpdate();
            for (String o : origins) {
                origin.setString(1, id);
                origin.setString(2, o);
                origin.executeUpdate();
            }
            return id;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets the selectors of regions a group's visitors never show (a JSON array), as an administrator would. */
    public static void blockSelectors(String groupId, String jsonArray) {
        try (Connection c = TestEnvironment.connectAsOwner();
                PreparedStatement s = c.prepareStatement("UPDATE cobrowse_group SET blocked_selectors = ?::jsonb WHERE group_id = ?")) {
            s.setString(1, jsonArray);
            s.setString(2, groupId);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets the agent guidance modes of a group (e.g. {@code view,pointer,write}), as an administrator would. */
    public static void agentModes(String groupId, String modes) {
        try (Connection c = TestEnvironment.connectAsOwner();
                PreparedStatement s = c.prepareStatement("UPDATE cobrowse_group SET agent_modes = ? WHERE group_id = ?")) {
            s.setString(1, modes);
            s.setString(2, groupId);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets whether write mode needs the visitor's approval, as an administrator would (read at each session start). */
    public static void writeNeedsApproval(String groupId, boolean value) {
        try (Connection c = TestEnvironment.connectAsOwner();
                PreparedStatement s = c.prepareStatement("UPDATE cobrowse_group SET write_needs_approval = ? WHERE group_id = ?")) {
            s.setBoolean(1, value);
            s.setString(2, groupId);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets whether a group masks every input, as an administrator would (read at each session start). */
    public static void maskAllInputs(String groupId, boolean value) {
        try (Connection c = TestEnvironment.connectAsOwner();
                PreparedStatement s = c.prepareStatement("UPDATE cobrowse_group SET mask_all_inputs = ? WHERE group_id = ?")) {
            s.setBoolean(1, value);
            s.setString(2, groupId);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets the selectors of regions a group's visitors show masked (a JSON array), as an administrator would. */
    public static void maskSelectors(String groupId, String jsonArray) {
        try (Connection c = TestEnvironment.connectAsOwner();
                PreparedStatement s = c.prepareStatement("UPDATE cobrowse_group SET masked_selectors = ?::jsonb WHERE group_id = ?")) {
            s.setString(1, jsonArray);
            s.setString(2, groupId);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets a group's PII tripwire policy (OFF, MASK, MASK_AND_END) and own patterns (a JSON array), as an administrator would. */
    public static void piiTripwire(String groupId, String policy, String patternsJsonArray) {
        try (Connection c = TestEnvironment.connectAsOwner();
                PreparedStatement s = c.prepareStatement("UPDATE cobrowse_group SET pii_policy = ?, pii_patterns = ?::jsonb WHERE group_id = ?")) {
            s.setString(1, policy);
            s.setString(2, patternsJsonArray);
            s.setString(3, groupId);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets a group's asset proxy policy: its allowed external domains (a JSON array) and whether caching is off. */
    public static void assetProxy(String groupId, String externalDomainsJsonArray, boolean disableCaching) {
        try (Connection c = TestEnvironment.connectAsOwner();
                PreparedStatement s = c.prepareStatement(
                        "UPDATE cobrowse_group SET allowed_external_domains = ?::jsonb, disable_caching = ? WHERE group_id = ?")) {
            s.setString(1, externalDomainsJsonArray);
            s.setBoolean(2, disableCaching);
            s.setString(3, groupId);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Switches a group off, as an administrator would. */
    public static void disable(String groupId) {
        try (Connection c = TestEnvironment.connectAsOwner();
                PreparedStatement s = c.prepareStatement("UPDATE cobrowse_group SET enabled = FALSE WHERE group_id = ?")) {
            s.setString(1, groupId);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
