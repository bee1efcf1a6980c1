-- Tandem schema, version 14, for DBAs: what every node of a cluster must agree on and what must survive a
-- restart of every node: revocations of agents and passes (agent_revocation), and the ids of join tickets
-- already redeemed (join_ticket_redemption: a ticket is redeemed once, on whichever node). Neither holds
-- a ticket, a pass or a key: only random ids, subjects and instants. Runs as the schema owner.

CREATE TABLE agent_revocation (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind       VARCHAR(16)  NOT NULL CHECK (kind IN ('REVOKED', 'SIGNED_OUT', 'PASS_LEFT')),
    subject    VARCHAR(255) NOT NULL,
    pass_id    VARCHAR(64),
    voided_at  TIMESTAMPTZ  NOT NULL,
    keep_until TIMESTAMPTZ  NOT NULL,
    node       VARCHAR(128),
    CHECK ((kind = 'PASS_LEFT') = (pass_id IS NOT NULL))
);
CREATE INDEX agent_revocation_keep_until ON agent_revocation (keep_until);

CREATE TABLE join_ticket_redemption (
    ticket_id   VARCHAR(64) PRIMARY KEY,
    redeemed_at TIMESTAMPTZ NOT NULL,
    keep_until  TIMESTAMPTZ NOT NULL,
    node        VARCHAR(128)
);
CREATE INDEX join_ticket_redemption_keep_until ON join_ticket_redemption (keep_until);

GRANT SELECT, INSERT, DELETE ON agent_revocation TO ${app_role};
GRANT SELECT, INSERT, DELETE ON join_ticket_redemption TO ${app_role};
GRANT SELECT ON agent_revocation, join_ticket_redemption TO tandem_report;

COMMENT ON TABLE agent_revocation IS 'Agents and passes voided before they ran out, read by every node every few seconds and at start: survives a restart of all nodes. Rows past keep_until are deleted by the nodes.';
COMMENT ON COLUMN agent_revocation.id IS 'Primary key (identity); nodes read the rows after the last id they saw.';
COMMENT ON COLUMN agent_revocation.kind IS 'REVOKED (an administrator revoked the agent: sign-ins and passes until voided_at are void), SIGNED_OUT (passes until voided_at are void), PASS_LEFT (the one pass pass_id is void).';
COMMENT ON COLUMN agent_revocation.subject IS 'The agent''s subject (identity provider''s sub claim).';
COMMENT ON COLUMN agent_revocation.pass_id IS 'For PASS_LEFT: the random id of the voided pass (not the pass). Null otherwise.';
COMMENT ON COLUMN agent_revocation.voided_at IS 'Sign-ins and passes made until this instant are void (server clock, UTC).';
COMMENT ON COLUMN agent_revocation.keep_until IS 'After this the row no longer voids anything that could still verify, and is deleted.';
COMMENT ON COLUMN agent_revocation.node IS 'tandem.node-name of the node that wrote it.';
COMMENT ON TABLE join_ticket_redemption IS 'Ids of redeemed join tickets, so that each ticket is redeemed once across all nodes (primary key); a node that cannot reach the database refuses the redemption. Rows past keep_until are deleted by the nodes.';
COMMENT ON COLUMN join_ticket_redemption.ticket_id IS 'The ticket''s random id (not the ticket).';
COMMENT ON COLUMN join_ticket_redemption.redeemed_at IS 'When it was redeemed (server clock, UTC).';
COMMENT ON COLUMN join_ticket_redemption.keep_until IS 'When the ticket could no longer verify anyway; the row is deleted after it.';
COMMENT ON COLUMN join_ticket_redemption.node IS 'tandem.node-name of the node that redeemed it.';
