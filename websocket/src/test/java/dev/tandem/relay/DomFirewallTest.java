package dev.tandem.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The relay's DOM firewall on rrweb events shaped as rrweb 2.2.2 emits them. */
class DomFirewallTest {

    private final DomFirewall firewall = new DomFirewall();

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text.replace('\'', '"'))).readObject();
    }

    private static String element(int id, String tag, String attributes, String children) {
        return "{'type':2,'id':" + id + ",'tagName':'" + tag + "','attributes':" + attributes + ",'childNodes':[" + children + "]}";
    }

    private JsonObject snapshot(String body) {
        String html = element(2, "html", "{}", body);
        return firewall.clean(json("{'type':2,'timestamp':1,'data':{'node':{'type':0,'id':1,'childNodes':[" + html + "]},'initialOffset':{'left':0,'top':0}}}"));
    }

    private static JsonObject nodeOf(JsonObject event) {
        return event.getJsonObject("data").getJsonObject("node").getJsonArray("childNodes").getJsonObject(0)
                .getJsonArray("childNodes").getJsonObject(0);
    }

    @Test
    void scriptElementsLoseContentAndAttributes() {
        JsonObject script = nodeOf(snapshot(element(3, "script", "{'src':'https://evil.test/x.js'}", "{'type':3,'id':4,'textContent':'alert(1)'}")));
        assertThat(script.getJsonObject("attributes")).isEmpty();
        assertThat(script.getJsonArray("childNodes")).isEmpty();
    }

    @Test
    void eventHandlersAreDroppedWhateverTheirCase() {
        JsonObject img = nodeOf(snapshot(element(3, "img", "{'src':'a.png','onerror':'alert(1)','ONLOAD':'x','OnClick':'y','alt':'ok'}", "")));
        assertThat(img.getJsonObject("attributes").keySet()).containsExactlyInAnyOrder("src", "alt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", " JavaScript:alert(1)", "java\\tscript:alert(1)", "jav\\nascript:x",
        "vbscript:msgbox", "data:text/html,<script>alert(1)</script>", "data:image/svg+xml,<svg onload=alert(1)>", "javascript&colon;alert(1)"})
    void scriptUrlsAreDroppedFromEveryUrlAttribute(String url) {
        for (String attribute : new String[] {"href", "src", "action", "formaction", "xlink:href", "poster", "background", "data"}) {
            JsonObject a = nodeOf(snapshot(element(3, "a", Json.createObjectBuilder().add(attribute, url.replace("\\t", "\t").replace("\\n", "\n")).build().toString(), "")));
            assertThat(a.getJsonObject("attributes").containsKey(attribute)).as("%s=%s", attribute, url).isFalse();
        }
    }

    @Test
    void ordinaryUrlsAndImageDataStay() {
        JsonObject img = nodeOf(snapshot(element(3, "img", "{'src':'https://bank.example/logo.png','srcset':'a.png 1x, b.png 2x'}", "")));
        assertThat(img.getJsonObject("attributes").getString("src")).isEqualTo("https://bank.example/logo.png");
        assertThat(img.getJsonObject("attributes").getString("srcset")).isEqualTo("a.png 1x, b.png 2x");
        assertThat(DomFirewall.isSafeUrl("src", "data:image/png;base64,AAAA")).isTrue();
    }

    @Test
    void aSrcsetWithOneScriptCandidateIsDropped() {
        JsonObject img = nodeOf(snapshot(element(3, "img", "{'srcset':'a.png 1x, javascript:alert(1) 2x'}", "")));
        assertThat(img.getJsonObject("attributes")).doesNotContainKey("srcset");
    }

    @Test
    void srcdocMetaRefreshBaseObjectAndEmbedAreDefused() {
        assertThat(nodeOf(snapshot(element(3, "iframe", "{'srcdoc':'<script>alert(1)</script>','src':'https://ok.example/'}", "")))
                .getJsonObject("attributes").keySet()).containsExactly("src");
        assertThat(nodeOf(snapshot(element(3, "meta", "{'http-equiv':'refresh','content':'0;url=https://evil.test'}", "")))
                .getJsonObject("attributes")).isEmpty();
        assertThat(nodeOf(snapshot(element(3, "base", "{'href':'https://evil.test/'}", ""))).getJsonObject("attributes")).isEmpty();
        JsonObject object = nodeOf(snapshot(element(3, "object", "{'data':'https://evil.test/x.swf'}", element(4, "param", "{}", ""))));
        assertThat(object.getString("tagName")).isEqualTo("div");
        assertThat(object.getJsonObject("attributes")).isEmpty();
        assertThat(object.getJsonArray("childNodes")).isEmpty();
        assertThat(nodeOf(snapshot(element(3, "embed", "{'src':'https://evil.test/x'}", ""))).getString("tagName")).isEqualTo("div");
    }

    @Test
    void scriptUrlsAndExpressionsInCssAreRemoved() {
        JsonObject div = nodeOf(snapshot(element(3, "div",
                "{'style':'background:url(javascript:alert(1));width:expression(alert(2))'}", "")));
        String style = div.getJsonObject("attributes").getString("style");
        assertThat(style).doesNotContainIgnoringCase("javascript").doesNotContainIgnoringCase("expression(");
    }

    @Test
    void mutationsAreCleanedTooAndAttributesOfWatchedElementsNeverChange() {
        snapshot(element(3, "base", "{}", "") + "," + element(5, "a", "{'href':'/ok'}", ""));
        JsonObject mutation = firewall.clean(json("{'type':3,'timestamp':2,'data':{'source':0,'texts':[],'removes':[],"
                + "'attributes':[{'id':3,'attributes':{'href':'https://evil.test/'}},{'id':5,'attributes':{'href':'javascript:alert(1)','title':'t','onmouseover':'x'}}],"
                + "'adds':[{'parentId':2,'nextId':null,'node':" + element(9, "img", "{'src':'x.png','onerror':'alert(1)'}", "") + "}]}}"));

        JsonObject data = mutation.getJsonObject("data");
        assertThat(data.getJsonArray("attributes")).hasSize(1);
        assertThat(data.getJsonArray("attributes").getJsonObject(0).getJsonObject("attributes").keySet()).containsExactly("title");
        assertThat(data.getJsonArray("adds").getJsonObject(0).getJsonObject("node").getJsonObject("attributes").keySet())
                .containsExactly("src");
    }

    @Test
    void unknownEventTypesAndSourcesAreRefusedWith1003() {
        assertThatThrownBy(() -> firewall.clean(json("{'type':5,'timestamp':1,'data':{'tag':'x','payload':{}}}")))
                .isInstanceOfSatisfying(StreamViolation.class, v -> assertThat(v.closeCode()).isEqualTo(1003));
        assertThatThrownBy(() -> firewall.clean(json("{'type':3,'timestamp':1,'data':{'source':99}}")))
                .isInstanceOfSatisfying(StreamViolation.class, v -> assertThat(v.closeCode()).isEqualTo(1003));
        assertThatThrownBy(() -> firewall.clean(json("{'type':3,'data':{'source':1}}")))
                .as("no timestamp").isInstanceOf(StreamViolation.class);
        assertThatThrownBy(() -> firewall.clean(Json.createValue("text"))).isInstanceOf(StreamViolation.class);
    }

    @Test
    void harmlessIncrementalsPassUnchanged() {
        JsonObject scroll = json("{'type':3,'timestamp':5,'data':{'source':3,'id':1,'x':0,'y':120}}");
        assertThat(firewall.clean(scroll)).isEqualTo(scroll);
    }

    @Test
    void eventsWithNothingToCleanComeBackAsTheSameInstanceSoTheirTextCanBeRelayedAsSent() {
        JsonObject clean = json("{'type':2,'timestamp':1,'data':{'node':{'type':0,'id':1,'childNodes':["
                + element(2, "html", "{'lang':'en'}", element(3, "a", "{'href':'https://bank.example/','style':'color: red'}", "")
                        + ",{'type':3,'id':4,'textContent':'Balance'}") + "]},'initialOffset':{'left':0,'top':0}}}");
        assertThat(firewall.clean(clean)).isSameAs(clean);
        JsonObject mutation = json("{'type':3,'timestamp':2,'data':{'source':0,'texts':[{'id':4,'value':'Total'}],'removes':[],"
                + "'attributes':[{'id':3,'attributes':{'class':'open','style':{'color':'blue'},'title':null}}],"
                + "'adds':[{'parentId':2,'nextId':null,'node':" + element(5, "img", "{'src':'data:image/png;base64,AAAA'}", "") + "}]}}");
        assertThat(firewall.clean(mutation)).isSameAs(mutation);
    }

    @Test
    void onlyWhatNeededCleaningChangesAndTheRestIsKeptInOrder() {
        JsonObject mutation = json("{'type':3,'timestamp':2,'data':{'source':0,'texts':[],'removes':[],"
                + "'attributes':[{'id':3,'attributes':{'class':'a','onclick':'steal()','title':'t','style':'background:url(javascript:x)'}}],"
                + "'adds':[{'parentId':2,'nextId':null,'node':" + element(5, "p", "{'id':'keep'}", element(6, "script", "{'src':'x.js'}", "")) + "}]}}");
        JsonObject cleaned = firewall.clean(mutation);
        assertThat(cleaned).isNotSameAs(mutation);
        JsonObject attributes = cleaned.getJsonObject("data").getJsonArray("attributes").getJsonObject(0).getJsonObject("attributes");
        assertThat(attributes.keySet()).containsExactly("class", "title", "style");
        assertThat(attributes.getString("style")).doesNotContain("javascript");
        JsonObject added = cleaned.getJsonObject("data").getJsonArray("adds").getJsonObject(0).getJsonObject("node");
        assertThat(added.getJsonObject("attributes").getString("id")).isEqualTo("keep");
        assertThat(added.getJsonArray("childNodes").getJsonObject(0).getJsonObject("attributes")).isEmpty();
    }
}
