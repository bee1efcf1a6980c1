package dev.tandem.nodes;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where the server keys live: the visitor-token key, the agent-pass key and the join-ticket key ring.
 * On a single node (no {@code tandem.cluster.key-cache}), a map in this node's memory, as before.
 * In a cluster, the cache named by {@code tandem.cluster.key-cache} (a JNDI name: WildFly's
 * replicated Infinispan cache {@code tandem/keys}, configured by {@code wildfly-config/cluster/}),
 * used only as a {@link ConcurrentMap} of strings, so no vendor API is needed here: the first node
 * to ask draws a key, every other node takes that one, and the keys travel only inside the cluster's
 * encrypted and authenticated JGroups channel. Keys are never written to disk or the database.
 */
@ApplicationScoped
public class SharedKeys {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    @Inject
    @ConfigProperty(name = "tandem.cluster.key-cache")
    Optional<String> cacheName;

    private final SecureRandom random = new SecureRandom();
    private ConcurrentMap<String, String> store;

    @PostConstruct
    @SuppressWarnings("unchecked")
    void open() {
        if (cacheName.isEmpty() || cacheName.get().isBlank()) {
            store = new ConcurrentHashMap<>();
            return;
        }
        try {
            store = (ConcurrentMap<String, String>) new InitialContext().lookup(cacheName.get());
        } catch (NamingException | ClassCastException missing) {
            throw new IllegalStateException("tandem.cluster.key-cache names no cache: " + cacheName.get(), missing);
        }
    }

    /** The map the keys are kept in (this node's, or the cluster's). */
    public ConcurrentMap<String, String> store() {
        return store;
    }

    /** True if the keys are shared with other nodes. */
    public boolean clustered() {
        return !(store instanceof ConcurrentHashMap);
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
