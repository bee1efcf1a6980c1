package dev.tandem.asset;

import java.net.URI;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A group's asset allow-list: the hosts of its allowed origins and its allowed external domains.
 * An entry is an exact host ({@code cdn.example.com}, also an IP literal) or a suffix rule
 * ({@code *.example.com}: any host below {@code example.com}, not {@code example.com} itself; the
 * suffix needs at least two labels, so {@code *.com} is ignored). Hosts compare in lower case; an
 * entry of any other shape (a scheme, port, path, space, trailing dot) is ignored, never widened.
 */
public final class AssetHosts {

    private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
    private static final Pattern IPV6_LITERAL = Pattern.compile("\\[[0-9a-f:.]+\\]");

    private final Set<String> exact = new HashSet<>();
    private final List<String> suffixes;

    private AssetHosts(Set<String> exact, List<String> suffixes) {
        this.exact.addAll(exact);
        this.suffixes = List.copyOf(suffixes);
    }

    /** The allow-list of a group with these allowed origins ({@code https://host[:port]}) and external domain entries. */
    public static AssetHosts of(Collection<String> origins, Collection<String> externalDomains) {
        Set<String> exact = new HashSet<>();
        List<String> suffixes = new java.util.ArrayList<>();
        for (String origin : origins) {
            try {
                String host = URI.create(origin).getHost();
                if (host != null) {
                    exact.add(host.toLowerCase(Locale.ROOT));
                }
            } catch (IllegalArgumentException ignored) {
                // not an origin: allows nothing
            }
        }
        for (String entry : externalDomains) {
            String e = entry == null ? "" : entry.trim().toLowerCase(Locale.ROOT);
            if (e.startsWith("*.")) {
                String suffix = e.substring(2);
                if (HOST.matcher(suffix).matches() && suffix.contains(".")) {
                    suffixes.add("." + suffix);
                }
            } else if (HOST.matcher(e).matches() || IPV6_LITERAL.matcher(e).matches()) {
                exact.add(e);
            }
        }
        return new AssetHosts(exact, suffixes);
    }

    /** True if assets may be fetched from this host (as {@link URI#getHost()} gives it). */
    public boolean allows(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (exact.contains(h)) {
            return true;
        }
        if (!HOST.matcher(h).matches()) {
            return false;
        }
        for (String suffix : suffixes) {
            if (h.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }
}
