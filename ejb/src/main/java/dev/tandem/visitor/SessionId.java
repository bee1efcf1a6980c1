package dev.tandem.visitor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A session id: group id, key and 128 bits of secure randomness, {@code group.key.random}. The
 * random part is what protects the session. Only its SHA-256 ({@link #ref()}) is ever stored.
 */
public record SessionId(String value) {

    private static final int RANDOM_BYTES = 16;

    public static SessionId create(String groupId, String key, SecureRandom random) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return new SessionId(groupId + "." + key + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** The one-way reference stored in the database and the audit log instead of the id. */
    public String ref() {
        return refOf(value);
    }

    public static String refOf(String sessionId) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(sessionId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
