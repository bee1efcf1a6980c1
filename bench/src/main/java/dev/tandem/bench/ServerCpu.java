package dev.tandem.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // Fields 14 and 15 of the file (utime, stime) are 12 and 13 after the command name.
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
