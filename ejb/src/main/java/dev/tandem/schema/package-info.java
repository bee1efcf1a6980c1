/**
 * Owns the database schema at run time: at start-up, before anything else touches the database,
 * {@link dev.tandem.schema.SchemaMigrator} applies the Flyway migrations as the schema-owner role,
 * granting the application role only what it needs. Nobody runs DDL by hand.
 */
package dev.tandem.schema;
