package dev.tandem.web.machine;

import java.util.Set;

/**
 * A machine client the gate let through: its client id, its scopes and its address. Resources find
 * it in the request; the audit log names it as {@code client:<id>} so it is never mistaken for an agent.
 */
public record MachineCaller(String clientId, Set<String> scopes, String address) {

    /** The request attribute under which the gate leaves the caller. */
    public static final String ATTRIBUTE = "dev.tandem.machine.caller";

    public String actor() {
        return "client:" + clientId;
    }
}
