package dev.tandem.join;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The wire form of everything Tandem signs for a browser to carry: a list of text fields, each
 * prefixed by its length (so no two different field lists give the same bytes), HMAC-SHA256 over a
 * purpose label and those bytes (so a token of one kind never verifies as another), both in
 * unpadded base64url: {@code fields "." mac}. Decoding is strict: the exact canonical encoding, the
 * exact field count, valid UTF-8, nothing left over; the MAC is compared in constant time.
 */
final class SignedFields {

    static final int MAX_TOKEN_LENGTH = 4000;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private SignedFields() {
    }

    static String sign(String purpose, byte[] key, List<String> fields) {
        String payload = ENCODER.encodeToString(encode(fields));
        return payload + "." + ENCODER.encodeToString(mac(purpose, key, payload));
    }

    /** The fields of {@code token} if it is canonical, has {@code count} fields and its MAC is right under {@code key}. */
    static Optional<List<String>> verify(String purpose, byte[] key, String token, int count) {
        return parse(token, count).filter(p -> MessageDigest.isEqual(mac(purpose, key, p.payload()), p.mac())).map(Parsed::fields);
    }

    /** The fields without checking the MAC: only to learn which key to check it with. */
    static Optional<List<String>> unverifiedFields(String token, int count) {
        return parse(token, count).map(Parsed::fields);
    }

    private record Parsed(String payload, byte[] mac, List<String> fields) {
    }

    private static Optional<Parsed> parse(String token, int count) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.') || dot == token.length() - 1) {
            return Optional.empty();
        }
        String payload = token.substring(0, dot);
        String macText = token.substring(dot + 1);
        byte[] bytes;
        byte[] mac;
        try {
            bytes = Base64.getUrlDecoder().decode(payload);
            mac = Base64.getUrlDecoder().decode(macText);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        if (!ENCODER.encodeToString(bytes).equals(payload) || !ENCODER.encodeToString(mac).equals(macText) || mac.length != 32) {
            return Optional.empty();
        }
        return decode(bytes, count).map(fields -> new Parsed(payload, mac, fields));
    }

    static byte[] encode(List<String> fields) {
        List<byte[]> parts = fields.stream().map(f -> f.getBytes(StandardCharsets.UTF_8)).toList();
        ByteBuffer buffer = ByteBuffer.allocate(parts.stream().mapToInt(p -> 4 + p.length).sum());
        for (byte[] part : parts) {
            buffer.putInt(part.length).put(part);
        }
        return buffer.array();
    }

    static Optional<List<String>> decode(byte[] bytes, int count) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        List<String> fields = new ArrayList<>(count);
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        for (int i = 0; i < count; i++) {
            if (buffer.remaining() < 4) {
                return Optional.empty();
            }
            int length = buffer.getInt();
            if (length < 0 || length > buffer.remaining()) {
                return Optional.empty();
            }
            ByteBuffer field = buffer.slice(buffer.position(), length);
            buffer.position(buffer.position() + length);
            try {
                fields.add(decoder.decode(field).toString());
            } catch (CharacterCodingException notUtf8) {
                return Optional.empty();
            }
        }
        return buffer.hasRemaining() ? Optional.empty() : Optional.of(fields);
    }

    private static byte[] mac(String purpose, byte[] key, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(purpose.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) 0);
            return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is required of every Java platform", e);
        }
    }
}
