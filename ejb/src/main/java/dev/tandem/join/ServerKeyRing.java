package dev.tandem.join;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The server keys join tickets are signed with: 256 bits from {@link SecureRandom} each, numbered.
 * New tickets are signed with the current key; a ticket verifies under the current key or the one
 * before it, so each key is good for two rotation intervals and then gone (its bytes overwritten).
 * Keys exist only in this object's memory. Thread-safe: readers see one consistent pair.
 */
public final class ServerKeyRing {

    /** One server key: its number, its secret and when it became current. */
    public record ServerKey(int id, byte[] secret, Instant created) {
    }

    private record Pair(ServerKey current, ServerKey previous) {
    }

    private final SecureRandom random;
    private final AtomicReference<Pair> keys;

    public ServerKeyRing(SecureRandom random, Instant now) {
        this.random = random;
        this.keys = new AtomicReference<>(new Pair(newKey(1, now), null));
    }

    /** Makes a new current key; the current one becomes the previous; the previous is destroyed. */
    public synchronized void rotate(Instant now) {
        Pair old = keys.get();
        keys.set(new Pair(newKey(old.current().id() + 1, now), old.current()));
        if (old.previous() != null) {
            Arrays.fill(old.previous().secret(), (byte) 0);
        }
    }

    public ServerKey current() {
        return keys.get().current();
    }

    /** The key with this number if it is still current or previous. */
    public Optional<ServerKey> find(int id) {
        Pair pair = keys.get();
        if (pair.current().id() == id) {
            return Optional.of(pair.current());
        }
        if (pair.previous() != null && pair.previous().id() == id) {
            return Optional.of(pair.previous());
        }
        return Optional.empty();
    }

    private ServerKey newKey(int id, Instant now) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return new ServerKey(id, secret, now);
    }
}
