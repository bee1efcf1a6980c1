package dev.tandem.schema;

/**
 * How the application reaches its two datasources, the same on every server. The application's
 * least-privilege pool is the platform's default datasource ({@code java:comp/DefaultDataSource}):
 * the persistence unit names none, and each server points its default at the application's pool
 * ({@code wildfly-config/}, {@code payara-config/}). The schema owner's pool, used only for
 * migrations and a few maintenance jobs, is a resource reference that each server's descriptor in
 * this module maps to its pool ({@code META-INF/jboss-ejb3.xml}, {@code META-INF/glassfish-ejb-jar.xml}).
 */
public final class DataSources {

    /** The application role: SELECT/INSERT on audit, no DDL. The persistence unit's datasource. */
    public static final String APPLICATION = "java:comp/DefaultDataSource";

    /** The schema owner's resource reference (under {@code java:comp/env}): never used by request handling. */
    public static final String MIGRATION = "jdbc/TandemMigrationDS";

    private DataSources() {
    }
}
