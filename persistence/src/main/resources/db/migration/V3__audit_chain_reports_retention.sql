-- Tandem schema, version 3, for DBAs: a tamper-evident hash chain over audit_event, checkpoints of its
-- head, report views, the read-only role tandem_report, retention functions, and a comment on every
-- table, view and column. Runs as the schema owner; the application role's privileges do not change.

-- ---------------------------------------------------------------------------------------------------
-- Hash chain. Each row carries the hash of the row before it (prev_hash) and its own hash (row_hash)
-- over a canonical encoding of all its columns. The trigger assigns both, inside PostgreSQL, for every
-- writer. Chain order is chain_seq, not id: ids come from the identity sequence before any lock is
-- taken, chain positions are handed out under the chain lock, i.e. in commit order.
-- ---------------------------------------------------------------------------------------------------
LOCK TABLE audit_event IN SHARE ROW EXCLUSIVE MODE;

ALTER TABLE audit_event
    ADD COLUMN chain_seq BIGINT,
    ADD COLUMN prev_hash VARCHAR(64),
    ADD COLUMN row_hash  VARCHAR(64);

-- The canonical encoding: the text of a JSON array of the row's columns with fixed text forms
-- (occurred_at as integer microseconds since 1970-01-01 UTC, detail as jsonb's normalised text),
-- prefixed by the previous row's hash. Its SHA-256 in lower-case hex is the row's hash.
CREATE FUNCTION audit_event_row_hash(e audit_event) RETURNS VARCHAR
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog
AS $$
    SELECT encode(sha256(convert_to(jsonb_build_array(
        e.prev_hash, e.chain_seq, e.id,
        (extract(epoch FROM e.occurred_at) * 1000000)::bigint,
        e.event_type, e.group_id, e.session_ref, e.actor, e.source_ip, e.outcome, e.detail)::text, 'UTF8')), 'hex')
$$;

-- Back-fill the chain over the rows written before this migration, in id order.
DO $$
DECLARE
    r    audit_event;
    prev VARCHAR(64) := repeat('0', 64);
    n    BIGINT := 0;
BEGIN
    FOR r IN SELECT * FROM audit_event ORDER BY id LOOP
        n := n + 1;
        r.chain_seq := n;
        r.prev_hash := prev;
        prev := audit_event_row_hash(r);
        UPDATE audit_event SET chain_seq = n, prev_hash = r.prev_hash, row_hash = prev WHERE id = r.id;
    END LOOP;
END $$;

ALTER TABLE audit_event
    ALTER COLUMN chain_seq SET NOT NULL,
    ALTER COLUMN prev_hash SET NOT NULL,
    ALTER COLUMN row_hash SET NOT NULL,
    ADD CONSTRAINT audit_event_chain_seq_uk UNIQUE (chain_seq),
    ADD CONSTRAINT audit_event_prev_hash_chk CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
    ADD CONSTRAINT audit_event_row_hash_chk CHECK (row_hash ~ '^[0-9a-f]{64}$');

-- Appends one row to the chain. pg_advisory_xact_lock(5461646) is the chain lock: held until the
-- inserting transaction ends, so a second writer (any node, any role) waits here and then sees the
-- first one's committed row as the head. The unique chain_seq makes a fork impossible even where
-- the lock does not help (a REPEATABLE READ snapshot taken before the wait fails on the constraint).
CREATE FUNCTION audit_event_chain() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = public, pg_catalog
AS $$
DECLARE
    head_seq  BIGINT;
    head_hash VARCHAR(64);
BEGIN
    PERFORM pg_advisory_xact_lock(5461646);
    SELECT chain_seq, row_hash INTO head_seq, head_hash FROM audit_event ORDER BY chain_seq DESC LIMIT 1;
    IF head_seq IS NULL THEN
        NEW.chain_seq := 1;
        NEW.prev_hash := repeat('0', 64);
    ELSE
        NEW.chain_seq := head_seq + 1;
        NEW.prev_hash := head_hash;
    END IF;
    NEW.row_hash := audit_event_row_hash(NEW);
    RETURN NEW;
END $$;

CREATE TRIGGER audit_event_chain BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_chain();

-- Checkpoints: the head of the chain, written every few minutes by each node (which also logs it) and
-- by retention at the new oldest row. Compare them with the copies kept outside the database.
CREATE TABLE audit_checkpoint (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    taken_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    kind       VARCHAR(16)  NOT NULL,
    chain_seq  BIGINT       NOT NULL,
    row_hash   VARCHAR(64)  NOT NULL,
    node       VARCHAR(128),
    CONSTRAINT audit_checkpoint_kind_chk CHECK (kind IN ('PERIODIC', 'RETENTION')),
    CONSTRAINT audit_checkpoint_hash_chk CHECK (row_hash ~ '^[0-9a-f]{64}$')
);
CREATE INDEX audit_checkpoint_seq_idx ON audit_checkpoint (chain_seq);

-- Records the current head as a PERIODIC checkpoint unless the newest checkpoint already names it.
-- Returns the new checkpoint, or nothing.
CREATE FUNCTION audit_checkpoint_take(p_node VARCHAR) RETURNS SETOF audit_checkpoint
    LANGUAGE sql
    SET search_path = public, pg_catalog
AS $$
    INSERT INTO audit_checkpoint (kind, chain_seq, row_hash, node)
    SELECT 'PERIODIC', h.chain_seq, h.row_hash, p_node
    FROM (SELECT chain_seq, row_hash FROM audit_event ORDER BY chain_seq DESC LIMIT 1) h
    WHERE NOT EXISTS (SELECT 1 FROM audit_checkpoint c WHERE c.chain_seq = h.chain_seq AND c.row_hash = h.row_hash)
    RETURNING *
$$;

-- The first place where the chain breaks, or no row. Recomputes every row's hash (a full scan).
CREATE VIEW audit_chain_check AS
WITH chain AS (
    SELECT e.chain_seq, e.id, e.prev_hash, e.row_hash,
           audit_event_row_hash(e) AS computed,
           lag(e.row_hash)  OVER (ORDER BY e.chain_seq) AS previous_hash,
           lag(e.chain_seq) OVER (ORDER BY e.chain_seq) AS previous_seq
    FROM audit_event e
), breaks AS (
    SELECT chain_seq, id, 'row changed: its hash does not match its columns' AS problem
    FROM chain WHERE computed IS DISTINCT FROM row_hash
    UNION ALL
    SELECT chain_seq, id, 'row missing before this one, or re-ordered: prev_hash does not match'
    FROM chain WHERE previous_seq IS NOT NULL AND (prev_hash IS DISTINCT FROM previous_hash OR chain_seq <> previous_seq + 1)
    UNION ALL
    SELECT chain_seq, id, 'oldest row is neither the first of the chain nor a retention checkpoint'
    FROM chain
    WHERE previous_seq IS NULL
      AND NOT (chain_seq = 1 AND prev_hash = repeat('0', 64))
      AND NOT EXISTS (SELECT 1 FROM audit_checkpoint c
                      WHERE c.kind = 'RETENTION' AND c.chain_seq = chain.chain_seq AND c.row_hash = chain.row_hash)
    UNION ALL
    SELECT c.chain_seq, e.id,
           CASE WHEN e.chain_seq IS NULL THEN 'checkpoint ' || c.id || ': its row is missing (tail truncated?)'
                ELSE 'checkpoint ' || c.id || ': its row has another hash' END
    FROM audit_checkpoint c
    LEFT JOIN audit_event e ON e.chain_seq = c.chain_seq
    WHERE c.chain_seq >= coalesce((SELECT min(chain_seq) FROM audit_event), 0)
      AND e.row_hash IS DISTINCT FROM c.row_hash
)
SELECT chain_seq, id, problem FROM breaks ORDER BY chain_seq, problem LIMIT 1;

-- ---------------------------------------------------------------------------------------------------
-- Retention. Both functions delete at most p_batch rows and run in the caller's transaction. Audit
-- rows go only from the old end of the chain, so what stays is one unbroken chain, anchored by a
-- RETENTION checkpoint at its new oldest row; each deletion is itself an audit row.
-- ---------------------------------------------------------------------------------------------------
CREATE FUNCTION audit_event_purge(p_cutoff TIMESTAMPTZ, p_batch INTEGER, p_node VARCHAR) RETURNS INTEGER
    LANGUAGE plpgsql
    SET search_path = public, pg_catalog
AS $$
DECLARE
    oldest_seq  BIGINT;
    oldest_at   TIMESTAMPTZ;
    keep_from   BIGINT;
    deleted     INTEGER;
BEGIN
    PERFORM pg_advisory_xact_lock(5461646);
    SELECT chain_seq, occurred_at INTO oldest_seq, oldest_at FROM audit_event ORDER BY chain_seq LIMIT 1;
    IF oldest_seq IS NULL OR oldest_at >= p_cutoff THEN
        RETURN 0;
    END IF;
    -- Everything before the first row (in chain order) that is not older than the cutoff, at most p_batch rows.
    SELECT chain_seq INTO keep_from FROM audit_event
    WHERE chain_seq > oldest_seq AND chain_seq <= oldest_seq + p_batch AND occurred_at >= p_cutoff
    ORDER BY chain_seq LIMIT 1;
    keep_from := coalesce(keep_from, oldest_seq + p_batch);
    -- The audit row of this deletion comes first: it is the new head, so the chain is never empty.
    INSERT INTO audit_event (occurred_at, event_type, actor, outcome, detail)
    VALUES (now(), 'AUDIT_EVENTS_DELETED', 'system', 'SUCCESS',
            jsonb_build_object('fromSeq', oldest_seq::text, 'toSeq', (keep_from - 1)::text,
                               'cutoff', to_char(p_cutoff AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                               'node', coalesce(p_node, '')));
    SELECT least(keep_from, max(chain_seq)) INTO keep_from FROM audit_event;
    DELETE FROM audit_event WHERE chain_seq >= oldest_seq AND chain_seq < keep_from;
    GET DIAGNOSTICS deleted = ROW_COUNT;
    INSERT INTO audit_checkpoint (kind, chain_seq, row_hash, node)
    SELECT 'RETENTION', chain_seq, row_hash, p_node FROM audit_event WHERE chain_seq = keep_from;
    RETURN deleted;
END $$;

CREATE FUNCTION cobrowse_session_purge(p_cutoff TIMESTAMPTZ, p_batch INTEGER, p_node VARCHAR) RETURNS INTEGER
    LANGUAGE plpgsql
    SET search_path = public, pg_catalog
AS $$
DECLARE
    deleted INTEGER;
BEGIN
    DELETE FROM cobrowse_session WHERE id IN (
        SELECT id FROM cobrowse_session WHERE ended_at < p_cutoff ORDER BY ended_at LIMIT p_batch FOR UPDATE SKIP LOCKED);
    GET DIAGNOSTICS deleted = ROW_COUNT;
    IF deleted > 0 THEN
        INSERT INTO audit_event (occurred_at, event_type, actor, outcome, detail)
        VALUES (now(), 'SESSIONS_DELETED', 'system', 'SUCCESS',
                jsonb_build_object('rows', deleted::text,
                                   'cutoff', to_char(p_cutoff AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                                   'node', coalesce(p_node, '')));
    END IF;
    RETURN deleted;
END $$;

REVOKE ALL ON FUNCTION audit_checkpoint_take(VARCHAR), audit_event_purge(TIMESTAMPTZ, INTEGER, VARCHAR),
    cobrowse_session_purge(TIMESTAMPTZ, INTEGER, VARCHAR), audit_event_chain() FROM PUBLIC;

-- ---------------------------------------------------------------------------------------------------
-- Report views for the common questions. Each shows only columns the tables already hold.
-- ---------------------------------------------------------------------------------------------------
CREATE VIEW report_session AS
SELECT s.session_ref, s.group_id, s.session_key, s.origin, s.started_at, s.ended_at,
       s.ended_at - s.started_at AS duration, s.end_reason, s.peak_agents, s.node, s.visitor_ip,
       coalesce((SELECT array_agg(DISTINCT e.actor ORDER BY e.actor) FROM audit_event e
                 WHERE e.session_ref = s.session_ref AND e.event_type = 'AGENT_JOINED' AND e.actor IS NOT NULL),
                '{}'::VARCHAR[]) AS agents
FROM cobrowse_session s;

CREATE VIEW report_agent_activity AS
SELECT e.occurred_at, e.actor AS agent, e.event_type, e.outcome, e.group_id, e.session_ref,
       e.detail ->> 'reason' AS reason, e.source_ip, e.detail, e.id AS audit_id
FROM audit_event e
WHERE e.actor IS NOT NULL AND e.actor NOT IN ('visitor', 'system');

CREATE VIEW report_refusal AS
SELECT e.occurred_at, e.event_type, e.detail ->> 'reason' AS reason, e.detail ->> 'step' AS step,
       e.group_id, e.detail ->> 'origin' AS origin, e.source_ip, e.actor, e.session_ref, e.id AS audit_id
FROM audit_event e
WHERE e.event_type IN ('START_DENIED', 'JOIN_DENIED', 'SOCKET_REFUSED');

CREATE VIEW report_revocation AS
SELECT e.occurred_at, e.actor AS administrator, e.detail ->> 'agent' AS agent,
       CASE WHEN e.detail ->> 'connectionsClosed' ~ '^[0-9]{1,9}$' THEN (e.detail ->> 'connectionsClosed')::INTEGER END
           AS connections_closed,
       e.source_ip, e.id AS audit_id
FROM audit_event e
WHERE e.event_type = 'AGENT_REVOKED';

-- Indexes for the views' filters.
CREATE INDEX audit_event_group_time_idx ON audit_event (group_id, occurred_at) WHERE group_id IS NOT NULL;
CREATE INDEX audit_event_source_ip_idx  ON audit_event (source_ip, occurred_at) WHERE source_ip IS NOT NULL;
CREATE INDEX audit_event_revoked_agent_idx ON audit_event ((detail ->> 'agent'), occurred_at) WHERE event_type = 'AGENT_REVOKED';
CREATE INDEX cobrowse_session_group_started_idx ON cobrowse_session (group_id, started_at);
CREATE INDEX cobrowse_session_ended_at_idx ON cobrowse_session (ended_at) WHERE ended_at IS NOT NULL;

-- ---------------------------------------------------------------------------------------------------
-- The read-only reporting role: NOLOGIN, no password; DBAs grant it to the people who read reports
-- (GRANT tandem_report TO alice). Created here when the owner may create roles; otherwise a DBA
-- creates it beforehand (CREATE ROLE tandem_report NOLOGIN), see docs/database.md.
-- ---------------------------------------------------------------------------------------------------
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tandem_report') THEN
        IF (SELECT rolcreaterole FROM pg_roles WHERE rolname = current_user) THEN
            CREATE ROLE tandem_report NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
        ELSE
            RAISE EXCEPTION 'role tandem_report does not exist and % may not create roles', current_user
                USING HINT = 'As a superuser: CREATE ROLE tandem_report NOLOGIN; then restart Tandem (see docs/database.md)';
        END IF;
    END IF;
END $$;

GRANT USAGE ON SCHEMA public TO tandem_report;
GRANT SELECT ON audit_event, audit_checkpoint, cobrowse_session, cobrowse_group, cobrowse_group_origin,
    audit_chain_check, report_session, report_agent_activity, report_refusal, report_revocation TO tandem_report;

-- ---------------------------------------------------------------------------------------------------
-- Comments: \d+ in psql documents the schema. docs/database.md is checked against them (AuditChainIT).
-- ---------------------------------------------------------------------------------------------------
COMMENT ON TABLE audit_event IS 'Append-only, hash-chained log of security-relevant events. Never page content, keys or cookies. Verify with SELECT * FROM audit_chain_check.';
COMMENT ON COLUMN audit_event.id IS 'Primary key (identity). Not the chain order: see chain_seq.';
COMMENT ON COLUMN audit_event.occurred_at IS 'When the action happened (server clock, UTC).';
COMMENT ON COLUMN audit_event.event_type IS 'What happened: upper-case words joined by underscores, e.g. JOIN_DENIED.';
COMMENT ON COLUMN audit_event.group_id IS 'Co-browse group concerned, when known. Not a foreign key: an event outlives its group.';
COMMENT ON COLUMN audit_event.session_ref IS 'Session reference (hex SHA-256 of the secret session id), when a session exists.';
COMMENT ON COLUMN audit_event.actor IS 'Who acted: visitor, system, or the caller name of an agent or administrator.';
COMMENT ON COLUMN audit_event.source_ip IS 'Client address of the request that caused the event, stored as-is; null for system events.';
COMMENT ON COLUMN audit_event.outcome IS 'SUCCESS, DENIED (refused by a rule) or FAILURE (allowed but not completed).';
COMMENT ON COLUMN audit_event.detail IS 'Flat JSON object of short strings (reason, step, origin, ...), at most 16 entries.';
COMMENT ON COLUMN audit_event.chain_seq IS 'Position in the hash chain (1, 2, 3, ... in commit order), assigned by the trigger audit_event_chain.';
COMMENT ON COLUMN audit_event.prev_hash IS 'row_hash of the row at chain_seq - 1 (64 zeros for the first row), assigned by the trigger.';
COMMENT ON COLUMN audit_event.row_hash IS 'Hex SHA-256 of this row''s canonical encoding including prev_hash: audit_event_row_hash(row).';

COMMENT ON TABLE audit_checkpoint IS 'Heads of the audit chain recorded over time (also written to the server log): truncation of the chain''s tail shows against them.';
COMMENT ON COLUMN audit_checkpoint.id IS 'Primary key (identity).';
COMMENT ON COLUMN audit_checkpoint.taken_at IS 'When the checkpoint was written.';
COMMENT ON COLUMN audit_checkpoint.kind IS 'PERIODIC (the head, every few minutes) or RETENTION (the new oldest row after retention deleted older ones).';
COMMENT ON COLUMN audit_checkpoint.chain_seq IS 'audit_event.chain_seq of the row recorded.';
COMMENT ON COLUMN audit_checkpoint.row_hash IS 'audit_event.row_hash of that row when the checkpoint was written.';
COMMENT ON COLUMN audit_checkpoint.node IS 'tandem.node-name of the node that wrote it.';

COMMENT ON TABLE cobrowse_session IS 'One row per co-browse session: metadata only, never page content.';
COMMENT ON COLUMN cobrowse_session.id IS 'Primary key (identity).';
COMMENT ON COLUMN cobrowse_session.session_ref IS 'Hex SHA-256 of the secret session id. Unique; names the session in audit_event.';
COMMENT ON COLUMN cobrowse_session.group_id IS 'The session''s co-browse group. Not a foreign key.';
COMMENT ON COLUMN cobrowse_session.session_key IS 'The short code the visitor reads aloud: generated digits or 1-63 letters/digits from the page. Not a secret.';
COMMENT ON COLUMN cobrowse_session.started_at IS 'When the session started.';
COMMENT ON COLUMN cobrowse_session.ended_at IS 'When it ended; null while live.';
COMMENT ON COLUMN cobrowse_session.end_reason IS 'VISITOR_STOPPED, VISITOR_IDLE, MAX_DURATION, ADMINISTRATOR or SERVER_SHUTDOWN; null while live.';
COMMENT ON COLUMN cobrowse_session.origin IS 'Canonical origin of the page that started it.';
COMMENT ON COLUMN cobrowse_session.user_agent IS 'The visitor''s User-Agent header, cut at 512 characters.';
COMMENT ON COLUMN cobrowse_session.visitor_ip IS 'Per tandem.visitor.ip-mode: hmac:+32 hex (HASH, default), the address (STORE) or null (OMIT).';
COMMENT ON COLUMN cobrowse_session.node IS 'tandem.node-name of the node that started it.';
COMMENT ON COLUMN cobrowse_session.peak_agents IS 'Most distinct agents viewing at once (counted on the node holding their connections).';
COMMENT ON COLUMN cobrowse_session.last_seen_at IS 'Last visitor activity; drives the idle timeout.';

COMMENT ON TABLE cobrowse_group IS 'Co-browse groups (a customer site or business unit) and their policy. Configured by SQL as the schema owner.';
COMMENT ON COLUMN cobrowse_group.group_id IS 'Primary key, lower-case letters, digits and hyphens; equals data-groupid and the agents'' groups claim.';
COMMENT ON COLUMN cobrowse_group.display_name IS 'Human name.';
COMMENT ON COLUMN cobrowse_group.enabled IS 'When false, starts and continuations are refused (group_disabled).';
COMMENT ON COLUMN cobrowse_group.key_length IS 'Digits in generated session keys, 4-6.';
COMMENT ON COLUMN cobrowse_group.masked_selectors IS 'JSON array of CSS selectors masked in the visitor''s browser.';
COMMENT ON COLUMN cobrowse_group.blocked_selectors IS 'JSON array of CSS selectors left out of what the visitor''s browser sends.';
COMMENT ON COLUMN cobrowse_group.mask_all_inputs IS 'Mask every input field.';
COMMENT ON COLUMN cobrowse_group.idle_timeout_seconds IS 'No visitor activity for this long ends the session (VISITOR_IDLE); 30-86400.';
COMMENT ON COLUMN cobrowse_group.max_duration_seconds IS 'Hard limit on a session''s length (MAX_DURATION) and the visitor token''s lifetime; 60-86400.';
COMMENT ON COLUMN cobrowse_group.max_agents IS 'Most distinct agents viewing a session at once, per node; 1-20.';

COMMENT ON TABLE cobrowse_group_origin IS 'Exact origins (scheme://host[:port]) a group''s pages may start sessions from.';
COMMENT ON COLUMN cobrowse_group_origin.group_id IS 'The group (foreign key, ON DELETE CASCADE).';
COMMENT ON COLUMN cobrowse_group_origin.origin IS 'Exact origin as browsers send it: lower case, no path, no default port.';

COMMENT ON TABLE flyway_schema_history IS 'Flyway''s record of applied migrations (owned by Flyway; do not edit).';

COMMENT ON VIEW audit_chain_check IS 'The first place where the audit chain breaks (changed, missing, re-ordered or forged row; missing checkpoint row), or no row when the chain verifies. Full scan.';
COMMENT ON COLUMN audit_chain_check.chain_seq IS 'Chain position where the break is seen.';
COMMENT ON COLUMN audit_chain_check.id IS 'audit_event.id of the row at that position, if there is one.';
COMMENT ON COLUMN audit_chain_check.problem IS 'What is wrong there.';

COMMENT ON VIEW report_session IS 'Sessions with duration, origin, group, end reason and the agents who joined (from AGENT_JOINED rows).';
COMMENT ON COLUMN report_session.session_ref IS 'Session reference (cobrowse_session.session_ref).';
COMMENT ON COLUMN report_session.group_id IS 'The session''s group.';
COMMENT ON COLUMN report_session.session_key IS 'The key the visitor read aloud.';
COMMENT ON COLUMN report_session.origin IS 'Origin of the page that started it.';
COMMENT ON COLUMN report_session.started_at IS 'Start.';
COMMENT ON COLUMN report_session.ended_at IS 'End; null while live.';
COMMENT ON COLUMN report_session.duration IS 'ended_at - started_at; null while live.';
COMMENT ON COLUMN report_session.end_reason IS 'Why it ended; null while live.';
COMMENT ON COLUMN report_session.peak_agents IS 'Most distinct agents viewing at once.';
COMMENT ON COLUMN report_session.node IS 'Node that started it.';
COMMENT ON COLUMN report_session.visitor_ip IS 'As stored per tandem.visitor.ip-mode (HASH by default).';
COMMENT ON COLUMN report_session.agents IS 'Distinct caller names of the agents who joined (redeemed a ticket), sorted.';

COMMENT ON VIEW report_agent_activity IS 'Every audit row with an agent or administrator as actor (not visitor, not system). Filter on agent and occurred_at.';
COMMENT ON COLUMN report_agent_activity.occurred_at IS 'When.';
COMMENT ON COLUMN report_agent_activity.agent IS 'Caller name of the agent or administrator (audit_event.actor).';
COMMENT ON COLUMN report_agent_activity.event_type IS 'What happened.';
COMMENT ON COLUMN report_agent_activity.outcome IS 'SUCCESS, DENIED or FAILURE.';
COMMENT ON COLUMN report_agent_activity.group_id IS 'Group concerned, when known.';
COMMENT ON COLUMN report_agent_activity.session_ref IS 'Session concerned, when known.';
COMMENT ON COLUMN report_agent_activity.reason IS 'detail->>''reason'', when there is one.';
COMMENT ON COLUMN report_agent_activity.source_ip IS 'Client address, as stored in audit_event.';
COMMENT ON COLUMN report_agent_activity.detail IS 'The whole detail object.';
COMMENT ON COLUMN report_agent_activity.audit_id IS 'audit_event.id.';

COMMENT ON VIEW report_refusal IS 'Refused visitor requests (START_DENIED), agent joins (JOIN_DENIED) and viewer sockets (SOCKET_REFUSED). Filter on occurred_at, group_id or source_ip; group by reason.';
COMMENT ON COLUMN report_refusal.occurred_at IS 'When.';
COMMENT ON COLUMN report_refusal.event_type IS 'START_DENIED, JOIN_DENIED or SOCKET_REFUSED.';
COMMENT ON COLUMN report_refusal.reason IS 'detail->>''reason'': the rule that refused.';
COMMENT ON COLUMN report_refusal.step IS 'detail->>''step'' of START_DENIED (start, resume, heartbeat, stop, stream); else null.';
COMMENT ON COLUMN report_refusal.group_id IS 'Group concerned, when known.';
COMMENT ON COLUMN report_refusal.origin IS 'detail->>''origin'': the request''s Origin header, or (none).';
COMMENT ON COLUMN report_refusal.source_ip IS 'Client address, as stored in audit_event.';
COMMENT ON COLUMN report_refusal.actor IS 'visitor, or the agent once identified.';
COMMENT ON COLUMN report_refusal.session_ref IS 'Session concerned, when known.';
COMMENT ON COLUMN report_refusal.audit_id IS 'audit_event.id.';

COMMENT ON VIEW report_revocation IS 'Agents revoked by administrators (AGENT_REVOKED).';
COMMENT ON COLUMN report_revocation.occurred_at IS 'When.';
COMMENT ON COLUMN report_revocation.administrator IS 'Caller name of the administrator who revoked.';
COMMENT ON COLUMN report_revocation.agent IS 'The revoked agent (detail->>''agent'').';
COMMENT ON COLUMN report_revocation.connections_closed IS 'Viewer connections closed on the node that handled it.';
COMMENT ON COLUMN report_revocation.source_ip IS 'The administrator''s client address.';
COMMENT ON COLUMN report_revocation.audit_id IS 'audit_event.id.';
