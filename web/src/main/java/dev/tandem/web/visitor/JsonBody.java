package dev.tandem.web.visitor;

import dev.tandem.json.Jsons;
import dev.tandem.visitor.SessionRefusal;
import dev.tandem.visitor.SessionRefusal.Reason;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads a small JSON object from a request body: never more than {@value #MAX_BYTES} bytes. */
final class JsonBody {

    static final int MAX_BYTES = 4096;
    private static final int MAX_GROUPS = 16;

    private final JsonObject object;

    private JsonBody(JsonObject object) {
        this.object = object;
    }

    static JsonBody read(InputStream in) {
        byte[] bytes;
        try {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new SessionRefusal(Reason.TOO_LARGE);
        }
        try (var reader = Jsons.READERS.createReader(new ByteArrayInputStream(bytes))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new SessionRefusal(Reason.MALFORMED);
            }
            return new JsonBody(value.asJsonObject());
        } catch (JsonException | IllegalStateException e) {
            throw new SessionRefusal(Reason.MALFORMED);
        }
    }

    /** A string member, null if absent; refused if present with another type or too long. */
    String string(String name, int maxLength) {
        JsonValue value = object.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.STRING || ((JsonString) value).getString().length() > maxLength) {
            throw new SessionRefusal(Reason.MALFORMED);
        }
        return ((JsonString) value).getString();
    }

    /** An array of short strings, null if absent. */
    List<String> strings(String name) {
        JsonValue value = object.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.ARRAY || value.asJsonArray().size() > MAX_GROUPS) {
            throw new SessionRefusal(Reason.MALFORMED);
        }
        List<String> result = new ArrayList<>();
        for (JsonValue item : value.asJsonArray()) {
            if (item.getValueType() != JsonValue.ValueType.STRING || ((JsonString) item).getString().length() > 64) {
                throw new SessionRefusal(Reason.MALFORMED);
            }
            result.add(((JsonString) item).getString());
        }
        return result;
    }
}
