package dev.tandem.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The server's live heap after a full collection, through the JDK's {@code jcmd} (the same JDK that runs the server). */
final class HeapProbe {

    private final long pid;

    private final String jcmd;

    HeapProbe(long pid) {
        this(pid, ProcessHandle.current().info().command().map(c -> c.replaceAll("java$", "jcmd")).orElse("jcmd"));
    }

    /** With the {@code jcmd} of the JDK that runs the server. */
    HeapProbe(long pid, String jcmd) {
        this.pid = pid;
        this.jcmd = jcmd;
    }

    /**
     * The bytes of all live objects, from the class histogram's total ({@code jcmd GC.class_histogram}
     * collects first and counts only reachable objects): exact to the byte under any collector, where
     * {@code GC.heap_info} is printed differently by each (ZGC rounds to megabytes).
     */
    long liveHeapBytes() throws IOException, InterruptedException {
        return liveHeap().total();
    }

    /** The live heap after a full collection: its total and its bytes by class, from one class histogram. */
    LiveHeap liveHeap() throws IOException, InterruptedException {
        return LiveHeap.of(classHistogram());
    }

    /**
     * The live heap once the server has let go of what closed connections held: read every
     * {@code SETTLE_EVERY} until two readings in a row differ by less than {@code SETTLE_BYTES}
     * (at most {@code SETTLE_AT_MOST}), so that one relay's leftovers are not counted against the next.
     */
    LiveHeap settled() throws IOException, InterruptedException {
        LiveHeap last = liveHeap();
        long deadline = System.nanoTime() + SETTLE_AT_MOST.toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(SETTLE_EVERY.toMillis()); // the server's own time-outs and tasks run meanwhile
            LiveHeap next = liveHeap();
            boolean steady = Math.abs(next.total() - last.total()) < SETTLE_BYTES;
            last = next;
            if (steady) {
                break;
            }
        }
        return last;
    }

    static final java.time.Duration SETTLE_EVERY = java.time.Duration.ofSeconds(3);
    static final java.time.Duration SETTLE_AT_MOST = java.time.Duration.ofSeconds(45);
    static final long SETTLE_BYTES = 256 * 1024;

    /** One class histogram's figures: the bytes of all live objects, and by class. */
    record LiveHeap(long total, Map<String, Long> byClass) {

        static LiveHeap of(String histogram) {
            Matcher m = TOTAL.matcher(histogram);
            if (!m.find()) {
                throw new IllegalStateException("jcmd GC.class_histogram gave no total");
            }
            return new LiveHeap(Long.parseLong(m.group(1)), bytesByClass(histogram));
        }

        /**
         * What grew from {@code before} to this, per {@code connections}: the total, and every class
         * whose bytes changed (a class that shrank is negative).
         */
        Growth since(LiveHeap before, int connections) {
            Map<String, Double> byClass = new HashMap<>();
            java.util.Set<String> names = new java.util.HashSet<>(byClass().keySet());
            names.addAll(before.byClass().keySet());
            for (String name : names) {
                long grown = byClass().getOrDefault(name, 0L) - before.byClass().getOrDefault(name, 0L);
                if (grown != 0) {
                    byClass.put(name, grown / (double) connections);
                }
            }
            return new Growth((total - before.total) / (double) connections, byClass);
        }
    }

    /** Live heap grown per connection: in all, and by class. */
    record Growth(double perConnection, Map<String, Double> byClass) {
    }

    private static final Pattern TOTAL = Pattern.compile("(?m)^\\s*Total\\s+\\d+\\s+(\\d+)");

    /** {@code jcmd GC.class_histogram} (which collects first): instances and bytes by class. */
    String classHistogram() throws IOException, InterruptedException {
        return run("GC.class_histogram");
    }

    /** The classes whose bytes grew most between two histograms, per {@code connections}, largest first. */
    static List<String> growth(String before, String after, int connections) {
        Map<String, Long> old = bytesByClass(before);
        return bytesByClass(after).entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - old.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(40)
                .map(e -> String.format("%8.0f  %s", e.getValue() / (double) connections, e.getKey()))
                .toList();
    }

    private static Map<String, Long> bytesByClass(String histogram) {
        Map<String, Long> bytes = new HashMap<>();
        Matcher m = HISTO_LINE.matcher(histogram);
        while (m.find()) {
            bytes.merge(m.group(2), Long.parseLong(m.group(1)), Long::sum);
        }
        return bytes;
    }

    private static final Pattern HISTO_LINE = Pattern.compile("(?m)^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)");

    private String run(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return output;
    }
}
