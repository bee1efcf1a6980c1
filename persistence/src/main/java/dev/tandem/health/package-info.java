/**
 * Health for load balancers and orchestrators (MicroProfile Health): the node is ready only while
 * the application's database role can read the migrated schema and an HTTP worker is free (the web
 * module counts busy requests into {@link dev.tandem.health.InFlightRequests}), and live while the
 * application is deployed. The checks live in this EAR library jar because WildFly discovers health checks through
 * the EAR-wide bean manager, which sees the EAR's libraries but not the beans inside its WAR.
 */
package dev.tandem.health;
