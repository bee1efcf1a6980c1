package dev.tandem.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code ./mvnw -Pbench clean verify -Dbench.mode=heap-soak}: the load of issue 12 on Tandem's relay
 * alone, on a 1 GB heap under the JVM's default collector (G1, whose young collections leave old
 * data alone): three visitors each sending ten messages a second, each one text change of 300,000
 * characters, with a fresh snapshot every {@value #SNAPSHOT_EVERY} messages as a capture sends when
 * asked (so the catch-up stays small and what is measured is the reading of messages). Every five
 * seconds it reads the old generation's occupancy with {@code jstat} (no collection forced), and at
 * the end the live heap after a full collection. Writes {@code bench/target/heap-soak.txt}; nothing
 * in docs/ (the figure in docs/operations.md is copied from it).
 */
final class HeapSoak {

    static final int VISITORS = 3;
    static final int MESSAGES_PER_SECOND = 10;
    static final int TEXT_CHARS = 300_000;
    static final int SNAPSHOT_EVERY = 20;

    private HeapSoak() {
    }

    static void run(Path repo) throws Exception {
        Duration length = Duration.ofSeconds(Long.getLong("tandem.bench.soak-seconds", 180));
        try (BenchServer server = new BenchServer(repo, BenchServer.OTHER_JVM_OPTIONS)) {
            server.start();
            ProductRelay tandem = BenchMain.Relays.on(server).tandem();
            Trace page = Trace.tiny();
            List<Relay.BenchSession> visitors = new ArrayList<>();
            for (int i = 0; i < VISITORS; i++) {
                visitors.add(tandem.open(3_000_000 + i, 0, page, new LoadStats()));
            }
            String text = "x".repeat(TEXT_CHARS);
            List<Long> oldGenBytes = new ArrayList<>();
            long before = oldGenerationBytes(server.pid());
            long start = System.nanoTime();
            long seq = 1;
            long nextSample = start;
            for (long tick = 0; System.nanoTime() - start < length.toNanos(); tick++) {
                long due = start + tick * 1_000_000_000L / MESSAGES_PER_SECOND;
                for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
                    LockSupport.parkNanos(due - now); // pacing the load, as an open-loop generator does
                }
                seq++;
                for (Relay.BenchSession s : visitors) {
                    List<String> events = seq % SNAPSHOT_EVERY == 0 ? List.of(page.opening())
                            : List.of("{\"type\":3,\"timestamp\":" + seq + ",\"data\":{\"source\":0,\"texts\":[{\"id\":2,\"value\":\""
                                    + text + "\"}],\"attributes\":[],\"removes\":[],\"adds\":[]}}");
                    s.visitor().send(tandem.frame(seq, events));
                }
                if (System.nanoTime() >= nextSample) {
                    oldGenBytes.add(oldGenerationBytes(server.pid()));
                    nextSample += 5_000_000_000L;
                }
            }
            for (Relay.BenchSession s : visitors) {
                if (s.visitor().closed.isDone()) {
                    throw new IllegalStateException("a visitor stream was closed during the soak: " + s.visitor().closed.getNow(null));
                }
            }
            int fullCollections = fullCollections(server.pid());
            long live = new HeapProbe(server.pid()).liveHeapBytes();
            visitors.forEach(Relay.BenchSession::close);
            List<Long> lastMinute = oldGenBytes.subList(Math.max(0, oldGenBytes.size() - 12), oldGenBytes.size());
            String result = String.format(Locale.ROOT,
                    "heap soak: %d visitors x %d messages/s x %d characters for %d s, server %s%n"
                            + "old generation (jstat OU, no forced collection): %.0f MB at the start; last minute min %.0f MB, max %.0f MB;"
                            + " whole soak max %.0f MB%n"
                            + "full collections during the soak: %d; live heap after a full collection at the end: %.0f MB%n",
                    VISITORS, MESSAGES_PER_SECOND, TEXT_CHARS, length.toSeconds(), BenchServer.OTHER_JVM_OPTIONS,
                    mb(before), mb(lastMinute.stream().mapToLong(Long::longValue).min().orElse(0)),
                    mb(lastMinute.stream().mapToLong(Long::longValue).max().orElse(0)),
                    mb(oldGenBytes.stream().mapToLong(Long::longValue).max().orElse(0)), fullCollections, mb(live));
            BenchMain.log(result);
            Files.writeString(repo.resolve("bench/target/heap-soak.txt"), result);
        }
    }

    private static double mb(long bytes) {
        return bytes / 1_000_000.0;
    }

    /** {@code jstat -gc}'s OU column (KB), in bytes. */
    static long oldGenerationBytes(long pid) throws IOException, InterruptedException {
        return (long) (column(jstat(pid), "OU") * 1024);
    }

    static int fullCollections(long pid) throws IOException, InterruptedException {
        return (int) column(jstat(pid), "FGC");
    }

    static double column(String jstatOutput, String name) {
        String[] lines = jstatOutput.strip().split("\\R");
        String[] header = lines[0].trim().split("\\s+");
        String[] values = lines[lines.length - 1].trim().split("\\s+");
        for (int i = 0; i < header.length; i++) {
            if (header[i].equals(name)) {
                return Double.parseDouble(values[i]);
            }
        }
        throw new IllegalStateException("no " + name + " in jstat output");
    }

    private static String jstat(long pid) throws IOException, InterruptedException {
        String jstat = ProcessHandle.current().info().command().map(c -> c.replaceAll("java$", "jstat")).orElse("jstat");
        Process p = new ProcessBuilder(jstat, "-gc", Long.toString(pid)).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return output;
    }
}
