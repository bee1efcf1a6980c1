package dev.tandem.group;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * A browser origin as sent in the {@code Origin} header, in the one canonical form groups store:
 * {@code scheme://host[:port]}, lower case, default ports dropped. Anything else ({@code null},
 * paths, user info, odd schemes) is not an origin and is refused.
 */
public record WebOrigin(String value) {

    /** Parses an {@code Origin} header; empty for {@code null}, missing or malformed values. */
    public static Optional<WebOrigin> parse(String header) {
        if (header == null || header.isBlank() || header.length() > 255 || "null".equals(header)) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(header);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost();
            if (!(scheme.equals("https") || scheme.equals("http")) || host == null || uri.getRawUserInfo() != null
                    || !(uri.getRawPath() == null || uri.getRawPath().isEmpty()) || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) {
                return Optional.empty();
            }
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
            String canonical = scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
            return Optional.of(new WebOrigin(canonical));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
