package dev.tandem.visitor;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Session keys: what a visitor reads aloud to the agent. Generated keys are random digits from
 * {@link SecureRandom}; a page may bring its own (a CRM id, say) of 1 to 63 letters or digits.
 * A key is not a secret; the session id's random part is.
 */
public final class SessionKeys {

    private static final Pattern CUSTOM = Pattern.compile("^[A-Za-z0-9]{1,63}$");

    private final SecureRandom random;

    public SessionKeys(SecureRandom random) {
        this.random = random;
    }

    /** A key of {@code length} random decimal digits (leading zeros allowed). */
    public String digits(int length) {
        if (length < 4 || length > 6) {
            throw new IllegalArgumentException("key length must be 4 to 6");
        }
        StringBuilder key = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            key.append((char) ('0' + random.nextInt(10)));
        }
        return key.toString();
    }

    /** True if a page-supplied key has the allowed form. */
    public static boolean isValidCustom(String key) {
        return key != null && CUSTOM.matcher(key).matches();
    }
}
