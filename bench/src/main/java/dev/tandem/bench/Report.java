package dev.tandem.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/**
 * The benchmark's figures, as the Markdown page docs/benchmarks.md (with inline SVG charts) and as
 * JSON. Every sentence with a number in it is written from this run's figures or from the
 * benchmark's own constants (loads, durations, targets); what earlier runs found is in
 * docs/benchmark-history.md, written by hand and marked as such.
 */
final class Report {

    private static final String NULL = "null relay";
    private static final String TANDEM = "tandem";

    private final String mode;
    private final LoadPlan plan;
    private final int scale;
    private final List<OpenLoopLoad.Result> loads = new ArrayList<>();
    private final List<OpenLoopLoad.Result> repeats = new ArrayList<>();
    private final List<OpenLoopLoad.Result> tripwireOff = new ArrayList<>();
    private final List<OpenLoopLoad.Result> capacity = new ArrayList<>();
    private final List<OpenLoopLoad.Result> java25 = new ArrayList<>();
    /** M5's figure per relay: the median of its rounds. */
    private final Map<String, Double> memory = new LinkedHashMap<>();
    /** M5's rounds in the order run (null relay first in each): {relay, round, growth}. */
    private final List<Object[]> memoryRounds = new ArrayList<>();
    private String memoryLoadBefore = "";
    private String memoryLoadAfter = "";
    private double memorySeconds;
    private boolean memoryAlone;
    private final Map<String, Double> java25Memory = new LinkedHashMap<>();
    private final List<String> traces = new ArrayList<>();
    private final List<WireBytes> wire = new ArrayList<>();
    private final List<PointerLoad.Result> pointer = new ArrayList<>();
    private String pointerLoadBefore = "";
    private String pointerLoadAfter = "";
    private double pointerSeconds;
    private boolean pointerAlone;
    private int pointerAgents;
    private final Map<String, String> failures = new LinkedHashMap<>();
    private final List<Object[]> auditChain = new ArrayList<>(); // {Boolean chain, Histogram starts, Histogram joins}
    private OpenLoopLoad.Result nullCatchUpLoad;
    private OpenLoopLoad.Result catchUpLoad;
    private BenchMain.CatchUp nullCatchUp;
    private BenchMain.CatchUp catchUp;
    private double[] buffered;
    private String machine = "";
    private String serverJava = "";
    private String serverOptions = "";
    private String java25Version = "";
    private String java25Options = "";
    private String loadBefore = "";
    private String loadAfter = "";
    private double seconds;

    Report(String mode, LoadPlan plan, int scale) {
        this.mode = mode;
        this.plan = plan;
        this.scale = scale;
    }

    void trace(Trace t) {
        traces.add(String.format(Locale.ROOT, "| %s | %,d bytes | %d |", t.name(), t.snapshotBytes(), t.incrementals().size()));
        wire.add(WireBytes.of(t));
    }

    void failure(String section, String error) {
        failures.put(section, error);
    }

    void server(BenchServer server) {
        serverJava = server.javaVersion();
        serverOptions = server.jvmOptions();
    }

    void java25Server(BenchServer server) {
        java25Version = server.javaVersion();
        java25Options = server.jvmOptions();
    }

    void load(OpenLoopLoad.Result r) {
        loads.add(r);
    }

    /** The top M1 load again, after the sweep: rounds 2, 3, ... in the order run, null relay first in each. */
    void repeat(OpenLoopLoad.Result r) {
        repeats.add(r);
    }

    /** Tandem at the top load with the PII tripwire off, one per round, run right after that round's Tandem run. */
    void tripwireOff(OpenLoopLoad.Result r) {
        tripwireOff.add(r);
    }

    void capacity(OpenLoopLoad.Result r) {
        capacity.add(r);
    }

    void java25(OpenLoopLoad.Result r) {
        java25.add(r);
    }

    void java25Memory(String relay, double bytesPerConnection) {
        java25Memory.put(relay, bytesPerConnection);
    }

    void catchUp(OpenLoopLoad.Result nullLoad, BenchMain.CatchUp nullJoins, OpenLoopLoad.Result tandemLoad, BenchMain.CatchUp tandemJoins) {
        nullCatchUpLoad = nullLoad;
        nullCatchUp = nullJoins;
        catchUpLoad = tandemLoad;
        catchUp = tandemJoins;
    }

    void auditChain(boolean chain, Histogram starts, Histogram joins) {
        auditChain.add(new Object[] {chain, starts, joins});
    }

    void memory(String relay, double bytesPerConnection) {
        memory(relay, 1 + (int) memoryRounds.stream().filter(r -> r[0].equals(relay)).count(),
                new HeapProbe.Growth(bytesPerConnection, Map.of()));
    }

    /** One round of M5 for one relay: what idle connections grew the live heap by, in all and by class. */
    void memory(String relay, int round, HeapProbe.Growth growth) {
        memoryRounds.add(new Object[] {relay, round, growth});
        memory.put(relay, median(memoryOf(relay).stream().mapToDouble(HeapProbe.Growth::perConnection).toArray()));
    }

    private List<HeapProbe.Growth> memoryOf(String relay) {
        return memoryRounds.stream().filter(r -> r[0].equals(relay)).map(r -> (HeapProbe.Growth) r[2]).toList();
    }

    /** As {@link #pointerRun}, for M5 ({@code -Dbench.only=memory}). */
    void memoryRun(boolean start, double secondsTaken, boolean alone) throws IOException {
        String text = loadAverageNow();
        if (start) {
            memoryLoadBefore = text;
        } else {
            memoryLoadAfter = text;
            memorySeconds = secondsTaken;
            memoryAlone = alone;
        }
    }

    void buffered(double[] rawAndHeap) {
        buffered = rawAndHeap;
    }

    void seconds(double s) {
        seconds = s;
    }

    /** M7: one pointer load, in the order run (null relay first in each round). */
    void pointer(PointerLoad.Result r) {
        pointer.add(r);
    }

    /**
     * M7's own circumstances: the machine's load average at its start and end, how long it took, how
     * many agents it signed in, and whether it ran on its own ({@code -Dbench.only=pointer}), when its
     * section replaces only itself in a page written by another run.
     */
    void pointerRun(boolean start, double secondsTaken, int agents, boolean alone) throws IOException {
        String text = loadAverageNow();
        if (start) {
            pointerLoadBefore = text;
        } else {
            pointerLoadAfter = text;
            pointerSeconds = secondsTaken;
            pointerAgents = agents;
            pointerAlone = alone;
        }
    }

    /** The machine's load average (what else ran: other builds on a shared machine) at the start or the end. */
    void loadAverage(boolean start) throws IOException {
        String text = loadAverageNow();
        if (start) {
            loadBefore = text;
        } else {
            loadAfter = text;
        }
    }

    private static String loadAverageNow() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " / " + f[1] + " / " + f[2];
    }

    void machine(long serverPid) throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 2)).orElse("unknown CPU");
        long memKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(0L);
        machine = String.format(Locale.ROOT, "%d cores (%s), %.1f GiB memory, %s %s; load generator on Java %s",
                Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("processor")).count(), cpu, memKb / 1024.0 / 1024.0, System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.version"));
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static String ratio(double product, double baseline) {
        return baseline <= 0 || Double.isNaN(baseline) ? "n/a" : String.format(Locale.ROOT, "%.2f×", product / baseline);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static OpenLoopLoad.Result find(List<OpenLoopLoad.Result> list, String relay, int sessions) {
        return list.stream().filter(r -> r.relay().equals(relay) && r.sessions() == sessions).findFirst().orElse(null);
    }

    private static final ToDoubleFunction<OpenLoopLoad.Result> P99 = r -> ms(r.latency(), 99);
    private static final ToDoubleFunction<OpenLoopLoad.Result> P999 = r -> ms(r.latency(), 99.9);
    private static final ToDoubleFunction<OpenLoopLoad.Result> CPU = OpenLoopLoad.Result::cpuMicrosPerDelivery;

    /** The generator's columns: its send lag at p99, its CPU as a share of one core, and whether the run is valid. */
    private static String generator(OpenLoopLoad.Result r) {
        return f("%.2f | %.0f %% | %s", ms(r.sendLag(), 99), r.generatorCpu() * 100, r.valid() ? "yes" : "**no**");
    }

    String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("# Benchmarks\n\n");
        b.append("Written by the benchmark itself (`bench/`, `Report.java`); do not edit by hand. Every sentence here with a number in it "
                + "is written from this run's figures or the benchmark's own settings; what earlier runs found, and what changed because of "
                + "it, is in [benchmark-history.md](benchmark-history.md). Command, from a fresh clone:\n\n");
        b.append("```sh\n./mvnw -Pbench clean verify\n```\n\n");
        b.append(f("Run on %s, mode %s, in %.0f s. Machine: %s. ", LocalDate.now(ZoneOffset.UTC), mode, seconds, machine));
        b.append(BenchServer.pinning()
                ? f("The server (with its PostgreSQL) ran pinned to core %s and the load generator to core %s (`taskset`), so that "
                        + "neither's CPU is the other's. ", BenchServer.SERVER_CORES, BenchServer.GENERATOR_CORES)
                : "Server and load generator were not pinned to cores (no `taskset`, or fewer than 2 cores): they shared the machine. ");
        b.append(f("The machine's load average (1/5/15 min) was %s at the start and %s at the end; it is shared, and other work on it "
                + "(builds and tests of other branches) adds noise to both relays alike, which is why every comparison below is a ratio "
                + "of two runs made back to back in this run.%n%n", loadBefore, loadAfter));

        OpenLoopLoad.Result any = loads.isEmpty() ? null : loads.get(0);
        if (any != null) {
            double perVisitor = any.eventsPerSecondPerVisitor();
            b.append(f("Every figure is measured for the **null relay** (a bare Jakarta WebSocket endpoint in the same server that forwards "
                    + "frames verbatim: no parsing, no checks, no buffering) and for **Tandem** (real sessions: visitor API, token, hello, "
                    + "DOM firewall, PII tripwire, per-agent queues; agents signed in through the identity provider, joined by key with "
                    + "ticket and pass), one after the other, after a warm-up of both (%d sessions for %d s each). The load is open-loop: "
                    + "each visitor sends %d events every %.0f ms (%.0f events/s) at fixed intended times, %d agents per session. One "
                    + "sender thread waits for each frame's exact due time (no tick); the generator's own lag behind those times and its "
                    + "CPU are measured in every run, and a run where its send lag p99 was above %.1f ms or its CPU above %.0f %% of a "
                    + "core is marked **invalid** (its latencies would be partly the generator's). Latency is measured from the intended "
                    + "send time (coordinated omission corrected) in HdrHistogram, over the events intended in the measured window "
                    + "(%d s after %d s of load), including those that arrive in the drain after it; \"lost\" counts what never arrived "
                    + "within 15 s of the window's end.%n%n",
                    plan.top(), BenchMain.WARM_UP.dividedBy(scale).toSeconds(), OpenLoopLoad.EVENTS_PER_FRAME,
                    OpenLoopLoad.EVENTS_PER_FRAME * 1000 / perVisitor, perVisitor, any.agentsPerSession(),
                    OpenLoopLoad.MAX_SEND_LAG_P99_MICROS / 1000.0, OpenLoopLoad.MAX_GENERATOR_CPU * 100, Math.round(any.seconds()),
                    mode.startsWith("quick") ? 2 : 5));
        }
        failures.forEach((section, error) -> b.append(f("**%s failed in this run** (so its figures are missing): `%s`%n%n", section,
                error.replace('`', '\'').replace('\n', ' '))));
        b.append(settings());
        b.append(loadSettings());
        b.append(targets());
        b.append("## Workloads (rrweb traces recorded in headless Chromium)\n\n| page | full snapshot | incremental events |\n|---|---|---|\n");
        traces.forEach(t -> b.append(t).append('\n'));
        b.append("\nLoad runs replay the bank-statement trace; M4 uses the catalog trace.\n\n");

        b.append("## M1 – visitor→agent latency\n\n| sessions | relay | p50 ms | p99 ms | p99.9 ms | max ms | lost | reordered | p99 ratio "
                + "| generator send lag p99 ms | generator CPU | valid |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (OpenLoopLoad.Result r : loads) {
            OpenLoopLoad.Result base = find(loads, NULL, r.sessions());
            b.append(f("| %d | %s | %.2f | %.2f | %.2f | %.2f | %d | %d | %s | %s |%n", r.sessions(), r.relay(), ms(r.latency(), 50),
                    ms(r.latency(), 99), ms(r.latency(), 99.9), r.latency().getMaxValue() / 1000.0, r.lost(), r.reordered(),
                    r.relay().equals(TANDEM) && base != null ? ratio(P99.applyAsDouble(r), P99.applyAsDouble(base)) : "", generator(r)));
        }
        b.append('\n').append(latencyChart()).append("\n\n");
        b.append(spread());

        b.append("## M2 – server CPU per delivered event\n\n| sessions | deliveries/s | null relay µs | Tandem µs | ratio |\n|---|---|---|---|---|\n");
        for (OpenLoopLoad.Result r : loads) {
            if (r.relay().equals(TANDEM)) {
                OpenLoopLoad.Result base = find(loads, NULL, r.sessions());
                b.append(f("| %d | %.0f | %.2f | %.2f | %s |%n", r.sessions(), r.deliveriesPerSecond(),
                        base == null ? Double.NaN : base.cpuMicrosPerDelivery(), r.cpuMicrosPerDelivery(),
                        base == null ? "n/a" : ratio(r.cpuMicrosPerDelivery(), base.cpuMicrosPerDelivery())));
            }
        }
        b.append('\n').append(cpuChart()).append("\n\n");
        b.append(cpuByThreadGroup());
        b.append(tripwire());

        b.append("## M3 – most sessions held with p99 ≤ 50 ms\n\n| relay | sessions | p99 ms | lost | generator send lag p99 ms | generator CPU | valid |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (OpenLoopLoad.Result r : capacity) {
            b.append(f("| %s | %d | %.2f | %d | %s |%n", r.relay(), r.sessions(), ms(r.latency(), 99), r.lost(), generator(r)));
        }
        List<OpenLoopLoad.Result> all = new ArrayList<>(loads);
        all.addAll(capacity);
        int nullMax = maxHeld(all, NULL);
        int tandemMax = maxHeld(all, TANDEM);
        b.append(f("%nHeld with p99 ≤ 50 ms and nothing lost (the sweep above, then steps up from %d until one fails or the generator "
                + "lags in it; each step is a single run): null relay %d, Tandem %d sessions, ratio %s. The ladder's steps are %s, so the "
                + "ratio is only as fine as that.%s%n%n", topSessions(), nullMax, tandemMax, ratio(tandemMax, nullMax),
                Arrays.toString(plan.capacitySteps()), capacity.stream().allMatch(OpenLoopLoad.Result::valid) ? ""
                        : " Some steps are marked invalid: there the generator lagged, the step says as much about the generator as about "
                                + "the relay, and the ladder stopped; a relay's count is then a lower bound, and the target reads \"invalid\"."));

        b.append(catchUpSection());
        b.append(auditChainSection());

        if (!memory.isEmpty()) {
            b.append(memorySection());
        }
        b.append(java25Section());
        b.append(wireSection());
        if (!pointer.isEmpty()) {
            b.append('\n').append(pointerSection());
        }
        return b.toString();
    }

    /** Every setting of the benchmark's servers that is not the product's default. */
    private String settings() {
        StringBuilder s = new StringBuilder("## Server settings\n\nThe product's own configuration (`wildfly-config/`) with these settings, all "
                + "that the benchmark sets:\n\n");
        s.append(f("- JVM: Java %s, `%s`%n", serverJava, serverOptions));
        if (!java25Version.isEmpty()) {
            s.append(f("- second server (section Java 25): Java %s, `%s`%n", java25Version, java25Options));
        }
        BenchServer.NON_DEFAULT_SETTINGS.forEach((name, value) -> s.append(f("- `%s`: %s%n", name, value)));
        s.append("- the database, identity provider and TLS keystore are the benchmark's own (`TANDEM_DB_*`, `TANDEM_OIDC_PROVIDER_URI`, "
                + "`TANDEM_TLS_KEYSTORE`)\n");
        s.append("- for the PII tripwire comparison only, the group's `pii_policy` is set to `OFF` (default `MASK`) for one run per round; "
                + "for the audit chain comparison only, the chain trigger is replaced for some rounds (see that section)\n\n");
        return s.toString();
    }

    /** The loads that differ from the issue's, with the reason, and what this run says about the generator's limit. */
    private String loadSettings() {
        List<LoadPlan.Change> changes = plan.changes(scale);
        List<OpenLoopLoad.Result> all = allRuns();
        long realtime = all.stream().filter(OpenLoopLoad.Result::realtimeSender).count();
        StringBuilder s = new StringBuilder("## Load settings\n\n");
        if (changes.isEmpty()) {
            s.append("The loads are the ones issue 21 states its targets at.\n\n");
        } else {
            s.append("These loads differ from the ones issue 21 states its targets at (every target below is judged at the load used, "
                    + "and its row says so):\n\n| setting | issue | this run | why |\n|---|---|---|---|\n");
            changes.forEach(c -> s.append(f("| %s | %s | %s | %s |%n", c.setting(), c.issue(), c.used(), c.reason())));
            s.append(f("%n`-Dbench.top=%d` runs the issue's loads (on a machine whose generator core keeps up with them).%n%n", LoadPlan.ISSUE_TOP / scale));
        }
        // Over every load run, not only M3's ladder: a generator that lags at the top load or below
        // lags in the runs every target rests on, and the page must say so.
        List<OpenLoopLoad.Result> lagged = all.stream().filter(r -> !r.valid()).toList();
        OpenLoopLoad.Result firstLag = lagged.stream().min(java.util.Comparator.comparingInt(OpenLoopLoad.Result::sessions)).orElse(null);
        s.append(firstLag == null ? f("The generator kept its schedule in every one of the run's %d load runs.", all.size())
                : f("In this run the generator lagged in %d of the run's %d load runs; the smallest load at which it lagged was %d sessions "
                        + "(%s: send lag p99 %.2f ms, CPU %.0f %% of its core).", lagged.size(), all.size(),
                        firstLag.sessions(), firstLag.relay(), ms(firstLag.sendLag(), 99), firstLag.generatorCpu() * 100));
        s.append(f(" The generator's sender thread ran in the kernel's real-time scheduling class (SCHED_FIFO, priority 1, set with "
                + "`chrt`; `-Dbench.sender.realtime=false` turns it off) in %s; it only hands frames to their sockets, and the "
                + "generator's receiving threads stay in the normal class.", realtime == all.size() ? f("every one of the run's %d load runs",
                        all.size()) : f("%d of the run's %d load runs (in the others it could not be set and ran in the normal class)", realtime, all.size())));
        String collector = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.matches("-XX:\\+Use\\w+GC")).findFirst().map(a -> "`" + a + "`").orElse("its default collector");
        s.append(f(" The generator's own JVM ran with %s (a collector's pauses in the generator would be send lag).", collector));
        s.append(BenchServer.favoured() ? f(" The generator, the server and its database ran at nice %d (`-Dbench.nice=0` turns it "
                + "off), ahead of other work on the shared machine.%n%n", BenchServer.NICE)
                : " The generator, the server and its database ran at the default priority (nice 0).\n\n");
        return s.toString();
    }

    private List<OpenLoopLoad.Result> allRuns() {
        List<OpenLoopLoad.Result> all = new ArrayList<>(loads);
        all.addAll(repeats);
        all.addAll(tripwireOff);
        all.addAll(capacity);
        all.addAll(java25);
        if (catchUpLoad != null) {
            all.add(nullCatchUpLoad);
            all.add(catchUpLoad);
        }
        return all;
    }

    /** The targets of issues 21 and 20 against this run's figures, each with the null relay's (or the baseline's) beside it. */
    private String targets() {
        StringBuilder t = new StringBuilder("## Targets\n\nFrom the benchmark's issues; \"met\" is computed from this run's figures (a target "
                + "resting on a run marked invalid reads \"invalid\"). Ratios are the median of the rounds' own ratios, each round running "
                + "both sides back to back.\n\n| target | Tandem | baseline | met |\n|---|---|---|---|\n");
        int top = topSessions();
        List<OpenLoopLoad.Result> tandem = rounds(TANDEM);
        List<OpenLoopLoad.Result> none = rounds(NULL);
        if (!tandem.isEmpty() && tandem.size() == none.size()) {
            List<OpenLoopLoad.Result> both = new ArrayList<>(tandem);
            both.addAll(none);
            String of = f(" (%d sessions%s, median of %d rounds)", top, top == LoadPlan.ISSUE_TOP / scale ? "" : f("; the issue's: %d", LoadPlan.ISSUE_TOP / scale),
                    tandem.size());
            double p99 = median(tandem, P99);
            double p99Ratio = medianRatio(tandem, none, P99);
            double p999 = median(tandem, P999);
            row(t, "M1 p99 ≤ 10 ms" + of, f("%.2f ms", p99), f("%.2f ms", median(none, P99)), met(p99 <= 10, both));
            row(t, "M1 p99 ≤ 1.2× null relay" + of, f("%.2f×", p99Ratio), "–", met(p99Ratio <= 1.2, both));
            row(t, "M1 p99.9 ≤ 25 ms" + of, f("%.2f ms", p999), f("%.2f ms", median(none, P999)), met(p999 <= 25, both));
            double cpu = median(tandem, CPU);
            double nullCpu = median(none, CPU);
            double cpuRatio = medianRatio(tandem, none, CPU);
            row(t, "M2 CPU per delivery ≤ 1.15× null relay" + of, f("%.2f×", cpuRatio), "–", met(cpuRatio <= 1.15, both));
            row(t, "M2 CPU per delivery ≤ 11 µs, both relays (half the ≈ 22 µs issue 21 started from)" + of, f("%.1f µs", cpu),
                    f("%.1f µs", nullCpu), met(cpu <= 11 && nullCpu <= 11, both));
        }
        if (!capacity.isEmpty()) {
            List<OpenLoopLoad.Result> all = new ArrayList<>(loads);
            all.addAll(capacity);
            int held = maxHeld(all, TANDEM);
            int nullHeld = maxHeld(all, NULL);
            row(t, "M3 sessions at p99 ≤ 50 ms ≥ 0.9× null relay's", f("%d (%s)", held, ratio(held, nullHeld)), f("%d", nullHeld),
                    met(held >= 0.9 * nullHeld, capacity));
        }
        if (catchUp != null && nullCatchUp != null) {
            double r = ms(catchUp.times, 99) / ms(nullCatchUp.times, 99);
            row(t, f("M4 catch-up p99 ≤ 1.5× one raw transfer of the same bytes (%d joins)", catchUp.times.getTotalCount()),
                    f("%.1f ms (%.2f×)", ms(catchUp.times, 99), r), f("%.1f ms", ms(nullCatchUp.times, 99)),
                    met(r <= 1.5, List.of(catchUpLoad, nullCatchUpLoad)));
        }
        if (memory.size() == 2) {
            t.append(memoryTargetRow());
        }
        if (!tripwireOff.isEmpty() && tripwireOff.size() == tandem.size()) {
            double r = medianRatio(tandem, tripwireOff, CPU);
            List<OpenLoopLoad.Result> runs = new ArrayList<>(tandem);
            runs.addAll(tripwireOff);
            row(t, f("PII tripwire CPU per delivery, on / off ≤ 1.1× (issue 20; median of %d rounds)", tripwireOff.size()), f("%.2f×", r),
                    f("%.1f µs off", median(tripwireOff, CPU)), met(r <= 1.1, runs));
        }
        WireBytes bank = wire.isEmpty() ? null : wire.get(0);
        if (bank != null) {
            row(t, f("M6 visitor upload after the snapshot ≤ 50 kbit/s per session (%s trace, from the trace)", bank.page()),
                    f("%.1f kbit/s", bank.kilobitsPerSecond()), "–", bank.kilobitsPerSecond() <= 50 ? "yes" : "no");
            // The trace whose snapshot keeps the largest share: the target holds for every page recorded, or not.
            WireBytes worst = wire.stream().max(java.util.Comparator.comparingDouble(WireBytes::snapshotShare)).orElseThrow();
            row(t, f("M6 snapshot bytes on the wire ≤ 30 %% of raw (largest share of the %d traces)", wire.size()),
                    f("%.0f %% (%s: %,d of %,d bytes, %s)", 100 * worst.snapshotShare(), worst.page(), worst.snapshotOnWire(),
                            worst.snapshotBytes(), worst.compressed() ? "sent compressed" : "sent as text"),
                    "–", worst.snapshotShare() <= 0.30 ? "yes" : "no");
        }
        return t.append('\n').toString();
    }

    /** Where M7's section starts and ends in the page: a run of M7 alone replaces only what is between. */
    static final String POINTER_START = "<!-- section M7: written by -Dbench.only=pointer or the full run -->";
    static final String POINTER_END = "<!-- end of section M7 -->";

    /** M5's section markers, as M7's. */
    static final String MEMORY_START = "<!-- section M5: written by -Dbench.only=memory or the full run -->";
    static final String MEMORY_END = "<!-- end of section M5 -->";
    /** M5's target, as its row in the targets table names it. */
    static final String MEMORY_TARGET = "M5 ≤ 1.2× null relay per idle connection";

    /**
     * {@code page} with the section that {@code section} is (M5's or M7's, by its first and last
     * lines, the markers) replaced by it; where the page has no markers yet but has the section's
     * heading (a page written before the markers), from that heading to the next one; otherwise
     * with it added at the end. Everything else, and the run date it names, stays as it was.
     */
    static String replaceSection(String page, String section) {
        String start = section.substring(0, section.indexOf('\n'));
        String end = section.strip().substring(section.strip().lastIndexOf('\n') + 1);
        int from = page.indexOf(start);
        int to = page.indexOf(end);
        if (from >= 0 && to > from) {
            int after = to + end.length();
            // the section ends with its own line break: the old one's goes with it
            return page.substring(0, from) + section + page.substring(page.startsWith("\n", after) ? after + 1 : after);
        }
        String heading = section.lines().filter(l -> l.startsWith("## ")).findFirst().orElse(null);
        int unmarked = heading == null ? -1 : page.indexOf("\n" + heading + "\n");
        if (unmarked >= 0) {
            int next = page.indexOf("\n## ", unmarked + heading.length() + 1);
            return page.substring(0, unmarked + 1) + section + (next < 0 ? "" : page.substring(next));
        }
        return page.isEmpty() ? section : page + (page.endsWith("\n") ? "\n" : "\n\n") + section;
    }

    /** {@code page} with its targets table's row of {@code target} replaced by {@code row} (unchanged where it has none). */
    static String replaceTargetRow(String page, String target, String row) {
        int from = page.indexOf("\n| " + target);
        if (from < 0) {
            return page;
        }
        int to = page.indexOf('\n', from + 1);
        return page.substring(0, from + 1) + row.strip() + (to < 0 ? "" : page.substring(to));
    }

    /** M5's row of the targets table. */
    String memoryTargetRow() {
        StringBuilder t = new StringBuilder();
        double r = memoryRatio();
        row(t, MEMORY_TARGET + (memoryRounds.size() > 2 ? f(" (median of %d rounds)", memoryOf(TANDEM).size()) : ""),
                f("%.1f KB (%.2f×)", memory.get(TANDEM) / 1024, r), f("%.1f KB", memory.get(NULL) / 1024), r <= 1.2 ? "yes" : "no");
        return t.toString();
    }

    /** Tandem / null relay per idle connection: the median of the rounds' own ratios. */
    private double memoryRatio() {
        List<HeapProbe.Growth> tandem = memoryOf(TANDEM);
        List<HeapProbe.Growth> none = memoryOf(NULL);
        double[] ratios = new double[Math.min(tandem.size(), none.size())];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = tandem.get(i).perConnection() / none.get(i).perConnection();
        }
        return median(ratios);
    }

    /** How many classes the M5 section lists where the bytes go. */
    static final int MEMORY_CLASSES = 15;

    /** M5, between its markers: each round, the ratio, where Tandem's extra bytes go by class, and a buffered session's heap. */
    String memorySection() {
        StringBuilder b = new StringBuilder(MEMORY_START).append("\n## M5 – memory\n\n");
        if (memoryAlone) {
            b.append(f("Measured on %s, mode %s, in %.0f s, on its own (`./mvnw -Pbench clean verify -Dbench.only=memory`; the rest of this "
                    + "page is from the run named at its top). Machine: %s. The machine's load average (1/5/15 min) was %s at the start of "
                    + "this measurement and %s at its end. Server: Java %s, `%s`, with the settings listed at the top of this page (%s).%n%n",
                    LocalDate.now(ZoneOffset.UTC), mode, memorySeconds, machine, memoryLoadBefore, memoryLoadAfter, serverJava, serverOptions,
                    String.join(", ", BenchServer.NON_DEFAULT_SETTINGS.keySet().stream().map(k -> "`" + k + "`").toList())));
        }
        List<HeapProbe.Growth> none = memoryOf(NULL);
        List<HeapProbe.Growth> tandem = memoryOf(TANDEM);
        b.append("| round | null relay | tandem | ratio |\n|---|---|---|---|\n");
        for (int i = 0; i < Math.max(none.size(), tandem.size()); i++) {
            b.append(f("| %d | %s | %s | %s |%n", i + 1, i < none.size() ? f("%,.0f bytes", none.get(i).perConnection()) : "–",
                    i < tandem.size() ? f("%,.0f bytes", tandem.get(i).perConnection()) : "–",
                    i < none.size() && i < tandem.size() ? ratio(tandem.get(i).perConnection(), none.get(i).perConnection()) : ""));
        }
        if (memory.size() == 2) {
            if (tandem.size() > 1) {
                b.append(f("| median | %,.0f bytes | %,.0f bytes | %.2f× |%n", memory.get(NULL), memory.get(TANDEM), memoryRatio()));
            }
            b.append(f("%nLive heap per idle connection, Tandem / null relay%s: %.2f×. Measured as the live bytes of a class histogram "
                    + "(`jcmd GC.class_histogram`, which collects first) before and after opening %d sessions with a tiny page and no "
                    + "traffic (a visitor and 2 agents each), the null relay first in each round%s; the difference includes the "
                    + "container's own per-connection state.%n", tandem.size() > 1 ? " (median of the rounds' ratios)" : "", memoryRatio(),
                    plan.top(), memoryAlone ? f(", after both relays opened and closed %d such sessions", Math.max(1, plan.top() / 5)) : ""));
            b.append(memoryByClass(none.get(none.size() - 1), tandem.get(tandem.size() - 1), tandem.size()));
        }
        if (buffered != null) {
            b.append(f("%nBuffered per session (bank-statement snapshot, Tandem): raw %,.0f bytes sent, %,.0f bytes of live heap held "
                    + "(%.2f× the raw bytes).%n", buffered[0], buffered[1], buffered[1] / buffered[0]));
        }
        return b.append(MEMORY_END).append('\n').toString();
    }

    /** The classes whose bytes per idle connection grew most more on Tandem than on the null relay, in one round. */
    private static String memoryByClass(HeapProbe.Growth none, HeapProbe.Growth tandem, int round) {
        if (tandem.byClass().isEmpty()) {
            return "";
        }
        Set<String> classes = new TreeSet<>(tandem.byClass().keySet());
        classes.addAll(none.byClass().keySet());
        List<String> top = classes.stream()
                .sorted(java.util.Comparator.comparingDouble((String c) -> tandem.byClass().getOrDefault(c, 0.0) - none.byClass().getOrDefault(c, 0.0))
                        .reversed())
                .limit(MEMORY_CLASSES).toList();
        StringBuilder b = new StringBuilder(f("%nWhere Tandem's bytes go (round %d, from the same histograms): the %d classes whose bytes per "
                + "idle connection grew most more on Tandem than on the null relay (`[B` are byte arrays, the contents of strings among "
                + "them):%n%n| class | null relay | tandem | difference |%n|---|---|---|---|%n", round, top.size()));
        for (String c : top) {
            double n = none.byClass().getOrDefault(c, 0.0);
            double t = tandem.byClass().getOrDefault(c, 0.0);
            b.append(f("| `%s` | %,.0f | %,.0f | %+,.0f |%n", c, n, t, t - n));
        }
        double listed = top.stream().mapToDouble(c -> tandem.byClass().getOrDefault(c, 0.0) - none.byClass().getOrDefault(c, 0.0)).sum();
        b.append(f("%nThese classes make %,.0f of the %,.0f bytes Tandem holds more per idle connection in that round.%n", listed,
                tandem.perConnection() - none.perConnection()));
        return b.toString();
    }

    /** M7, with the date, machine and settings of the run that measured it, between its markers. */
    String pointerSection() {
        StringBuilder b = new StringBuilder(POINTER_START).append("\n## M7 – agent→visitor pointer latency\n\n");
        List<OpenLoopLoad.Result> none = pointerRuns(NULL);
        List<OpenLoopLoad.Result> tandem = pointerRuns(TANDEM);
        OpenLoopLoad.Result first = pointer.get(0).pointers();
        b.append(f("Measured on %s, mode %s, in %.0f s, %s Machine: %s. The machine's load average (1/5/15 min) was %s at the start of "
                + "this measurement and %s at its end.%n%n", LocalDate.now(ZoneOffset.UTC), mode, pointerSeconds, pointerAlone
                        ? "on its own (`./mvnw -Pbench clean verify -Dbench.only=pointer`; the rest of this page is from the run named at its top)."
                        : "as part of the full run.", machine, pointerLoadBefore, pointerLoadAfter));
        b.append(f("%d sessions, each with its visitor streaming the %s trace (%d events every %.0f ms) to one agent, and that agent "
                + "sending %d pointer messages a second back through the relay to the visitor (`%s`, `node` numbering the agent's "
                + "pointers), all at fixed intended times from the generator's one sender thread. The null relay forwards each agent "
                + "message verbatim to the visitor of its room; Tandem checks it on the agent's viewer socket (the agent's guidance rate, "
                + "the schema, the pointer mode its pass grants) and sends the checked copy on the visitor's stream as "
                + "`{\"type\":\"agent\",…}`. Latency runs from the pointer's intended send time to its arrival at the visitor's socket "
                + "(coordinated omission corrected, HdrHistogram), over the pointers intended in the measured window (%d s after %d s of "
                + "load), including those that arrive in the drain after it; \"lost\" counts pointers that never arrived within 15 s of "
                + "the window's end. Both relays ran back to back in each of %d rounds, after a warm-up of both. A run is marked "
                + "**invalid** by the rule every load here follows: the generator's send lag p99 (over all its sends, frames and "
                + "pointers) above %.1f ms or its CPU above %.0f %% of a core.%n%n",
                first.sessions(), first.trace(), OpenLoopLoad.EVENTS_PER_FRAME, PointerLoad.PERIOD_NANOS / 1e6, PointerLoad.POINTERS_PER_SECOND,
                PointerLoad.message(1), Math.round(first.seconds()), mode.startsWith("quick") ? 2 : 5, tandem.size(),
                OpenLoopLoad.MAX_SEND_LAG_P99_MICROS / 1000.0, OpenLoopLoad.MAX_GENERATOR_CPU * 100));
        b.append("Settings of this measurement (the product's own configuration from `wildfly-config/` otherwise):\n\n");
        b.append(f("- JVM: Java %s, `%s`%n", serverJava, serverOptions));
        BenchServer.NON_DEFAULT_SETTINGS.forEach((name, value) -> b.append(f("- `%s`: %s%n", name, value)));
        b.append(f("- `cobrowse_group demo`: agent_modes `%s` during this measurement (default `view`; set back afterwards)%n",
                BenchServer.POINTER_MODES));
        b.append(f("- %d agents `bench-agent-1` … `bench-agent-%d`, signed in through the development identity provider with claims "
                + "typed into its sign-in page (role `cobrowse-agent`, group `demo`), one per session: the relay's guidance rate is per "
                + "agent, so one agent pointing in every session would be over it%n", pointerAgents, pointerAgents));
        b.append("- the database, identity provider and TLS keystore are the benchmark's own (`TANDEM_DB_*`, `TANDEM_OIDC_PROVIDER_URI`, "
                + "`TANDEM_TLS_KEYSTORE`)\n");
        long realtime = pointer.stream().filter(r -> r.pointers().realtimeSender()).count();
        b.append(f("- load generator: %s; sender thread in the real-time class in %d of %d runs; %s%n%n",
                BenchServer.pinning() ? f("pinned to core %s, the server and its database to core %s", BenchServer.GENERATOR_CORES,
                        BenchServer.SERVER_CORES) : "not pinned to cores", realtime, pointer.size(),
                BenchServer.favoured() ? f("generator, server and database at nice %d", BenchServer.NICE) : "default priority (nice 0)"));
        b.append("| round | relay | pointer p50 ms | p99 ms | p99.9 ms | max ms | pointers sent | lost | reordered | p99 ratio | visitor "
                + "events p99 ms | generator send lag p99 ms | generator CPU | valid |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < Math.min(none.size(), tandem.size()); i++) {
            for (int side = 0; side < 2; side++) {
                OpenLoopLoad.Result r = side == 0 ? none.get(i) : tandem.get(i);
                b.append(f("| %d | %s | %.2f | %.2f | %.2f | %.2f | %,d | %d | %d | %s | %.2f | %s |%n", i + 1, r.relay(), ms(r.latency(), 50),
                        ms(r.latency(), 99), ms(r.latency(), 99.9), r.latency().getMaxValue() / 1000.0, r.sent(), r.lost(), r.reordered(),
                        side == 1 ? ratio(P99.applyAsDouble(r), P99.applyAsDouble(none.get(i))) : "", ms(eventsOf(r), 99), generator(r)));
            }
        }
        List<OpenLoopLoad.Result> all = new ArrayList<>(none);
        all.addAll(tandem);
        long valid = all.stream().filter(OpenLoopLoad.Result::valid).count();
        b.append(f("%nTandem / null relay, pointer p99, median of the rounds' ratios: **%.2f×** (Tandem's median p99 %.2f ms, the null "
                + "relay's %.2f ms). %d of the %d runs are valid.%s%n", medianRatio(tandem, none, P99), median(tandem, P99), median(none, P99),
                valid, all.size(), valid == all.size() ? "" : " In the others the generator lagged: their latencies, and the ratio resting "
                        + "on them, are partly the generator's, and say less about the relays than a valid run would."));
        return b.append(POINTER_END).append('\n').toString();
    }

    private List<OpenLoopLoad.Result> pointerRuns(String relay) {
        return pointer.stream().map(PointerLoad.Result::pointers).filter(r -> r.relay().equals(relay)).toList();
    }

    private Histogram eventsOf(OpenLoopLoad.Result pointers) {
        return pointer.stream().filter(r -> r.pointers() == pointers).findFirst().map(PointerLoad.Result::events).orElseThrow();
    }

    /** M6 from the recorded traces. */
    private String wireSection() {
        if (wire.isEmpty()) {
            return "";
        }
        long sentCompressed = wire.stream().filter(WireBytes::compressed).count();
        StringBuilder b = new StringBuilder(f("%n## M6 – bytes on the wire (from the recorded traces)%n%nComputed from each trace as "
                + "recorded, not through a server: the incremental events grouped into one visitor message per %d ms of their timestamps "
                + "(the capture's batching), envelope included, WebSocket and TLS framing not, each message counted as it goes on the "
                + "wire (compressed when it is large, as below). The opening (meta and full snapshot) is "
                + "the visitor's first `events` message: its text, and the frame that goes on the wire for it, which is the frame the "
                + "generator sends Tandem as each session's first snapshot (`VisitorFrames`): a message of %,d bytes or more goes as one binary frame "
                + "holding its zlib stream at zlib's default level, as the capture writes it with the browser's "
                + "`CompressionStream(\"deflate\")`, when that is smaller and inflates to at most %d times its size (the relay's "
                + "default `tandem.stream.max-inflate-ratio`, which the benchmark server keeps). %d of the %d snapshots went compressed. "
                + "\"Inflate\" is the time `java.util.zip.Inflater` took to inflate the frame in the generator's JVM, as the relay does "
                + "before its DOM firewall (median of %d runs; CPU of one core, not measured inside the server). Upload times are the "
                + "bytes over a 10 Mbit/s uplink, transfer alone.%n%n"
                + "| page | upload after the snapshot | messages/s | snapshot text | on the wire | share | inflate | upload at 10 Mbit/s, text | on the wire |%n"
                + "|---|---|---|---|---|---|---|---|---|%n", WireBytes.BATCH_MILLIS, VisitorFrames.COMPRESS_MIN_BYTES,
                VisitorFrames.PRODUCT_MAX_INFLATE_RATIO, sentCompressed, wire.size(), WireBytes.INFLATE_RUNS));
        for (WireBytes w : wire) {
            b.append(f("| %s | %.1f kbit/s (%,.0f bytes/min) | %.1f | %,d bytes | %,d bytes%s | %.0f %% | %s | %.2f s | %.2f s |%n", w.page(),
                    w.kilobitsPerSecond(), w.uploadBytes() * 60 / w.seconds(), w.messages() / w.seconds(), w.snapshotBytes(),
                    w.snapshotOnWire(), w.compressed() ? " (compressed)" : " (text)", 100 * w.snapshotShare(),
                    w.compressed() ? f("%.2f ms", w.inflateMillis()) : "–", WireBytes.uploadSeconds(w.snapshotBytes(), 10),
                    WireBytes.uploadSeconds(w.snapshotOnWire(), 10)));
        }
        return b.toString();
    }

    private static String met(boolean ok, List<OpenLoopLoad.Result> runs) {
        return runs.stream().allMatch(OpenLoopLoad.Result::valid) ? (ok ? "yes" : "no") : "invalid";
    }

    private int topSessions() {
        return loads.stream().mapToInt(OpenLoopLoad.Result::sessions).max().orElse(0);
    }

    /** The relay's runs of the top M1 load: the sweep's, then the repeats, in the order run. */
    private List<OpenLoopLoad.Result> rounds(String relay) {
        List<OpenLoopLoad.Result> rounds = new ArrayList<>();
        OpenLoopLoad.Result first = find(loads, relay, topSessions());
        if (first != null) {
            rounds.add(first);
        }
        repeats.stream().filter(r -> r.relay().equals(relay)).forEach(rounds::add);
        return rounds;
    }

    private static double median(List<OpenLoopLoad.Result> runs, ToDoubleFunction<OpenLoopLoad.Result> figure) {
        return median(runs.stream().mapToDouble(figure).toArray());
    }

    /** The median of the rounds' own ratios: each round ran both sides back to back. */
    private static double medianRatio(List<OpenLoopLoad.Result> product, List<OpenLoopLoad.Result> baseline,
            ToDoubleFunction<OpenLoopLoad.Result> figure) {
        double[] ratios = new double[Math.min(product.size(), baseline.size())];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = figure.applyAsDouble(product.get(i)) / figure.applyAsDouble(baseline.get(i));
        }
        return median(ratios);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Where each relay's CPU went at the top load (first round), by server thread group, in µs per delivery. */
    private String cpuByThreadGroup() {
        OpenLoopLoad.Result tandem = find(loads, TANDEM, topSessions());
        OpenLoopLoad.Result none = find(loads, NULL, topSessions());
        if (tandem == null || none == null || tandem.cpuByThreadGroup().isEmpty()) {
            return "";
        }
        Set<String> groups = new TreeSet<>(tandem.cpuByThreadGroup().keySet());
        groups.addAll(none.cpuByThreadGroup().keySet());
        StringBuilder b = new StringBuilder(f("Where the CPU goes at %d sessions (first round), by the server's thread groups "
                + "(from `/proc/PID/task`; `default I/O` threads do TLS, WebSocket framing and socket I/O, `default task` threads run "
                + "the endpoints, `ZWorker#`/`GC Thread#` are the collector, `C1`/`C2 CompilerThre` the JIT compiler), µs per delivery:%n%n"
                + "| thread group | null relay | Tandem |%n|---|---|---|%n", topSessions()));
        double otherNone = 0;
        double otherTandem = 0;
        for (String group : groups) {
            double n = none.microsPerDelivery(none.cpuByThreadGroup().getOrDefault(group, 0.0));
            double t = tandem.microsPerDelivery(tandem.cpuByThreadGroup().getOrDefault(group, 0.0));
            if (Math.max(n, t) < 0.1) {
                otherNone += n;
                otherTandem += t;
            } else {
                b.append(f("| `%s` | %.2f | %.2f |%n", group, n, t));
            }
        }
        return b.append(f("| all others | %.2f | %.2f |%n%n", otherNone, otherTandem)).toString();
    }

    /** The spread of the top M1 load over its rounds, both relays, with each round's ratios. */
    private String spread() {
        List<OpenLoopLoad.Result> tandem = rounds(TANDEM);
        List<OpenLoopLoad.Result> none = rounds(NULL);
        if (tandem.size() < 2 || tandem.size() != none.size()) {
            return "";
        }
        StringBuilder b = new StringBuilder(f("### Spread: %d sessions, %d rounds%n%n"
                + "The top load runs %d times, both relays back to back in each round; the targets use the medians.%n%n"
                + "| round | null relay p99 ms | Tandem p99 ms | p99 ratio | null relay p99.9 ms | Tandem p99.9 ms | null relay CPU µs | "
                + "Tandem CPU µs | CPU ratio | valid |%n|---|---|---|---|---|---|---|---|---|---|%n", topSessions(), tandem.size(), tandem.size()));
        for (int i = 0; i < tandem.size(); i++) {
            OpenLoopLoad.Result n = none.get(i);
            OpenLoopLoad.Result t = tandem.get(i);
            b.append(f("| %d | %.2f | %.2f | %s | %.2f | %.2f | %.1f | %.1f | %s | %s |%n", i + 1, P99.applyAsDouble(n), P99.applyAsDouble(t),
                    ratio(P99.applyAsDouble(t), P99.applyAsDouble(n)), P999.applyAsDouble(n), P999.applyAsDouble(t), CPU.applyAsDouble(n),
                    CPU.applyAsDouble(t), ratio(CPU.applyAsDouble(t), CPU.applyAsDouble(n)), n.valid() && t.valid() ? "yes" : "**no**"));
        }
        b.append(f("| median | %.2f | %.2f | %.2f× | %.2f | %.2f | %.1f | %.1f | %.2f× | |%n%n", median(none, P99), median(tandem, P99),
                medianRatio(tandem, none, P99), median(none, P999), median(tandem, P999), median(none, CPU), median(tandem, CPU),
                medianRatio(tandem, none, CPU)));
        return b.toString();
    }

    /** Tandem at the top load with the PII tripwire on (the group's default, MASK) and off, per round. */
    private String tripwire() {
        List<OpenLoopLoad.Result> on = rounds(TANDEM);
        if (tripwireOff.isEmpty() || tripwireOff.size() != on.size()) {
            return "";
        }
        StringBuilder b = new StringBuilder(f("### The relay's PII tripwire%n%nIn each round, right after Tandem's run with the tripwire on "
                + "(the group's default policy, `MASK`), the same %d-session load on sessions started with the group's policy `OFF` "
                + "(the relay then runs no detector on the events it passes on):%n%n"
                + "| round | on: CPU µs | off: CPU µs | CPU ratio | on: p99 ms | off: p99 ms | p99 ratio | valid |%n|---|---|---|---|---|---|---|---|%n",
                topSessions()));
        for (int i = 0; i < on.size(); i++) {
            OpenLoopLoad.Result a = on.get(i);
            OpenLoopLoad.Result o = tripwireOff.get(i);
            b.append(f("| %d | %.1f | %.1f | %s | %.2f | %.2f | %s | %s |%n", i + 1, CPU.applyAsDouble(a), CPU.applyAsDouble(o),
                    ratio(CPU.applyAsDouble(a), CPU.applyAsDouble(o)), P99.applyAsDouble(a), P99.applyAsDouble(o),
                    ratio(P99.applyAsDouble(a), P99.applyAsDouble(o)), a.valid() && o.valid() ? "yes" : "**no**"));
        }
        b.append(f("| median | %.1f | %.1f | %.2f× | %.2f | %.2f | %.2f× | |%n%n", median(on, CPU), median(tripwireOff, CPU),
                medianRatio(on, tripwireOff, CPU), median(on, P99), median(tripwireOff, P99), medianRatio(on, tripwireOff, P99)));
        return b.toString();
    }

    private String catchUpSection() {
        if (catchUp == null || nullCatchUp == null) {
            return "";
        }
        StringBuilder b = new StringBuilder("## M4 – late-join catch-up under load\n\n");
        b.append(f("While %d sessions stream (the M1 load, both relays in turn), an agent who already holds a pass opens a viewer socket %d "
                + "times; the time is from opening the socket to receiving the last of 2,000 events. Tandem: a session holding the "
                + "catalog snapshot and 2,000 events since, sent as the capture does; the agent gets the relay's catch-up. Baseline: one "
                + "transfer of the same bytes to one viewer through the null relay, which keeps the visitor's one frame (the snapshot "
                + "and the same 2,000 events) verbatim and sends it to each viewer as it opens.%n%n"
                + "| relay | joins | p50 ms | p90 ms | p99 ms | max ms | characters received | background p99 ms | background lost | valid |%n"
                + "|---|---|---|---|---|---|---|---|---|---|%n", catchUpLoad.sessions(), catchUp.times.getTotalCount()));
        for (Object[] row : new Object[][] {{NULL, nullCatchUp, nullCatchUpLoad}, {TANDEM, catchUp, catchUpLoad}}) {
            BenchMain.CatchUp c = (BenchMain.CatchUp) row[1];
            OpenLoopLoad.Result load = (OpenLoopLoad.Result) row[2];
            b.append(f("| %s | %d | %.1f | %.1f | %.1f | %.1f | %,d | %.2f | %d | %s |%n", row[0], c.times.getTotalCount(), ms(c.times, 50),
                    ms(c.times, 90), ms(c.times, 99), c.times.getMaxValue() / 1000.0, c.bytes, P99.applyAsDouble(load), load.lost(),
                    load.valid() ? "yes" : "**no**"));
        }
        b.append(f("%nRatios Tandem / one raw transfer: p50 %s, p90 %s, p99 %s.%n%n", ratio(ms(catchUp.times, 50), ms(nullCatchUp.times, 50)),
                ratio(ms(catchUp.times, 90), ms(nullCatchUp.times, 90)), ratio(ms(catchUp.times, 99), ms(nullCatchUp.times, 99))));
        return b.toString();
    }

    /** Session starts and agent joins with the audit hash chain's trigger and with a baseline trigger, alternating. */
    private String auditChainSection() {
        if (auditChain.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("## The audit hash chain's cost in starts and joins\n\n");
        Histogram firstStarts = (Histogram) auditChain.get(0)[1];
        Histogram firstJoins = (Histogram) auditChain.get(0)[2];
        b.append(f("Every audit row is chained by a trigger (`audit_event_chain`, migration V3) that takes a transaction-scoped "
                + "advisory lock, reads the chain's head and hashes the row with SHA-256. Per round, Tandem sessions are opened (%d "
                + "starts and %d agent joins, %d at a time, no other load) with that trigger, then with a baseline trigger in its place "
                + "that fills the same columns with a sequence number and constant hashes (no lock, no head lookup, no hash). A start is "
                + "the visitor API call; a join is the agent's join and redeem calls, opening the viewer socket and its first message "
                + "(the catch-up of the bank-statement snapshot).%n%n"
                + "| round | trigger | start p50 ms | start p90 ms | join p50 ms | join p90 ms |%n|---|---|---|---|---|---|%n",
                firstStarts.getTotalCount(), firstJoins.getTotalCount(), OpenLoopLoad.MEASURED_OPENERS));
        List<double[]> chain = new ArrayList<>();
        List<double[]> base = new ArrayList<>();
        int round = 0;
        for (Object[] row : auditChain) {
            boolean on = (Boolean) row[0];
            Histogram s = (Histogram) row[1];
            Histogram j = (Histogram) row[2];
            double[] figures = {ms(s, 50), ms(s, 90), ms(j, 50), ms(j, 90)};
            if (on) {
                round++;
                chain.add(figures);
            } else {
                base.add(figures);
            }
            b.append(f("| %d | %s | %.2f | %.2f | %.2f | %.2f |%n", round, on ? "hash chain" : "baseline", figures[0], figures[1], figures[2],
                    figures[3]));
        }
        String[] names = {"start p50", "start p90", "join p50", "join p90"};
        List<String> ratios = new ArrayList<>();
        for (int k = 0; k < names.length; k++) {
            double[] r = new double[Math.min(chain.size(), base.size())];
            for (int i = 0; i < r.length; i++) {
                r[i] = chain.get(i)[k] / base.get(i)[k];
            }
            ratios.add(f("%s %.2f×", names[k], median(r)));
        }
        b.append(f("%nHash chain / baseline, median of the rounds' ratios: %s.%n%n", String.join(", ", ratios)));
        return b.toString();
    }

    private String java25Section() {
        if (java25.isEmpty()) {
            return "";
        }
        List<OpenLoopLoad.Result> none25 = java25.stream().filter(r -> r.relay().equals(NULL)).toList();
        List<OpenLoopLoad.Result> tandem25 = java25.stream().filter(r -> r.relay().equals(TANDEM)).toList();
        List<OpenLoopLoad.Result> none17 = rounds(NULL);
        List<OpenLoopLoad.Result> tandem17 = rounds(TANDEM);
        StringBuilder b = new StringBuilder(f("%n## Java 25%n%nThe product is built for Java 17 (`--release 17`). A second server, on "
                + "Java %s with `%s` (ZGC is generational on Java 25; compact object headers make every object header 8 bytes), ran the "
                + "same %d-session load in %d round(s) after its own, shorter warm-up, beside the main server's rounds on Java %s with `%s`. The two "
                + "servers ran one after the other, so compare the Tandem / null relay ratios first.%n%n"
                + "| server | relay | p99 ms (median) | p99.9 ms (median) | CPU µs per delivery (median) | p99 ratio | CPU ratio | idle connection | valid |%n"
                + "|---|---|---|---|---|---|---|---|---|%n", java25Version, java25Options, topSessions(), tandem25.size(), serverJava, serverOptions));
        Object[][] rows = {{"Java " + serverJava, NULL, none17, none17, memory}, {"Java " + serverJava, TANDEM, tandem17, none17, memory},
            {"Java " + java25Version, NULL, none25, none25, java25Memory}, {"Java " + java25Version, TANDEM, tandem25, none25, java25Memory}};
        for (Object[] row : rows) {
            @SuppressWarnings("unchecked")
            List<OpenLoopLoad.Result> runs = (List<OpenLoopLoad.Result>) row[2];
            @SuppressWarnings("unchecked")
            List<OpenLoopLoad.Result> base = (List<OpenLoopLoad.Result>) row[3];
            @SuppressWarnings("unchecked")
            Map<String, Double> mem = (Map<String, Double>) row[4];
            boolean product = row[1].equals(TANDEM);
            b.append(f("| %s | %s | %.2f | %.2f | %.1f | %s | %s | %s | %s |%n", row[0], row[1], median(runs, P99), median(runs, P999),
                    median(runs, CPU), product ? f("%.2f×", medianRatio(runs, base, P99)) : "", product ? f("%.2f×", medianRatio(runs, base, CPU)) : "",
                    mem.containsKey(row[1]) ? f("%,.0f bytes", mem.get(row[1])) : "–",
                    runs.stream().allMatch(OpenLoopLoad.Result::valid) ? "yes" : "**no**"));
        }
        b.append(f("%nJava %s / Java %s, Tandem: p99 %s, CPU per delivery %s, idle connection %s.%n", java25Version, serverJava,
                ratio(median(tandem25, P99), median(tandem17, P99)), ratio(median(tandem25, CPU), median(tandem17, CPU)),
                memory.containsKey(TANDEM) && java25Memory.containsKey(TANDEM) ? ratio(java25Memory.get(TANDEM), memory.get(TANDEM)) : "n/a"));
        return b.toString();
    }

    private static void row(StringBuilder t, String target, String tandem, String baseline, String met) {
        t.append("| ").append(target).append(" | ").append(tandem).append(" | ").append(baseline).append(" | ").append(met).append(" |\n");
    }

    private static int maxHeld(List<OpenLoopLoad.Result> results, String relay) {
        return results.stream().filter(r -> r.relay().equals(relay) && r.held())
                .mapToInt(OpenLoopLoad.Result::sessions).max().orElse(0);
    }

    private String latencyChart() {
        return chart("p99 latency (ms) by sessions", r -> r.latency().getValueAtPercentile(99) / 1000.0);
    }

    private String cpuChart() {
        return chart("server CPU per delivered event (µs) by sessions", OpenLoopLoad.Result::cpuMicrosPerDelivery);
    }

    /** A small SVG line chart, null relay grey and Tandem blue, x = sessions. */
    private String chart(String title, ToDoubleFunction<OpenLoopLoad.Result> y) {
        List<OpenLoopLoad.Result> points = new ArrayList<>(loads);
        points.addAll(capacity);
        double maxX = points.stream().mapToInt(OpenLoopLoad.Result::sessions).max().orElse(1);
        double maxY = points.stream().mapToDouble(y).filter(Double::isFinite).max().orElse(1);
        StringBuilder svg = new StringBuilder(f(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"520\" height=\"240\" role=\"img\" aria-label=\"%s\">"
                        + "<text x=\"10\" y=\"16\" font-size=\"13\">%s (grey: null relay, blue: Tandem; top = %.2f)</text>"
                        + "<line x1=\"40\" y1=\"210\" x2=\"510\" y2=\"210\" stroke=\"black\"/><line x1=\"40\" y1=\"30\" x2=\"40\" y2=\"210\" stroke=\"black\"/>",
                title, title, maxY));
        for (String relay : List.of(NULL, TANDEM)) {
            StringBuilder line = new StringBuilder();
            points.stream().filter(r -> r.relay().equals(relay)).sorted(java.util.Comparator.comparingInt(OpenLoopLoad.Result::sessions))
                    .forEach(r -> line.append(f("%.1f,%.1f ", 40 + 470 * r.sessions() / maxX, 210 - 180 * Math.min(y.applyAsDouble(r), maxY) / maxY)));
            svg.append(f("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"%s\" points=\"%s\"/>",
                    relay.equals(TANDEM) ? "#1f5fbf" : "#888888", line.toString().trim()));
        }
        svg.append(f("<text x=\"460\" y=\"228\" font-size=\"11\">%d sessions</text></svg>", (int) maxX));
        return svg.toString();
    }

    String json() {
        StringBuilder b = new StringBuilder("{\"mode\":\"" + mode + "\",\"runs\":[");
        List<String[]> all = new ArrayList<>();
        loads.forEach(r -> all.add(new String[] {"sweep", json(r)}));
        repeats.forEach(r -> all.add(new String[] {"repeat", json(r)}));
        tripwireOff.forEach(r -> all.add(new String[] {"tripwire-off", json(r)}));
        capacity.forEach(r -> all.add(new String[] {"capacity", json(r)}));
        java25.forEach(r -> all.add(new String[] {"java25", json(r)}));
        pointer.forEach(r -> all.add(new String[] {"pointer", json(r.pointers())}));
        memoryRounds.forEach(r -> all.add(new String[] {"memory", f("\"relay\":\"%s\",\"round\":%d,\"bytesPerIdleConnection\":%.0f", r[0], r[1],
                ((HeapProbe.Growth) r[2]).perConnection())}));
        for (int i = 0; i < all.size(); i++) {
            b.append(i == 0 ? "" : ",").append("{\"kind\":\"").append(all.get(i)[0]).append("\",").append(all.get(i)[1]).append('}');
        }
        return b.append("]}").toString();
    }

    private static String json(OpenLoopLoad.Result r) {
        return f("\"relay\":\"%s\",\"sessions\":%d,\"p50Ms\":%.3f,\"p99Ms\":%.3f,\"p999Ms\":%.3f,\"maxMs\":%.3f,\"sent\":%d,\"lost\":%d,"
                + "\"reordered\":%d,\"cpuMicrosPerDelivery\":%.3f,\"sendLagP99Ms\":%.3f,\"generatorCpu\":%.3f,\"valid\":%s",
                r.relay(), r.sessions(), ms(r.latency(), 50), ms(r.latency(), 99), ms(r.latency(), 99.9), r.latency().getMaxValue() / 1000.0,
                r.sent(), r.lost(), r.reordered(), r.cpuMicrosPerDelivery(), ms(r.sendLag(), 99), r.generatorCpu(), r.valid());
    }
}
