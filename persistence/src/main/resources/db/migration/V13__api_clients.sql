-- Tandem schema, version 13: machine clients of the integration API (docs/operations.md,
-- "Machine clients"). A client is an OAuth 2.0 client of the identity provider (client-credentials
-- grant); its access tokens carry its client id and scopes. Tandem accepts a valid token only from a
-- registered, enabled client and only from one of the client's allowed networks. The identity
-- provider decides the scopes; this table decides where from and whether at all.
CREATE TABLE api_client (
    client_id      VARCHAR(255) PRIMARY KEY,
    display_name   VARCHAR(200) NOT NULL,
    enabled        BOOLEAN      NOT NULL DEFAULT TRUE,
    allowed_cidrs  JSONB        NOT NULL DEFAULT '[]'::jsonb,
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT api_client_id_chk CHECK (client_id ~ '^[A-Za-z0-9._:@/-]{1,255}$'),
    CONSTRAINT api_client_cidrs_chk CHECK (jsonb_typeof(allowed_cidrs) = 'array' AND jsonb_array_length(allowed_cidrs) <= 64)
);

COMMENT ON TABLE api_client IS 'Machine clients of the integration API: who may call it, from where';
COMMENT ON COLUMN api_client.client_id IS 'The OAuth client id as the access token names it (client_id, azp or appid claim)';
COMMENT ON COLUMN api_client.display_name IS 'A name for people: what system this client is';
COMMENT ON COLUMN api_client.enabled IS 'False refuses the client''s tokens at once, even before they expire';
COMMENT ON COLUMN api_client.allowed_cidrs IS 'JSON array of networks (CIDR, e.g. 203.0.113.0/24 or 2001:db8::/32) the client may call from; empty refuses every address';
COMMENT ON COLUMN api_client.created_at IS 'When the client was registered';

-- The application only reads the clients (an administrator registers them by SQL); it may change
-- group settings through the API (the administrator page and groups.write clients).
GRANT SELECT ON api_client TO ${app_role};
GRANT SELECT ON api_client TO tandem_report;
GRANT UPDATE ON cobrowse_group TO ${app_role};
GRANT INSERT, DELETE ON cobrowse_group_origin TO ${app_role};
