package dev.tandem.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** CPU time (user + system) the server process has used so far, from {@code /proc/PID/stat}. */
public final class ServerCpu {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private final long pid;

    public ServerCpu(long pid) {
        this.pid = pid;
    }

    /** For runs where the server is not ours to measure (the smoke test). */
    public static ServerCpu none() {
        return new ServerCpu(-1);
    }

    public double seconds() {
        if (pid < 0) {
            return 0;
        }
        try {
            return cpuSeconds(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * CPU seconds used so far by each group of the server's threads, grouped by name without its
     * trailing number ({@code default I/O-3} and {@code default I/O-7} are one group; names as the
     * kernel keeps them, at most 15 characters): where a relay's CPU goes, including the JVM's own
     * collector and compiler threads, which a sampling profiler does not see.
     */
    public Map<String, Double> byThreadGroup() {
        Map<String, Double> groups = new TreeMap<>();
        if (pid < 0) {
            return groups;
        }
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+$", "");
                    groups.merge(name, cpuSeconds(stat), Double::sum);
                } catch (IOException gone) {
                    // The thread ended while being read: its time is no longer the process's to split.
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return groups;
    }

    /** What each group used between two readings of {@link #byThreadGroup()}. */
    public static Map<String, Double> used(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> used = new TreeMap<>();
        after.forEach((group, seconds) -> used.put(group, seconds - before.getOrDefault(group, 0.0)));
        return used;
    }

    /** User + system CPU seconds from a process's or thread's {@code stat} line. */
    private static double cpuSeconds(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // Fields 14 and 15 of the file (utime, stime) are 12 and 13 after the command name.
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    }

    /** Resident memory of the server process, in bytes. */
    public long residentBytes() {
        if (pid < 0) {
            return 0;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            return 0;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
