// Step 7, first project: import a repository (`projects.import`) and wait until its clone
// is ready.
import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";

import { client } from "../api";
import { FieldError, Problem, useAction, useData } from "../forms";
import { Panel } from "./panel";
import { FIXES, type Check, type StepContext } from "./steps";

const CLONE_WAIT_MS = 1000;
const CLONE_WAIT_LIMIT = 300; // five minutes

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** True until the component unmounts: long waits stop when the panel goes away. */
function useMounted(): { readonly current: boolean } {
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  return mounted;
}

export function ImportPanel({ ctx }: { readonly ctx: StepContext }): JSX.Element {
  const projects = useData(() => client.projects.list({ limit: 100 }));
  const repos = useData(() => client.projects.list_accessible_repositories());
  const action = useAction();
  const mounted = useMounted();
  const [progress, setProgress] = useState<string | null>(null);
  const [name, setName] = useState("");

  const items = projects.value?.items ?? [];
  const cloning = items.some((p) => p.clone_status === "pending" || p.clone_status === "cloning");
  useEffect(() => {
    if (!cloning || action.busy) return;
    const timer = setTimeout(() => void projects.reload(), 1500);
    return () => clearTimeout(timer);
  }, [projects.value, action.busy]);

  const checks: Check[] | null =
    projects.value === null
      ? null
      : items.length === 0
        ? [{ name: "project", label: "A project", status: "pending", detail: "no project imported yet" }]
        : items.map((p) => ({
            name: p.id,
            label: p.github_full_name,
            status: p.clone_status === "ready" ? "pass" : p.clone_status === "error" ? "fail" : "pending",
            detail: `clone ${p.clone_status}${p.clone_error ? `: ${p.clone_error}` : ""}`,
          }));

  const waitReady = async (projectId: string, label: string): Promise<void> => {
    for (let i = 0; i < CLONE_WAIT_LIMIT && mounted.current; i++) {
      const project = await client.projects.get({ project_id: projectId });
      if (project.clone_status === "ready") return;
      if (project.clone_status === "error") {
        throw new Problem(
          `The clone of ${label} failed: ${project.clone_error ?? "no reason given"}`,
          "github_full_name",
          "clone_error",
        );
      }
      setProgress(`Cloning ${label}: ${project.clone_status}…`);
      await sleep(CLONE_WAIT_MS);
    }
    if (mounted.current) throw new Problem(`${label} is still cloning; save again once it is ready.`);
  };

  const submit = (): Promise<void> =>
    action.run(async () => {
      const full = name.trim();
      try {
        if (full) {
          setProgress(`Importing ${full}…`);
          const project = await client.projects.import({ github_full_name: full });
          void projects.reload();
          await waitReady(project.id, project.github_full_name);
        } else if (!items.some((p) => p.clone_status === "ready")) {
          const pending = items.find((p) => p.clone_status === "pending" || p.clone_status === "cloning");
          if (pending) await waitReady(pending.id, pending.github_full_name);
        }
        setProgress(null);
        await ctx.save({ step: "import_project" });
      } finally {
        setProgress(null);
        if (mounted.current) void projects.reload();
      }
    });

  return (
    <Panel
      ctx={ctx}
      checks={checks}
      checksError={projects.value === null ? projects.error : null}
      fix={[FIXES.import_project]}
      error={action.error}
      busy={action.busy}
      progress={progress}
      saveLabel={name.trim() ? "Import and continue" : "Save and continue"}
      onSave={() => void submit()}
    >
      <label for="field-github_full_name">Repository (owner/repo)</label>
      <input
        id="field-github_full_name"
        data-testid="field-github_full_name"
        class="mono"
        placeholder="owner/repo"
        value={name}
        onInput={(e) => setName(e.currentTarget.value)}
      />
      <FieldError error={action.error} name="github_full_name" />
      <div data-testid="onboarding-repositories">
        {repos.value === null ? (
          repos.error !== null ? (
            <p class="warn">The repositories could not be listed: {repos.error}</p>
          ) : (
            <p class="muted">Listing the repositories GitHub lets this instance see…</p>
          )
        ) : repos.value.items.length === 0 ? (
          <p class="muted">The GitHub credential sees no repository.</p>
        ) : (
          <>
            <p class="muted">Repositories the GitHub credential can see:</p>
            <ul>
              {repos.value.items.map((r) => (
                <li key={r.full_name}>
                  <button
                    type="button"
                    class="secondary"
                    data-testid="repo-option"
                    data-full-name={r.full_name}
                    onClick={() => setName(r.full_name)}
                  >
                    {r.full_name}
                  </button>{" "}
                  {r.private && <span class="muted">private</span>}{" "}
                  {r.project_id && <span class="status ok">imported</span>}{" "}
                  {r.description && <span class="muted">{r.description}</span>}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </Panel>
  );
}
