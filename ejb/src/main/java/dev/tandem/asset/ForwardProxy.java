package dev.tandem.asset;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The HTTP forward proxy outbound asset fetches go through ({@code tandem.proxy.forward.*}), or
 * {@link #NONE}. Every fetch, http or https, is a {@code CONNECT} tunnel to the address Tandem
 * resolved and checked (never the name, so the proxy cannot resolve it to another address), with
 * Basic credentials when a user is set. Hosts on the no-proxy list (exact, or {@code .suffix} /
 * {@code *.suffix}) are fetched directly.
 */
public record ForwardProxy(String host, int port, String user, String password, List<String> noProxy) {

    public static final ForwardProxy NONE = new ForwardProxy(null, 0, null, null, List.of());

    public ForwardProxy {
        noProxy = noProxy.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList();
    }

    /** True if a fetch from this host goes through the proxy. */
    public boolean appliesTo(String host) {
        if (this.host == null || this.host.isBlank()) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        for (String entry : noProxy) {
            String suffix = entry.startsWith("*.") ? entry.substring(1) : entry.startsWith(".") ? entry : null;
            if (h.equals(entry) || suffix != null && h.endsWith(suffix)) {
                return false;
            }
        }
        return true;
    }

    /** The Proxy-Authorization header's value, or null without a user. */
    String authorization() {
        if (user == null || user.isEmpty()) {
            return null;
        }
        String pair = user + ":" + (password == null ? "" : password);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return host == null ? "no forward proxy" : "forward proxy " + host + ":" + port; // never the password
    }
}
