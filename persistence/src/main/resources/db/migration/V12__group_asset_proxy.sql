-- Tandem schema, version 12: the static-asset proxy's policy per co-browse group (docs/security.md,
-- "Asset proxy"). The agent's browser fetches the visitor page's images, fonts and stylesheets only
-- through Tandem; Tandem fetches them only from the group's allowed origins and these hosts.

-- Hosts besides the group's origins whose assets the proxy may fetch (a CDN): JSON array of exact
-- host names ("cdn.example.com") or suffix rules ("*.example.com": any host below example.com, not
-- example.com itself). Lower case, no scheme, port or path; at most 50.
ALTER TABLE cobrowse_group ADD COLUMN allowed_external_domains JSONB NOT NULL DEFAULT '[]'::jsonb;
ALTER TABLE cobrowse_group ADD CONSTRAINT cobrowse_group_external_domains_chk
    CHECK (jsonb_typeof(allowed_external_domains) = 'array' AND jsonb_array_length(allowed_external_domains) <= 50);

-- TRUE: the proxy keeps nothing of this group's assets in its cache and sends the agent
-- Cache-Control: no-store.
ALTER TABLE cobrowse_group ADD COLUMN disable_caching BOOLEAN NOT NULL DEFAULT FALSE;

COMMENT ON COLUMN cobrowse_group.allowed_external_domains IS 'Asset proxy: hosts besides the allowed origins whose images, fonts and stylesheets may be fetched (JSON array: exact host or *.suffix, at most 50)';
COMMENT ON COLUMN cobrowse_group.disable_caching IS 'Asset proxy: TRUE keeps this group''s assets out of the cache and sends the agent Cache-Control: no-store';
