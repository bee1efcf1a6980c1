package dev.tandem.pii;

/** What the tripwire found; its name (lower case) is all that is ever reported or audited. */
public enum PiiKind {
    CARD, IBAN, SSN, PATTERN;

    /** The name used in messages, audit rows and the test vectors. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
