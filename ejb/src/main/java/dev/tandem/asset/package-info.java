/**
 * The static-asset proxy: the agent's viewer fetches the visitor page's images, fonts and
 * stylesheets only from Tandem, which fetches them on its behalf from the group's origins and
 * {@code allowed_external_domains}, and from nowhere else. The rules are plain classes tested without
 * a container: the host allow-list ({@link dev.tandem.asset.AssetHosts}), the address classes an
 * asset may never come from ({@link dev.tandem.asset.AddressClass}), the fetch itself over a socket to
 * the address that was checked ({@link dev.tandem.asset.AssetFetcher}), the cache and the rewriting of
 * CSS {@code url()}s. {@link dev.tandem.asset.AssetProxy} holds their settings and shared state;
 * {@link dev.tandem.asset.AssetAccess} checks the agent pass and audits refusals. See
 * docs/security.md, "Asset proxy".
 */
package dev.tandem.asset;
