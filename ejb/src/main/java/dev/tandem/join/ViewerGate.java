package dev.tandem.join;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.time.Clock;

/**
 * Every five seconds, closes viewer connections whose agent pass expired or was revoked since they
 * were admitted (close code 1008). Revocation and sign-out close connections at once; this is the
 * net for passes that simply run out. A container timer, not a thread.
 */
@Singleton
public class ViewerGate {

    @Inject
    AgentJoins joins;

    @Inject
    Clock clock;

    @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false, info = "tandem-viewer-gate")
    void check() {
        joins.closeLapsed(clock.instant());
    }
}
