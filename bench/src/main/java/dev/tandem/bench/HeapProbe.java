package dev.tandem.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The server's live heap after a full collection, through the JDK's {@code jcmd} (the same JDK that runs the server). */
final class HeapProbe {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private final long pid;

    HeapProbe(long pid) {
        this.pid = pid;
    }

    long liveHeapBytes() throws IOException, InterruptedException {
        run("GC.run");
        run("GC.run");
        String info = run("GC.heap_info");
        Matcher m = USED.matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("jcmd GC.heap_info gave no used size");
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    private String run(String command) throws IOException, InterruptedException {
        String jcmd = ProcessHandle.current().info().command().map(c -> c.replaceAll("java$", "jcmd")).orElse("jcmd");
        Process p = new ProcessBuilder(jcmd, Long.toString(pid), command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return output;
    }
}
