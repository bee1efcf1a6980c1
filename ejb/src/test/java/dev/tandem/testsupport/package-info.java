/**
 * Test fixtures shared beyond the EJB module's own unit tests: published as the module's test jar
 * (ejb/pom.xml packs this package alone) and used by the EAR's integration tests, so that one copy
 * of each serves both. Never part of the application.
 */
package dev.tandem.testsupport;
