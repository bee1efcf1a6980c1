package dev.tandem.asset;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asset URLs as the agent's browser must see them: through the proxy, {@code /cobrowse/asset?u=}
 * followed by the encoded absolute URL. Used by the relay on the visitor's attributes and CSS, and
 * by the proxy on the stylesheets it passes on (their {@code url()}s, {@code image-set()} strings and
 * {@code @import}s, resolved against the stylesheet's own URL). Only http and https URLs are proxied; fragment-only references
 * ({@code url(#gradient)}) and raster image data URLs stay; anything else in CSS becomes
 * {@code url()}, which loads nothing.
 */
public final class AssetUrls {

    /** The proxy endpoint's path (the application's context root is {@code /cobrowse}, see ear/pom.xml). */
    public static final String PATH = "/cobrowse/asset";
    private static final String PREFIX = PATH + "?u=";

    private static final Pattern CSS_URL = Pattern.compile("(?i)url\\(\\s*(?:\"([^\"]*)\"|'([^']*)'|([^)'\"\\s]*))\\s*\\)");
    private static final Pattern IMAGE_SET = Pattern.compile("(?i)(?:-webkit-)?image-set\\(");
    private static final Pattern CSS_IMPORT = Pattern.compile("(?i)@import\\s+(?:\"([^\"]*)\"|'([^']*)')");
    private static final Pattern IMAGE_DATA = Pattern.compile("(?i)^data:image/(png|gif|jpeg|jpg|webp|avif|bmp|x-icon)[;,].*", Pattern.DOTALL);
    private static final Pattern ABSOLUTE_HTTP = Pattern.compile("(?i)^https?://.*", Pattern.DOTALL);

    private AssetUrls() {
    }

    /** The proxy URL for an absolute http(s) URL. */
    public static String proxied(String absoluteUrl) {
        return PREFIX + URLEncoder.encode(absoluteUrl, StandardCharsets.UTF_8);
    }

    /** True if this is already a proxy URL made here. */
    public static boolean isProxied(String url) {
        return url.startsWith(PREFIX);
    }

    /**
     * An attribute's URL as the agent's browser gets it: an absolute http(s) URL through the proxy;
     * anything else (relative, fragment, data, mailto, tel, already proxied) as it was.
     */
    public static String attribute(String url) {
        String trimmed = url.trim();
        return ABSOLUTE_HTTP.matcher(trimmed).matches() ? proxied(trimmed) : url;
    }

    /** A {@code srcset}'s candidates each through {@link #attribute}. */
    public static String srcset(String srcset) {
        StringBuilder out = new StringBuilder();
        for (String candidate : srcset.split(",")) {
            String c = candidate.trim();
            if (c.isEmpty()) {
                continue;
            }
            String[] parts = c.split("\\s+", 2);
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(attribute(parts[0])).append(parts.length > 1 ? " " + parts[1] : "");
        }
        return out.toString();
    }

    /**
     * CSS with every {@code url()}, {@code image-set()} string and {@code @import} through the proxy.
     * {@code base} is the URL relative references resolve against (the stylesheet's own, or the
     * visitor's page for CSS written in it), or null when unknown, in which case a relative reference
     * becomes {@code url()}.
     */
    public static String css(String css, URI base) {
        if (css.indexOf('(') < 0 && css.indexOf('@') < 0) {
            return css;
        }
        String urls = replace(imageSetStringsAsUrls(css), CSS_URL, base, true);
        return replace(urls, CSS_IMPORT, base, false);
    }

    /**
     * {@code image-set("a.png" 1x, url(b.png) 2x)} with its bare strings written as {@code url()}s
     * ({@code image-set(url("a.png") 1x, ...)}, which means the same), so that the {@code url()} pass
     * treats them like every other reference. Only strings directly inside the function are images;
     * a nested function's arguments are left to it.
     */
    static String imageSetStringsAsUrls(String css) {
        Matcher set = IMAGE_SET.matcher(css);
        if (!set.find()) {
            return css;
        }
        StringBuilder out = new StringBuilder(css.length() + 16);
        int copied = 0;
        do {
            int depth = 1;
            int i = set.end();
            out.append(css, copied, i);
            while (i < css.length() && depth > 0) {
                char c = css.charAt(i);
                if (c == '"' || c == '\'') {
                    int close = css.indexOf(c, i + 1);
                    int end = close < 0 ? css.length() : close + 1;
                    boolean inUrl = depth > 1;
                    out.append(inUrl ? css.substring(i, end) : "url(" + css.substring(i, end) + ")");
                    i = end;
                    continue;
                }
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                out.append(c);
                i++;
            }
            copied = i;
        } while (set.find(copied));
        return out.append(css, copied, css.length()).toString();
    }

    private static String replace(String css, Pattern pattern, URI base, boolean function) {
        Matcher m = pattern.matcher(css);
        StringBuilder out = new StringBuilder();
        boolean changed = false;
        while (m.find()) {
            String raw = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            String target = target(raw.trim(), base);
            if (target.equals(raw.trim()) && !target.isEmpty()) {
                m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
            } else if (function) {
                m.appendReplacement(out, Matcher.quoteReplacement(target.isEmpty() ? "url()" : "url(\"" + target + "\")"));
            } else {
                m.appendReplacement(out, Matcher.quoteReplacement(target.isEmpty() ? "@import \"about:invalid\"" : "@import \"" + target + "\""));
            }
            changed = true;
        }
        if (!changed) {
            return css;
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Where one CSS reference should point: through the proxy, kept, or nowhere (""). */
    private static String target(String ref, URI base) {
        if (ref.isEmpty() || ref.startsWith("#") || isProxied(ref)) {
            return ref;
        }
        if (IMAGE_DATA.matcher(ref).matches()) {
            return ref.replace("\"", "%22");
        }
        String absolute = ref;
        if (!ABSOLUTE_HTTP.matcher(ref).matches()) {
            if (base == null || ref.toLowerCase(Locale.ROOT).matches("^[a-z][a-z0-9+.-]*:.*")) {
                return "";
            }
            try {
                absolute = base.resolve(ref.replace(" ", "%20")).toString();
            } catch (IllegalArgumentException e) {
                return "";
            }
        }
        return proxied(absolute);
    }
}
