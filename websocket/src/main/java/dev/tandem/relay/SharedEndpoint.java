package dev.tandem.relay;

import jakarta.enterprise.inject.spi.CDI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One endpoint instance for every connection, the application-scoped bean itself, in place of the
 * container's default of a new instance per connection. Every connection's state is kept in its
 * socket's user properties, never in the endpoint, so one instance serves all; the default cost each
 * connection a managed instance of its own with its injections, among them a proxy for every
 * enterprise bean it uses, about a third of a viewer connection's live heap (docs/benchmarks.md, M5).
 * The Jakarta WebSocket specification lets a configurator return the same instance every time.
 * Held by the configurator (one per endpoint class and deployment), looked up on the first connection.
 */
final class SharedEndpoint {

    private final Map<Class<?>, Object> instances = new ConcurrentHashMap<>();

    <T> T of(Class<T> endpointClass) {
        return endpointClass.cast(instances.computeIfAbsent(endpointClass, c -> CDI.current().select(c).get()));
    }
}
