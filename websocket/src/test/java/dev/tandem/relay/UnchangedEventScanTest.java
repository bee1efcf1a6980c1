package dev.tandem.relay;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The scan that lets the relay pass events without building them as trees must never let through
 * what the firewall would have cleaned. Checked against the firewall itself: the same messages
 * are read by the relay ({@link EventBatch}, scan first) and, event by event, by the firewall on
 * trees only, and must come out the same, refusals included; the messages are a recorded page's
 * events (rrweb 2.2.2 in Chromium, by the benchmark's TraceRecorder) and tens of thousands of
 * hostile edits of them.
 */
class UnchangedEventScanTest {

    private static final String CLEAN_NODE = "{\"type\":2,\"tagName\":\"img\",\"id\":903,\"attributes\":{\"src\":\"a.png\"},\"childNodes\":[]}";
    private static final String SCRIPT_NODE = "{\"type\":2,\"tagName\":\"script\",\"id\":902,\"attributes\":{},\"childNodes\":[]}";
    private static final String URLS = "\"a.png\"|\"javascript:alert(1)\"|\"java\\tscript:x\"|\"data:text/html,x\"|\"data:image/png;base64,AA\"|"
            + "\"a.png 1x, javascript:x 2x\"|null|{}";
    private static final String CSS = "\"color:red\"|\"background:url(javascript:x)\"|\"width:expression(1)\"|{\"color\":\"red\"}|"
            + "{\"background-image\":\"url(https://cdn.example/a.png)\"}|{\"background\":[\"url(javascript:x)\",\"important\"],\"width\":false}|"
            + "{\"color\":[\"red\",\"important\"]}";
    private static final String ANY = "\"x\"|null|7";

    /** Members that each firewall rule depends on, with values that pass or trip it ({@code |} between values). */
    private static final Map<String, String[]> MEMBERS = Map.ofEntries(
            member("type", "0|2|3|4|5|-1|\"3\"|3.0|3e0|null"),
            member("timestamp", "1|\"1\"|null|{}"),
            member("data", "{}|{\"source\":0}|{\"source\":5}|\"x\"|[]"),
            member("source", "0|3|5|16|17|-1|1e1|\"0\"|30000000000|null"),
            member("adds", "[]|[1]|[\"x\"]|[{\"parentId\":1}]|[{\"parentId\":1,\"node\":" + CLEAN_NODE + "}]|[{\"parentId\":1,\"node\":"
                    + SCRIPT_NODE + "}]|[{\"parentId\":1,\"node\":7}]|{}"),
            member("attributes", "[{\"id\":901,\"attributes\":{\"class\":\"x\"}}]|[{\"attributes\":{\"class\":\"x\"}}]|"
                    + "[{\"id\":28,\"attributes\":{\"href\":\"javascript:x\"}}]|[{\"id\":28}]|[{\"id\":28,\"attributes\":7}]|[7]|"
                    + "{}|{\"onclick\":\"x\"}|{\"title\":\"t\"}|{\"href\":\"javascript:x\"}|{\"style\":\"background:url(javascript:x)\"}|"
                    + "{\"class\":null}|\"x\"|null"),
            member("texts", "[{\"id\":28,\"value\":\"t\"}]|[{\"value\":\"t\"}]|[{\"id\":\"28\"}]|[{\"id\":902}]|[3]|{}"),
            member("node", CLEAN_NODE + "|" + SCRIPT_NODE + "|5|null|[]|{\"type\":0,\"id\":905,\"childNodes\":[]}"),
            member("tagName", "\"script\"|\"SCRIPT\"|\"iframe\"|\"base\"|\"object\"|\"meta\"|\"div\"|3|\"link\"|\"animate\"|\"set\"|"
                    + "\"portal\"|\"fencedframe\"|\"IMG\"|\"bank-widget\"|\"\\u0069frame\"|\"a\""),
            member("rel", "\"stylesheet\"|\"preconnect\"|\"dns-prefetch\"|null"),
            member("attributeName", "\"href\"|\"fill\"|\"xlink:href\""),
            member("values", "\"javascript:x\"|\"red;blue\""),
            member("rr_dataURL", "\"data:image/png;base64,AA\"|\"data:text/html,x\"|\"https://evil.test/\""),
            member("isCustom", "true|false"),
            member("target", "\"_top\"|true"),
            member("data-row", "\"1\"|true|7"),
            member("sandbox", "\"allow-scripts\""),
            member("childNodes", "[]|[7]|[{\"type\":3,\"id\":904,\"textContent\":\"x\"}]|[" + SCRIPT_NODE + "]|\"x\""),
            member("id", "28|37|46|-1|\"28\"|28.0|2.8e1|30000000000|4294967324|null"),
            member("href", URLS), member("src", URLS), member("srcset", URLS), member("xlink:href", URLS),
            member("style", CSS), member("_cssText", CSS),
            member("onclick", ANY), member(" ONload", ANY), member("srcdoc", ANY), member("content", ANY), member("removes", ANY));
    private static final List<String> KEYS = MEMBERS.keySet().stream().sorted().toList(); // in one order, for the seed

    private static Map.Entry<String, String[]> member(String key, String values) {
        return Map.entry(key, values.split("\\|"));
    }

    @Test
    void aRecordedPageIsRelayedWithoutBuildingATreeForAnyEventButTheSnapshotAndMeta() throws IOException {
        List<String> events = recordedEvents();
        DomFirewall firewall = new DomFirewall();
        firewall.clean(read(snapshot(null)));
        int scanned = 0;
        int metas = 0;
        for (String event : events) {
            scanned += scan(event, firewall) != UnchangedEventScan.NOT_SURE ? 1 : 0;
            metas += read(event).getInt("type") == FirewallRules.META ? 1 : 0; // one a page: the firewall keeps its address
        }
        assertThat(events).hasSizeGreaterThan(150);
        assertThat(metas).isEqualTo(1);
        assertThat(scanned).isEqualTo(events.size() - metas);
    }

    @Test
    void recordedEventsComeOutAsTheFirewallAloneWouldHaveLeftThem() throws IOException {
        List<String> events = recordedEvents();
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            List<String> batch = new ArrayList<>(List.of(snapshot(random)));
            for (int n = random.nextInt(6); n > 0; n--) {
                batch.add(events.get(random.nextInt(events.size())));
            }
            assertSameAsFirewallAlone(batch);
        }
    }

    @Test
    void hostileEditsOfRecordedEventsComeOutAsTheFirewallAloneWouldHaveLeftThem() throws IOException {
        List<String> events = recordedEvents();
        Random random = new Random(42);
        int scannedUnchanged = 0;
        for (int i = 0; i < 30_000; i++) {
            List<String> batch = new ArrayList<>(List.of(snapshot(random)));
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                String event = events.get(random.nextInt(events.size()));
                for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                    event = edit(event, random);
                }
                batch.add(event);
            }
            scannedUnchanged += assertSameAsFirewallAlone(batch);
        }
        // many edited events must still be passed by the scan, or this would test only the firewall
        assertThat(scannedUnchanged).isGreaterThan(10_000);
    }

    /**
     * Both paths read one rule table: every element and attribute the table names (and some it does
     * not), with values that pass or trip its rules, added in a mutation and changed on an element of
     * each kind, come out of the relay exactly as out of the firewall alone.
     */
    @Test
    void bothPathsFollowTheOneRuleTableForEveryTagAndAttribute() {
        String[] tags = {"a", "img", "div", "svg", "use", "link", "meta", "animate", "set", "animatetransform", "style", "script",
            "iframe", "portal", "fencedframe", "object", "embed", "base", "frame", "x-widget", "IMG", "Animate", "blink", "image"};
        String[] names = {"href", "src", "srcset", "xlink:href", "rel", "attributeName", "values", "to", "from", "rr_dataURL", "rr_width",
            "style", "_cssText", "title", "onclick", "ONCLICK", "target", "ping", "sandbox", "srcdoc", "usemap", "data-x", "aria-x", "Href",
            "http-equiv", "content", "charset", "poster", "action", "formaction", "as", "begin"};
        String[] values = {"\"https://bank.example/a\"", "\"#frag\"", "\"javascript:x\"", "\"data:image/png;base64,AA\"",
            "\"stylesheet\"", "\"preconnect\"", "\"fill\"", "\"href\"", "\"red;javascript:x\"", "\"url(javascript:x)\"", "true", "7", "null",
            "{\"color\":\"red\"}"};
        int scannedUnchanged = 0;
        for (String tag : tags) {
            for (String name : names) {
                for (String value : values) {
                    String attribute = "{\"" + name + "\":" + value + "}";
                    String add = "{\"type\":3,\"timestamp\":2,\"data\":{\"source\":0,\"texts\":[],\"removes\":[],\"attributes\":[],"
                            + "\"adds\":[{\"parentId\":14,\"nextId\":null,\"node\":{\"type\":2,\"id\":900,\"tagName\":\"" + tag
                            + "\",\"attributes\":" + attribute + ",\"childNodes\":[]}}]}}";
                    String change = "{\"type\":3,\"timestamp\":3,\"data\":{\"source\":0,\"texts\":[],\"removes\":[],\"adds\":[],"
                            + "\"attributes\":[{\"id\":900,\"attributes\":" + attribute + "},{\"id\":15,\"attributes\":" + attribute + "}]}}";
                    scannedUnchanged += assertSameAsFirewallAlone(List.of(snapshot(null), add, change));
                }
            }
        }
        assertThat(scannedUnchanged).isGreaterThan(1000);
    }

    /**
     * The relay's output for one message equals the firewall's on trees, event by event, or both
     * refuse it with the same close code. Returns how many events the scan passed as they were.
     */
    private static int assertSameAsFirewallAlone(List<String> batch) {
        String message = "{\"type\":\"events\",\"seq\":1,\"events\":[" + String.join(",", batch) + "]}";
        DomFirewall alone = new DomFirewall();
        List<JsonValue> expected = new ArrayList<>();
        List<Integer> expectedTypes = new ArrayList<>();
        StreamViolation expectedRefusal = null;
        int scannedUnchanged = 0;
        for (String event : batch) {
            int scanned = scan(event, alone);
            JsonObject tree = read(event);
            try {
                JsonObject cleaned = alone.clean(tree);
                expected.add(cleaned);
                expectedTypes.add(cleaned.getInt("type"));
                if (scanned != UnchangedEventScan.NOT_SURE) {
                    assertThat(cleaned).as("scanned as unchanged: %s", event).isSameAs(tree);
                    assertThat(cleaned.getInt("type")).isEqualTo(scanned);
                    scannedUnchanged++;
                }
            } catch (StreamViolation refused) {
                assertThat(scanned).as("scanned as unchanged but refused: %s", event).isEqualTo(UnchangedEventScan.NOT_SURE);
                expectedRefusal = refused;
                break;
            }
        }
        EventBatch relayed = EventBatch.read(message, new DomFirewall());
        if (expectedRefusal != null) {
            assertThat(relayed.refusal).as(message).isNotNull();
            assertThat(relayed.refusal.closeCode()).isEqualTo(expectedRefusal.closeCode());
        } else {
            assertThat(relayed.refusal).as(message).isNull();
        }
        assertThat(relayed.events.stream().map(UnchangedEventScanTest::read).toList()).as(message).isEqualTo(expected);
        assertThat(relayed.types).isEqualTo(expectedTypes);
        return scannedUnchanged;
    }

    /** What the scan says of one event, given what the firewall has seen so far. */
    private static int scan(String event, DomFirewall firewall) {
        try (JsonParser parser = Json.createParser(new StringReader(event))) {
            parser.next();
            return new UnchangedEventScan(parser, firewall).event();
        }
    }

    /**
     * The event's text with one member added at a random place: first in an object (an earlier
     * duplicate, which the firewall does not see) or last (a later one, which it does).
     */
    private static String edit(String event, Random random) {
        List<Integer> opens = new ArrayList<>();
        List<Integer> closes = new ArrayList<>();
        boolean inString = false;
        for (int i = 0; i < event.length(); i++) {
            char c = event.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                opens.add(i);
            } else if (c == '}') {
                closes.add(i);
            }
        }
        String key = KEYS.get(random.nextInt(KEYS.size()));
        String[] values = MEMBERS.get(key);
        String member = "\"" + key + "\":" + values[random.nextInt(values.length)];
        if (random.nextBoolean()) {
            int at = opens.get(random.nextInt(opens.size())) + 1;
            return event.substring(0, at) + member + (event.charAt(at) == '}' ? "" : ",") + event.substring(at);
        }
        int at = closes.get(random.nextInt(closes.size()));
        return event.substring(0, at) + (event.charAt(at - 1) == '{' ? "" : ",") + member + event.substring(at);
    }

    /**
     * A full snapshot in which some of the node ids the recorded mutations refer to are elements
     * the firewall watches (script, iframe, base), so that later events may touch them, sometimes
     * one without an id (the firewall reads a missing id as -1); none with a null {@code random}.
     */
    private static String snapshot(Random random) {
        String[] watched = {"script", "iframe", "base", "meta", "div", "span"};
        StringBuilder body = new StringBuilder();
        for (int id = 28; id <= 127; id += 9) {
            String tag = random == null ? "div" : watched[random.nextInt(watched.length)];
            body.append(",{\"type\":2,\"id\":").append(id).append(",\"tagName\":\"").append(tag)
                    .append("\",\"attributes\":{},\"childNodes\":[]}");
        }
        if (random != null && random.nextInt(4) == 0) {
            body.append(",{\"type\":2,\"tagName\":\"script\",\"attributes\":{},\"childNodes\":[]}"); // no id: reads as -1
        }
        return "{\"type\":2,\"timestamp\":1,\"data\":{\"node\":{\"type\":0,\"id\":1,\"childNodes\":[{\"type\":2,\"id\":2,"
                + "\"tagName\":\"html\",\"attributes\":{},\"childNodes\":[{\"type\":2,\"id\":14,\"tagName\":\"body\",\"attributes\":{},"
                + "\"childNodes\":[{\"type\":3,\"id\":15,\"textContent\":\"x\"}" + body + "]}]}]},\"initialOffset\":{\"left\":0,\"top\":0}}}";
    }

    private static List<String> recordedEvents() throws IOException {
        try (InputStream in = UnchangedEventScanTest.class.getResourceAsStream("/traces/bank-statement-events.json")) {
            JsonArray events = Json.createReader(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8))).readArray();
            return events.stream().map(JsonValue::toString).toList();
        }
    }

    private static JsonObject read(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
