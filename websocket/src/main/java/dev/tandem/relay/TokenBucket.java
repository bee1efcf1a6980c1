package dev.tandem.relay;

/**
 * A token bucket: up to {@code burst} messages at once, then {@code perSecond} on average. A
 * visitor's page sends at a steady pace, but what it sent during a short stall of the network or
 * the server arrives at once; a fixed one-second window would refuse that burst although the page
 * never sent faster than allowed. The bucket starts full and refills continuously. One per
 * connection, used from that connection's messages only (the container delivers them one at a
 * time), so not synchronized. Time is passed in (nanoseconds, as from {@link System#nanoTime()}).
 */
final class TokenBucket {

    /** One message's worth, in the unit tokens are counted in: a token per second times nanoseconds. */
    private static final long ONE = 1_000_000_000L;

    private final long capacity;
    private final long perSecond;
    private long tokens;
    private long last;

    TokenBucket(int burst, int perSecond, long nowNanos) {
        if (burst < 1 || perSecond < 1) {
            throw new IllegalArgumentException("burst and rate must be at least 1");
        }
        this.capacity = burst * ONE;
        this.perSecond = perSecond;
        this.tokens = capacity;
        this.last = nowNanos;
    }

    /** Takes one token if there is one; false when the sender is over its rate and burst. */
    boolean tryTake(long nowNanos) {
        long elapsed = nowNanos - last;
        if (elapsed > 0) {
            // Integer arithmetic, so that a second refills exactly perSecond tokens.
            tokens = elapsed >= (capacity - tokens) / perSecond + 1 ? capacity : tokens + elapsed * perSecond;
            last = nowNanos;
        }
        if (tokens >= ONE) {
            tokens -= ONE;
            return true;
        }
        return false;
    }
}
