/**
 * Development and demo only, never part of the EAR: a real OpenID Connect provider with demo
 * agents ({@link dev.tandem.demo.DevIdentityProvider}), an embedded PostgreSQL for machines with
 * none ({@link dev.tandem.demo.EmbeddedDatabase}), the demo bank website a visitor browses
 * ({@link dev.tandem.demo.DemoSite}), and {@link dev.tandem.demo.DemoLauncher}, which starts them
 * with the provisioned WildFly and prints where everything is.
 */
package dev.tandem.demo;
