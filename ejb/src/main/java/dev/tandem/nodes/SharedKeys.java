package dev.tandem.nodes;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ConcurrentMap;

/**
 * Where the server keys live: the visitor-token key, the agent-pass key and the join-ticket key ring.
 * The cache {@code tandem/keys} of the server's own Infinispan container, used only as a
 * {@link ConcurrentMap} of strings (no vendor API here): on one node a local cache in this node's
 * memory ({@code wildfly-config/scripts/caches.cli}), exactly as before; on the cluster server a
 * cache replicated to every node ({@code wildfly-config/cluster/cluster.cli}), so that the first
 * node to ask draws a key, every other node takes that one, and the keys travel only inside the
 * cluster's encrypted and authenticated JGroups channel. Never written to disk or the database.
 */
@ApplicationScoped
public class SharedKeys {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    /** The lookup also makes the deployment depend on the cache, so WildFly starts it first. */
    @Resource(lookup = "java:jboss/infinispan/cache/tandem/keys")
    ConcurrentMap<String, String> store;

    private final SecureRandom random = new SecureRandom();

    /** For the container (the map is injected). */
    public SharedKeys() {
    }

    /** Keys kept in the given map: for code outside the container, such as unit tests. */
    public SharedKeys(ConcurrentMap<String, String> store) {
        this.store = store;
    }

    /** The map the keys are kept in (this node's, or the cluster's). */
    public ConcurrentMap<String, String> store() {
        return store;
    }

    /** The 256-bit secret under this name: drawn now if no node has drawn it yet, else the one drawn. */
    public byte[] secret(String name) {
        byte[] fresh = new byte[32];
        random.nextBytes(fresh);
        String drawn = ENCODER.encodeToString(fresh);
        String held = store.putIfAbsent(name, drawn);
        return Base64.getUrlDecoder().decode(held != null ? held : drawn);
    }
}
