package dev.tandem.relay;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The relay's bounds, all configurable (see docs/operations.md). A visitor message larger than
 * {@code maxMessageBytes} closes the stream with 1009. Its {@code events} messages pass a token
 * bucket: {@code burstMessages} at once, {@code maxMessagesPerSecond} on average; beyond, 1013
 * (the page may reconnect and resync). Per session the relay keeps the latest full snapshot and the events since, up to
 * {@code bufferMaxBytes} and {@code bufferMaxEvents}; past either it asks the visitor for a fresh
 * snapshot. An agent whose unsent messages pass {@code agentQueueMaxBytes} is closed with 1013.
 * A compressed visitor message may inflate to {@code maxMessageBytes} and to {@code maxInflateRatio}
 * times its own size (0 turns compressed messages off: the relay refuses them as before).
 * Every {@code pingIntervalSeconds} both kinds of socket get a WebSocket ping ({@link KeepAlive}).
 */
@ApplicationScoped
public class StreamLimits {

    @Inject
    @ConfigProperty(name = "tandem.stream.max-message-bytes", defaultValue = "8388608")
    int maxMessageBytes;

    @Inject
    @ConfigProperty(name = "tandem.stream.max-messages-per-second", defaultValue = "30")
    int maxMessagesPerSecond;

    @Inject
    @ConfigProperty(name = "tandem.stream.burst-messages", defaultValue = "100")
    int burstMessages;

    @Inject
    @ConfigProperty(name = "tandem.stream.ping-interval-seconds", defaultValue = "30")
    int pingIntervalSeconds;

    @Inject
    @ConfigProperty(name = "tandem.stream.buffer-max-bytes", defaultValue = "16777216")
    long bufferMaxBytes;

    @Inject
    @ConfigProperty(name = "tandem.stream.buffer-max-events", defaultValue = "5000")
    int bufferMaxEvents;

    @Inject
    @ConfigProperty(name = "tandem.stream.agent-queue-max-bytes", defaultValue = "33554432")
    long agentQueueMaxBytes;

    @Inject
    @ConfigProperty(name = "tandem.stream.hello-timeout-seconds", defaultValue = "10")
    int helloTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "tandem.stream.max-inflate-ratio", defaultValue = "50")
    int maxInflateRatio;

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    public int maxMessagesPerSecond() {
        return maxMessagesPerSecond;
    }

    public int burstMessages() {
        return burstMessages;
    }

    public int pingIntervalSeconds() {
        return pingIntervalSeconds;
    }

    public long bufferMaxBytes() {
        return bufferMaxBytes;
    }

    public int bufferMaxEvents() {
        return bufferMaxEvents;
    }

    public long agentQueueMaxBytes() {
        return agentQueueMaxBytes;
    }

    public int helloTimeoutSeconds() {
        return helloTimeoutSeconds;
    }

    /** The most a compressed visitor message may inflate, as a multiple of its compressed size; 0: compressed messages are refused. */
    public int maxInflateRatio() {
        return Math.max(0, maxInflateRatio);
    }
}
