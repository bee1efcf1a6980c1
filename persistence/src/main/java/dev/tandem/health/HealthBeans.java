package dev.tandem.health;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Produces the application's one {@link InFlightRequests} and one {@link ApplicationDatabase} in the
 * {@code @Singleton} pseudo-scope: whoever injects them holds the instance itself, not a contextual
 * proxy, so the health checks can use them on a server thread where no application scope is active
 * (Payara calls health checks on such a thread).
 */
@Dependent
public class HealthBeans {

    @Produces
    @Singleton
    static InFlightRequests inFlightRequests() {
        return new InFlightRequests();
    }

    @Produces
    @Singleton
    static ApplicationDatabase applicationDatabase() {
        return new ApplicationDatabase();
    }
}
