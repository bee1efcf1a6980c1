package dev.tandem.join;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import dev.tandem.nodes.SharedKeys;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Holds the join-ticket server keys and replaces the current one every
 * {@code tandem.join.key-rotation-seconds} (60 by default) with a container timer: no thread of its
 * own, nothing written to disk or the database. In a cluster the ring is the one all nodes share
 * ({@link SharedKeys}), and exactly one node rotates it in each interval. {@link #rotate()} is also what an operator calls to cut every
 * outstanding ticket short (twice in a row drops both keys).
 */
@Singleton
@Startup
@Lock(LockType.READ)
public class ServerKeys {

    @Inject
    @ConfigProperty(name = "tandem.join.key-rotation-seconds", defaultValue = "60")
    long rotationSeconds;

    @Inject
    Clock clock;

    @Resource
    TimerService timers;

    @Inject
    SharedKeys shared;

    private ServerKeyRing ring;
    private JoinTicketSigner signer;

    @PostConstruct
    void start() {
        if (rotationSeconds < 10 || rotationSeconds > 3600) {
            throw new IllegalArgumentException("tandem.join.key-rotation-seconds must be 10 to 3600, was " + rotationSeconds);
        }
        ring = new ServerKeyRing(new SecureRandom(), shared.store(), clock.instant());
        signer = new JoinTicketSigner(ring, interval());
        long millis = rotationSeconds * 1000;
        TimerConfig config = new TimerConfig("tandem-server-key-rotation", false);
        timers.createIntervalTimer(millis, millis, config);
    }

    /** Every node's timer fires; the first in each interval rotates, the others find the key fresh. */
    @Timeout
    void scheduled() {
        ring.rotateIfDue(clock.instant(), interval());
    }

    /** Replaces the current key now. */
    public void rotate() {
        ring.rotate(clock.instant());
    }

    public Duration interval() {
        return Duration.ofSeconds(rotationSeconds);
    }

    /** A ticket for this agent and session, signed now under the current key. */
    public String issue(String ticketId, String sessionRef, String subject, String privileges) {
        return signer.sign(ticketId, sessionRef, subject, privileges, clock.instant());
    }

    public JoinTicketSigner.Check check(String token, Instant now) {
        return signer.check(token, now);
    }
}
