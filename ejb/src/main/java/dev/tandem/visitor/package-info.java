/**
 * The visitor half of a co-browse session: starting one for a group (origin, group and key rules),
 * resuming it on every page load with a signed visitor token, and ending it (Stop, idle, maximum
 * duration, administrator). Every outcome, allowed or refused, leaves an audit row in the same
 * transaction. What the visitor's page shows never passes through here.
 */
package dev.tandem.visitor;
