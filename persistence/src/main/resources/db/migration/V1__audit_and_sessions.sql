-- Tandem schema, version 1: the append-only audit log and co-browse session metadata.
-- Runs as the schema owner (TANDEM_DB_OWNER_USER). The application role (${app_role}) gets only the
-- privileges it needs; on audit_event that is INSERT and SELECT, nothing else.
-- No column here ever holds page content, keys, tokens or cookies.

CREATE TABLE audit_event (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at  TIMESTAMPTZ  NOT NULL,
    event_type   VARCHAR(40)  NOT NULL,
    group_id     VARCHAR(64),
    session_ref  VARCHAR(64),
    actor        VARCHAR(255),
    source_ip    VARCHAR(64),
    outcome      VARCHAR(16)  NOT NULL,
    detail       JSONB        NOT NULL DEFAULT '{}'::jsonb,
    CONSTRAINT audit_event_outcome_chk CHECK (outcome IN ('SUCCESS', 'DENIED', 'FAILURE')),
    CONSTRAINT audit_event_type_chk CHECK (event_type ~ '^[A-Z][A-Z_]{1,39}$'),
    CONSTRAINT audit_event_detail_object_chk CHECK (jsonb_typeof(detail) = 'object')
);

CREATE INDEX audit_event_occurred_at_idx ON audit_event (occurred_at);
CREATE INDEX audit_event_type_time_idx   ON audit_event (event_type, occurred_at);
CREATE INDEX audit_event_session_idx     ON audit_event (session_ref) WHERE session_ref IS NOT NULL;
CREATE INDEX audit_event_actor_idx       ON audit_event (actor, occurred_at) WHERE actor IS NOT NULL;

COMMENT ON TABLE audit_event IS 'Append-only log of security-relevant events. Never page content, keys or cookies.';

CREATE TABLE cobrowse_session (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_ref   VARCHAR(64)  NOT NULL,
    group_id      VARCHAR(64)  NOT NULL,
    session_key   VARCHAR(63)  NOT NULL,
    started_at    TIMESTAMPTZ  NOT NULL,
    ended_at      TIMESTAMPTZ,
    end_reason    VARCHAR(32),
    origin        VARCHAR(255),
    user_agent    VARCHAR(512),
    visitor_ip    VARCHAR(128),
    node          VARCHAR(128),
    peak_agents   INTEGER      NOT NULL DEFAULT 0,
    CONSTRAINT cobrowse_session_ref_uk UNIQUE (session_ref),
    CONSTRAINT cobrowse_session_key_chk CHECK (session_key ~ '^[A-Za-z0-9]{1,63}$'),
    CONSTRAINT cobrowse_session_end_chk CHECK ((ended_at IS NULL) = (end_reason IS NULL)),
    CONSTRAINT cobrowse_session_peak_chk CHECK (peak_agents >= 0)
);

-- A session key is unique among the live sessions of its group; ended sessions may reuse it.
CREATE UNIQUE INDEX cobrowse_session_live_key_uk ON cobrowse_session (group_id, session_key) WHERE ended_at IS NULL;
CREATE INDEX cobrowse_session_started_at_idx ON cobrowse_session (started_at);

COMMENT ON TABLE cobrowse_session IS 'One row per co-browse session: metadata only, never page content.';

-- Least privilege for the application role.
GRANT SELECT, INSERT ON audit_event TO ${app_role};
GRANT SELECT, INSERT, UPDATE ON cobrowse_session TO ${app_role};
