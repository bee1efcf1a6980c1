package dev.tandem.relay;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agents' guidance rate: at most {@link #PER_SECOND} messages a second per <em>agent</em> (the
 * pass's subject), however many viewer connections that agent has open on this node, in one
 * session or several; a second socket does not double it. One token bucket per agent with a live
 * viewer connection, dropped when the agent's last connection closes, so memory is bounded by the
 * open connections. Per node: a session's sockets all meet on one node (docs/operations.md,
 * "Clustering"), but an agent viewing sessions held by different nodes has this rate on each.
 */
@ApplicationScoped
public class GuidanceRates {

    /** Agent guidance messages allowed per second per agent (docs/protocol.md); also the burst. */
    static final int PER_SECOND = 50;

    private final Map<String, Agent> agents = new ConcurrentHashMap<>();

    /** One agent's bucket and the connections sharing it; guarded by its own monitor. */
    private static final class Agent {
        final TokenBucket bucket;
        final Set<String> connections = new HashSet<>();

        Agent(long nowNanos) {
            bucket = new TokenBucket(PER_SECOND, PER_SECOND, nowNanos);
        }
    }

    /** A viewer connection of this agent opened: it shares the agent's bucket from now on. */
    public void opened(String subject, String connection) {
        opened(subject, connection, System.nanoTime());
    }

    void opened(String subject, String connection, long nowNanos) {
        agents.compute(subject, (s, agent) -> {
            Agent a = agent == null ? new Agent(nowNanos) : agent;
            synchronized (a) {
                a.connections.add(connection);
            }
            return a;
        });
    }

    /** A viewer connection closed; the agent's bucket goes with its last connection. */
    public void closed(String subject, String connection) {
        agents.computeIfPresent(subject, (s, agent) -> {
            synchronized (agent) {
                agent.connections.remove(connection);
                return agent.connections.isEmpty() ? null : agent;
            }
        });
    }

    /** Takes one guidance message from the agent's rate; false when the agent is over it (or unknown). */
    public boolean tryTake(String subject) {
        return tryTake(subject, System.nanoTime());
    }

    boolean tryTake(String subject, long nowNanos) {
        Agent agent = agents.get(subject);
        if (agent == null) {
            return false; // no open connection of this agent: nothing it sends can count
        }
        synchronized (agent) {
            return agent.bucket.tryTake(nowNanos);
        }
    }

    /** How many agents have a bucket now (for tests: memory is bounded by the open connections). */
    int agents() {
        return agents.size();
    }
}
