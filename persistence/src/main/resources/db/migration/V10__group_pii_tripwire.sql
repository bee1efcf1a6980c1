-- Tandem schema, version 10: the PII tripwire's policy per co-browse group (docs/security.md).
-- (Numbered 10 so that it never collides with the audit-chain migrations numbered from 3.)

-- OFF: no tripwire (neither in the visitor's browser nor in the relay).
-- MASK (default): card numbers, IBANs, SSNs and the group's patterns are masked before any agent
--   sees them; audited once per session and kind (PII_TRIPPED).
-- MASK_AND_END: as MASK, and the session is then ended (end_reason PII_TRIPPED).
ALTER TABLE cobrowse_group ADD COLUMN pii_policy VARCHAR(16) NOT NULL DEFAULT 'MASK';
ALTER TABLE cobrowse_group ADD CONSTRAINT cobrowse_group_pii_policy_chk
    CHECK (pii_policy IN ('OFF', 'MASK', 'MASK_AND_END'));

-- The group's own patterns: at most 10 templates (9 digit, A letter, X either, \c literal; see
-- docs/integration.md). Templates are also checked by the server and the visitor script, which
-- refuse to stream for a group with an invalid one (fail closed).
ALTER TABLE cobrowse_group ADD COLUMN pii_patterns JSONB NOT NULL DEFAULT '[]'::jsonb;
ALTER TABLE cobrowse_group ADD CONSTRAINT cobrowse_group_pii_patterns_chk
    CHECK (jsonb_typeof(pii_patterns) = 'array' AND jsonb_array_length(pii_patterns) <= 10);

COMMENT ON COLUMN cobrowse_group.pii_policy IS 'PII tripwire: OFF, MASK (default) or MASK_AND_END';
COMMENT ON COLUMN cobrowse_group.pii_patterns IS 'PII tripwire: the group''s own templates (JSON array of strings, at most 10)';
