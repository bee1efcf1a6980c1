package dev.tandem.join;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The server keys join tickets are signed with: 256 bits from {@link SecureRandom} each, numbered.
 * New tickets are signed with the current key; a ticket verifies under the current key or the one
 * before it, so each key is good for two rotation intervals and then gone. The pair is kept as one
 * text under one name in a store: this object's own map, or the map every node of a cluster shares
 * ({@code SharedKeys}), where a rotation is one compare-and-replace, so that however many nodes try
 * in an interval, exactly one rotates. Thread-safe: readers see one consistent pair.
 */
public final class ServerKeyRing {

    /** One server key: its number, its secret and when it became current. */
    public record ServerKey(int id, byte[] secret, Instant created) {
    }

    private record Pair(ServerKey current, ServerKey previous) {
    }

    private record Parsed(String text, Pair pair) {
    }

    static final String NAME = "join-ticket-keys";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random;
    private final ConcurrentMap<String, String> store;
    private volatile Parsed last;

    public ServerKeyRing(SecureRandom random, Instant now) {
        this(random, new ConcurrentHashMap<>(), now);
    }

    /** A ring kept in this store: the one there if some node made it already, else a new one. */
    public ServerKeyRing(SecureRandom random, ConcurrentMap<String, String> store, Instant now) {
        this.random = random;
        this.store = store;
        store.putIfAbsent(NAME, encode(new Pair(newKey(1, now), null)));
    }

    /** Makes a new current key; the current one becomes the previous; the previous is dropped. */
    public void rotate(Instant now) {
        while (true) {
            String old = store.get(NAME);
            Pair pair = decode(old);
            if (store.replace(NAME, old, encode(new Pair(newKey(pair.current().id() + 1, now), pair.current())))) {
                return;
            }
        }
    }

    /**
     * Rotates unless the current key is younger than {@code interval} less a second (another node
     * rotated it in this interval already); true if this call rotated.
     */
    public boolean rotateIfDue(Instant now, Duration interval) {
        String old = store.get(NAME);
        Pair pair = decode(old);
        if (now.isBefore(pair.current().created().plus(interval).minusSeconds(1))) {
            return false;
        }
        return store.replace(NAME, old, encode(new Pair(newKey(pair.current().id() + 1, now), pair.current())));
    }

    public ServerKey current() {
        return pair().current();
    }

    /** The key with this number if it is still current or previous. */
    public Optional<ServerKey> find(int id) {
        Pair pair = pair();
        if (pair.current().id() == id) {
            return Optional.of(pair.current());
        }
        if (pair.previous() != null && pair.previous().id() == id) {
            return Optional.of(pair.previous());
        }
        return Optional.empty();
    }

    private Pair pair() {
        String text = store.get(NAME);
        Parsed seen = last;
        if (seen != null && seen.text().equals(text)) {
            return seen.pair();
        }
        Pair pair = decode(text);
        last = new Parsed(text, pair);
        return pair;
    }

    private ServerKey newKey(int id, Instant now) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return new ServerKey(id, secret, now);
    }

    /** {@code id.secret.createdMillis} for the current key, then {@code |} and the previous one if any. */
    private static String encode(Pair pair) {
        String current = encode(pair.current());
        return pair.previous() == null ? current : current + "|" + encode(pair.previous());
    }

    private static String encode(ServerKey key) {
        return key.id() + "." + ENCODER.encodeToString(key.secret()) + "." + key.created().toEpochMilli();
    }

    private static Pair decode(String text) {
        String[] keys = text.split("\\|");
        return new Pair(decodeKey(keys[0]), keys.length > 1 ? decodeKey(keys[1]) : null);
    }

    private static ServerKey decodeKey(String text) {
        String[] f = text.split("\\.");
        return new ServerKey(Integer.parseInt(f[0]), Base64.getUrlDecoder().decode(f[1]), Instant.ofEpochMilli(Long.parseLong(f[2])));
    }
}
