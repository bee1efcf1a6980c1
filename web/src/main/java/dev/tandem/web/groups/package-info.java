/**
 * Group settings over HTTP, shared by the administrator page and the machine API: which settings
 * may change and how each is checked ({@link dev.tandem.web.groups.GroupFields}), how a group is
 * shown ({@link dev.tandem.web.groups.GroupJson}), and the audited change itself
 * ({@link dev.tandem.web.groups.GroupEditor}), after which caches of group facts are told.
 */
package dev.tandem.web.groups;
