/**
 * The live relay: Jakarta WebSocket endpoints that receive a visitor's masked rrweb events and fan
 * them out to the agents viewing that session, in memory only. Nothing that passes through here is
 * ever written to the database, a file or a log. (The endpoints arrive with the live co-browsing
 * issue; this module is wired into the web archive so they deploy with it.)
 */
package dev.tandem.relay;
