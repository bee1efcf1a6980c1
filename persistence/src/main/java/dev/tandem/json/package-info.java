/**
 * JSON-P shared by every layer: the provider and its factories looked up once ({@link dev.tandem.json.Jsons}),
 * because {@code jakarta.json.Json}'s static methods repeat a ServiceLoader scan on every call, which
 * under load cost more than everything else the relay does.
 */
package dev.tandem.json;
