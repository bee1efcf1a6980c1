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
    void absoluteUrlsGoThroughTheAssetProxyAndRelativeOnesAndImageDataStay() {
        JsonObject img = nodeOf(snapshot(element(3, "img",
                "{'src':'https://bank.example/logo.png','srcset':'a.png 1x, https://cdn.example/b.png?v=2 2x'}", "")));
        assertThat(img.getJsonObject("attributes").getString("src"))
                .isEqualTo("/cobrowse/asset?u=https%3A%2F%2Fbank.example%2Flogo.png");
        assertThat(img.getJsonObject("attributes").getString("srcset"))
                .isEqualTo("a.png 1x, /cobrowse/asset?u=https%3A%2F%2Fcdn.example%2Fb.png%3Fv%3D2 2x");
        assertThat(FirewallRules.isSafeUrl("", "src", "data:image/png;base64,AAAA")).isTrue();
    }

    @Test
    void cssUrlsInStylesInlinedSheetsAndStyleTextGoThroughTheAssetProxy() {
        JsonObject div = nodeOf(snapshot(element(3, "div",
                "{'style':'background: url(\\'https://cdn.example/bg.png\\') no-repeat; fill: url(#g)'}", "")));
        assertThat(div.getJsonObject("attributes").getString("style"))
                .isEqualTo("background: url(\"/cobrowse/asset?u=https%3A%2F%2Fcdn.example%2Fbg.png\") no-repeat; fill: url(#g)");
        JsonObject link = nodeOf(snapshot(element(3, "link",
                "{'_cssText':'@font-face { src: url(https://cdn.example/f.woff2) format(\\'woff2\\'); } @import \\'https://cdn.example/more.css\\';"
                        + " .x { background: url(javascript:alert(1)) }'}", "")));
        assertThat(link.getJsonObject("attributes").getString("_cssText"))
                .contains("url(\"/cobrowse/asset?u=https%3A%2F%2Fcdn.example%2Ff.woff2\")")
                .contains("@import \"/cobrowse/asset?u=https%3A%2F%2Fcdn.example%2Fmore.css\"")
                .doesNotContain("javascript").doesNotContain("https://");
        JsonObject sheet = nodeOf(snapshot(element(3, "link", "{'rel':'stylesheet','href':'https://cdn.example/site.css'}", "")));
        assertThat(sheet.getJsonObject("attributes").getString("href"))
                .isEqualTo("/cobrowse/asset?u=https%3A%2F%2Fcdn.example%2Fsite.css");
        JsonObject styleText = nodeOf(snapshot(element(3, "style", "{}",
                "{'type':3,'id':4,'isStyle':true,'textContent':'body { background: url(http://cdn.example/a.png) }'}")))
                .getJsonArray("childNodes").getJsonObject(0);
        assertThat(styleText.getString("textContent")).isEqualTo("body { background: url(\"/cobrowse/asset?u=http%3A%2F%2Fcdn.example%2Fa.png\") }");
    }

    @Test
    void aSrcsetWithOneScriptCandidateIsDropped() {
        JsonObject img = nodeOf(snapshot(element(3, "img", "{'srcset':'a.png 1x, javascript:alert(1) 2x'}", "")));
        assertThat(img.getJsonObject("attributes")).doesNotContainKey("srcset");
    }

    @Test
    void srcdocMetaRefreshBaseObjectAndEmbedAreDefused() {
        JsonObject frame = nodeOf(snapshot(element(3, "iframe", "{'srcdoc':'<script>alert(1)</script>','src':'https://ok.example/'}", "")));
        assertThat(frame.getString("tagName")).isEqualTo("div");
        assertThat(frame.getJsonObject("attributes")).isEmpty();
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
                + element(2, "html", "{'lang':'en'}", element(3, "a", "{'href':'#main','style':'color: red'}", "")
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

    // ---- issue 12: the allow-list, canonical names and numbers, resource hints, SVG animation ----

    @ParameterizedTest
    @ValueSource(strings = {"iframe", "IFRAME", "frame", "frameset", "portal", "fencedframe", "object", "embed", "applet",
        "script", "Script", "base", "param", "unknownthing", "script ", "isindex"})
    void elementsNotOnTheListBecomeEmptyDivsWhateverTheirCase(String tag) {
        JsonObject node = nodeOf(snapshot(element(3, tag, "{'src':'https://evil.test/','sandbox':'allow-scripts','srcdoc':'x'}",
                element(4, "p", "{}", ""))));
        assertThat(node.getString("tagName")).isEqualTo("div");
        assertThat(node.getJsonObject("attributes")).isEmpty();
        assertThat(node.getJsonArray("childNodes")).isEmpty();
        assertThat(node.getInt("id")).isEqualTo(3);
    }

    @Test
    void tagNamesAreWrittenOutInTheCaseTheReplayerCreatesAndCustomElementsStay() {
        assertThat(nodeOf(snapshot(element(3, "IMG", "{'src':'a.png'}", ""))).getString("tagName")).isEqualTo("img");
        assertThat(nodeOf(snapshot(element(3, "bank-widget", "{'class':'x'}", ""))).getString("tagName")).isEqualTo("bank-widget");
        JsonObject custom = nodeOf(snapshot("{'type':2,'id':3,'tagName':'p','isCustom':true,'attributes':{},'childNodes':[]}"));
        assertThat(custom).doesNotContainKey("isCustom");
    }

    @Test
    void attributesNotOnTheListAreDroppedAndNamesMustBeWrittenExactly() {
        JsonObject a = nodeOf(snapshot(element(3, "a", "{'href':'https://bank.example/','target':'_top','ping':'https://evil.test/',"
                + "'download':'x','ONCLICK':'x',' onclick':'x','Href':'javascript:x','accesskey':'k','formaction':'x','data-row':'1',"
                + "'aria-label':'l','rr_src':'https://evil.test/','attributionsrc':'https://evil.test/'}", "")));
        assertThat(a.getJsonObject("attributes").keySet()).containsExactlyInAnyOrder("href", "data-row", "aria-label");
    }

    @ParameterizedTest
    @ValueSource(strings = {"preconnect", "dns-prefetch", "prefetch", "preload", "modulepreload", "prerender", "icon", "manifest",
        "next", "STYLESHEET preconnect", "alternate"})
    void linksOtherThanStylesheetsAreEmptied(String rel) {
        JsonObject link = nodeOf(snapshot(element(3, "link", "{'rel':'" + rel + "','href':'https://evil.test/'}", "")));
        assertThat(link.getString("tagName")).isEqualTo("div");
        assertThat(link.getJsonObject("attributes")).isEmpty();
    }

    @Test
    void aStylesheetStaysButItsRelCannotLaterBecomeAHint() {
        JsonObject link = nodeOf(snapshot(element(3, "link", "{'rel':'stylesheet','href':'https://bank.example/a.css','as':'x'}", "")));
        assertThat(link.getJsonObject("attributes").keySet()).containsExactly("rel", "href");
        JsonObject change = firewall.clean(json("{'type':3,'timestamp':2,'data':{'source':0,'texts':[],'removes':[],'adds':[],"
                + "'attributes':[{'id':3,'attributes':{'rel':'preconnect','href':'https://bank.example/b.css','imagesrcset':'x'}}]}}"));
        assertThat(change.getJsonObject("data").getJsonArray("attributes").getJsonObject(0).getJsonObject("attributes").keySet())
                .containsExactly("href");
    }

    @Test
    void svgAnimationMayNotTargetLinksOrCarryScriptUrls() {
        JsonObject set = nodeOf(snapshot(element(3, "set", "{'attributeName':'href','to':'javascript:alert(1)','begin':'0s'}", "")));
        assertThat(set.getJsonObject("attributes").keySet()).containsExactly("begin");
        JsonObject animate = nodeOf(snapshot(element(3, "animate", "{'attributeName':'xlink:href','values':'javascript:alert(1);x',"
                + "'from':'data:text/html,x','href':'https://evil.test/#a','dur':'1s'}", "")));
        assertThat(animate.getJsonObject("attributes").keySet()).containsExactly("dur");
        JsonObject change = firewall.clean(json("{'type':3,'timestamp':2,'data':{'source':0,'texts':[],'removes':[],'adds':[],"
                + "'attributes':[{'id':3,'attributes':{'attributeName':'href','values':'javascript:x','dur':'2s'}}]}}"));
        assertThat(change.getJsonObject("data").getJsonArray("attributes").getJsonObject(0).getJsonObject("attributes").keySet())
                .containsExactly("dur");
        JsonObject fill = nodeOf(snapshot(element(3, "animate", "{'attributeName':'fill','values':'red;blue','dur':'1s'}", "")));
        assertThat(fill.getJsonObject("attributes").keySet()).containsExactly("attributeName", "values", "dur");
    }

    @Test
    void rrwebsOwnAttributesPassOnlyAsTheReplayerUsesThem() {
        JsonObject img = nodeOf(snapshot(element(3, "img", "{'rr_dataURL':'data:text/html,<script>x</script>','rr_width':'10px',"
                + "'rr_unknown':'x','rr_mediaVolume':1}", "")));
        assertThat(img.getJsonObject("attributes").keySet()).containsExactly("rr_width", "rr_mediaVolume");
        JsonObject canvas = nodeOf(snapshot(element(3, "canvas", "{'rr_dataURL':'data:image/png;base64,AAAA'}", "")));
        assertThat(canvas.getJsonObject("attributes").keySet()).containsExactly("rr_dataURL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"3.0", "3e0x", "4294967299", "-4294967293", "\"3\"", "1e400", "9007199254740993"})
    void nodeIdsTheReplayerWouldReadDifferentlyAreDropped(String id) {
        if (id.equals("3e0x")) {
            return; // not JSON
        }
        snapshot(element(3, "meta", "{}", ""));
        JsonObject mutation = firewall.clean(json("{'type':3,'timestamp':2,'data':{'source':0,'texts':[{'id':" + id + ",'value':'x'}],"
                + "'removes':[],'attributes':[{'id':" + id + ",'attributes':{'title':'t'}}],"
                + "'adds':[{'parentId':2,'nextId':null,'node':{'type':2,'id':" + id + ",'tagName':'a','attributes':{},'childNodes':[]}}]}}"));
        JsonObject data = mutation.getJsonObject("data");
        assertThat(data.getJsonArray("adds")).isEmpty();
        assertThat(data.getJsonArray("attributes")).isEmpty();
        assertThat(data.getJsonArray("texts")).isEmpty();
    }

    @Test
    void huge2and2point0TypesAreRefusedNotWrappedAround() {
        assertThatThrownBy(() -> firewall.clean(json("{'type':4294967299,'timestamp':1,'data':{'source':0}}")))
                .isInstanceOf(StreamViolation.class);
        assertThatThrownBy(() -> firewall.clean(json("{'type':3,'timestamp':1,'data':{'source':4294967296}}")))
                .isInstanceOf(StreamViolation.class);
    }

    @Test
    void anEscapedTagNameIsJudgedAsTheReplayerReadsIt() {
        JsonObject node = nodeOf(firewall.clean(json("{'type':2,'timestamp':1,'data':{'node':{'type':0,'id':1,'childNodes':["
                + "{'type':2,'id':2,'tagName':'html','attributes':{},'childNodes':[{'type':2,'id':3,'tagName':'\\u0069frame',"
                + "'attributes':{'src':'https://evil.test/'},'childNodes':[]}]}]}}}")));
        assertThat(node.getString("tagName")).isEqualTo("div");
    }

    @Test
    void aCollidingIdKeepsTheStricterRules() {
        snapshot(element(3, "iframe", "{}", "") + "," + element(3, "a", "{'href':'/ok'}", ""));
        JsonObject mutation = firewall.clean(json("{'type':3,'timestamp':2,'data':{'source':0,'texts':[],'removes':[],'adds':[],"
                + "'attributes':[{'id':3,'attributes':{'sandbox':'allow-scripts','src':'https://evil.test/'}}]}}"));
        assertThat(mutation.getJsonObject("data").getJsonArray("attributes")).isEmpty();
    }

    @Test
    void documentsAreBuiltOnlyAsTheSnapshotsRoot() {
        JsonObject mutation = firewall.clean(json("{'type':3,'timestamp':2,'data':{'source':0,'texts':[],'removes':[],'attributes':[],"
                + "'adds':[{'parentId':2,'nextId':null,'node':{'type':0,'id':9,'childNodes':[]}}]}}"));
        assertThat(mutation.getJsonObject("data").getJsonArray("adds")).isEmpty();
        assertThatThrownBy(() -> firewall.clean(json("{'type':2,'timestamp':1,'data':{'node':" + element(1, "div", "{}", "") + "}}")))
                .isInstanceOf(StreamViolation.class);
    }

    @Test
    void urlSchemesAreAnAllowList() {
        for (String ok : new String[] {"https://bank.example/", "http://bank.example/", "/relative", "page.html", "#top", "mailto:a@b.example",
            "tel:+441234", "data:image/png;base64,AA"}) {
            assertThat(FirewallRules.isSafeUrl("", "href", ok)).as(ok).isTrue();
        }
        for (String bad : new String[] {"javascript:x", "blob:https://x/1", "ftp://x/", "about:blank", "filesystem:x", "intent://x",
            "data:text/html,x", "data:image/svg+xml,x", "jar:x", "ws://evil.test/"}) {
            assertThat(FirewallRules.isSafeUrl("", "href", bad)).as(bad).isFalse();
        }
    }

    // ---- issue 17: CSS changed after the snapshot, relative to the page, and image-set() ----

    private static final String PAGE_META = "{'type':4,'timestamp':1,'data':{'href':'https://www.bank.example/accounts/list?x=1#top','width':800,'height':600}}";
    private static final String STYLE_SNAPSHOT = "{'type':2,'timestamp':2,'data':{'node':{'type':0,'id':1,'childNodes':["
            + element(2, "html", "{}", element(3, "style", "{}", "{'type':3,'id':4,'textContent':'','isStyle':true}")
                    + ",{'type':3,'id':5,'textContent':'Balance'}")
            + "]},'initialOffset':{'left':0,'top':0}}}";

    @Test
    void aStylesTextChangedLaterGoesThroughTheProxyWithRelativeUrlsResolvedAgainstThePage() {
        firewall.clean(json(PAGE_META));
        firewall.clean(json(STYLE_SNAPSHOT));
        JsonObject changed = firewall.clean(json("{'type':3,'timestamp':3,'data':{'source':0,'adds':[],'removes':[],'attributes':[],"
                + "'texts':[{'id':4,'value':'body { background: url(../img/bg.png) } .a { background-image: image-set(\\'https://cdn.example/a.png\\' 1x) }'},"
                + "{'id':5,'value':'url(../not-css.png)'}]}}"));
        assertThat(changed.getJsonObject("data").getJsonArray("texts").getJsonObject(0).getString("value")).isEqualTo(
                "body { background: url(\"/cobrowse/asset?u=https%3A%2F%2Fwww.bank.example%2Fimg%2Fbg.png\") }"
                        + " .a { background-image: image-set(url(\"/cobrowse/asset?u=https%3A%2F%2Fcdn.example%2Fa.png\") 1x) }");
        assertThat(changed.getJsonObject("data").getJsonArray("texts").getJsonObject(1).getString("value"))
                .as("a text that is not a style's").isEqualTo("url(../not-css.png)");
    }

    @Test
    void theRelayPassesNoStyleTextChangeUnrewrittenEvenWithoutBuildingATree() {
        String message = "{'type':'events','seq':1,'events':[" + PAGE_META + "," + STYLE_SNAPSHOT
                + ",{'type':3,'timestamp':3,'data':{'source':0,'texts':[{'id':4,'value':'p { background: url(https://cdn.example/b.png) }'}]}}]}";
        EventBatch relayed = EventBatch.read(message.replace('\'', '"'), new DomFirewall());
        assertThat(relayed.refusal).isNull();
        assertThat(relayed.events.get(2)).contains("/cobrowse/asset?u=https%3A%2F%2Fcdn.example%2Fb.png").doesNotContain("url(https://");
    }

    @Test
    void rulesAndDeclarationsAPageScriptSetsThroughTheCssomGoThroughTheProxy() {
        firewall.clean(json(PAGE_META));
        JsonObject rule = firewall.clean(json("{'type':3,'timestamp':3,'data':{'source':8,'id':3,'adds':[{'rule':'.x { background: url(/x.png) }','index':0}],"
                + "'replaceSync':'.y { background: url(javascript:x) }'}}"));
        assertThat(rule.getJsonObject("data").getJsonArray("adds").getJsonObject(0).getString("rule"))
                .isEqualTo(".x { background: url(\"/cobrowse/asset?u=https%3A%2F%2Fwww.bank.example%2Fx.png\") }");
        assertThat(rule.getJsonObject("data").getString("replaceSync")).isEqualTo(".y { background: url() }");
        JsonObject declaration = firewall.clean(json("{'type':3,'timestamp':4,'data':{'source':13,'id':3,'index':[0],"
                + "'set':{'property':'background-image','value':'url(https://cdn.example/c.png)','priority':''}}}"));
        assertThat(declaration.getJsonObject("data").getJsonObject("set").getString("value"))
                .isEqualTo("url(\"/cobrowse/asset?u=https%3A%2F%2Fcdn.example%2Fc.png\")");
        JsonObject adopted = firewall.clean(json("{'type':3,'timestamp':5,'data':{'source':15,'id':1,'styleIds':[1],"
                + "'styles':[{'styleId':1,'rules':[{'rule':'.z { background: url(https://cdn.example/d.png) }'}]}]}}"));
        assertThat(adopted.getJsonObject("data").getJsonArray("styles").getJsonObject(0).getJsonArray("rules").getJsonObject(0)
                .getString("rule")).contains("/cobrowse/asset?u=https%3A%2F%2Fcdn.example%2Fd.png");
        for (String event : new String[] {"{'type':3,'timestamp':3,'data':{'source':8,'adds':[{'rule':'.x { background: url(https://cdn.example/b.png) }'}]}}",
            "{'type':3,'timestamp':4,'data':{'source':13,'index':[0],'set':{'property':'background','value':'url(https://cdn.example/b.png)'}}}"}) {
            EventBatch relayed = EventBatch.read(("{'type':'events','seq':1,'events':[" + event + "]}").replace('\'', '"'), new DomFirewall());
            assertThat(relayed.events.get(0)).as(event).contains("/cobrowse/asset?u=").doesNotContain("url(https://");
        }
    }

    @Test
    void withoutAPageAddressRelativeCssLoadsNothing() {
        firewall.clean(json("{'type':4,'timestamp':1,'data':{'href':'file:///etc/passwd','width':1,'height':1}}"));
        firewall.clean(json(STYLE_SNAPSHOT));
        JsonObject changed = firewall.clean(json("{'type':3,'timestamp':3,'data':{'source':0,'texts':[{'id':4,'value':'p { background: url(x.png) }'}]}}"));
        assertThat(changed.getJsonObject("data").getJsonArray("texts").getJsonObject(0).getString("value")).isEqualTo("p { background: url() }");
    }

    @Test
    void aStyleDiffAScriptMadeGoesThroughTheProxyToo() {
        firewall.clean(json(PAGE_META));
        firewall.clean(json(STYLE_SNAPSHOT));
        String change = "{'type':3,'timestamp':3,'data':{'source':0,'attributes':[{'id':3,'attributes':{'style':"
                + "{'background-image':'url(../hero.png)','background':['url(javascript:x)','important'],'color':'red','width':false}}}]}}";
        JsonObject diff = firewall.clean(json(change)).getJsonObject("data").getJsonArray("attributes").getJsonObject(0)
                .getJsonObject("attributes").getJsonObject("style");
        assertThat(diff.getString("background-image")).isEqualTo("url(\"/cobrowse/asset?u=https%3A%2F%2Fwww.bank.example%2Fhero.png\")");
        assertThat(diff.getJsonArray("background").getString(0)).isEqualTo("url()");
        assertThat(diff.getJsonArray("background").getString(1)).isEqualTo("important");
        assertThat(diff.getString("color")).isEqualTo("red");
        assertThat(diff.get("width")).isEqualTo(jakarta.json.JsonValue.FALSE);
        EventBatch relayed = EventBatch.read(("{'type':'events','seq':1,'events':[" + change + "]}").replace('\'', '"'), new DomFirewall());
        assertThat(relayed.events.get(0)).as("on the relay's scan path").doesNotContain("../hero.png").doesNotContain("javascript");
    }
}
