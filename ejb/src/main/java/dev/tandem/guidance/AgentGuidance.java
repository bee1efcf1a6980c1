package dev.tandem.guidance;

/**
 * Audits agent guidance on a live session (docs/database.md, audit event types): write mode asked
 * for, granted, declined, revoked; actions refused with their reason. Never the action's value.
 */
public interface AgentGuidance {

    /** How write mode changed, as audited. */
    enum ModeChange {
        REQUESTED("MODE_REQUESTED"),
        GRANTED("MODE_GRANTED"),
        DECLINED("MODE_DECLINED"),
        REVOKED("MODE_REVOKED");

        private final String auditType;

        ModeChange(String auditType) {
            this.auditType = auditType;
        }

        public String auditType() {
            return auditType;
        }
    }

    /**
     * Write mode for {@code agentSubject} changed on the session; {@code by} is who did it
     * ({@code agent}, {@code visitor}, or {@code left} when the agent's connection closed).
     */
    void modeChanged(String sessionRef, String agentSubject, String mode, ModeChange change, String by);

    /**
     * An action of {@code agentSubject} was refused: by the relay ({@code source} {@code relay}: mode
     * not granted, rate) or by the visitor script ({@code visitor}: masked, password, restricted,
     * submit, navigation, file...). {@code reason} is a short code, never the value.
     */
    void controlRefused(String sessionRef, String agentSubject, String reason, String source);
}
