-- Tandem schema, version 11: agent guidance per co-browse group (docs/security.md#agent-guidance).

-- Which modes agents of the group may use, a comma list in this order: view (always), pointer, write.
-- The join ticket and the agent pass carry them; a viewer without a mode cannot use it.
ALTER TABLE cobrowse_group ADD COLUMN agent_modes VARCHAR(32) NOT NULL DEFAULT 'view';
ALTER TABLE cobrowse_group ADD CONSTRAINT cobrowse_group_agent_modes_chk
    CHECK (agent_modes IN ('view', 'view,pointer', 'view,write', 'view,pointer,write'));

-- Whether write mode needs the visitor's approval (a consent prompt on the visitor's page). True by
-- default. Masked, password, restricted and file fields are never editable whatever this says.
ALTER TABLE cobrowse_group ADD COLUMN write_needs_approval BOOLEAN NOT NULL DEFAULT TRUE;

-- Whether an agent in write mode may submit a form (submit button, Enter, requestSubmit). Default no.
ALTER TABLE cobrowse_group ADD COLUMN agent_submit_allowed BOOLEAN NOT NULL DEFAULT FALSE;

-- CSS selectors of elements agents may not control (nor anything inside them). Checked like the
-- masking selectors: each must be valid CSS on its own, else the visitor's browser shares nothing.
ALTER TABLE cobrowse_group ADD COLUMN control_restricted_selectors JSONB NOT NULL DEFAULT '[]'::jsonb;
ALTER TABLE cobrowse_group ADD CONSTRAINT cobrowse_group_restricted_chk
    CHECK (jsonb_typeof(control_restricted_selectors) = 'array' AND jsonb_array_length(control_restricted_selectors) <= 100);

COMMENT ON COLUMN cobrowse_group.agent_modes IS 'Agent guidance: modes agents may use (view, view,pointer, view,write, view,pointer,write)';
COMMENT ON COLUMN cobrowse_group.write_needs_approval IS 'Agent guidance: write mode needs the visitor''s approval (default true)';
COMMENT ON COLUMN cobrowse_group.agent_submit_allowed IS 'Agent guidance: an agent in write mode may submit forms (default false)';
COMMENT ON COLUMN cobrowse_group.control_restricted_selectors IS 'Agent guidance: JSON array of CSS selectors of elements agents may not control';
