package dev.tandem.audit;

/** How a security-relevant action ended. Stored by name in {@code audit_event.outcome}. */
public enum Outcome {
    /** The action was allowed and done. */
    SUCCESS,
    /** The action was refused by a security rule (origin, group, signature, rate, ...). */
    DENIED,
    /** The action was allowed but could not be completed. */
    FAILURE
}
