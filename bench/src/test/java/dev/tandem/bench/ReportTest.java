package dev.tandem.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The report is written from a run's figures: every section renders from them, and the targets are judged on them. */
class ReportTest {

    private static Histogram millis(double... values) {
        Histogram h = new Histogram(3);
        for (double v : values) {
            h.recordValue((long) (v * 1000));
        }
        return h;
    }

    private static OpenLoopLoad.Result run(String relay, int sessions, double p99Millis, double cpuSeconds, double lagMillis) {
        double[] latencies = new double[200];
        java.util.Arrays.fill(latencies, 1.0);
        latencies[199] = p99Millis;
        latencies[198] = p99Millis;
        latencies[197] = p99Millis;
        return new OpenLoopLoad.Result(relay, "bank-statement", sessions, 2, 20, millis(latencies), 1000, 100_000, 0, 0, cpuSeconds, 10,
                Map.of("default I/O-", cpuSeconds / 2, "default task-", cpuSeconds / 2), millis(lagMillis), 0.3, millis(20, 30), millis(40, 50), true);
    }

    private static Report filled(double lagMillis) throws Exception {
        return filled(lagMillis, new LoadPlan(500));
    }

    private static Report filled(double lagMillis, LoadPlan plan) throws Exception {
        Report report = new Report("test", plan, 1);
        report.loadAverage(true);
        report.trace(Trace.tiny());
        report.server(new BenchServer(Path.of("."), BenchServer.JVM_OPTIONS));
        int top = plan.top();
        for (int sessions : plan.sweep()) {
            report.load(run("null relay", sessions, 5, 2.0, 0.1));
            report.load(run("tandem", sessions, 6, 2.4, lagMillis));
        }
        report.tripwireOff(run("tandem", top, 6, 2.3, 0.1));
        for (int round = 2; round <= 3; round++) {
            report.repeat(run("null relay", top, 5, 2.0, 0.1));
            report.repeat(run("tandem", top, 6, 2.4, 0.1));
            report.tripwireOff(run("tandem", top, 6, 2.3, 0.1));
        }
        report.capacity(run("null relay", 625, 30, 2.0, 0.1));
        report.capacity(run("null relay", 750, 80, 2.0, 0.1));
        report.capacity(run("tandem", 625, 70, 2.0, 0.1));
        BenchMain.CatchUp none = new BenchMain.CatchUp();
        BenchMain.CatchUp tandem = new BenchMain.CatchUp();
        for (int j = 0; j < 100; j++) {
            none.times.recordValue(20_000 + j * 10);
            tandem.times.recordValue(25_000 + j * 10);
        }
        report.catchUp(run("null relay", 250, 5, 1, 0.1), none, run("tandem", 250, 6, 1, 0.1), tandem);
        for (int round = 1; round <= 3; round++) {
            report.auditChain(true, millis(12, 14), millis(30, 40));
            report.auditChain(false, millis(10, 12), millis(28, 36));
        }
        report.memory("null relay", 23_000);
        report.memory("tandem", 34_000);
        report.buffered(new double[] {186_000, 136_000});
        report.java25Server(new BenchServer(Path.of("."), BenchServer.JAVA_25_OPTIONS, BenchServer.JAVA_25));
        report.java25(run("null relay", top, 5, 2.0, 0.1));
        report.java25(run("tandem", top, 6, 2.2, 0.1));
        report.java25Memory("null relay", 20_000);
        report.java25Memory("tandem", 28_000);
        report.machine(1);
        report.loadAverage(false);
        report.seconds(600);
        return report;
    }

    @Test
    void everySectionIsWrittenFromTheFigures() throws Exception {
        String page = filled(0.1).markdown();
        java.nio.file.Files.writeString(Path.of("target/report-test.md"), page);

        assertThat(page).contains("## Targets", "## M1", "### Spread", "## M2", "### The relay's PII tripwire", "## M3", "## M4",
                "## The audit hash chain", "## M5", "## Java 25", "## M6", "## Server settings");
        assertThat(page).contains("M4 catch-up p99 ≤ 1.5× one raw transfer of the same bytes (100 joins)");
        assertThat(page).contains("Hash chain / baseline, median of the rounds' ratios: start p50");
        assertThat(page).doesNotContain("NaN", "| invalid |", "**no**");
        assertThat(filled(0.1).json()).contains("\"kind\":\"tripwire-off\"");
    }

    @Test
    void m6ReportsTheSnapshotBytesAsSentAndJudgesTheTargetOnTheLargestShare() throws Exception {
        Report small = filled(0.1);
        assertThat(small.markdown()).as("the tiny trace's snapshot is under the capture's threshold: text")
                .contains("| M6 snapshot bytes on the wire ≤ 30 % of raw (largest share of the 1 traces) | 100 % (tiny: ")
                .contains("sent as text) | – | no |");

        Report big = new Report("test", new LoadPlan(500), 1);
        Trace statement = new Trace("statement", WireBytesTest.statement(2000), List.of("{\"type\":3,\"timestamp\":1,\"data\":{}}"), 0);
        big.trace(statement);
        WireBytes w = WireBytes.of(statement);
        String page = big.markdown();
        assertThat(page).contains(String.format(java.util.Locale.ROOT, "| M6 snapshot bytes on the wire ≤ 30 %% of raw (largest share of the 1 "
                + "traces) | %.0f %% (statement: %,d of %,d bytes, sent compressed) | – | yes |", 100 * w.snapshotShare(), w.snapshotOnWire(),
                w.snapshotBytes()));
        assertThat(page).contains("1 of the 1 snapshots went compressed").contains(" (compressed) | ").doesNotContain("NaN");

        big.trace(Trace.tiny());
        assertThat(big.markdown()).as("one page sent as text fails the target for all").contains("| 100 % (tiny: ").contains("sent as text) | – | no |");
    }

    @Test
    void aRunWhoseGeneratorLaggedMakesItsTargetsInvalid() throws Exception {
        String page = filled(5).markdown();

        assertThat(page).contains("| invalid |");
    }

    @Test
    void aLoadBelowTheIssuesIsListedWithItsReasonAndNamedInEveryTargetItChanges() throws Exception {
        LoadPlan plan = new LoadPlan(250);
        String page = filled(0.1, plan).markdown();

        assertThat(plan.changes(1)).isNotEmpty();
        plan.changes(1).forEach(c -> assertThat(page).contains("| " + c.setting() + " | " + c.issue() + " | " + c.used() + " | " + c.reason()));
        assertThat(page).contains("M1 p99 ≤ 10 ms (250 sessions; the issue's: 500, median of 3 rounds)").doesNotContain("| invalid |");
        assertThat(filled(0.1).markdown()).contains("The loads are the ones issue 21 states its targets at.");
    }

    @Test
    void theFirstStepWhereTheGeneratorLaggedIsNamed() throws Exception {
        Report report = filled(0.1);
        report.capacity(run("null relay", 875, 40, 2.0, 3));

        assertThat(report.markdown()).contains("In this run the generator lagged in 1 of the run's ")
                .contains("the smallest load at which it lagged was 875 sessions (null relay: send lag p99 3.00 ms");
    }

    @Test
    void aGeneratorLaggingBelowTheTopLoadIsNamedThereNotOnlyOnTheLadder() throws Exception {
        Report report = filled(5);
        report.capacity(run("null relay", 875, 40, 2.0, 3));

        assertThat(report.markdown()).doesNotContain("smallest load at which it lagged was 875 sessions")
                .containsPattern("In this run the generator lagged in \\d+ of the run's \\d+ load runs; the smallest load at which it lagged was \\d+ sessions");
    }

    @Test
    void everySettingTheBenchmarkChangesIsListed() throws Exception {
        String page = filled(0.1).markdown();

        BenchServer.NON_DEFAULT_SETTINGS.keySet().forEach(name -> assertThat(page).contains("`" + name + "`"));
        assertThat(page).contains(BenchServer.JVM_OPTIONS);
    }

    private static PointerLoad.Result pointerRun(String relay, double p99Millis, double lagMillis) {
        return new PointerLoad.Result(run(relay, 100, p99Millis, 1.0, lagMillis), millis(1, 2, 3), 0);
    }

    private static Report withPointer(double lagMillis, boolean alone) throws Exception {
        Report report = filled(0.1);
        report.pointerRun(true, 0, 0, alone);
        for (int round = 1; round <= 3; round++) {
            report.pointer(pointerRun("null relay", 4, 0.1));
            report.pointer(pointerRun("tandem", 6, lagMillis));
        }
        report.pointerRun(false, 120, 100, alone);
        return report;
    }

    @Test
    void thePointerSectionGivesTandemsP99AsARatioToTheNullRelaysAndNamesEverySettingOfItsRun() throws Exception {
        String section = withPointer(0.1, true).pointerSection();
        java.nio.file.Files.writeString(Path.of("target/report-pointer-test.md"), section);

        assertThat(section).startsWith(Report.POINTER_START).endsWith(Report.POINTER_END + "\n");
        assertThat(section).contains("## M7 – agent→visitor pointer latency", "30 pointer messages a second", "100 sessions",
                "median of the rounds' ratios: **1.50×**", "6 of the 6 runs are valid", "-Dbench.only=pointer");
        BenchServer.NON_DEFAULT_SETTINGS.keySet().forEach(name -> assertThat(section).contains("`" + name + "`"));
        assertThat(section).contains(BenchServer.JVM_OPTIONS, "agent_modes `view,pointer`", "100 agents `bench-agent-1`");
        assertThat(section).doesNotContain("NaN", "**no**");
        assertThat(withPointer(0.1, false).markdown()).contains("## M6", Report.POINTER_START, "as part of the full run");
        assertThat(withPointer(0.1, false).json()).contains("\"kind\":\"pointer\"");
    }

    @Test
    void aPointerRunWhoseGeneratorLaggedIsMarkedInvalidAndSaidSo() throws Exception {
        String section = withPointer(5, true).pointerSection();

        assertThat(section).contains("**no**", "3 of the 6 runs are valid", "In the others the generator lagged");
    }

    @Test
    void aRunOfThePointerMeasurementAloneReplacesOnlyItsOwnSection() throws Exception {
        String section = withPointer(0.1, true).pointerSection();
        String before = "# Benchmarks\n\nRun on 2026-11-29, mode full.\n\n## M6 – bytes\n\n| a | b |\n";

        String added = Report.replaceSection(before, section);
        assertThat(added).startsWith(before).endsWith(section);

        String old = Report.POINTER_START + "\n## M7 – agent→visitor pointer latency\n\nMeasured on 2026-01-01, old figures.\n" + Report.POINTER_END;
        String replaced = Report.replaceSection(before + "\n" + old + "\n\n## Later\n\nkept\n", section);
        assertThat(replaced).startsWith(before).contains(section, "## Later\n\nkept\n").doesNotContain("old figures");
        assertThat(replaced.indexOf(Report.POINTER_START)).isEqualTo(replaced.lastIndexOf(Report.POINTER_START));
        assertThat(Report.replaceSection(replaced, section)).isEqualTo(replaced);
    }

    private static HeapProbe.Growth growth(double perConnection, double strings, double maps) {
        return new HeapProbe.Growth(perConnection, Map.of("[B", strings, "java.util.HashMap$Node", maps, "java.lang.Object", 1.0));
    }

    private static Report withMemoryAlone() throws Exception {
        Report report = new Report("test", new LoadPlan(250), 1);
        report.memoryRun(true, 0, true);
        report.server(new BenchServer(Path.of("."), BenchServer.JVM_OPTIONS));
        report.machine(1);
        report.memory("null relay", 1, growth(20_000, 5_000, 1_000));
        report.memory("tandem", 1, growth(30_000, 9_000, 1_200));
        report.memory("null relay", 2, growth(22_000, 5_000, 1_000));
        report.memory("tandem", 2, growth(24_000, 6_000, 1_100));
        report.memory("null relay", 3, growth(21_000, 5_000, 1_000));
        report.memory("tandem", 3, growth(26_000, 7_000, 1_300));
        report.buffered(new double[] {186_000, 136_000});
        report.memoryRun(false, 150, true);
        return report;
    }

    @Test
    void theMemorySectionGivesEachRoundTheMedianRatioAndWhereTandemsExtraBytesGoByClass() throws Exception {
        Report report = withMemoryAlone();
        String section = report.memorySection();
        java.nio.file.Files.writeString(Path.of("target/report-memory-test.md"), section);

        assertThat(section).startsWith(Report.MEMORY_START).endsWith(Report.MEMORY_END + "\n");
        assertThat(section).contains("## M5 – memory", "-Dbench.only=memory", "| 1 | 20,000 bytes | 30,000 bytes | 1.50× |",
                "| 2 | 22,000 bytes | 24,000 bytes | 1.09× |", "| median | 21,000 bytes | 26,000 bytes | 1.24× |",
                "(median of the rounds' ratios): 1.24×", "opening 250 sessions", "after both relays opened and closed 50 such sessions");
        // the last round's classes, largest difference first
        assertThat(section).contains("| `[B` | 5,000 | 7,000 | +2,000 |", "| `java.util.HashMap$Node` | 1,000 | 1,300 | +300 |",
                "These classes make 2,300 of the 5,000 bytes");
        assertThat(section.indexOf("`[B`")).isLessThan(section.indexOf("`java.util.HashMap$Node`"));
        assertThat(section).contains("Buffered per session").doesNotContain("NaN");
        assertThat(report.memoryTargetRow()).isEqualTo("| " + Report.MEMORY_TARGET + " (median of 3 rounds) | 25.4 KB (1.24×) | 20.5 KB | no |\n");
        assertThat(report.json()).contains("\"kind\":\"memory\"", "\"bytesPerIdleConnection\":24000");
    }

    @Test
    void theFullRunWritesTheMemorySectionBetweenItsMarkers() throws Exception {
        String page = filled(0.1).markdown();

        assertThat(page).contains(Report.MEMORY_START + "\n## M5 – memory", "| 1 | 23,000 bytes | 34,000 bytes | 1.48× |", Report.MEMORY_END,
                "| " + Report.MEMORY_TARGET + " | 33.2 KB (1.48×) | 22.5 KB | no |").doesNotContain("| median | 23,000");
        assertThat(page.indexOf(Report.MEMORY_END)).isLessThan(page.indexOf("## Java 25"));
    }

    @Test
    void aRunOfTheMemoryMeasurementAloneReplacesOnlyItsSectionAndItsTargetRow() throws Exception {
        Report report = withMemoryAlone();
        String section = report.memorySection();
        String head = "# Benchmarks\n\n| target | Tandem | baseline | met |\n|---|---|---|---|\n| M4 x | 1 | 2 | yes |\n| " + Report.MEMORY_TARGET
                + " | 35.4 KB (1.64×) | 21.6 KB | no |\n| PII y | 1 | 2 | no |\n\n## M4 – catch-up\n\nkept\n\n";
        String tail = "\n## Java 25\n\nkept too\n";
        // a page written before the markers: from the heading to the next one
        String old = head + "## M5 – memory\n\n| relay | live heap per idle connection |\n|---|---|\n| null relay | 22,152 bytes |\n\nold figures\n" + tail;

        String once = Report.replaceTargetRow(Report.replaceSection(old, section), Report.MEMORY_TARGET, report.memoryTargetRow());
        assertThat(once).startsWith("# Benchmarks\n\n").contains(section, "## M4 – catch-up\n\nkept\n\n" + Report.MEMORY_START,
                Report.MEMORY_END + "\n" + tail, "| M4 x | 1 | 2 | yes |\n" + report.memoryTargetRow() + "| PII y | 1 | 2 | no |\n")
                .doesNotContain("old figures", "22,152", "35.4 KB");
        // and again, now between the markers: nothing else moves
        assertThat(Report.replaceTargetRow(Report.replaceSection(once, section), Report.MEMORY_TARGET, report.memoryTargetRow())).isEqualTo(once);
    }
}
