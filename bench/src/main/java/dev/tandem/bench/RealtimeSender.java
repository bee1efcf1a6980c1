package dev.tandem.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Puts the calling thread (the generator's one sender thread) in the kernel's real-time class
 * ({@code chrt -f -p 1 TID}, SCHED_FIFO at the lowest real-time priority), where the machine allows
 * it (root or CAP_SYS_NICE, and {@code chrt} installed). On one core shared with the generator's own
 * receiving threads (and with whatever else runs on a shared machine), a sender in the normal class
 * waits for a time slice after each due time; in the real-time class it runs when it wakes. It only
 * hands frames to their sockets, so it takes little of the core. Whether it took effect is reported,
 * and the send lag it was meant to keep small is measured in every run either way.
 * {@code -Dtandem.bench.sender.realtime=false} turns it off.
 */
final class RealtimeSender {

    private RealtimeSender() {
    }

    /** True if the calling thread now runs SCHED_FIFO. */
    static boolean raiseCallingThread() {
        if (!wanted() || !Files.isExecutable(Path.of("/usr/bin/chrt"))) {
            return false;
        }
        try {
            // /proc/thread-self is the calling thread's own task directory: its name is the kernel's thread id.
            String tid = Path.of("/proc/thread-self").toRealPath().getFileName().toString();
            Process chrt = new ProcessBuilder("/usr/bin/chrt", "-f", "-p", "1", tid).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (chrt.waitFor() != 0) {
                return false;
            }
            return schedulingPolicy(Files.readString(Path.of("/proc/thread-self/stat"))) == 1; // SCHED_FIFO
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static boolean wanted() {
        return Boolean.parseBoolean(System.getProperty("tandem.bench.sender.realtime", "true"));
    }

    /** The scheduling policy field (41st) of a {@code /proc/.../stat} line; the command name may hold spaces and parentheses. */
    static int schedulingPolicy(String stat) {
        String[] rest = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Integer.parseInt(rest[41 - 3]);
    }
}
