-- name: insert_project_if_absent
-- Creates a project unless one with this repository (case-insensitively) exists; no row means it did.
INSERT INTO projects (name, github_full_name, default_branch, environment_type, workspace_path)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT ((lower(github_full_name))) DO NOTHING
RETURNING id, name, github_full_name, default_branch, environment_type, workspace_path,
          clone_status, clone_error, settings, last_synced_at, inserted_at, updated_at;

-- name: get_project_by_id
-- Reads one project.
SELECT id, name, github_full_name, default_branch, environment_type, workspace_path,
       clone_status, clone_error, settings, last_synced_at, inserted_at, updated_at
FROM projects
WHERE id = $1;

-- name: get_project_by_full_name
-- Reads the project of one repository, matched case-insensitively as GitHub does.
SELECT id, name, github_full_name, default_branch, environment_type, workspace_path,
       clone_status, clone_error, settings, last_synced_at, inserted_at, updated_at
FROM projects
WHERE lower(github_full_name) = lower($1);

-- name: list_projects_page
-- One page of projects, newest first, after an (inserted_at, id) position.
SELECT id, name, github_full_name, default_branch, environment_type, workspace_path,
       clone_status, clone_error, settings, last_synced_at, inserted_at, updated_at
FROM projects
WHERE (inserted_at, id) < ($1, $2)
ORDER BY inserted_at DESC, id DESC
LIMIT $3;

-- name: list_project_full_names
-- The repository names and ids of every project, to mark listed repositories as imported.
SELECT id, github_full_name
FROM projects;

-- name: any_ready_project
-- Whether some project's clone has reached ready (onboarding's import step asks).
SELECT EXISTS (SELECT 1 FROM projects WHERE clone_status = 'ready');

-- name: update_project_fields
-- Changes the owner-editable fields; a NULL argument keeps the current value.
UPDATE projects
SET name = COALESCE($2, name),
    default_branch = COALESCE($3, default_branch),
    environment_type = COALESCE($4, environment_type),
    settings = COALESCE($5, settings),
    updated_at = now()
WHERE id = $1
RETURNING id, name, github_full_name, default_branch, environment_type, workspace_path,
          clone_status, clone_error, settings, last_synced_at, inserted_at, updated_at;

-- name: move_clone_status
-- Moves the clone status only from one of the expected states (row locked); returns the state it left, no row when the move lost.
WITH old AS (
    SELECT id, clone_status FROM projects
    WHERE id = $1 AND clone_status = ANY($2::text[])
    FOR UPDATE
)
UPDATE projects AS p
SET clone_status = $3,
    clone_error = $4,
    default_branch = COALESCE($5, p.default_branch),
    last_synced_at = CASE WHEN $3 = 'ready' THEN now() ELSE p.last_synced_at END,
    updated_at = now()
FROM old
WHERE p.id = old.id
RETURNING p.id, p.name, p.github_full_name, p.default_branch, p.environment_type,
          p.workspace_path, p.clone_status, p.clone_error, p.settings, p.last_synced_at,
          p.inserted_at, p.updated_at, old.clone_status AS from_status;

-- name: insert_clone_event
-- Records one clone-status move with its reason in the project's history.
INSERT INTO project_clone_events (project_id, from_status, to_status, reason, actor)
VALUES ($1, $2, $3, $4, $5)
RETURNING id, from_status, to_status, reason, actor, occurred_at;

-- name: list_clone_events
-- A project's clone-status history, oldest first.
SELECT id, from_status, to_status, reason, actor, occurred_at
FROM project_clone_events
WHERE project_id = $1
ORDER BY occurred_at, id;

-- name: insert_secret_binding
-- Binds a secret to an environment variable name of a project.
INSERT INTO project_secret_bindings (project_id, env_var_name, secret_ref_id, inject_to_workspace)
VALUES ($1, $2, $3, $4)
RETURNING id, project_id, env_var_name, secret_ref_id, inject_to_workspace, inserted_at, updated_at;

-- name: list_secret_bindings
-- A project's secret bindings by variable name.
SELECT id, project_id, env_var_name, secret_ref_id, inject_to_workspace, inserted_at, updated_at
FROM project_secret_bindings
WHERE project_id = $1
ORDER BY env_var_name;

-- name: delete_secret_binding
-- Removes one binding (the secret itself stays in the store).
DELETE FROM project_secret_bindings
WHERE project_id = $1 AND env_var_name = $2
RETURNING id, project_id, env_var_name, secret_ref_id, inject_to_workspace, inserted_at, updated_at;
