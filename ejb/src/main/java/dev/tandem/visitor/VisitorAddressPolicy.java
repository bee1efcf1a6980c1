package dev.tandem.visitor;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What is kept of a visitor's IP address in {@code cobrowse_session.visitor_ip}, per
 * {@code tandem.visitor.ip-mode}: {@code STORE} the address, {@code HASH} (default) a keyed hash
 * (HMAC-SHA256 under {@code tandem.visitor.ip-hash-secret}, or a per-start random key when unset,
 * so hashes then only correlate within one server run), or {@code OMIT} nothing.
 */
@ApplicationScoped
public class VisitorAddressPolicy {

    enum Mode { STORE, HASH, OMIT }

    @Inject
    @ConfigProperty(name = "tandem.visitor.ip-mode", defaultValue = "HASH")
    String mode;

    @Inject
    @ConfigProperty(name = "tandem.visitor.ip-hash-secret")
    Optional<String> secret;

    private Mode parsed;
    private SecretKeySpec key;

    @PostConstruct
    void init() {
        parsed = Mode.valueOf(mode.trim().toUpperCase(Locale.ROOT));
        byte[] bytes;
        if (secret.isEmpty() || secret.get().isBlank()) {
            bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
        } else {
            bytes = secret.get().getBytes(StandardCharsets.UTF_8);
        }
        key = new SecretKeySpec(bytes, "HmacSHA256");
    }

    /** The value to store for this address, or null. */
    public String stored(String address) {
        if (address == null) {
            return null;
        }
        return switch (parsed) {
            case STORE -> address;
            case OMIT -> null;
            case HASH -> "hmac:" + hash(address);
        };
    }

    private String hash(String address) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(address.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
