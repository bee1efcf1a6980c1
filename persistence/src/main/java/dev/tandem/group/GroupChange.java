package dev.tandem.group;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A checked change to one group's settings: new values by column (already validated by the caller,
 * and checked again by the table's constraints), and optionally the full new list of allowed
 * origins. JSON columns get their value as JSON text. Column names come from code, never from a
 * request; they are checked here all the same.
 */
public record GroupChange(Map<String, Object> columns, Map<String, String> jsonColumns, List<WebOrigin> origins) {

    private static final Pattern COLUMN = Pattern.compile("^[a-z][a-z0-9_]{0,62}$");

    public GroupChange {
        columns = Map.copyOf(columns);
        jsonColumns = Map.copyOf(jsonColumns);
        origins = origins == null ? null : List.copyOf(origins);
        columns.keySet().forEach(GroupChange::checkColumn);
        jsonColumns.keySet().forEach(GroupChange::checkColumn);
        columns.values().forEach(Objects::requireNonNull);
    }

    private static void checkColumn(String name) {
        if (!COLUMN.matcher(name).matches() || name.equals("group_id")) {
            throw new IllegalArgumentException("not a group setting column: " + name);
        }
    }

    public boolean isEmpty() {
        return columns.isEmpty() && jsonColumns.isEmpty() && origins == null;
    }
}
