/**
 * Co-browse session metadata as DBAs see it in the {@code cobrowse_session} table: which group,
 * which key, when it started and ended and why, and who viewed at most at once. The live session
 * itself (its stream) is never stored; this package only keeps the record that it existed.
 */
package dev.tandem.session;
