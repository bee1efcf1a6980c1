package dev.tandem.web.visitor;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The client's address. {@code X-Forwarded-For} is believed only when the connection comes from a
 * proxy listed in {@code tandem.trusted-proxies} (comma-separated addresses; none by default), and
 * then only its last hop, the one that proxy added.
 */
@ApplicationScoped
public class ClientAddresses {

    @Inject
    @ConfigProperty(name = "tandem.trusted-proxies")
    Optional<String> trustedProxies;

    private Set<String> trusted;

    /** Parsed once: this is asked on every request. */
    @PostConstruct
    void parse() {
        trusted = Arrays.stream(trustedProxies.orElse("").split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    public String of(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded != null && trusted.contains(peer)) {
            String[] hops = forwarded.split(",");
            String last = hops[hops.length - 1].trim();
            if (!last.isEmpty() && last.length() <= 64 && last.matches("[0-9A-Fa-f:.]+")) {
                return last;
            }
        }
        return peer;
    }
}
