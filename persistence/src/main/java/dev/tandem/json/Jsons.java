package dev.tandem.json;

import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonReaderFactory;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParserFactory;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * The JSON-P provider and factories, looked up once for the whole application. {@code Json.createReader}
 * and {@code Json.createObjectBuilder} look the provider up again on each call (a ServiceLoader scan
 * through the module's jars): in the benchmark's Flight Recorder profile that lookup was 62 % of the
 * server's CPU samples in the relay, and the largest cost of starting a session and joining one
 * (docs/benchmarks.md). Use these instead of {@code jakarta.json.Json}.
 *
 * <p>The reader and parser factories read into the bounded {@link #BUFFERS} instead of the
 * provider's own unbounded pool. The pool is handed over through the standard configuration map,
 * under the property Parsson honours ({@value #PARSSON_BUFFER_POOL}, whose value must implement
 * that interface); with another provider, which would not know the property, the map is empty.
 */
public final class Jsons {

    /** Parsson's configuration property for a parser's buffer pool (the name of its interface). */
    static final String PARSSON_BUFFER_POOL = "org.eclipse.parsson.api.BufferPool";

    public static final JsonProvider PROVIDER = JsonProvider.provider();
    /** The buffers every reader and parser of this application reads into: bounded. */
    public static final CharBufferPool BUFFERS = new CharBufferPool();
    private static final Map<String, ?> READING = readingConfig(PROVIDER, BUFFERS);
    public static final JsonBuilderFactory BUILDERS = PROVIDER.createBuilderFactory(Map.of());
    public static final JsonReaderFactory READERS = PROVIDER.createReaderFactory(READING);
    public static final JsonParserFactory PARSERS = PROVIDER.createParserFactory(READING);

    private Jsons() {
    }

    /**
     * The configuration that makes the provider's readers use {@code pool}: for Parsson, its
     * buffer-pool interface implemented (loaded from the provider, so no compile-time dependency)
     * by a proxy onto the pool; for a provider without that interface, nothing.
     */
    static Map<String, ?> readingConfig(JsonProvider provider, CharBufferPool pool) {
        Class<?> poolType;
        try {
            poolType = Class.forName(PARSSON_BUFFER_POOL, false, provider.getClass().getClassLoader());
        } catch (ClassNotFoundException notParsson) {
            return Map.of();
        }
        Object adapter = Proxy.newProxyInstance(poolType.getClassLoader(), new Class<?>[] {poolType}, (proxy, method, args) -> switch (method.getName()) {
            case "take" -> pool.take();
            case "recycle" -> {
                pool.recycle((char[]) args[0]);
                yield null;
            }
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            case "toString" -> "CharBufferPool";
            default -> throw new UnsupportedOperationException(method.getName());
        });
        return Map.of(PARSSON_BUFFER_POOL, adapter);
    }
}
