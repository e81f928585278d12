// The app shell: who is here (bootstrap, sign in, onboarding or the console), the
// navigation, and the page of the current route.
import type { JSX } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";

import { isRpcError } from "@jidocode/rpc-client";

import { client, messageOf } from "./api";
import { navigate, useRoute, type Route } from "./router";
import { BootstrapPage } from "./pages/bootstrap";
import { DashboardPage } from "./pages/dashboard";
import { OnboardingPage } from "./pages/onboarding";
import { ProjectPage } from "./pages/project";
import { RunPage } from "./pages/run";
import { SessionPage } from "./pages/session";
import { SettingsPage } from "./pages/settings";
import { SignInPage } from "./pages/signin";

type Gate =
  | { readonly kind: "loading" }
  | { readonly kind: "bootstrap" }
  | { readonly kind: "signin" }
  | { readonly kind: "in"; readonly email: string; readonly onboarded: boolean }
  | { readonly kind: "error"; readonly message: string };

/** What the shell gives every page: a way to re-read who is signed in and onboarding. */
export interface Shell {
  readonly refresh: () => Promise<void>;
}

async function gate(): Promise<Gate> {
  const status = await client.setup.status();
  if (!status.owner_exists) return { kind: "bootstrap" };
  try {
    const me = await client.accounts.me();
    return { kind: "in", email: me.owner.email, onboarded: status.onboarding_completed };
  } catch (error) {
    // No session, or it ended; anything else (the network, the server) is not a sign-out.
    if (isRpcError(error) && error.failure.kind === "unauthenticated") return { kind: "signin" };
    throw error;
  }
}

function page(route: Route, shell: Shell): JSX.Element {
  const [first, id] = route.parts;
  switch (first) {
    case undefined:
      return <DashboardPage />;
    case "onboarding":
      return <OnboardingPage shell={shell} />;
    case "settings":
      return <SettingsPage />;
    case "projects":
      return id ? <ProjectPage projectId={id} /> : <DashboardPage />;
    case "runs":
      return id ? <RunPage runId={id} /> : <DashboardPage />;
    case "sessions":
      return id ? <SessionPage sessionId={id} /> : <DashboardPage />;
    default:
      return <p data-testid="not-found">Nothing is at {route.path}.</p>;
  }
}

export function App(): JSX.Element {
  const route = useRoute();
  const [state, setState] = useState<Gate>({ kind: "loading" });
  const refresh = useCallback(async () => {
    try {
      setState(await gate());
    } catch (error) {
      setState({ kind: "error", message: messageOf(error) });
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  const shell: Shell = { refresh };

  if (state.kind === "loading") return <p data-testid="loading">Loading…</p>;
  if (state.kind === "error") {
    return (
      <div class="center card">
        <p data-testid="fatal" role="alert">{state.message}</p>
        <button type="button" data-testid="fatal-retry" onClick={() => void refresh()}>
          Try again
        </button>
      </div>
    );
  }
  if (state.kind === "bootstrap") return <BootstrapPage shell={shell} />;
  if (state.kind === "signin") return <SignInPage shell={shell} />;

  const signOut = async (): Promise<void> => {
    try {
      await client.accounts.sign_out();
    } finally {
      navigate("/");
      await refresh();
    }
  };
  return (
    <div class="shell">
      <nav class="nav">
        <a href="#/" data-testid="nav-dashboard">Dashboard</a>
        <a href="#/onboarding" data-testid="nav-onboarding">
          Onboarding{state.onboarded ? "" : " (to finish)"}
        </a>
        <a href="#/settings" data-testid="nav-settings">Settings</a>
        <span class="who" data-testid="whoami">{state.email}</span>
        <button type="button" data-testid="nav-signout" onClick={() => void signOut()}>
          Sign out
        </button>
      </nav>
      <main class="page">{page(route, shell)}</main>
    </div>
  );
}
