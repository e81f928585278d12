-- name: insert_approval_request
-- Opens an approval request with the context the approver is shown.
INSERT INTO approvals
    (run_id, step, diff_summary, test_summary, risk_notes, context, requested_by)
VALUES ($1, $2, $3, $4, $5, $6, $7)
RETURNING id;

-- name: decide_open_approval
-- Records the decision on a run's open request; nothing when none is open.
UPDATE approvals
SET decision = $2, actor = $3, comment = $4, decided_at = now(), updated_at = now()
WHERE run_id = $1 AND decision IS NULL
RETURNING id;

-- name: list_pending_approvals
-- Lists open requests of runs awaiting approval, of one project when given, newest first
-- after a (requested_at, id) position.
SELECT a.id, a.run_id, r.project_id, r.workflow_name, a.step, a.diff_summary, a.test_summary,
       a.risk_notes, a.context, a.requested_by, a.requested_at, a.decision, a.actor, a.comment,
       a.decided_at
FROM approvals a
JOIN workflow_runs r ON r.id = a.run_id
WHERE a.decision IS NULL AND r.status = 'awaiting_approval'
  AND ($1::uuid IS NULL OR r.project_id = $1)
  AND (a.requested_at, a.id) < ($2, $3)
ORDER BY a.requested_at DESC, a.id DESC
LIMIT $4;
