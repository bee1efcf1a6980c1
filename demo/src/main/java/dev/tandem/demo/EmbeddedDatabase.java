package dev.tandem.demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * A real PostgreSQL (zonky's embedded binaries from Maven Central) for running the demo on a
 * machine that has none. Its data stays in a directory of the user's, so a restart keeps the audit
 * log; it creates the same two roles as production: a schema owner and a least-privilege
 * application role, with fresh random passwords at every start.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    static final String DATABASE = "tandem";
    static final String OWNER = "tandem_owner";
    static final String APP = "tandem_app";

    private final EmbeddedPostgres postgres;
    private final DatabaseSettings settings;

    private EmbeddedDatabase(EmbeddedPostgres postgres, DatabaseSettings settings) {
        this.postgres = postgres;
        this.settings = settings;
    }

    /** Starts PostgreSQL on {@code port} with its data in {@code dataDirectory}. */
    public static EmbeddedDatabase start(Path dataDirectory, int port) throws IOException, SQLException {
        Files.createDirectories(dataDirectory);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
        String ownerPassword = randomPassword();
        String appPassword = randomPassword();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN "
                    + "IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + OWNER + "') THEN CREATE ROLE " + OWNER + " LOGIN; END IF; "
                    + "IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + APP + "') THEN CREATE ROLE " + APP + " LOGIN; END IF; "
                    // The read-only reporting role the migrations grant to; NOLOGIN, no password (docs/database.md).
                    + "IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tandem_report') THEN CREATE ROLE tandem_report NOLOGIN; END IF; "
                    + "END $$");
            // The passwords are hex: safe to put in the statement as literals.
            s.execute("ALTER ROLE " + OWNER + " WITH LOGIN PASSWORD '" + ownerPassword + "'");
            s.execute("ALTER ROLE " + APP + " WITH LOGIN PASSWORD '" + appPassword + "'");
            boolean exists;
            try (var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                exists = rs.next();
            }
            if (!exists) {
                s.execute("CREATE DATABASE " + DATABASE + " OWNER " + OWNER);
            }
        }
        try (Connection c = postgres.getDatabase("postgres", DATABASE).getConnection(); Statement s = c.createStatement()) {
            s.execute("REVOKE ALL ON SCHEMA public FROM PUBLIC");
            s.execute("ALTER SCHEMA public OWNER TO " + OWNER);
            s.execute("GRANT USAGE ON SCHEMA public TO " + APP);
        }
        String url = "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
        return new EmbeddedDatabase(postgres, new DatabaseSettings(url, APP, appPassword, OWNER, ownerPassword,
                "embedded PostgreSQL on port " + port + ", data in " + dataDirectory));
    }

    public DatabaseSettings settings() {
        return settings;
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
