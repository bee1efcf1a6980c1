package dev.tandem.bench;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A workload: the rrweb events a real page produced in headless Chromium. The opening (Meta and
 * FullSnapshot) starts every session; the incremental events are replayed in a loop, each one
 * stamped with the benchmark's own field {@code "b":[session, seq, intendedSendNanos]}, which both
 * relays pass through untouched.
 */
public record Trace(String name, String opening, List<String> incrementals, int snapshotBytes) {

    /** Reads a trace file: a JSON array of rrweb events as rrweb emitted them. */
    public static Trace read(String name, Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            JsonArray events = Json.createReader(reader).readArray();
            List<String> opening = new ArrayList<>();
            List<String> rest = new ArrayList<>();
            int snapshotBytes = 0;
            for (JsonValue value : events) {
                JsonObject event = value.asJsonObject();
                int type = event.getInt("type");
                if (type == 4 || type == 2) {
                    if (type == 2) {
                        opening.clear();
                        rest.clear();
                        snapshotBytes = event.toString().getBytes(StandardCharsets.UTF_8).length;
                    }
                    opening.add(event.toString());
                } else if (type == 3) {
                    rest.add(event.toString());
                }
            }
            if (opening.isEmpty() || rest.isEmpty()) {
                throw new IllegalStateException(file + " has no snapshot or no incremental events");
            }
            return new Trace(name, String.join(",", opening), rest, snapshotBytes);
        }
    }

    /** A synthetic trace for the smoke test: a tiny page and scroll events. */
    public static Trace tiny() {
        String meta = "{\"type\":4,\"timestamp\":1,\"data\":{\"href\":\"https://bench.example/\",\"width\":1280,\"height\":720}}";
        String snapshot = "{\"type\":2,\"timestamp\":2,\"data\":{\"node\":{\"type\":0,\"id\":1,\"childNodes\":[{\"type\":2,\"id\":2,"
                + "\"tagName\":\"html\",\"attributes\":{},\"childNodes\":[]}]},\"initialOffset\":{\"left\":0,\"top\":0}}}";
        List<String> scrolls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            scrolls.add("{\"type\":3,\"timestamp\":" + (10 + i) + ",\"data\":{\"source\":3,\"id\":1,\"x\":0,\"y\":" + (i * 10) + "}}");
        }
        return new Trace("tiny", meta + "," + snapshot, scrolls, snapshot.length());
    }

    /** The incremental event number {@code i} (cycling) stamped for the benchmark. */
    public String stamped(int i, int session, long seq, long intendedNanos) {
        String event = incrementals.get(i % incrementals.size());
        return "{\"b\":[" + session + "," + seq + "," + intendedNanos + "]," + event.substring(1);
    }
}
