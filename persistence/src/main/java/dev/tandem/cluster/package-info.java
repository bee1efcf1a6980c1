/**
 * What the nodes of a cluster share through PostgreSQL (V14): durable revocations, redeemed join
 * tickets, and which node holds a live session's stream ({@code cobrowse_session.node}). On a single
 * node the same rows are written and read; nothing else changes.
 */
package dev.tandem.cluster;
