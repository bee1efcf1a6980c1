/**
 * Co-browse groups: the unit of policy. A group says which site origins may start sessions for it,
 * how long keys are, what the visitor's browser must mask or block, and how long sessions may idle
 * or last. {@link dev.tandem.group.CobrowseGroup} holds those rules; it is configuration stored in
 * {@code cobrowse_group} and {@code cobrowse_group_origin}, read-only to the application.
 */
package dev.tandem.group;
