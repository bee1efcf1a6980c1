package dev.tandem.relay;

import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonReaderFactory;
import jakarta.json.spi.JsonProvider;
import java.util.Map;

/**
 * The JSON-P factories the relay uses on every message, looked up once. {@code Json.createReader}
 * and {@code Json.createObjectBuilder} look the provider up again on each call (a ServiceLoader
 * scan through the module's jars): in the benchmark's Flight Recorder profile that lookup was 62 %
 * of the server's CPU samples under load (docs/benchmarks.md).
 */
final class Jsons {

    private static final JsonProvider PROVIDER = JsonProvider.provider();
    static final JsonBuilderFactory BUILDERS = PROVIDER.createBuilderFactory(Map.of());
    static final JsonReaderFactory READERS = PROVIDER.createReaderFactory(Map.of());

    private Jsons() {
    }
}
