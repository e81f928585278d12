// A project: its settings (test command, coding agent, LLM provider, budget), its secret
// bindings (variable names only), its support agents, its runs, and starting a run.
import type { DefinitionView, ProjectDetail, RunView } from "@jidocode/rpc-client";
import type { JSX } from "preact";
import { useState } from "preact/hooks";

import { client, messageOf } from "../api";
import { useLoad } from "../components/load";
import { defaultsOf, inputsOf, SchemaFields, type FieldValues } from "../components/schemaFields";
import { navigate } from "../router";

// The project settings the engine reads (domains/orchestration: engine_forge, engine_llm,
// engine_budget); other keys in `settings` are kept as they are.
const AGENT_PROFILES = ["claude", "codex"] as const;
const LLM_PROVIDERS = ["anthropic", "openai", "google"] as const;
const BUDGET_FIELDS = [
  { name: "max_cost_usd", label: "Max cost (USD)", integer: false },
  { name: "max_wall_s", label: "Max wall time (seconds)", integer: false },
  { name: "max_agent_turns", label: "Max agent turns", integer: true },
] as const;
type BudgetField = (typeof BUDGET_FIELDS)[number]["name"];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === "string" || typeof value === "number" ? String(value) : "";
}

export function ProjectPage(props: { readonly projectId: string }): JSX.Element {
  return <ProjectDetailPage key={props.projectId} projectId={props.projectId} />;
}

function ProjectDetailPage(props: { readonly projectId: string }): JSX.Element {
  const { projectId } = props;
  const project = useLoad(() => client.projects.get({ project_id: projectId }), [projectId]);
  const p = project.value;
  return (
    <div class="project">
      <header class="card">
        <h1 data-testid="project-name">{p?.name ?? (project.error ? "Project" : "…")}</h1>
        {p ? (
          <p class="muted">
            {p.github_full_name} · branch {p.default_branch ?? "?"} · {p.environment_type} · clone{" "}
            <strong data-clone-status={p.clone_status}>{p.clone_status}</strong>
            {p.clone_error ? <span class="error"> — {p.clone_error}</span> : null}
          </p>
        ) : null}
        {project.error ? <p class="error" role="alert" data-testid="project-error">{project.error}</p> : null}
      </header>
      {p ? <Settings project={p} onSaved={(saved) => project.set({ ...p, ...saved })} /> : null}
      <StartRun projectId={projectId} />
      <Runs projectId={projectId} />
      <SecretBindings projectId={projectId} />
      <Agents projectId={projectId} />
    </div>
  );
}

/** test_command, agent_profile, llm_provider and budget, merged into the settings. */
function Settings(props: {
  readonly project: ProjectDetail;
  readonly onSaved: (project: Partial<ProjectDetail>) => void;
}): JSX.Element {
  const settings = props.project.settings;
  const budget = isRecord(settings["budget"]) ? settings["budget"] : {};
  const [testCommand, setTestCommand] = useState(text(settings["test_command"]));
  const [profile, setProfile] = useState(text(settings["agent_profile"]));
  const [provider, setProvider] = useState(text(settings["llm_provider"]));
  const [limits, setLimits] = useState<Record<BudgetField, string>>({
    max_cost_usd: text(budget["max_cost_usd"]),
    max_wall_s: text(budget["max_wall_s"]),
    max_agent_turns: text(budget["max_agent_turns"]),
  });
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    setSaved(false);
    setError(null);
    const next: Record<string, unknown> = { ...settings };
    const put = (key: string, value: string): void => {
      if (value.trim() === "") delete next[key];
      else next[key] = value.trim();
    };
    put("test_command", testCommand);
    put("agent_profile", profile);
    put("llm_provider", provider);
    const nextBudget: Record<string, unknown> = { ...budget };
    for (const field of BUDGET_FIELDS) {
      const raw = limits[field.name].trim();
      if (raw === "") {
        delete nextBudget[field.name];
        continue;
      }
      const n = Number(raw);
      if (!Number.isFinite(n) || n <= 0 || (field.integer && !Number.isInteger(n))) {
        setError(`budget.${field.name}: must be a positive ${field.integer ? "whole number" : "number"}`);
        return;
      }
      nextBudget[field.name] = n;
    }
    if (Object.keys(nextBudget).length > 0) next["budget"] = nextBudget;
    else delete next["budget"];
    setBusy(true);
    try {
      const updated = await client.projects.update({ project_id: props.project.id, settings: next });
      props.onSaved(updated);
      setSaved(true);
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  const edited = (): void => setSaved(false);
  return (
    <form class="card" data-testid="project-settings" noValidate onSubmit={(e) => void save(e)}>
      <h2>Settings</h2>
      <label for="project-test-command">Test command</label>
      <input
        id="project-test-command"
        data-testid="project-test-command"
        class="mono"
        placeholder="pytest -q"
        value={testCommand}
        onInput={(e) => {
          setTestCommand(e.currentTarget.value);
          edited();
        }}
      />
      <label for="project-agent-profile">Coding agent</label>
      <select
        id="project-agent-profile"
        data-testid="project-agent-profile"
        value={profile}
        onChange={(e) => {
          setProfile(e.currentTarget.value);
          edited();
        }}
      >
        <option value="">default (claude)</option>
        {AGENT_PROFILES.map((name) => (
          <option key={name} value={name}>{name}</option>
        ))}
        {profile && !(AGENT_PROFILES as readonly string[]).includes(profile) ? <option value={profile}>{profile}</option> : null}
      </select>
      <label for="project-llm-provider">LLM provider</label>
      <select
        id="project-llm-provider"
        data-testid="project-llm-provider"
        value={provider}
        onChange={(e) => {
          setProvider(e.currentTarget.value);
          edited();
        }}
      >
        <option value="">the first with an active credential</option>
        {LLM_PROVIDERS.map((name) => (
          <option key={name} value={name}>{name}</option>
        ))}
        {provider && !(LLM_PROVIDERS as readonly string[]).includes(provider) ? <option value={provider}>{provider}</option> : null}
      </select>
      <fieldset>
        <legend>Budget per run (empty: the workflow's)</legend>
        {BUDGET_FIELDS.map((field) => (
          <div key={field.name} class="field">
            <label for={`project-budget-${field.name}`}>{field.label}</label>
            <input
              id={`project-budget-${field.name}`}
              data-testid={`project-budget-${field.name}`}
              type="number"
              min="0"
              step={field.integer ? 1 : "any"}
              value={limits[field.name]}
              onInput={(e) => {
                const value = e.currentTarget.value;
                setLimits((before) => ({ ...before, [field.name]: value }));
                edited();
              }}
            />
          </div>
        ))}
      </fieldset>
      <button type="submit" data-testid="project-save" disabled={busy}>Save settings</button>
      {saved ? <span class="ok" data-testid="project-saved" role="status"> Saved.</span> : null}
      {error ? <p class="error" role="alert" data-testid="project-error">{error}</p> : null}
    </form>
  );
}

/** Every page of the definitions a person may start (`manual` among their triggers). */
async function startable(): Promise<DefinitionView[]> {
  const found: DefinitionView[] = [];
  let cursor: string | null = null;
  do {
    const page = await client.orchestration.list_definitions({ limit: 200, ...(cursor ? { cursor } : {}) });
    found.push(...page.items.filter((d) => d.trigger_types.includes("manual")));
    cursor = page.next_cursor;
  } while (cursor);
  return found;
}

function StartRun(props: { readonly projectId: string }): JSX.Element {
  const definitions = useLoad(startable, []);
  const [name, setName] = useState("");
  const [picked, setPicked] = useState<FieldValues>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const list = definitions.value ?? [];
  // Until the owner picks one: implement_task when there is one, else the first. Derived at
  // render (not set by an effect), so a pick made just as the list arrives is never undone.
  const preselected = list.find((d) => d.name === "implement_task") ?? list[0] ?? null;
  const chosen = name ? (list.find((d) => d.name === name) ?? null) : preselected;
  const values: FieldValues = name
    ? picked
    : { ...(preselected ? defaultsOf(preselected.input_schema) : {}), ...picked };

  const choose = (next: string): void => {
    const definition = list.find((d) => d.name === next);
    setName(next);
    setPicked(definition ? defaultsOf(definition.input_schema) : {});
    setError(null);
  };

  const start = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (!chosen) return;
    setError(null);
    const parsed = inputsOf(chosen.input_schema, values);
    if ("problem" in parsed) {
      setError(parsed.problem);
      return;
    }
    setBusy(true);
    try {
      const run = await client.orchestration.start_run({
        project_id: props.projectId,
        definition_name: chosen.name,
        inputs: parsed.inputs,
      });
      navigate(`/runs/${run.id}`);
    } catch (caught) {
      setError(messageOf(caught));
      setBusy(false);
    }
  };

  return (
    <form class="card" data-testid="start-run" noValidate onSubmit={(e) => void start(e)}>
      <h2>Start a run</h2>
      {definitions.error ? <p class="error">{definitions.error}</p> : null}
      <label for="start-run-definition">Workflow</label>
      <select
        id="start-run-definition"
        data-testid="start-run-definition"
        value={chosen?.name ?? ""}
        onChange={(e) => choose(e.currentTarget.value)}
      >
        {list.map((d) => (
          <option key={d.name} value={d.name}>
            {d.name} ({d.category}, v{d.version})
          </option>
        ))}
      </select>
      {chosen ? (
        <>
          <p class="muted">
            {chosen.description} Steps: {chosen.steps.map((s) => s.name).join(" → ")}.
          </p>
          <SchemaFields
            schema={chosen.input_schema}
            values={values}
            prefix="start-run-input-"
            onChange={(field, value) => setPicked((before) => ({ ...before, [field]: value }))}
          />
        </>
      ) : null}
      <button type="submit" data-testid="start-run-submit" disabled={busy || !chosen}>Start</button>
      {error ? <p class="error" role="alert" data-testid="start-run-error">{error}</p> : null}
    </form>
  );
}

function Runs(props: { readonly projectId: string }): JSX.Element {
  const runs = useLoad(() => client.orchestration.list_runs({ project_id: props.projectId, limit: 50 }), [props.projectId]);
  const items: RunView[] = runs.value?.items ?? [];
  return (
    <section class="card" data-testid="project-runs">
      <h2>Runs</h2>
      {runs.error ? <p class="error">{runs.error}</p> : null}
      {runs.value && items.length === 0 ? <p class="muted">No runs yet.</p> : null}
      {items.length > 0 ? (
        <table>
          <thead>
            <tr><th>Run</th><th>Workflow</th><th>Status</th><th>Step</th><th>Started</th></tr>
          </thead>
          <tbody>
            {items.map((run) => (
              <tr key={run.id} data-testid="run-row" data-run-id={run.id} data-status={run.status}>
                <td><a class="mono" href={`#/runs/${run.id}`}>{run.id.slice(0, 8)}</a></td>
                <td>{run.workflow_name}</td>
                <td><strong>{run.status}</strong></td>
                <td class="mono">{run.current_step ?? ""}</td>
                <td class="muted">{new Date(run.inserted_at).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function SecretBindings(props: { readonly projectId: string }): JSX.Element {
  const bindings = useLoad(() => client.projects.list_secret_bindings({ project_id: props.projectId }), [props.projectId]);
  const items = bindings.value?.items ?? [];
  return (
    <section class="card" data-testid="project-secret-bindings">
      <h2>Secret bindings</h2>
      <p class="muted">The environment variables the workspace's commands get; values are never shown.</p>
      {bindings.error ? <p class="error">{bindings.error}</p> : null}
      {bindings.value && items.length === 0 ? <p class="muted">No secrets are bound.</p> : null}
      <ul>
        {items.map((b) => (
          <li key={b.id} data-testid="binding-row" data-env-var={b.env_var_name}>
            <span class="mono">{b.env_var_name}</span>
            {b.inject_to_workspace ? "" : <span class="muted"> (not injected into the workspace)</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Agents(props: { readonly projectId: string }): JSX.Element {
  const configs = useLoad(() => client.agents.list_configs({ project_id: props.projectId }), [props.projectId]);
  const items = configs.value?.items ?? [];
  return (
    <section class="card" data-testid="project-agents">
      <h2>Support agents</h2>
      {configs.error ? <p class="error">{configs.error}</p> : null}
      {configs.value && items.length === 0 ? <p class="muted">No support agent is configured.</p> : null}
      {items.length > 0 ? (
        <table>
          <thead>
            <tr><th>Agent</th><th>Enabled</th><th>Events</th><th>Approval</th><th>Last triggered</th><th>Next</th></tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id} data-testid="agent-config-row" data-agent-type={c.agent_type} data-enabled={String(c.enabled)}>
                <td>{c.agent_type}</td>
                <td>{c.enabled ? "on" : "off"}</td>
                <td class="mono">{c.webhook_events.join(", ") || "—"}</td>
                <td>{c.approval_policy.mode}</td>
                <td class="muted">{c.last_triggered_at ? new Date(c.last_triggered_at).toLocaleString() : "never"}</td>
                <td class="muted">{c.schedule_next_at ? new Date(c.schedule_next_at).toLocaleString() : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
