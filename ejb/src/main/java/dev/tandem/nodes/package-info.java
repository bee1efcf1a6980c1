/**
 * How the nodes of a cluster stay in step through the database they share: which node holds a live
 * session's stream ({@link dev.tandem.nodes.SessionOwners}), and a container timer
 * ({@link dev.tandem.nodes.ClusterSync}) that every two seconds reads the revocations other nodes
 * wrote and closes this node's connections of sessions that ended or moved elsewhere. On a single
 * node it finds nothing to do.
 */
package dev.tandem.nodes;
