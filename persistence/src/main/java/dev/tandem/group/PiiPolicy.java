package dev.tandem.group;

/** What the PII tripwire does for a group. Stored by name in {@code cobrowse_group.pii_policy}. */
public enum PiiPolicy {
    /** No tripwire, in the browser or in the relay. */
    OFF,
    /** Hits are masked before any agent sees them and audited (the default). */
    MASK,
    /** As {@link #MASK}, and the session is ended at the first hit. */
    MASK_AND_END
}
