// Step 6, issue bot: the GitHub webhook secret (sealed in the browser, write-only) and the
// issue bot's default policy.
import type { IssueBotStep } from "@jidocode/rpc-client";
import type { JSX } from "preact";
import { useRef, useState } from "preact/hooks";

import { client } from "../api";
import { FieldError, takeSecret, useAction, useData, when } from "../forms";
import { seal } from "../sealing";
import { Panel } from "./panel";
import { FIXES, type Check, type StepContext } from "./steps";

const WEBHOOK_SECRET_NAME = "github_webhook_secret";

export function IssueBotPanel({ ctx }: { readonly ctx: StepContext }): JSX.Element {
  const secrets = useData(() => client.setup.list_secrets({ scope: "integration", limit: 200 }));
  const action = useAction();
  const [progress, setProgress] = useState<string | null>(null);
  const [policy, setPolicy] = useState<"manual" | "auto_post">(ctx.config.issue_bot_policy ?? "manual");
  const secret = useRef<HTMLInputElement>(null);
  const stored = secrets.value?.items.find((s) => s.name === WEBHOOK_SECRET_NAME && s.status === "active");
  const checks: Check[] | null =
    secrets.value === null
      ? null
      : [
          {
            name: "webhook_secret",
            label: "Webhook secret",
            status: stored ? "pass" : "pending",
            detail: stored
              ? `stored ${when(stored.last_rotated_at ?? stored.inserted_at)}`
              : "not stored yet",
          },
        ];
  return (
    <Panel
      ctx={ctx}
      checks={checks}
      checksError={secrets.value === null ? secrets.error : null}
      fix={[FIXES.issue_bot]}
      error={action.error}
      busy={action.busy}
      progress={progress}
      onSave={() =>
        void action.run(async () => {
          const typed = takeSecret(secret);
          try {
            const payload: IssueBotStep = { step: "issue_bot", default_policy: policy };
            if (typed) {
              setProgress("Sealing the webhook secret…");
              payload.sealed_webhook_secret = await seal(typed);
            }
            setProgress(null);
            await ctx.save(payload);
          } catch (caught) {
            void secrets.reload();
            throw caught;
          } finally {
            setProgress(null);
          }
        })
      }
    >
      <label for="field-default_policy">Default issue-bot policy</label>
      <select
        id="field-default_policy"
        data-testid="field-default_policy"
        value={policy}
        onChange={(e) => setPolicy(e.currentTarget.value as "manual" | "auto_post")}
      >
        <option value="manual">manual: I approve each reply</option>
        <option value="auto_post">auto_post: the bot posts its replies</option>
      </select>
      <FieldError error={action.error} name="default_policy" />
      <label for="field-webhook_secret">
        Webhook secret{stored ? " (leave empty to keep the stored one)" : ""}
      </label>
      <input
        id="field-webhook_secret"
        data-testid="field-webhook_secret"
        type="password"
        autocomplete="off"
        spellcheck={false}
        ref={secret}
      />
      <FieldError error={action.error} name="webhook_secret" />
    </Panel>
  );
}
