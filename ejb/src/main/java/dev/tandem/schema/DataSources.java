package dev.tandem.schema;

/**
 * The JNDI names of the two datasources the server defines (see {@code wildfly-config/}): the
 * application's least-privilege pool and the schema owner's pool used only for migrations.
 */
public final class DataSources {

    /** The application role: SELECT/INSERT on audit, no DDL. Also named in persistence.xml. */
    public static final String APPLICATION = "java:jboss/datasources/TandemDS";

    /** The schema owner: used once at start-up by Flyway, never by request handling. */
    public static final String MIGRATION = "java:jboss/datasources/TandemMigrationDS";

    private DataSources() {
    }
}
