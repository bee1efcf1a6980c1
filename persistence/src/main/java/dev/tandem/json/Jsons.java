package dev.tandem.json;

import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonReaderFactory;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParserFactory;
import java.util.Map;

/**
 * The JSON-P provider and factories, looked up once for the whole application. {@code Json.createReader}
 * and {@code Json.createObjectBuilder} look the provider up again on each call (a ServiceLoader scan
 * through the module's jars): in the benchmark's Flight Recorder profile that lookup was 62 % of the
 * server's CPU samples in the relay, and the largest cost of starting a session and joining one
 * (docs/benchmarks.md). Use these instead of {@code jakarta.json.Json}.
 */
public final class Jsons {

    public static final JsonProvider PROVIDER = JsonProvider.provider();
    public static final JsonBuilderFactory BUILDERS = PROVIDER.createBuilderFactory(Map.of());
    public static final JsonReaderFactory READERS = PROVIDER.createReaderFactory(Map.of());
    public static final JsonParserFactory PARSERS = PROVIDER.createParserFactory(Map.of());

    private Jsons() {
    }
}
