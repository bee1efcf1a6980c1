/**
 * The asset proxy's HTTP edge: {@code GET /cobrowse/asset?u=URL} for the agent's viewer. Checks the
 * agent pass cookie, asks {@link dev.tandem.asset.AssetProxy} for the asset and answers with its
 * bytes and safe headers, or with the refusal's status and an audit row (PROXY_REFUSED, once per
 * session and host). See docs/security.md, "Asset proxy".
 */
package dev.tandem.web.asset;
