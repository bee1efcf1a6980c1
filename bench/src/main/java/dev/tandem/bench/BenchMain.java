package dev.tandem.bench;

import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Runs the whole benchmark and writes {@code docs/benchmarks.md} (and the raw figures as JSON in
 * {@code bench/target/benchmarks.json}). Every relay metric runs the null relay and Tandem one after
 * the other in the same run, after a warm-up of both, and is reported with their ratio.
 * {@code -Dtandem.bench.mode=quick} runs the same steps at a tenth of the size, for trying it out.
 */
public final class BenchMain {

    /** How many times the top M1 load runs (single runs vary up to 2× on a shared 2-core machine). */
    static final int ROUNDS = 3;
    /** How many times the Java 25 server runs the top load (one, to keep the full run within 15 minutes). */
    static final int JAVA_25_ROUNDS = Integer.getInteger("tandem.bench.java25.rounds", 1);
    private static final long STARTED = System.nanoTime();
    /**
     * The warm-up load on each relay before anything is measured. Longer and larger than the first
     * 100 sessions for 5 s, after which compiler threads took 3.6 µs of Tandem's 28 µs per delivery at
     * 500 sessions; they still take about 1 µs (session set-up paths compiled late; see the M2 breakdown).
     */
    static final Duration WARM_UP = Duration.ofSeconds(10);

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(System.getProperty("tandem.repo", ".")).toAbsolutePath().normalize();
        String mode = System.getProperty("tandem.bench.mode", "full");
        BenchServer.favour(ProcessHandle.current().pid());
        if (BenchServer.pinning()) {
            // The generator on a core of its own (threads it starts later inherit it); the server gets the other.
            BenchServer.pin(ProcessHandle.current().pid(), BenchServer.GENERATOR_CORES);
        }
        if (mode.equals("profile")) {
            profile(repo);
            return;
        }
        if (mode.equals("calibrate")) {
            calibrate(repo);
            return;
        }
        if (mode.equals("heap-soak")) {
            HeapSoak.run(repo);
            return;
        }
        boolean quick = "quick".equals(mode);
        int scale = quick ? 10 : 1;
        String only = System.getProperty("tandem.bench.only", "");
        if (only.equals("pointer")) {
            pointerAlone(repo, quick);
            return;
        }
        if (only.equals("memory")) {
            memoryAlone(repo, quick);
            return;
        }
        if (!only.isBlank()) {
            throw new IllegalArgumentException("-Dbench.only=" + only + ": the measurements that run on their own are: pointer, memory");
        }
        long started = System.nanoTime();
        LoadPlan plan = LoadPlan.fromProperties(scale);
        Report report = new Report(quick ? "quick (a tenth of the full size)" : "full", plan, scale);
        report.loadAverage(true);

        log("recording page traces in headless Chromium");
        List<Trace> traces = new TraceRecorder(repo).traces(Duration.ofSeconds(quick ? 4 : 12));
        Trace bank = traces.get(0);
        Trace catalog = traces.get(1);
        traces.forEach(t -> report.trace(t));
        Duration warm = Duration.ofSeconds(quick ? 2 : 5);
        Duration measure = Duration.ofSeconds(quick ? 5 : 10);
        int top = plan.top();
        int joins = quick ? 10 : 100;

        try (BenchServer server = new BenchServer(repo, BenchServer.JVM_OPTIONS)) {
            log("starting the benchmark server");
            server.start();
            report.server(server);
            Relays relays = Relays.on(server);
            ServerCpu cpu = server.cpu();

            log("warm-up");
            relays.warmUp(bank, top, WARM_UP.dividedBy(scale), cpu);

            log("M1 and M2: latency and CPU per delivery");
            for (int sessions : plan.sweep()) {
                for (Relay relay : relays.both()) {
                    OpenLoopLoad.Result r = OpenLoopLoad.run(relay, bank, sessions, 2, 20, warm, measure, cpu);
                    report.load(r);
                    log("  " + summary(r));
                }
                if (sessions == top) {
                    report.tripwireOff(tripwireOff(server, relays, bank, top, warm, measure, cpu));
                }
            }

            log("M1 and M2 spread: the " + top + "-session load " + (ROUNDS - 1) + " times more, both relays each round, and Tandem with the PII tripwire off");
            for (int round = 2; round <= ROUNDS; round++) {
                for (Relay relay : relays.both()) {
                    OpenLoopLoad.Result r = OpenLoopLoad.run(relay, bank, top, 2, 20, warm, measure, cpu);
                    report.repeat(r);
                    log("  round " + round + ": " + summary(r));
                }
                report.tripwireOff(tripwireOff(server, relays, bank, top, warm, measure, cpu));
            }

            try {
                log("M3: most sessions with p99 <= 50 ms");
                for (Relay relay : relays.both()) {
                    // Up the ladder from above the sweep's top load until a step fails, or the generator
                    // lagged in it (higher steps would say even less about the relay).
                    for (int sessions : plan.capacitySteps()) {
                        OpenLoopLoad.Result r = capacityStep(relay, bank, sessions, warm, measure, cpu, report);
                        if (!r.held() || !r.valid()) {
                            break;
                        }
                    }
                }

            } catch (Exception e) {
                failed(report, "M3", e);
            }
            try {
                log("M4: late-join catch-up while " + plan.catchUpBackground() + " sessions stream");
                CatchUp nullJoins = new CatchUp();
                OpenLoopLoad.Result nullLoad = OpenLoopLoad.run(relays.nullRelay(), bank, plan.catchUpBackground(), 2, 20, warm, Duration.ZERO, cpu,
                        () -> nullCatchUp(relays.nullRelay(), catalog, joins, nullJoins));
                CatchUp tandemJoins = new CatchUp();
                OpenLoopLoad.Result tandemLoad = OpenLoopLoad.run(relays.tandem(), bank, plan.catchUpBackground(), 2, 20, warm, Duration.ZERO, cpu,
                        () -> catchUp(relays.tandem(), catalog, joins, tandemJoins));
                report.catchUp(nullLoad, nullJoins, tandemLoad, tandemJoins);
                log("  null relay " + catchUpSummary(nullJoins) + "; tandem " + catchUpSummary(tandemJoins));

            } catch (Exception e) {
                failed(report, "M4", e);
            }
            try {
                log("audit hash chain: session starts and agent joins with the chain trigger and with a baseline trigger");
                try {
                    for (int round = 1; round <= ROUNDS; round++) {
                        for (boolean chain : new boolean[] {true, false}) {
                            server.auditChain(chain);
                            LoadStats stats = new LoadStats();
                            // Visitor addresses of their own per round (the per-address start limit is 10 a minute).
                            int firstIndex = 1000 + (round * 2 + (chain ? 0 : 1)) * 100;
                            OpenLoopLoad.openAll(relays.tandem(), bank, 100 / scale, 2, stats, firstIndex, OpenLoopLoad.MEASURED_OPENERS)
                                    .forEach(Relay.BenchSession::close);
                            report.auditChain(chain, stats.starts(), stats.joins());
                            log(String.format(java.util.Locale.ROOT, "  round %d, chain %s: start p50 %.1f ms, join p50 %.1f ms", round, chain,
                                    stats.starts().getValueAtPercentile(50) / 1000.0, stats.joins().getValueAtPercentile(50) / 1000.0));
                        }
                    }
                } finally {
                    server.auditChain(true); // the chain as it is, whatever happened
                }
            } catch (Exception e) {
                failed(report, "audit chain", e);
            }
            try {
                memory(server, relays, bank, top, scale, 1, report, false);
            } catch (Exception e) {
                failed(report, "M5", e);
            }
            try {
                pointer(server, bank, scale, report, false);
            } catch (Exception e) {
                failed(report, "M7", e);
            }
            report.machine(server.pid());
        }
        try {
            if (Files.isExecutable(BenchServer.JAVA_25.resolve("bin/java"))) {
                log("Java 25: the M1 load at " + top + " sessions and M5 on a server on " + BenchServer.JAVA_25 + " with " + BenchServer.JAVA_25_OPTIONS);
                try (BenchServer server = new BenchServer(repo, BenchServer.JAVA_25_OPTIONS, BenchServer.JAVA_25)) {
                    server.start();
                    report.java25Server(server);
                    Relays relays = Relays.on(server);
                    // Shorter than the main server's: within the full run's 15 minutes.
                    relays.warmUp(bank, 100 / scale, warm, server.cpu());
                    for (int round = 1; round <= JAVA_25_ROUNDS; round++) {
                        for (Relay relay : relays.both()) {
                            OpenLoopLoad.Result r = OpenLoopLoad.run(relay, bank, top, 2, 20, warm, measure, server.cpu());
                            report.java25(r);
                            log("  round " + round + ": " + summary(r));
                        }
                    }
                    HeapProbe heap = new HeapProbe(server.pid(), server.jcmd());
                    for (Relay relay : relays.both()) {
                        report.java25Memory(relay.name(), idleConnections(relay, heap, top).perConnection());
                    }
                }
            }
        } catch (Exception e) {
            failed(report, "Java 25", e);
        }
        report.loadAverage(false);
        report.seconds((System.nanoTime() - started) / 1e9);
        Path markdown = repo.resolve(quick ? "bench/target/benchmarks-quick.md" : "docs/benchmarks.md");
        Files.writeString(markdown, report.markdown());
        Files.createDirectories(repo.resolve("bench/target"));
        Files.writeString(repo.resolve("bench/target/benchmarks.json"), report.json());
        log("wrote " + repo.relativize(markdown));
    }

    /** How many times M5 runs on its own ({@code -Dbench.only=memory}): a few minutes in all. */
    static final int MEMORY_ROUNDS = 3;
    /** The first session index (simulated visitor address) of M5's warm-up, clear of the other loads'. */
    static final int MEMORY_WARM_UP_INDEX = 6000;

    /**
     * {@code -Dbench.only=memory}: M5 alone, on a server of its own, {@value #MEMORY_ROUNDS} rounds;
     * only its section of the page (and its row of the targets) is replaced, the rest stays as the
     * run that wrote it left it.
     */
    static void memoryAlone(Path repo, boolean quick) throws Exception {
        long started = System.nanoTime();
        int scale = quick ? 10 : 1;
        LoadPlan plan = LoadPlan.fromProperties(scale);
        Report report = new Report(quick ? "quick (a tenth of the full size)" : "full", plan, scale);
        report.memoryRun(true, 0, true);
        log("recording page traces in headless Chromium");
        // Only the bank-statement snapshot is used (the buffered figure): a short recording will do.
        Trace bank = new TraceRecorder(repo).traces(Duration.ofSeconds(4)).get(0);
        try (BenchServer server = new BenchServer(repo, BenchServer.JVM_OPTIONS)) {
            log("starting the benchmark server");
            server.start();
            report.server(server);
            report.machine(server.pid());
            memory(server, Relays.on(server), bank, plan.top(), scale, MEMORY_ROUNDS, report, true);
        }
        report.memoryRun(false, (System.nanoTime() - started) / 1e9, true);
        Path markdown = repo.resolve(quick ? "bench/target/benchmarks-quick.md" : "docs/benchmarks.md");
        Files.createDirectories(markdown.getParent());
        String page = Files.exists(markdown) ? Files.readString(markdown) : "";
        Files.writeString(markdown, Report.replaceTargetRow(Report.replaceSection(page, report.memorySection()), Report.MEMORY_TARGET, report.memoryTargetRow()));
        Files.createDirectories(repo.resolve("bench/target"));
        Files.writeString(repo.resolve("bench/target/benchmarks-memory.json"), report.json());
        log("wrote the M5 section of " + repo.relativize(markdown));
    }

    /**
     * M5: live heap per idle connection on both relays ({@code rounds} times, the null relay first in
     * each), with what grew by class, then the heap a buffered session holds. On its own
     * ({@code warmUp}), both relays first open and close a fifth as many sessions, so that neither
     * pays for classes loaded and pools grown once.
     */
    static void memory(BenchServer server, Relays relays, Trace bank, int sessions, int scale, int rounds, Report report, boolean warmUp)
            throws Exception {
        log("M5: memory per idle connection and per buffered byte");
        HeapProbe heap = new HeapProbe(server.pid(), server.jcmd());
        if (warmUp) {
            for (Relay relay : relays.both()) {
                closeAll(OpenLoopLoad.openAll(relay, Trace.tiny(), Math.max(1, sessions / 5), 2, new LoadStats(), MEMORY_WARM_UP_INDEX));
            }
        }
        for (int round = 1; round <= rounds; round++) {
            for (Relay relay : relays.both()) {
                HeapProbe.Growth growth = idleConnections(relay, heap, sessions);
                report.memory(relay.name(), round, growth);
                // Every class that changed, for looking further than the report's table.
                Files.writeString(server.repo().resolve("bench/target/memory-classes-" + relay.name().replace(' ', '-') + "-" + round + ".txt"),
                        String.join("\n", growth.byClass().entrySet().stream().sorted(java.util.Map.Entry.<String, Double>comparingByValue().reversed())
                                .map(e -> String.format(java.util.Locale.ROOT, "%10.1f  %s", e.getValue(), e.getKey())).toList()) + "\n");
                log(String.format(java.util.Locale.ROOT, "  round %d, %s: %.0f bytes per idle connection", round, relay.name(),
                        growth.perConnection()));
            }
        }
        report.buffered(bufferedBytes(relays.tandem(), heap, bank, 100 / scale));
    }

    /** Closes every socket of these sessions and waits (a few seconds at most) until the server has answered each close. */
    static void closeAll(List<Relay.BenchSession> open) {
        open.forEach(Relay.BenchSession::close);
        long deadline = System.nanoTime() + 10_000_000_000L;
        for (Relay.BenchSession s : open) {
            List<CompletableFuture<Integer>> closes = new ArrayList<>();
            closes.add(s.visitor().closed);
            s.agents().forEach(a -> closes.add(a.closed));
            for (CompletableFuture<Integer> c : closes) {
                try {
                    c.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (Exception notYet) {
                    // left to the server: measured as noise, at worst
                }
            }
        }
    }

    /** M7's sessions: the 100, each with an agent of its own. */
    static final int POINTER_SESSIONS = 100;
    /** M7's first session index (its simulated visitors' addresses), clear of the other loads'. */
    static final int POINTER_FIRST_INDEX = 5000;

    /**
     * {@code -Dbench.only=pointer}: M7 alone, on a server of its own; only its section of the page is
     * replaced (docs/benchmarks.md, or in quick mode bench/target/benchmarks-quick.md), the rest of the
     * page stays as the run that wrote it left it.
     */
    static void pointerAlone(Path repo, boolean quick) throws Exception {
        int scale = quick ? 10 : 1;
        Report report = new Report(quick ? "quick (a tenth of the full size)" : "full", LoadPlan.fromProperties(scale), scale);
        log("recording page traces in headless Chromium");
        Trace bank = new TraceRecorder(repo).traces(Duration.ofSeconds(quick ? 4 : 12)).get(0);
        try (BenchServer server = new BenchServer(repo, BenchServer.JVM_OPTIONS)) {
            log("starting the benchmark server");
            server.start();
            report.server(server);
            report.machine(server.pid());
            pointer(server, bank, scale, report, true);
        }
        Path markdown = repo.resolve(quick ? "bench/target/benchmarks-quick.md" : "docs/benchmarks.md");
        Files.createDirectories(markdown.getParent());
        String page = Files.exists(markdown) ? Files.readString(markdown) : "";
        Files.writeString(markdown, Report.replaceSection(page, report.pointerSection()));
        Files.createDirectories(repo.resolve("bench/target"));
        Files.writeString(repo.resolve("bench/target/benchmarks-pointer.json"), report.json());
        log("wrote the M7 section of " + repo.relativize(markdown));
    }

    /**
     * M7: agent→visitor pointer latency ({@link PointerLoad}) at {@value #POINTER_SESSIONS} sessions,
     * the null relay and Tandem back to back in each of {@value #ROUNDS} rounds after a warm-up of
     * both. The group grants the pointer mode for the measurement only.
     */
    static void pointer(BenchServer server, Trace bank, int scale, Report report, boolean alone) throws Exception {
        long started = System.nanoTime();
        report.pointerRun(true, 0, 0, alone);
        int sessions = POINTER_SESSIONS / scale;
        Duration warm = Duration.ofSeconds(scale == 1 ? 5 : 2);
        Duration measure = Duration.ofSeconds(scale == 1 ? 10 : 5);
        ServerCpu cpu = server.cpu();
        server.agentModes(BenchServer.POINTER_MODES);
        try {
            log("M7: signing in " + sessions + " benchmark agents, one per session");
            List<SignedInAgent> agents = signInAgents(server, sessions);
            List<Relay> relays = List.of(new NullRelayTarget(server.nullRelayBase()),
                    ProductRelay.agentPerSession(server.appBase(), "demo", BenchServer.SITE, agents));
            log("M7: warm-up");
            for (Relay relay : relays) {
                PointerLoad.run(relay, bank, sessions, POINTER_FIRST_INDEX, warm, warm, cpu);
            }
            log("M7: agent→visitor pointer latency, " + sessions + " sessions, " + PointerLoad.POINTERS_PER_SECOND + " pointers/s per agent");
            for (int round = 1; round <= ROUNDS; round++) {
                for (Relay relay : relays) {
                    PointerLoad.Result r = PointerLoad.run(relay, bank, sessions, POINTER_FIRST_INDEX, warm, measure, cpu);
                    report.pointer(r);
                    log("  round " + round + ": " + r.summary());
                }
            }
        } finally {
            server.agentModes("view");
        }
        report.pointerRun(false, (System.nanoTime() - started) / 1e9, sessions, alone);
    }

    /** {@code count} benchmark agents signed in through the identity provider, a few at a time. */
    private static List<SignedInAgent> signInAgents(BenchServer server, int count) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4, r -> new Thread(r, "bench-sign-in"));
        try {
            List<java.util.concurrent.Future<SignedInAgent>> futures = new ArrayList<>();
            for (int n = 1; n <= count; n++) {
                int agent = n;
                futures.add(pool.submit(() -> SignedInAgent.benchAgent(server.appBase(), agent)));
            }
            List<SignedInAgent> agents = new ArrayList<>();
            for (java.util.concurrent.Future<SignedInAgent> f : futures) {
                agents.add(f.get(60, TimeUnit.SECONDS));
            }
            return agents;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A section that failed: the run goes on, and the report says what is missing and why. */
    private static void failed(Report report, String section, Exception e) {
        log(section + " failed: " + e);
        e.printStackTrace(System.out);
        report.failure(section, e.toString());
    }

    /** Tandem at the top load with the demo group's PII tripwire off (sessions opened after the switch), then on again. */
    private static OpenLoopLoad.Result tripwireOff(BenchServer server, Relays relays, Trace bank, int sessions, Duration warm, Duration measure,
            ServerCpu cpu) throws Exception {
        server.piiPolicy("OFF");
        try {
            OpenLoopLoad.Result r = OpenLoopLoad.run(relays.tandem(), bank, sessions, 2, 20, warm, measure, cpu);
            log("  tripwire " + relays.tandem().lastTripwire() + ": " + summary(r));
            return r;
        } finally {
            server.piiPolicy("MASK");
        }
    }

    private static OpenLoopLoad.Result capacityStep(Relay relay, Trace trace, int sessions, Duration warm, Duration measure, ServerCpu cpu,
            Report report) throws Exception {
        OpenLoopLoad.Result r = OpenLoopLoad.run(relay, trace, sessions, 2, 20, warm, measure, cpu);
        report.capacity(r);
        log("  " + summary(r));
        return r;
    }

    /** Both sides of the comparison on one server: the null relay, and Tandem with the demo agents signed in. */
    record Relays(NullRelayTarget nullRelay, ProductRelay tandem) {

        static Relays on(BenchServer server) {
            List<SignedInAgent> agents = List.of(SignedInAgent.signIn(server.appBase(), "alice"),
                    SignedInAgent.signIn(server.appBase(), "bob"));
            return new Relays(new NullRelayTarget(server.nullRelayBase()), new ProductRelay(server.appBase(), "demo", BenchServer.SITE, agents));
        }

        /** Null relay first, then Tandem: the order every metric runs them in. */
        List<Relay> both() {
            return List.of(nullRelay, tandem);
        }

        /** A short load on both, so that neither is measured cold. */
        void warmUp(Trace trace, int sessions, Duration length, ServerCpu cpu) throws Exception {
            for (Relay relay : both()) {
                OpenLoopLoad.run(relay, trace, sessions, 2, 20, length, length, cpu);
            }
        }
    }

    /**
     * {@code -Dbench.mode=profile}: only the 500-session load on both relays (and, with
     * {@code -Dtandem.bench.histogram=true}, a class histogram of what idle connections hold); nothing
     * is written to docs/. Used with {@code -Dbench.jfr=FILE} to find where the server's time and
     * memory go, and with {@code -Dbench.jvm="A|B"} to compare JVM settings.
     */
    static void profile(Path repo) throws Exception {
        List<Trace> traces = new TraceRecorder(repo).traces(Duration.ofSeconds(4));
        Trace bank = traces.get(0);
        int sessions = Integer.getInteger("tandem.bench.sessions", 500);
        // -Dbench.jvm="A|B": one server per set of JVM options, to compare garbage collectors.
        String jvms = System.getProperty("tandem.bench.jvm", "");
        for (String jvm : (jvms.isBlank() ? BenchServer.JVM_OPTIONS : jvms).split("\\|")) {
            log("server JVM options: " + jvm);
            try (BenchServer server = new BenchServer(repo, jvm)) {
                server.start();
                Relays relays = Relays.on(server);
                ServerCpu cpu = server.cpu();
                relays.warmUp(bank, LoadPlan.DEFAULT_TOP, WARM_UP, cpu);
                for (Relay relay : relays.both()) {
                    OpenLoopLoad.Result r = OpenLoopLoad.run(relay, bank, sessions, 2, 20, Duration.ofSeconds(5), Duration.ofSeconds(20), cpu);
                    log("  " + summary(r));
                    log("    CPU per delivery by server thread group:");
                    r.cpuByThreadGroup().entrySet().stream().filter(e -> e.getValue() > 0)
                            .sorted(java.util.Map.Entry.<String, Double>comparingByValue().reversed())
                            .forEach(e -> log(String.format("      %6.2f us  %s", r.microsPerDelivery(e.getValue()), e.getKey())));
                }
                if (Boolean.getBoolean("tandem.bench.histogram")) {
                    HeapProbe heap = new HeapProbe(server.pid());
                    for (Relay relay : relays.both()) {
                        String before = heap.classHistogram();
                        List<Relay.BenchSession> open = OpenLoopLoad.openAll(relay, Trace.tiny(), 500, 2, new LoadStats());
                        String after = heap.classHistogram();
                        log(relay.name() + ": heap growth per idle connection by class (bytes)");
                        HeapProbe.growth(before, after, 1500).forEach(line -> log("  " + line));
                        open.forEach(Relay.BenchSession::close);
                    }
                }
            }
        }
    }

    /**
     * {@code -Dbench.mode=calibrate}: how far the load generator keeps its schedule on this machine.
     * Both relays at each session count of {@code -Dbench.sessions=A,B,...} (default 250,375,500), with
     * the sender thread in the real-time class and without; nothing is written to docs/.
     */
    static void calibrate(Path repo) throws Exception {
        Trace bank = new TraceRecorder(repo).traces(Duration.ofSeconds(4)).get(0);
        String list = System.getProperty("tandem.bench.sessions", "");
        try (BenchServer server = new BenchServer(repo, BenchServer.JVM_OPTIONS)) {
            server.start();
            Relays relays = Relays.on(server);
            ServerCpu cpu = server.cpu();
            relays.warmUp(bank, 100, Duration.ofSeconds(5), cpu);
            for (String count : (list.isBlank() ? "250,375,500" : list).split(",")) {
                for (boolean realtime : new boolean[] {true, false}) {
                    System.setProperty("tandem.bench.sender.realtime", Boolean.toString(realtime));
                    for (Relay relay : relays.both()) {
                        OpenLoopLoad.Result r = OpenLoopLoad.run(relay, bank, Integer.parseInt(count.trim()), 2, 20, Duration.ofSeconds(5),
                                Duration.ofSeconds(10), cpu);
                        log("  realtime sender " + r.realtimeSender() + ": " + summary(r));
                    }
                }
            }
        }
    }

    /** What M4's joins measured: the time of each (microseconds) and the bytes each viewer received. */
    static final class CatchUp {
        final Histogram times = new Histogram(3);
        long bytes;
    }

    /**
     * Late joins into a Tandem session holding the catalog snapshot and 2,000 events since (run while
     * the load streams): from opening the viewer socket (the agent already holds its pass) to the last
     * of the 2,000 events.
     */
    static Void catchUp(ProductRelay tandem, Trace big, int joins, CatchUp into) throws Exception {
        Relay.BenchSession heavy = tandem.open(1_000_000, 0, big, new LoadStats());
        try {
            long seq = 1;
            int events = 0;
            while (events < 2000) {
                List<String> frame = new ArrayList<>();
                for (int i = 0; i < 20; i++, events++) {
                    frame.add(big.stamped(events, 1_000_000, events, System.nanoTime()));
                }
                heavy.visitor().send(tandem.frame(++seq, frame));
                OpenLoopLoad.waitFor(Duration.ofMillis(50)); // within the visitor message-rate limit
            }
            OpenLoopLoad.waitFor(Duration.ofSeconds(1));
            for (int j = 0; j < joins; j++) {
                String pass = tandem.passFor(heavy);
                LastEvent last = new LastEvent("[1000000,1999,");
                long t0 = System.nanoTime();
                WebSocket viewer = tandem.joinLate(heavy, pass, last);
                long arrived = last.arrived.get(30, TimeUnit.SECONDS);
                into.times.recordValue((arrived - t0) / 1000);
                into.bytes = last.characters;
                viewer.sendClose(1000, "done");
            }
        } finally {
            heavy.close();
        }
        return null;
    }

    /**
     * The baseline for M4: one transfer of the same bytes to one viewer. The visitor sends the catalog
     * snapshot and the same 2,000 events once, as one frame that the null relay keeps verbatim; each
     * viewer is sent that frame as it opens. Timed like Tandem's joins, from opening the viewer socket to
     * the last event, under the same load.
     */
    static Void nullCatchUp(NullRelayTarget relay, Trace big, int joins, CatchUp into) throws Exception {
        List<String> events = new ArrayList<>();
        events.add(big.opening());
        for (int e = 0; e < 2000; e++) {
            events.add(big.stamped(e, 2_000_000, e, System.nanoTime()));
        }
        VisitorSender keeper = relay.openKeeper("catchup");
        try {
            keeper.send(relay.frame(1, events));
            LastEvent kept;
            do { // until the relay holds the frame (a viewer opened earlier gets nothing)
                OpenLoopLoad.waitFor(Duration.ofMillis(200));
                kept = new LastEvent("[2000000,1999,");
                WebSocket probe = relay.openViewer("catchup", kept);
                try {
                    kept.arrived.get(2, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException notYet) {
                    // not kept yet
                }
                probe.sendClose(1000, "done");
            } while (!kept.arrived.isDone());
            for (int j = 0; j < joins; j++) {
                LastEvent last = new LastEvent("[2000000,1999,");
                long t0 = System.nanoTime();
                WebSocket viewer = relay.openViewer("catchup", last);
                into.times.recordValue((last.arrived.get(30, TimeUnit.SECONDS) - t0) / 1000);
                into.bytes = last.characters;
                viewer.sendClose(1000, "done");
            }
        } finally {
            keeper.socket.sendClose(1000, "done");
        }
        return null;
    }

    static String catchUpSummary(CatchUp c) {
        return String.format(java.util.Locale.ROOT, "%d joins p50 %.1f ms p90 %.1f ms max %.1f ms", c.times.getTotalCount(),
                c.times.getValueAtPercentile(50) / 1000.0, c.times.getValueAtPercentile(90) / 1000.0, c.times.getMaxValue() / 1000.0);
    }

    /** Heap per open connection, in all and by class: sessions with a tiny page and no traffic, visitor and two agents each. */
    static HeapProbe.Growth idleConnections(Relay relay, HeapProbe heap, int sessions) throws Exception {
        HeapProbe.LiveHeap before = heap.settled();
        List<Relay.BenchSession> open = OpenLoopLoad.openAll(relay, Trace.tiny(), sessions, 2, new LoadStats());
        HeapProbe.LiveHeap after = heap.liveHeap();
        closeAll(open);
        return after.since(before, sessions * 3);
    }

    /** Heap per byte a visitor sent (snapshot and events since), for sessions the relay buffers. */
    static double[] bufferedBytes(Relay tandem, HeapProbe heap, Trace trace, int sessions) throws Exception {
        long before = heap.settled().total();
        List<Relay.BenchSession> open = OpenLoopLoad.openAll(tandem, trace, sessions, 1, new LoadStats());
        long raw = (long) sessions * trace.opening().length();
        // Settled: the agents' catch-ups (sent after their welcome, which is all openAll waits for) delivered, not in flight.
        long after = heap.settled().total();
        open.forEach(Relay.BenchSession::close);
        return new double[] {raw / (double) sessions, (after - before) / (double) sessions};
    }

    /** Notes when the event with a given sequence number arrives. */
    public static final class LastEvent implements WebSocket.Listener {
        private final String marker;
        public final CompletableFuture<Long> arrived = new CompletableFuture<>();
        public final CompletableFuture<Void> firstMessage = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        /** Characters received up to the marked event. */
        volatile long characters;

        public LastEvent(String marker) {
            this.marker = marker;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (!arrived.isDone()) {
                characters += data.length();
            }
            if (last) {
                firstMessage.complete(null);
                if (partial.indexOf(marker) >= 0) {
                    arrived.complete(System.nanoTime());
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }

    static String summary(OpenLoopLoad.Result r) {
        Histogram h = r.latency();
        return String.format("%-10s %5d sessions  p50 %7.2f ms  p99 %7.2f ms  max %8.2f ms  lost %d  reordered %d  cpu/delivery %.2f us"
                + "  send lag p99 %.2f ms  generator cpu %.0f%%%s",
                r.relay(), r.sessions(), h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                h.getMaxValue() / 1000.0, r.lost(), r.reordered(), r.cpuMicrosPerDelivery(), r.sendLag().getValueAtPercentile(99) / 1000.0,
                r.generatorCpu() * 100, r.valid() ? "" : "  INVALID (generator lagged)");
    }

    static void log(String line) {
        System.out.printf("bench [%4d s]: %s%n", (System.nanoTime() - STARTED) / 1_000_000_000L, line);
    }
}
