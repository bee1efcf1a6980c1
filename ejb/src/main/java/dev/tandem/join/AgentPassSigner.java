package dev.tandem.join;

import dev.tandem.nodes.SharedKeys;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks agent passes with a 256-bit key drawn when the application starts and kept only
 * in memory ({@link SharedKeys}: in a cluster, the one every node shares): a restart (or
 * redeployment; in a cluster, of every node) invalidates every agent cookie there is. The same key,
 * under another purpose label, gives the keyed hash of a client address for IP binding.
 */
@Singleton
@Startup
@Lock(LockType.READ)
public class AgentPassSigner {

    /**
     * Field 5 is the issue time in epoch milliseconds (revocations compare against it), field 6 the
     * expiry in seconds, field 8 the granted modes. Version 2 added the modes: a version 1 pass
     * (signed by an older build) cannot exist past a restart, since the key is drawn at start.
     */
    static final String PURPOSE = "tandem-agent-pass-v1";
    private static final int FIELDS = 9;
    private static final String VERSION = "2";

    private byte[] key;

    @Inject
    SharedKeys shared;

    @PostConstruct
    void generateKey() {
        // Drawn here on a single node; in a cluster, the one key every node shares.
        key = shared.secret("agent-pass");
    }

    public String sign(AgentPass pass) {
        return SignedFields.sign(PURPOSE, key, List.of(VERSION, pass.passId(), pass.sessionRef(), pass.subject(),
                pass.displayName(), Long.toString(pass.issuedAt().toEpochMilli()), Long.toString(pass.expiresAt().getEpochSecond()),
                pass.ipBinding(), pass.modes()));
    }

    /** The pass if the cookie value is one this server process signed, whatever its expiry. */
    public Optional<AgentPass> read(String cookie) {
        return SignedFields.verify(PURPOSE, key, cookie, FIELDS).filter(f -> VERSION.equals(f.get(0))).flatMap(f -> {
            try {
                return Optional.of(new AgentPass(f.get(1), f.get(2), f.get(3), f.get(4), Instant.ofEpochMilli(Long.parseLong(f.get(5))),
                        Instant.ofEpochSecond(Long.parseLong(f.get(6))), f.get(7), f.get(8)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** The binding of a pass to a client address: a keyed hash, so the cookie does not reveal the address. */
    public String ipBinding(String clientAddress) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update("tandem-agent-ip-v1".getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) 0);
            return HexFormat.of().formatHex(mac.doFinal(clientAddress.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is required of every Java platform", e);
        }
    }
}
