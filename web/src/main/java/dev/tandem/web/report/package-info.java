/**
 * Content-Security-Policy violation reports: browsers post them to {@code /cobrowse/api/csp-reports}
 * when a page of ours (above all the agent viewer with its replayed visitor page) tried something
 * the policy blocks. Each becomes a bounded CSP_VIOLATION audit row, rate-limited per client.
 */
package dev.tandem.web.report;
