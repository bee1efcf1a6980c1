/**
 * The HTTP edge, below the API and the pages: request bodies read without pinning a worker thread
 * and within a deadline ({@link dev.tandem.web.http.BodyReadFilter}), a per-client bound on bodies
 * being read ({@link dev.tandem.web.http.ClientSlots}), the gauge of requests holding a worker
 * ({@link dev.tandem.web.http.InFlightFilter}, read by readiness in {@code dev.tandem.health}), the one place
 * faults are answered without internals ({@link dev.tandem.web.http.FaultPage}), and the log that
 * stays small when failures come in floods ({@link dev.tandem.web.http.FaultLog}).
 */
package dev.tandem.web.http;
