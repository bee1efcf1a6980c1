package dev.tandem.relay;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Protocol-level keep-alive for both stream sockets: every
 * {@code tandem.stream.ping-interval-seconds} the server sends each open socket a WebSocket ping,
 * which browsers (and other clients) answer with a pong by themselves. An agent only watches and a
 * visitor's unchanging page sends nothing, so without the pongs the server would read nothing from
 * them and its read time-out (docs/operations.md) would cut them; proxies' idle time-outs see
 * traffic too. One task pings all sockets; pings are sent asynchronously, so a stalled client
 * never holds the scheduler's thread. Started by the web module with its scheduler, like
 * {@link StreamActivity}.
 */
@ApplicationScoped
public class KeepAlive {

    @Inject
    StreamLimits limits;

    private final Set<Session> sockets = ConcurrentHashMap.newKeySet();
    private ScheduledFuture<?> pinging;

    /** Starts pinging every {@code tandem.stream.ping-interval-seconds} (never when that is 0). */
    public synchronized void start(ManagedScheduledExecutorService scheduler) {
        int every = limits.pingIntervalSeconds();
        if (every > 0 && pinging == null) {
            pinging = scheduler.scheduleWithFixedDelay(this::pingAll, every, every, TimeUnit.SECONDS);
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (pinging != null) {
            pinging.cancel(false);
        }
    }

    /** Keeps this socket alive until {@link #forget}. */
    public void keep(Session socket) {
        sockets.add(socket);
    }

    public void forget(Session socket) {
        sockets.remove(socket);
    }

    void pingAll() {
        for (Session socket : sockets) {
            if (!socket.isOpen()) {
                sockets.remove(socket);
                continue;
            }
            try {
                socket.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
            } catch (IOException | RuntimeException closing) {
                // Closing at this moment: its onClose forgets it.
            }
        }
    }
}
