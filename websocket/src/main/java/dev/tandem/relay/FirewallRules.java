package dev.tandem.relay;

import dev.tandem.asset.AssetUrls;
import jakarta.json.JsonNumber;
import jakarta.json.JsonValue;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The DOM firewall's one rule table, an allow-list: which elements, attributes, URL schemes and node
 * shapes may reach an agent, written as rrweb 2.2.2's replayer will read them. Both the firewall's
 * tree path ({@link DomFirewall}) and its streaming fast path ({@link UnchangedEventScan}) ask only
 * this class, so a rule added here holds for both.
 *
 * <p>Names are compared exactly as the replayer uses them: a tag name is taken in lower case (rrweb
 * records lower case and the HTML parser lowers it; anything else is rewritten to its lower-case
 * form or, if that is not on the list, to an empty {@code div}); an attribute name must be on the
 * list exactly as written (a name in another case, with spaces or with a prefix is dropped, because
 * {@code setAttribute} would lower it on an HTML element). Numbers that name nodes must be integers
 * within {@code int} range, which JavaScript and JSON-P read as the same value.
 *
 * <p>Three kinds of element: {@link Kind#PLAIN} ones keep the attributes of the general list;
 * {@link Kind#WATCHED} ones (link, meta, SVG animation) have rules of their own, so the firewall
 * remembers their node ids to judge later attribute changes by them; everything else, known to be
 * dangerous (script, frames, plugins, base, portal, fencedframe) or unknown, is {@link Kind#EMPTIED}:
 * rewritten to an empty {@code div} that keeps its node id, and never changed afterwards.
 *
 * <p>Absolute http(s) URLs in attributes and CSS are rewritten to Tandem's asset proxy
 * ({@code /cobrowse/asset?u=}), which fetches only from the group's allow-list: the viewer's CSP
 * allows images, fonts and styles from Tandem's own origin only.
 */
final class FirewallRules {

    /** What the firewall does with an element. */
    enum Kind {
        /** Kept, with the general attribute rules. */
        PLAIN,
        /** Kept, with rules of its own; its node id is remembered for later attribute changes. */
        WATCHED,
        /** Rewritten to an empty {@code div}; its node id is remembered and its attributes never change. */
        EMPTIED
    }

    /** What an emptied element becomes. */
    static final String EMPTIED_TAG = "div";

    /** rrweb event types accepted from a visitor: DomContentLoaded, Load, FullSnapshot, Incremental, Meta. */
    static final int MAX_EVENT_TYPE = 4;
    static final int FULL_SNAPSHOT = 2;
    static final int INCREMENTAL = 3;
    /** rrweb incremental sources accepted: Mutation (0) up to CustomElement (16). */
    static final int MAX_SOURCE = 16;
    static final int MUTATION = 0;
    /** Sources whose data carries CSS a page script set: rules added to or replacing a sheet, one declaration, adopted sheets. */
    static final int STYLE_SHEET_RULE = 8;
    static final int STYLE_DECLARATION = 13;
    static final int ADOPTED_STYLE_SHEET = 15;
    /** The Meta event: the page's address and size. */
    static final int META = 4;

    /** rrweb-snapshot node types: Document 0, DocumentType 1, Element 2, Text 3, CDATA 4, Comment 5. */
    static final int DOCUMENT_NODE = 0;
    static final int ELEMENT_NODE = 2;
    static final int MAX_NODE_TYPE = 5;

    private static final Set<String> PLAIN_TAGS = Set.of(
            // document and sections
            "html", "head", "body", "title", "style", "header", "footer", "main", "nav", "section", "article", "aside",
            "address", "h1", "h2", "h3", "h4", "h5", "h6", "hgroup", "search", "div", "p", "hr", "pre", "blockquote",
            "ol", "ul", "li", "dl", "dt", "dd", "figure", "figcaption", "menu", "noscript", "template", "slot",
            // text
            "a", "em", "strong", "small", "s", "cite", "q", "dfn", "abbr", "ruby", "rt", "rp", "data", "time", "code",
            "var", "samp", "kbd", "sub", "sup", "i", "b", "u", "mark", "bdi", "bdo", "span", "br", "wbr", "ins", "del",
            "font", "center", "big", "tt", "strike", "nobr", "acronym", "marquee", "blink",
            // images and media, all governed by the viewer's CSP
            "img", "picture", "source", "video", "audio", "track", "map", "area", "canvas",
            // tables
            "table", "caption", "colgroup", "col", "tbody", "thead", "tfoot", "tr", "td", "th",
            // forms (never submitted: the viewer's CSP has form-action 'none' and it takes no clicks)
            "form", "label", "input", "button", "select", "datalist", "optgroup", "option", "textarea", "output",
            "progress", "meter", "fieldset", "legend", "details", "summary", "dialog",
            // SVG (rrweb-snapshot records SVG tag names in lower case and maps them back)
            "svg", "g", "defs", "symbol", "use", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
            "text", "tspan", "textpath", "image", "switch", "desc", "metadata", "clippath", "mask", "pattern",
            "lineargradient", "radialgradient", "stop", "marker", "filter", "foreignobject", "view",
            "feblend", "fecolormatrix", "fecomponenttransfer", "fecomposite", "feconvolvematrix", "fediffuselighting",
            "fedisplacementmap", "fedistantlight", "fedropshadow", "feflood", "fefunca", "fefuncb", "fefuncg",
            "fefuncr", "fegaussianblur", "femerge", "femergenode", "femorphology", "feoffset", "fepointlight",
            "fespecularlighting", "fespotlight", "fetile", "feturbulence",
            // MathML
            "math", "mi", "mn", "mo", "ms", "mtext", "mrow", "msup", "msub", "msubsup", "mfrac", "msqrt", "mroot",
            "mtable", "mtr", "mtd", "mover", "munder", "munderover", "mspace", "mpadded", "mphantom", "semantics");

    /** Elements with rules of their own: resource hints, document metadata, SVG animation. */
    private static final Set<String> WATCHED_TAGS = Set.of("link", "meta", "animate", "set", "animatetransform", "animatemotion");

    /** A valid custom element name (HTML's PotentialCustomElementName, ASCII only): a generic, script-less element. */
    private static final Pattern CUSTOM_ELEMENT = Pattern.compile("[a-z][a-z0-9._]*-[a-z0-9._-]*");
    private static final Set<String> RESERVED_CUSTOM = Set.of("annotation-xml", "color-profile", "font-face", "font-face-src",
            "font-face-uri", "font-face-format", "font-face-name", "missing-glyph");

    /** Attributes any plain element keeps as written (URL-bearing ones are checked by {@link #URL_ATTRIBUTES}). */
    private static final Set<String> GENERAL_ATTRIBUTES = Set.of(
            "id", "class", "style", "title", "lang", "dir", "hidden", "role", "translate", "spellcheck", "draggable",
            "slot", "part", "inert", "xml:lang", "xmlns", "xmlns:xlink", "_cssText",
            // tables, lists and legacy presentation
            "colspan", "rowspan", "headers", "scope", "span", "abbr", "align", "valign", "width", "height", "border",
            "cellpadding", "cellspacing", "bgcolor", "color", "face", "size", "nowrap", "start", "reversed", "type",
            "summary", "frame", "rules", "char", "charoff", "clear", "noshade", "datetime",
            // forms and their state as rrweb records it
            "name", "value", "checked", "selected", "disabled", "readonly", "required", "multiple", "placeholder",
            "min", "max", "step", "pattern", "maxlength", "minlength", "rows", "cols", "wrap", "label", "for", "list",
            "accept", "autocomplete", "inputmode", "low", "high", "optimum", "open", "alt", "sizes", "loading",
            "decoding", "controls", "muted", "loop", "playsinline", "preload", "kind", "srclang", "default", "media",
            "shape", "coords", "ismap", "hreflang",
            // images and links (URL checked)
            "href", "src", "srcset", "poster", "xlink:href", "usemap",
            // SVG presentation and geometry (case as SVG spells it)
            "viewBox", "preserveAspectRatio", "version", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry",
            "fx", "fy", "d", "points", "pathLength", "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width",
            "stroke-linecap", "stroke-linejoin", "stroke-dasharray", "stroke-dashoffset", "stroke-opacity",
            "stroke-miterlimit", "opacity", "transform", "transform-origin", "clip-path", "clip-rule", "clipPathUnits",
            "mask", "maskUnits", "maskContentUnits", "filter", "filterUnits", "primitiveUnits", "font-family",
            "font-size", "font-style", "font-weight", "text-anchor", "dominant-baseline", "alignment-baseline",
            "baseline-shift", "letter-spacing", "word-spacing", "text-decoration", "writing-mode", "offset",
            "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "spreadMethod", "patternUnits",
            "patternContentUnits", "patternTransform", "markerWidth", "markerHeight", "markerUnits", "refX", "refY",
            "orient", "marker-start", "marker-mid", "marker-end", "dx", "dy", "rotate", "textLength", "lengthAdjust",
            "startOffset", "method", "spacing", "side", "focusable", "visibility", "display", "overflow",
            "vector-effect", "shape-rendering", "text-rendering", "image-rendering", "color-interpolation",
            "color-interpolation-filters", "paint-order", "mix-blend-mode", "isolation", "pointer-events", "cursor",
            "in", "in2", "result", "mode", "operator", "k1", "k2", "k3", "k4", "stdDeviation", "values",
            "tableValues", "slope", "intercept", "amplitude", "exponent", "baseFrequency", "numOctaves", "seed",
            "stitchTiles", "scale", "xChannelSelector", "yChannelSelector", "radius", "flood-color", "flood-opacity",
            "lighting-color", "surfaceScale", "diffuseConstant", "specularConstant", "specularExponent", "kernelMatrix",
            "kernelUnitLength", "order", "divisor", "bias", "targetX", "targetY", "edgeMode", "preserveAlpha",
            "azimuth", "elevation", "z", "pointsAtX", "pointsAtY", "pointsAtZ", "limitingConeAngle",
            "requiredExtensions", "systemLanguage", "mathvariant", "mathcolor", "mathbackground", "displaystyle",
            "scriptlevel", "stretchy", "fence", "separator", "lspace", "rspace", "accent", "accentunder", "linethickness",
            "columnalign", "rowalign", "columnspan", "depth", "voffset", "xmlns:svg",
            // rrweb's own attributes that its rebuild reads (rr_dataURL is checked as an image URL below)
            "rr_dataURL", "rr_width", "rr_height", "rr_scrollLeft", "rr_scrollTop", "rr_mediaCurrentTime", "rr_mediaState",
            "rr_mediaPlaybackRate", "rr_mediaMuted", "rr_mediaLoop", "rr_mediaVolume", "rr_open_mode");

    /** Attributes whose text is a URL or a list of them. */
    private static final Set<String> URL_ATTRIBUTES = Set.of("href", "src", "srcset", "poster", "xlink:href", "usemap", "rr_dataURL");

    private static final Set<String> LINK_ATTRIBUTES = Set.of("rel", "href", "media", "type", "title", "disabled", "_cssText");
    private static final Set<String> META_ATTRIBUTES = Set.of("charset", "name");
    private static final Set<String> ANIMATION_ATTRIBUTES = Set.of("attributeName", "attributeType", "begin", "dur", "end", "min",
            "max", "restart", "repeatCount", "repeatDur", "fill", "calcMode", "values", "keyTimes", "keySplines", "from",
            "to", "by", "additive", "accumulate", "type", "path", "keyPoints", "rotate", "href", "xlink:href", "id", "class");
    /** What SVG animation may animate: geometry and paint, never a link, a handler, a style or a URL. */
    private static final Set<String> ANIMATABLE = Set.of("x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "width",
            "height", "d", "points", "fill", "fill-opacity", "stroke", "stroke-width", "stroke-opacity", "stroke-dasharray",
            "stroke-dashoffset", "opacity", "transform", "visibility", "display", "offset", "stop-color", "stop-opacity",
            "font-size", "letter-spacing", "viewBox", "stdDeviation", "dx", "dy", "rotate");
    private static final Set<String> ANIMATION_VALUES = Set.of("values", "from", "to", "by");

    private static final Pattern INVISIBLES = Pattern.compile("[\\x00-\\x20\\x7f-\\x9f]+");
    private static final Pattern SCHEME = Pattern.compile("^([a-z][a-z0-9+.-]*):");
    private static final Pattern IMAGE_DATA = Pattern.compile("^data:image/(png|gif|jpeg|jpg|webp|avif|bmp|x-icon)[;,].*", Pattern.DOTALL);
    private static final Pattern CSS_SCRIPT_URL = Pattern.compile("(?i)url\\(\\s*(['\"]?)\\s*(javascript|vbscript):[^)]*\\)");
    private static final Pattern CSS_EXPRESSION = Pattern.compile("(?i)expression\\s*\\(");

    private FirewallRules() {
    }

    /** A tag name as the replayer will create it (lower case); the firewall writes it out this way. */
    static String canonicalTag(String tagName) {
        return tagName.toLowerCase(Locale.ROOT);
    }

    /** What happens to an element with this {@link #canonicalTag canonical} tag name. */
    static Kind kind(String tag) {
        if (PLAIN_TAGS.contains(tag) || CUSTOM_ELEMENT.matcher(tag).matches() && !RESERVED_CUSTOM.contains(tag)) {
            return Kind.PLAIN;
        }
        return WATCHED_TAGS.contains(tag) ? Kind.WATCHED : Kind.EMPTIED;
    }

    /** True if rrweb may define a custom element for this tag ({@code isCustom}): only a valid custom element name. */
    static boolean mayBeCustom(String tag) {
        return CUSTOM_ELEMENT.matcher(tag).matches() && !RESERVED_CUSTOM.contains(tag);
    }

    /**
     * True if a {@code link} with this {@code rel} (null: none) may stay: a stylesheet, or a link rrweb
     * inlined (no rel, its CSS in {@code _cssText}). Preconnect, dns-prefetch, prefetch, preload,
     * modulepreload, prerender, icon and every other relation make the browser connect outside the
     * CSP's reach or mean nothing in a replay: such a link is emptied.
     */
    static boolean keepsLink(JsonValue rel) {
        if (rel == null || rel == JsonValue.NULL) {
            return true;
        }
        return rel instanceof jakarta.json.JsonString s && s.getString().trim().equalsIgnoreCase("stylesheet");
    }

    /**
     * An attribute's value as it may pass on an element with this tag ({@code ""}: not known, a plain
     * element): null when it is dropped, else the value, cleaned if it is CSS. Only strings, booleans
     * and numbers are judged here; see {@link #keepsValue}.
     */
    static String text(String tag, String name, String value) {
        if (!allowed(tag, name)) {
            return null;
        }
        if (tag.equals("link") && name.equals("rel")) {
            return value.trim().equalsIgnoreCase("stylesheet") ? value : null;
        }
        if (URL_ATTRIBUTES.contains(name)) {
            return isSafeUrl(tag, name, value) ? throughProxy(name, value) : null;
        }
        if (ANIMATION_VALUES.contains(name) && isAnimation(tag)) {
            String normalized = INVISIBLES.matcher(value).replaceAll("").toLowerCase(Locale.ROOT);
            return normalized.contains(":") || normalized.contains("url(") ? null : value;
        }
        if (name.equals("attributeName") && isAnimation(tag)) {
            return ANIMATABLE.contains(value) ? value : null;
        }
        return name.equals("style") || name.equals("_cssText") ? AssetUrls.css(cleanCss(value), null) : value;
    }

    /**
     * A safe URL attribute as the agent's browser gets it: an absolute http(s) URL the browser would
     * fetch or follow goes through Tandem's asset proxy ({@link AssetUrls}), so the agent's browser
     * connects to Tandem only and the proxy applies the group's allow-list; fragments, data URLs,
     * mailto and tel stay as they are.
     */
    private static String throughProxy(String name, String value) {
        return switch (name) {
            case "src", "poster", "href", "xlink:href" -> AssetUrls.attribute(value);
            case "srcset" -> AssetUrls.srcset(value);
            default -> value;
        };
    }

    /**
     * True if an attribute that is not a string stays: null (removed, in a mutation) for any name;
     * true, false or a number for an allowed name that is not a URL or an animation's target; a
     * style object (rrweb's style diff in mutations) only for {@code style}.
     */
    static boolean keepsValue(String tag, String name, JsonValue.ValueType type) {
        if (type == JsonValue.ValueType.NULL) {
            return allowed(tag, name);
        }
        if (!allowed(tag, name) || URL_ATTRIBUTES.contains(name) || name.equals("attributeName") || tag.equals("link")) {
            return false;
        }
        return switch (type) {
            case TRUE, FALSE, NUMBER -> true;
            case OBJECT -> name.equals("style");
            default -> false;
        };
    }

    private static boolean allowed(String tag, String name) {
        return switch (tag) {
            case "link" -> LINK_ATTRIBUTES.contains(name);
            case "meta" -> META_ATTRIBUTES.contains(name);
            case "animate", "set", "animatetransform", "animatemotion" -> ANIMATION_ATTRIBUTES.contains(name);
            default -> GENERAL_ATTRIBUTES.contains(name) || isDataOrAria(name);
        };
    }

    private static boolean isAnimation(String tag) {
        return tag.startsWith("animate") || tag.equals("set");
    }

    private static boolean isDataOrAria(String name) {
        if (!name.startsWith("data-") && !name.startsWith("aria-")) {
            return false;
        }
        for (int i = 5; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.')) {
                return false;
            }
        }
        return name.length() > 5;
    }

    /**
     * True for a URL the browser may fetch or show under the viewer's CSP: http, https, mailto and tel
     * URLs, references relative to the page or to a fragment, and raster images as data URLs. An SVG
     * animation's {@code href} names the element it animates and must be a fragment; {@code usemap}
     * too; {@code rr_dataURL} must be a raster image data URL. {@code srcset} is checked candidate by
     * candidate.
     */
    static boolean isSafeUrl(String tag, String attribute, String value) {
        if (attribute.equals("srcset")) {
            for (String candidate : value.split(",")) {
                String url = candidate.trim().split("\\s+")[0];
                if (!url.isEmpty() && !isSafeUrl(tag, "src", url)) {
                    return false;
                }
            }
            return true;
        }
        String normalized = INVISIBLES.matcher(value).replaceAll("").toLowerCase(Locale.ROOT);
        if (isAnimation(tag) || attribute.equals("usemap")) {
            return normalized.startsWith("#");
        }
        if (attribute.equals("rr_dataURL")) {
            return IMAGE_DATA.matcher(normalized).matches();
        }
        if (normalized.contains("&") && (normalized.contains("&colon") || normalized.contains("&#"))) {
            return false; // an entity where a scheme's colon may hide: rrweb's values are never entity-encoded
        }
        var scheme = SCHEME.matcher(normalized);
        if (!scheme.find()) {
            return true; // relative, or a fragment
        }
        return switch (scheme.group(1)) {
            case "http", "https", "mailto", "tel" -> true;
            case "data" -> IMAGE_DATA.matcher(normalized).matches();
            default -> false;
        };
    }

    static String cleanCss(String css) {
        String cleaned = CSS_SCRIPT_URL.matcher(css).replaceAll("url()");
        return CSS_EXPRESSION.matcher(cleaned).replaceAll("invalid(");
    }

    /**
     * A node id, rrweb type or source as both the relay and the replayer read it: an integer within
     * {@code int} range ({@code 2.0}, {@code 1e20} or a string is {@code null}). JavaScript reads such a
     * number as the same value; a fraction or a huge number it would read differently than Java's
     * {@code intValue}, so those are never taken.
     */
    static Integer exactInt(JsonValue value) {
        if (!(value instanceof JsonNumber n) || !n.isIntegral()) {
            return null;
        }
        try {
            return n.bigDecimalValue().intValueExact();
        } catch (ArithmeticException tooLarge) {
            return null;
        }
    }
}
