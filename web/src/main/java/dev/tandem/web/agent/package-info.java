/**
 * The signed-in agent's side of the API: who am I, which groups may I co-browse. Everything here
 * requires the {@code cobrowse-agent} role, enforced by the container's security constraints.
 */
package dev.tandem.web.agent;
