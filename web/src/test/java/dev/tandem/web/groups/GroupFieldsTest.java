package dev.tandem.web.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.group.GroupChange;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GroupFieldsTest {

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void aChangeNamesOnlyTheColumnsItChanges() {
        GroupChange change = GroupFields.parse(json("{\"keyLength\":4,\"maskAllInputs\":true,\"maskedSelectors\":[\" .card \",\".card\",\"#iban\"],"
                + "\"origins\":[\"https://shop.example\",\"http://localhost:8210\"]}"));
        assertThat(change.columns()).containsOnlyKeys("key_length", "mask_all_inputs").containsEntry("key_length", (short) 4);
        assertThat(change.jsonColumns()).containsExactlyEntriesOf(java.util.Map.of("masked_selectors", "[\".card\",\"#iban\"]"));
        assertThat(change.origins()).extracting(o -> o.value()).containsExactly("https://shop.example", "http://localhost:8210");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"keyLength\":3}", "{\"keyLength\":7}", "{\"keyLength\":\"5\"}", "{\"keyLength\":4.5}",
        "{\"unknown\":true}", "{\"group_id\":\"x\"}", "{\"enabled\":1}", "{\"displayName\":\"  \"}", "{\"displayName\":\"a\\u0000b\"}",
        "{\"maskedSelectors\":\"a\"}", "{\"maskedSelectors\":[1]}", "{\"blockedSelectors\":[\"}body{\"]}", "{\"blockedSelectors\":[\"\"]}",
        "{\"origins\":[\"https://a.example/\"]}", "{\"origins\":[\"https://a.example:443\"]}", "{\"origins\":[\"ftp://a.example\"]}",
        "{\"origins\":[\"null\"]}", "{\"piiPolicy\":\"mask\"}", "{\"piiPatterns\":[\"AB\"]}", "{\"idleTimeoutSeconds\":86401}",
        "{\"maxDurationSeconds\":59}", "{\"maxAgents\":0}", "{\"maxAgents\":21}"})
    void everyBadValueIsRefusedWithItsField(String body) {
        assertThatThrownBy(() -> GroupFields.parse(json(body))).isInstanceOf(GroupFields.Invalid.class);
    }

    @Test
    void tooManySelectorsAreRefused() {
        var many = Json.createArrayBuilder();
        for (int i = 0; i <= GroupFields.MAX_SELECTORS; i++) {
            many.add(".s" + i);
        }
        assertThatThrownBy(() -> GroupFields.parse(Json.createObjectBuilder().add("maskedSelectors", many).build()))
                .isInstanceOf(GroupFields.Invalid.class).satisfies(e -> assertThat(((GroupFields.Invalid) e).field()).isEqualTo("maskedSelectors"));
    }

    @Test
    void guidanceAndAssetProxySettingsAreChangeableAndChecked() {
        GroupChange change = GroupFields.parse(json("{\"agentModes\":\"view,pointer\",\"agentSubmitAllowed\":false,"
                + "\"controlRestrictedSelectors\":[\"#transfer\"],\"allowedExternalDomains\":[\"cdn.example.com\",\"*.img.example\"],"
                + "\"disableCaching\":true}"));
        assertThat(change.columns()).containsEntry("agent_modes", "view,pointer").containsEntry("disable_caching", true);
        assertThat(change.jsonColumns()).containsEntry("allowed_external_domains", "[\"cdn.example.com\",\"*.img.example\"]")
                .containsEntry("control_restricted_selectors", "[\"#transfer\"]");
        for (String bad : new String[] {"{\"agentModes\":\"write\"}", "{\"allowedExternalDomains\":[\"https://cdn.example.com\"]}",
                "{\"allowedExternalDomains\":[\"cdn.example.com:443\"]}", "{\"allowedExternalDomains\":[\"*\"]}",
                "{\"allowedExternalDomains\":[\"CDN.example.com\"]}"}) {
            assertThatThrownBy(() -> GroupFields.parse(json(bad))).as(bad).isInstanceOf(GroupFields.Invalid.class);
        }
    }
}
