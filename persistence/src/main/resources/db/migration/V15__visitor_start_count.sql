-- Tandem schema, version 15, for DBAs: the visitor start rate limit counted across every node of a
-- cluster (visitor_start_count). Each node still keeps its own sliding minute in memory; this table adds
-- one count per client and calendar minute that all nodes share. It holds no address: only a keyed hash
-- (the key is drawn by the nodes and shared through their encrypted cluster channel, never stored).
-- Runs as the schema owner.

CREATE TABLE visitor_start_count (
    client_key   VARCHAR(64) NOT NULL,
    window_start TIMESTAMPTZ NOT NULL,
    starts       INTEGER     NOT NULL CHECK (starts >= 1),
    PRIMARY KEY (client_key, window_start)
);
CREATE INDEX visitor_start_count_window_start ON visitor_start_count (window_start);

GRANT SELECT, INSERT, UPDATE, DELETE ON visitor_start_count TO ${app_role};
GRANT SELECT ON visitor_start_count TO tandem_report;

COMMENT ON TABLE visitor_start_count IS 'Session start attempts per client and calendar minute, counted by every node (the start rate limit across a cluster). Rows older than two minutes are deleted by the nodes.';
COMMENT ON COLUMN visitor_start_count.client_key IS 'HMAC-SHA256 (hex, 32 characters) of the client address under a key the nodes share in memory only; not the address.';
COMMENT ON COLUMN visitor_start_count.window_start IS 'The calendar minute counted (UTC, seconds zero).';
COMMENT ON COLUMN visitor_start_count.starts IS 'Start attempts from that client in that minute on all nodes, refused ones included.';
