-- name: list_workflow_definitions
-- Lists definitions by name after a name, of one category when given.
SELECT id, name, category, version, description, definition, input_schema, approval_policy,
       trigger_types, shipping, inserted_at, updated_at
FROM workflow_definitions
WHERE ($1::text IS NULL OR category = $1) AND name > $2
ORDER BY name
LIMIT $3;

-- name: get_workflow_definition_by_name
-- Reads one definition at its current version.
SELECT id, name, category, version, description, definition, input_schema, approval_policy,
       trigger_types, shipping, inserted_at, updated_at
FROM workflow_definitions
WHERE name = $1;

-- name: insert_workflow_definition
-- Creates a custom definition at version 1.
INSERT INTO workflow_definitions
    (name, category, version, description, definition, input_schema, approval_policy,
     trigger_types, shipping)
VALUES ($1, 'custom', 1, $2, $3, $4, $5, $6, $7)
RETURNING id, name, category, version, description, definition, input_schema, approval_policy,
          trigger_types, shipping, inserted_at, updated_at;

-- name: update_workflow_definition
-- Replaces a custom definition's content and bumps its version, only from the expected version.
UPDATE workflow_definitions
SET version = version + 1, description = $3, definition = $4, input_schema = $5,
    approval_policy = $6, trigger_types = $7, shipping = $8, updated_at = now()
WHERE id = $1 AND version = $2 AND category = 'custom'
RETURNING id, name, category, version, description, definition, input_schema, approval_policy,
          trigger_types, shipping, inserted_at, updated_at;

-- name: insert_workflow_definition_version
-- Records a published version so runs can pin it.
INSERT INTO workflow_definition_versions
    (workflow_definition_id, version, definition, input_schema, approval_policy, trigger_types,
     shipping)
VALUES ($1, $2, $3, $4, $5, $6, $7)
RETURNING id;

-- name: get_workflow_definition_version
-- Reads one pinned version of a definition.
SELECT d.id AS workflow_definition_id, d.name, d.category, v.version, v.definition,
       v.input_schema, v.approval_policy, v.trigger_types, v.shipping
FROM workflow_definition_versions v
JOIN workflow_definitions d ON d.id = v.workflow_definition_id
WHERE v.workflow_definition_id = $1 AND v.version = $2;
