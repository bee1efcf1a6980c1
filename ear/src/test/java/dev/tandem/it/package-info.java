/**
 * In-container (Arquillian, the provisioned WildFly, real PostgreSQL) and browser (headless
 * Chromium) tests of the assembled EAR. {@link dev.tandem.it.TestEnvironment} says where the test
 * server, database and identity provider are; {@link dev.tandem.it.Deployments} builds the archives.
 */
package dev.tandem.it;
