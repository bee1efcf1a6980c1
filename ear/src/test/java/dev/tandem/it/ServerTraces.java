package dev.tandem.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Looks for a marker everywhere the server could have kept it: every row of every table of the
 * application's schema, and every file under the server's base directory (logs, data, temporary
 * files). Used after a session to prove that what a visitor showed was never stored.
 */
public final class ServerTraces {

    private ServerTraces() {
    }

    public static void assertNowhere(String marker) {
        assertThat(tablesContaining(marker)).as("tables holding %s", marker).isEmpty();
        assertThat(filesContaining(marker)).as("server files holding %s", marker).isEmpty();
    }

    static List<String> tablesContaining(String marker) {
        List<String> found = new ArrayList<>();
        try (Connection c = TestEnvironment.connectAsOwner(); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet r = st.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
                while (r.next()) {
                    tables.add(r.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet r = st.executeQuery("SELECT count(*) FROM \"" + table + "\" t WHERE row_to_json(t)::text LIKE '%"
                        + marker.replace("'", "''") + "%'")) {
                    r.next();
                    if (r.getInt(1) > 0) {
                        found.add(table);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    static List<String> filesContaining(String marker) {
        Path base = TestEnvironment.serverFiles();
        byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(base)) {
            return files.filter(Files::isRegularFile).filter(f -> contains(f, needle)).map(Path::toString).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean contains(Path file, byte[] needle) {
        try {
            if (Files.size(file) > 64L * 1024 * 1024) {
                return false;
            }
            byte[] bytes = Files.readAllBytes(file);
            outer:
            for (int i = 0; i <= bytes.length - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (bytes[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        } catch (IOException unreadable) {
            return false;
        }
    }
}
