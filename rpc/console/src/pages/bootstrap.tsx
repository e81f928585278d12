// First run: create the instance's one owner (`accounts.bootstrap_owner`), sign in with a
// session cookie (`accounts.sign_in`, mode `session`: the cookie is HttpOnly, no token
// reaches the page), then go to onboarding.
import type { JSX } from "preact";
import { useRef, useState } from "preact/hooks";

import { client } from "../api";
import type { Shell } from "../app";
import { FieldError, formError, takeSecret, type FormError } from "../forms";
import { navigate } from "../router";

const MIN_PASSWORD = 12;

export function BootstrapPage({ shell }: { readonly shell: Shell }): JSX.Element {
  const [email, setEmail] = useState("");
  const password = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  // The owner exists (made here, or by someone else first): sign-in is the way on.
  const [ownerExists, setOwnerExists] = useState(false);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const secret = takeSecret(password);
    setError(null);
    setBusy(true);
    try {
      try {
        await client.accounts.bootstrap_owner({ email: email.trim(), password: secret });
      } catch (caught) {
        const failure = formError(caught);
        if (failure.kind === "conflict") setOwnerExists(true);
        setError(failure);
        return;
      }
      setOwnerExists(true);
      try {
        await client.accounts.sign_in({ email: email.trim(), password: secret, mode: "session" });
      } catch (caught) {
        const failure = formError(caught);
        setError({ ...failure, message: `The owner was created, but signing in failed: ${failure.message}` });
        return;
      }
      navigate("/onboarding");
      await shell.refresh();
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="center card">
      <h1>Welcome to JidoCode</h1>
      <p class="muted">
        Nobody owns this instance yet. Create the owner account: it is the only account, and
        creating it closes registration for good.
      </p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <label for="bootstrap-email">Email</label>
        <input
          id="bootstrap-email"
          data-testid="bootstrap-email"
          type="email"
          autocomplete="username"
          value={email}
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
        <FieldError error={error} name="email" />
        <label for="bootstrap-password">Password</label>
        <input
          id="bootstrap-password"
          data-testid="bootstrap-password"
          type="password"
          autocomplete="new-password"
          ref={password}
        />
        <p class="muted">At least {MIN_PASSWORD} characters.</p>
        <FieldError error={error} name="password" />
        {error && (
          <p class="error" role="alert" data-testid="bootstrap-error">
            {error.message}
          </p>
        )}
        <p>
          <button type="submit" data-testid="bootstrap-submit" disabled={busy}>
            {busy ? "Creating…" : "Create the owner"}
          </button>{" "}
          {ownerExists && (
            <button type="button" class="secondary" data-testid="bootstrap-to-signin" onClick={() => void shell.refresh()}>
              Go to sign in
            </button>
          )}
        </p>
      </form>
    </div>
  );
}
