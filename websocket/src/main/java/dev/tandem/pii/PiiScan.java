package dev.tandem.pii;

import java.util.Map;

/** A text after the tripwire: masked where something was found, and how many of each kind. */
public record PiiScan(String text, Map<PiiKind, Integer> counts) {

    public PiiScan {
        counts = Map.copyOf(counts);
    }

    public boolean tripped() {
        return !counts.isEmpty();
    }
}
