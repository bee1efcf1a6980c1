-- Tandem schema, version 2: co-browse group configuration, and visitor activity on sessions.

-- One row per co-browse group (a customer site or business unit). Visitors may only start sessions
-- for an enabled group, from one of its allowed origins. Changed by administrators (see docs/operations.md).
CREATE TABLE cobrowse_group (
    group_id              VARCHAR(64)  PRIMARY KEY,
    display_name          VARCHAR(200) NOT NULL,
    enabled               BOOLEAN      NOT NULL DEFAULT TRUE,
    key_length            SMALLINT     NOT NULL DEFAULT 6,
    masked_selectors      JSONB        NOT NULL DEFAULT '[]'::jsonb,
    blocked_selectors     JSONB        NOT NULL DEFAULT '[]'::jsonb,
    mask_all_inputs       BOOLEAN      NOT NULL DEFAULT FALSE,
    idle_timeout_seconds  INTEGER      NOT NULL DEFAULT 300,
    max_duration_seconds  INTEGER      NOT NULL DEFAULT 14400,
    max_agents            SMALLINT     NOT NULL DEFAULT 3,
    CONSTRAINT cobrowse_group_id_chk CHECK (group_id ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    CONSTRAINT cobrowse_group_key_length_chk CHECK (key_length BETWEEN 4 AND 6),
    CONSTRAINT cobrowse_group_masked_chk CHECK (jsonb_typeof(masked_selectors) = 'array'),
    CONSTRAINT cobrowse_group_blocked_chk CHECK (jsonb_typeof(blocked_selectors) = 'array'),
    CONSTRAINT cobrowse_group_idle_chk CHECK (idle_timeout_seconds BETWEEN 30 AND 86400),
    CONSTRAINT cobrowse_group_duration_chk CHECK (max_duration_seconds BETWEEN 60 AND 86400),
    CONSTRAINT cobrowse_group_agents_chk CHECK (max_agents BETWEEN 1 AND 20)
);

-- The exact origins (scheme://host[:port], lower case, no path) a group's pages are served from.
CREATE TABLE cobrowse_group_origin (
    group_id  VARCHAR(64)  NOT NULL REFERENCES cobrowse_group (group_id) ON DELETE CASCADE,
    origin    VARCHAR(255) NOT NULL,
    PRIMARY KEY (group_id, origin),
    CONSTRAINT cobrowse_group_origin_chk CHECK (origin ~ '^https?://[a-z0-9.-]+(:[0-9]{1,5})?$')
);
CREATE INDEX cobrowse_group_origin_origin_idx ON cobrowse_group_origin (origin);

-- When the visitor was last heard from (start, resume, stream activity): drives the idle timeout.
ALTER TABLE cobrowse_session ADD COLUMN last_seen_at TIMESTAMPTZ;
UPDATE cobrowse_session SET last_seen_at = started_at WHERE last_seen_at IS NULL;
ALTER TABLE cobrowse_session ALTER COLUMN last_seen_at SET NOT NULL;
CREATE INDEX cobrowse_session_live_idx ON cobrowse_session (last_seen_at) WHERE ended_at IS NULL;

GRANT SELECT ON cobrowse_group, cobrowse_group_origin TO ${app_role};
