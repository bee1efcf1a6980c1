package dev.tandem.nodes;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NameNotFoundException;
import javax.naming.NamingException;

/**
 * Where the server keys live: the visitor-token key, the agent-pass key and the join-ticket key ring.
 * A {@link ConcurrentMap} of strings (no vendor API here) found under the application's resource
 * reference {@value #REFERENCE}, which each server maps or leaves unbound:
 * <ul>
 * <li>WildFly maps it to the cache {@code tandem/keys} of its own Infinispan container
 * ({@code META-INF/jboss-ejb3.xml}): on one node a local cache in this node's memory
 * ({@code wildfly-config/scripts/caches.cli}); on the cluster server a cache replicated to every
 * node ({@code wildfly-config/cluster/cluster.cli}), so that the first node to ask draws a key, every
 * other node takes that one, and the keys travel only inside the cluster's encrypted and
 * authenticated JGroups channel. The mapping also makes the deployment depend on the cache, so
 * WildFly starts it first.</li>
 * <li>Where the reference is not bound (Payara Server, single node only), a map in this bean, in
 * this node's memory, which is what a local cache is too.</li>
 * </ul>
 * Never written to disk or the database.
 */
@ApplicationScoped
public class SharedKeys {

    /** The resource reference a server may bind to a shared map (an application-wide name). */
    public static final String REFERENCE = "java:app/env/tandem/keys";

    private static final Logger LOG = Logger.getLogger(SharedKeys.class.getName());

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private ConcurrentMap<String, String> store;

    private final SecureRandom random = new SecureRandom();

    /** For the container (the map is looked up when the bean starts). */
    public SharedKeys() {
    }

    /** Keys kept in the given map: for code outside the container, such as unit tests. */
    public SharedKeys(ConcurrentMap<String, String> store) {
        this.store = store;
    }

    /** The map the server binds under {@value #REFERENCE}, or one of this node's own if none is bound. */
    @PostConstruct
    @SuppressWarnings("unchecked")
    void findStore() {
        try {
            store = (ConcurrentMap<String, String>) new InitialContext().lookup(REFERENCE);
            LOG.info(() -> "Server keys kept in the map bound to " + REFERENCE + " (" + store.getClass().getSimpleName() + ")");
        } catch (NamingException e) {
            if (!unbound(e)) {
                throw new IllegalStateException("The resource bound to " + REFERENCE + " could not be looked up: " + e, e);
            }
            store = new ConcurrentHashMap<>();
            LOG.info(() -> "No map bound to " + REFERENCE + ": server keys kept in this node's memory (single node only)");
        } catch (ClassCastException e) {
            throw new IllegalStateException("The resource bound to " + REFERENCE + " is not a map: " + e, e);
        }
    }

    /** Whether the name is simply not bound: some servers wrap that in a general NamingException. */
    static boolean unbound(NamingException e) {
        for (Throwable t = e; t != null; t = t instanceof NamingException n && n.getRootCause() != null ? n.getRootCause() : t.getCause()) {
            if (t instanceof NameNotFoundException) {
                return true;
            }
        }
        return false;
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
