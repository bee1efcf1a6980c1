package dev.tandem.it;

import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A WebSocket frame a browser sent, as DevTools recorded it ({@code Network.webSocketFrameSent}'s
 * {@code response}): text frames as they are, binary frames (base64 in DevTools) inflated, as the
 * relay inflates a visitor's compressed message (docs/protocol.md), so that tests checking what
 * left the visitor's browser read the text the relay reads, however it travelled.
 */
record SentFrame(int opcode, int wireBytes, String text) {

    static final int TEXT = 1;
    static final int BINARY = 2;

    static SentFrame of(JsonObject response) {
        int opcode = response.getInt("opcode", TEXT);
        String payload = response.getString("payloadData", "");
        if (opcode != BINARY) {
            return new SentFrame(opcode, payload.getBytes(StandardCharsets.UTF_8).length, payload);
        }
        byte[] bytes = Base64.getDecoder().decode(payload);
        return new SentFrame(opcode, bytes.length, inflate(bytes));
    }

    boolean binary() {
        return opcode == BINARY;
    }

    /** The zlib stream inflated to UTF-8 text, or a marker (which no test looks for) if it is not one. */
    static String inflate(byte[] zlib) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(zlib);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[65536];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return "(binary frame, not a whole zlib stream)";
                }
                out.write(buffer, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (DataFormatException e) {
            return "(binary frame, not zlib)";
        } finally {
            inflater.end();
        }
    }
}
