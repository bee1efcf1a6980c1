-- Tandem schema, version 16, for DBAs: the visitor start rate limit counted across every node of a
-- cluster (visitor_start_count). Each node still keeps its own sliding minute in memory first; a start
-- a node allows is then counted here, per client and calendar minute, by whichever node it reached.
-- No address is stored: only a keyed hash (HMAC-SHA256 under a key the nodes draw and share through
-- their encrypted cluster channel, never written anywhere). Version 15 is not used (a number given up
-- by an earlier, reverted attempt at this table). Runs as the schema owner.

CREATE TABLE visitor_start_count (
    client_key   VARCHAR(32) NOT NULL CHECK (client_key ~ '^[0-9a-f]{32}$'),
    window_start TIMESTAMPTZ NOT NULL,
    starts       INTEGER     NOT NULL CHECK (starts >= 1),
    PRIMARY KEY (client_key, window_start)
);
CREATE INDEX visitor_start_count_window_start ON visitor_start_count (window_start);

GRANT SELECT, INSERT, UPDATE, DELETE ON visitor_start_count TO ${app_role};
GRANT SELECT ON visitor_start_count TO tandem_report;

COMMENT ON TABLE visitor_start_count IS 'Visitor session start attempts per client and calendar minute, counted by every node (the start rate limit across a cluster). Rows older than two minutes are deleted by the nodes.';
COMMENT ON COLUMN visitor_start_count.client_key IS 'HMAC-SHA256 of the client address (its first 32 hex characters) under a key the nodes share in memory only; never the address.';
COMMENT ON COLUMN visitor_start_count.window_start IS 'The calendar minute counted (UTC, seconds zero).';
COMMENT ON COLUMN visitor_start_count.starts IS 'Start attempts from that client in that minute that some node allowed by its own limit, counted on all nodes; the ones refused by this count included.';
