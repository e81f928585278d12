// A run's artifacts (`artifact-item`, `data-kind`); one opened in `artifact-view`: a diff
// as a diff, a PR URL as a link, logs, transcripts and reports as text.
import type { ArtifactSummary, ArtifactView } from "@jidocode/rpc-client";
import type { JSX } from "preact";
import { useState } from "preact/hooks";

import { client, messageOf } from "../api";
import { DiffView } from "./diff";

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`;
}

function Content(props: { readonly artifact: ArtifactView }): JSX.Element {
  const { artifact } = props;
  if (artifact.kind === "diff") return <DiffView text={artifact.content} testid="artifact-diff" />;
  if (artifact.kind === "pr_url" && /^https?:\/\//.test(artifact.content.trim())) {
    const url = artifact.content.trim();
    return <a href={url} target="_blank" rel="noopener noreferrer">{url}</a>;
  }
  let text = artifact.content;
  if (artifact.content_type.includes("json")) {
    try {
      text = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      // shown as it is
    }
  }
  return <pre data-testid="artifact-text">{text}</pre>;
}

export function Artifacts(props: {
  readonly items: readonly ArtifactSummary[] | null;
  readonly error: string | null;
}): JSX.Element {
  const [open, setOpen] = useState<ArtifactView | null>(null);
  const [opening, setOpening] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const show = async (id: string): Promise<void> => {
    if (open?.id === id) {
      setOpen(null);
      return;
    }
    setOpening(id);
    setError(null);
    try {
      setOpen(await client.orchestration.get_artifact({ artifact_id: id }));
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setOpening(null);
    }
  };

  return (
    <section class="card" data-testid="run-artifacts">
      <h2>Artifacts</h2>
      {props.error ? <p class="error">{props.error}</p> : null}
      {props.items?.length === 0 ? <p class="muted">No artifacts yet.</p> : null}
      <ul class="artifacts">
        {(props.items ?? []).map((item) => (
          <li key={item.id}>
            <button
              type="button"
              class="secondary"
              data-testid="artifact-item"
              data-kind={item.kind}
              data-artifact-id={item.id}
              aria-expanded={open?.id === item.id}
              disabled={opening === item.id}
              onClick={() => void show(item.id)}
            >
              {item.kind}: {item.name}
            </button>{" "}
            <span class="muted">
              {size(item.size_bytes)} · {new Date(item.inserted_at).toLocaleString()}
            </span>
          </li>
        ))}
      </ul>
      {error ? <p class="error" role="alert">{error}</p> : null}
      {open ? (
        <div data-testid="artifact-view" data-kind={open.kind}>
          <h3>
            {open.kind}: {open.name} <span class="muted">({open.content_type})</span>
          </h3>
          <Content artifact={open} />
        </div>
      ) : null}
    </section>
  );
}
