package dev.tandem.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The loads the full run puts on both relays, and where they differ from the loads the benchmark's
 * issue (21) states its targets at. The generator has one core of the two (the server and its
 * database the other, see {@link BenchServer#pinning()}); the top load is the most sessions whose
 * traffic that core sends on schedule and receives with room to spare, so that every run can be
 * valid by the generator's own measure ({@link OpenLoopLoad.Result#valid()}). Both relays run the
 * same loads, so the ratios stay comparisons at equal load; what the run found above the top load
 * (M3's steps, each with its own validity) says where the generator stopped keeping up.
 * {@code -Dbench.top=N} ({@code -Dtandem.bench.top} to the harness itself) runs another top load.
 */
record LoadPlan(int top) {

    /** The top load issue 21 states its M1, M2 and M5 targets at. */
    static final int ISSUE_TOP = 500;
    /** The top load a full run uses on a machine where the generator has one core (see the class comment). */
    static final int DEFAULT_TOP = 250;

    /** A loaded setting that differs from the issue's, with the reason. */
    record Change(String setting, String issue, String used, String reason) {
    }

    static LoadPlan fromProperties(int scale) {
        return new LoadPlan(Integer.getInteger("tandem.bench.top", DEFAULT_TOP) / scale);
    }

    /** The session counts of the M1/M2 sweep: half the top load and the top load. */
    int[] sweep() {
        return new int[] {top / 2, top};
    }

    /** M4's background load: half the top load, as the issue's "half the M1 load". */
    int catchUpBackground() {
        return top / 2;
    }

    /** M3's ladder above the top load: steps of half the top load, then of the top load. */
    int[] capacitySteps() {
        return new int[] {top * 3 / 2, top * 2, top * 5 / 2, top * 3, top * 4};
    }

    /** What differs from the issue's loads (nothing when the top load is the issue's). */
    List<Change> changes(int scale) {
        List<Change> changes = new ArrayList<>();
        int issueTop = ISSUE_TOP / scale;
        if (top != issueTop) {
            String reason = "the load generator runs on one core (the server and its database on the other), and at the issue's load "
                    + "it did not keep its schedule (a send lag above the validity limit; M3's steps above the top load show where it "
                    + "stops keeping up in this run), which would make every run invalid; both relays run the same loads";
            changes.add(new Change("top load (M1, M2, tripwire and Java 25 rounds; M5's idle connections)", issueTop + " sessions",
                    top + " sessions", reason));
            changes.add(new Change("M1/M2 sweep", issueTop / 2 + " and " + issueTop + " sessions", top / 2 + " and " + top + " sessions",
                    "follows the top load"));
            changes.add(new Change("M4 background load", issueTop / 2 + " streaming sessions", catchUpBackground() + " streaming sessions",
                    "half the top load, as in the issue"));
        }
        return changes;
    }
}
