/**
 * Runs the client-side integration and browser tests against Payara Server: a small Arquillian
 * container that starts the domain the build provisioned ({@code payara-config/}) with
 * {@code asadmin}, deploys each test's EAR with {@code asadmin deploy} and stops the domain at the
 * end. Registered only when {@code tandem.it.payara} is true (the build's {@code payara} profile);
 * the WildFly runs never see it.
 */
package dev.tandem.it.payara;
