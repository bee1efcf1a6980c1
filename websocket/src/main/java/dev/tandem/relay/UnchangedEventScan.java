package dev.tandem.relay;

import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import jakarta.json.JsonValue;

/**
 * Reads one rrweb event off the streaming parser and tells whether the {@link DomFirewall} would
 * pass it unchanged, without building it as a tree: almost every event of a real page (mutations,
 * input, scrolling) needs no cleaning, and building each as a JSON tree only to find that out was
 * the relay's largest remaining cost under load (docs/benchmarks.md).
 *
 * <p>It is conservative. It answers with the event's type only where each rule the firewall would
 * apply was checked and passed; where a member appears more than once (the firewall's tree keeps
 * the last), the event's type, timestamp and source are read as the last, and everything else is
 * checked in every occurrence. On anything else (a full snapshot, an element the firewall watches
 * or rewrites, an attribute to drop or clean, a shape the firewall would drop, two {@code data}
 * members, a number that is not a plain integer) it answers {@link #NOT_SURE} and the event goes
 * through the firewall as a tree. It reads the firewall's state and never changes it: every event
 * that would change that state (elements it watches, style text, full snapshots, Meta events) is
 * NOT_SURE, and so is every CSSOM event (rules and declarations a page script set: CSS to rewrite).
 * {@code UnchangedEventScanTest} holds it to the firewall on a recorded page and hostile edits of it.
 */
final class UnchangedEventScan {

    /** The event must go through the firewall as a tree. */
    static final int NOT_SURE = -1;
    private static final int NOT_PLAIN = Integer.MIN_VALUE;
    private static final String NO_TAG = "";

    private final JsonParser parser;
    private final DomFirewall firewall;
    private int depth;
    private int source;

    UnchangedEventScan(JsonParser parser, DomFirewall firewall) {
        this.parser = parser;
        this.firewall = firewall;
    }

    /**
     * To be called when the parser has just read an event's {@code START_OBJECT}; reads up to and
     * including its {@code END_OBJECT}. Returns the event's type if the firewall would pass the
     * event as it is, otherwise {@link #NOT_SURE}.
     */
    int event() {
        depth = 1;
        source = NOT_PLAIN;
        int type = scanEvent();
        while (depth > 0) {
            next(); // the rest of an event the scan stopped reading
        }
        return type;
    }

    private int scanEvent() {
        int type = NOT_PLAIN; // type, timestamp and source: the last occurrence counts, as in the firewall's tree
        boolean timestampIsNumber = false;
        int datas = 0;
        while (next() == Event.KEY_NAME) {
            String key = parser.getString();
            Event value = next();
            switch (key) {
                case "type" -> type = plainInt(value);
                case "timestamp" -> {
                    timestampIsNumber = value == Event.VALUE_NUMBER;
                    skip(value);
                }
                case "data" -> {
                    datas++; // more than one: an earlier one's source would count here but not in the firewall
                    if (!(value == Event.START_OBJECT ? scanData() : skip(value))) {
                        return NOT_SURE;
                    }
                }
                default -> skip(value);
            }
        }
        if (!timestampIsNumber || datas > 1 || type < 0 || type > FirewallRules.MAX_EVENT_TYPE
                || type == FirewallRules.FULL_SNAPSHOT) {
            return NOT_SURE;
        }
        if (type == FirewallRules.INCREMENTAL && (source < 0 || source > FirewallRules.MAX_SOURCE)) {
            return NOT_SURE;
        }
        if (type == FirewallRules.META || type == FirewallRules.INCREMENTAL && (source == FirewallRules.STYLE_SHEET_RULE
                || source == FirewallRules.STYLE_DECLARATION || source == FirewallRules.ADOPTED_STYLE_SHEET)) {
            return NOT_SURE; // the firewall reads the page's address from a Meta event, and rewrites CSSOM rules
        }
        return type;
    }

    /** Checks one member of an object, its key and value just read, and reads past the value; true if it is clean. */
    private interface MemberScan {
        boolean member(String key, Event value);
    }

    private static final String[] NODE = {"node"};
    private static final String[] ID = {"id"};
    private static final String[] ID_AND_ATTRIBUTES = {"id", "attributes"};

    /** Every member of the object just opened passes {@code scan}. */
    private boolean members(MemberScan scan) {
        while (next() == Event.KEY_NAME) {
            String key = parser.getString();
            if (!scan.member(key, next())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Every element of the array just opened is an object whose members pass {@code scan} and
     * which has each of the {@code required} members (the firewall drops elements that do not).
     */
    private boolean eachObject(String[] required, MemberScan scan) {
        Event token;
        while ((token = next()) != Event.END_ARRAY) {
            if (token != Event.START_OBJECT) {
                return false;
            }
            int found = 0;
            while (next() == Event.KEY_NAME) {
                String key = parser.getString();
                for (int i = 0; i < required.length; i++) {
                    found |= required[i].equals(key) ? 1 << i : 0;
                }
                if (!scan.member(key, next())) {
                    return false;
                }
            }
            if (found != (1 << required.length) - 1) {
                return false;
            }
        }
        return true;
    }

    /** An event's data, read as if it were a mutation whatever its source (checking more is safe). */
    private boolean scanData() {
        return members((key, value) -> switch (key) {
            case "source" -> {
                source = plainInt(value);
                yield true;
            }
            // adds: each with a node object, the node clean
            case "adds" -> value != Event.START_ARRAY ? skip(value) : eachObject(NODE, (k, v) -> !k.equals("node")
                    ? skip(v)
                    : v == Event.START_OBJECT && scanNode());
            // attribute changes: each of an element not watched, its attributes clean
            case "attributes" -> value != Event.START_ARRAY ? skip(value) : eachObject(ID_AND_ATTRIBUTES, (k, v) -> switch (k) {
                case "id" -> unwatchedId(v);
                case "attributes" -> v == Event.START_OBJECT && scanAttributes(NO_TAG);
                default -> skip(v);
            });
            // text changes: each of a node not watched
            case "texts" -> value != Event.START_ARRAY ? skip(value) : eachObject(ID, (k, v) -> k.equals("id") ? unwatchedId(v) : skip(v));
            default -> skip(value);
        });
    }

    /**
     * A node and everything below it as the firewall keeps them: an exact integer id, a node type
     * rrweb builds other than a document, for an element one tag name written as the replayer will
     * create it and on {@link FirewallRules}' plain list, read before its attributes and its
     * {@code isCustom}; attributes an object, each kept as it is; children an array of such nodes.
     */
    private boolean scanNode() {
        boolean element = false;
        boolean hasId = false;
        String tag = null;
        Event token;
        while ((token = next()) == Event.KEY_NAME) {
            String key = parser.getString();
            Event value = next();
            boolean clean = switch (key) {
                case "type" -> {
                    int type = plainInt(value);
                    element |= type == FirewallRules.ELEMENT_NODE;
                    yield type > FirewallRules.DOCUMENT_NODE && type <= FirewallRules.MAX_NODE_TYPE;
                }
                case "id" -> {
                    hasId = true;
                    yield plainInt(value) != NOT_PLAIN;
                }
                case "tagName" -> {
                    if (tag != null || value != Event.VALUE_STRING) {
                        skip(value);
                        yield false;
                    }
                    tag = parser.getString();
                    yield tag.equals(FirewallRules.canonicalTag(tag)) && FirewallRules.kind(tag) == FirewallRules.Kind.PLAIN;
                }
                case "attributes" -> value == Event.START_OBJECT && tag != null ? scanAttributes(NO_TAG) : skip(value) && false;
                case "isCustom" -> value != Event.VALUE_TRUE || tag != null && FirewallRules.mayBeCustom(tag);
                case "isStyle" -> value != Event.VALUE_TRUE; // a style's text: its url()s are rewritten on the tree path
                case "childNodes" -> value == Event.START_ARRAY ? scanChildren() : skip(value) && false;
                default -> skip(value);
            };
            if (!clean) {
                return false;
            }
        }
        return hasId && (!element || tag != null);
    }

    private boolean scanChildren() {
        Event token;
        while ((token = next()) != Event.END_ARRAY) {
            if (token != Event.START_OBJECT || !scanNode()) {
                return false;
            }
        }
        return true;
    }

    /** Attributes the firewall keeps as they are, by the rules for {@code tag}: the same rules, on the visitor's text. */
    private boolean scanAttributes(String tag) {
        return members((name, value) -> switch (value) {
            case VALUE_STRING -> {
                String text = parser.getString();
                yield text.equals(FirewallRules.text(tag, name, text));
            }
            case VALUE_NULL -> FirewallRules.keepsValue(tag, name, JsonValue.ValueType.NULL);
            case VALUE_TRUE -> FirewallRules.keepsValue(tag, name, JsonValue.ValueType.TRUE);
            case VALUE_FALSE -> FirewallRules.keepsValue(tag, name, JsonValue.ValueType.FALSE);
            case VALUE_NUMBER -> FirewallRules.keepsValue(tag, name, JsonValue.ValueType.NUMBER);
            case START_OBJECT -> FirewallRules.keepsValue(tag, name, JsonValue.ValueType.OBJECT) ? styleDiffUnchanged() : skip(value) && false;
            default -> false; // an array: dropped by the firewall
        });
    }

    /**
     * rrweb's style diff, as the firewall keeps it: each string value, or an array's first string,
     * the same once cleaned as CSS (whether a relative URL would resolve against the page or load
     * nothing, it changes either way, so no page address is needed here).
     */
    private boolean styleDiffUnchanged() {
        return members((property, value) -> switch (value) {
            case VALUE_STRING -> unchangedCss(parser.getString());
            case START_ARRAY -> {
                boolean clean = true;
                boolean first = true;
                for (Event element = next(); element != Event.END_ARRAY; element = next()) {
                    if (first && element == Event.VALUE_STRING) {
                        clean = unchangedCss(parser.getString());
                    } else {
                        skip(element);
                    }
                    first = false;
                }
                yield clean;
            }
            default -> skip(value);
        });
    }

    private static boolean unchangedCss(String css) {
        return css.equals(dev.tandem.asset.AssetUrls.css(FirewallRules.cleanCss(css), null));
    }

    private boolean unwatchedId(Event value) {
        int id = plainInt(value);
        return id != NOT_PLAIN && !firewall.watches(id);
    }

    /**
     * A number written as a plain integer of at most nine digits, else NOT_PLAIN; such numbers read
     * the same here and in the firewall's tree (exponents and fractions are not taken).
     */
    private int plainInt(Event value) {
        if (value != Event.VALUE_NUMBER) {
            skip(value);
            return NOT_PLAIN;
        }
        String digits = parser.getString();
        int length = digits.length() - (digits.startsWith("-") ? 1 : 0);
        if (length < 1 || length > 9) {
            return NOT_PLAIN;
        }
        for (int i = digits.length() - length; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return NOT_PLAIN;
            }
        }
        return Integer.parseInt(digits);
    }

    private Event next() {
        Event token = parser.next();
        if (token == Event.START_OBJECT || token == Event.START_ARRAY) {
            depth++;
        } else if (token == Event.END_OBJECT || token == Event.END_ARRAY) {
            depth--;
        }
        return token;
    }

    /** Reads past the value that starts with {@code value} (nothing to do for a scalar or null); true, for use in expressions. */
    private boolean skip(Event value) {
        if (value == Event.START_OBJECT || value == Event.START_ARRAY) {
            int outside = depth - 1;
            while (depth > outside) {
                next();
            }
        }
        return true;
    }
}
