package dev.tandem.relay;

/**
 * How deeply a stream message may nest, and how the JSON parser's refusal of deeper input is told
 * apart from malformed input. Parsson (JSON-P) reads at most {@value #MAX_DEPTH} levels, counting
 * the message object itself (its own limit of 1000 is the first depth it refuses), and refuses deeper input with a plain {@link RuntimeException} ("Input is
 * too deeply nested"), not a {@code JsonException}: caught as such, it would otherwise reach the
 * socket's error handler and the message be neither relayed nor refused. {@code NestingLimitTest}
 * pins the limit, so that a parser upgrade that changes it is noticed.
 */
final class NestingLimit {

    static final int MAX_DEPTH = 999;

    private NestingLimit() {
    }

    /** The close (1009) for the parser's depth refusal; anything else is not ours to map, and is thrown again. */
    static StreamViolation refusal(RuntimeException failure) {
        if (failure.getClass() == RuntimeException.class) {
            return new StreamViolation(StreamViolation.TOO_BIG, "nested too deep");
        }
        throw failure;
    }
}
