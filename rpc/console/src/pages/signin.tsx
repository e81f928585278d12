// Sign in with a session cookie (`accounts.sign_in`, mode `session`): the server sets an
// HttpOnly cookie, so no token ever reaches the page. Wrong guesses are throttled per
// email; the page says how long to wait and keeps the button off until then.
import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";

import { client } from "../api";
import type { Shell } from "../app";
import { FieldError, duration, formError, takeSecret, type FormError } from "../forms";

function explain(error: FormError): string {
  switch (error.kind) {
    case "unauthenticated":
      return "Wrong email or password.";
    case "rate_limited":
      if (error.retryAfterS !== null && error.retryAfterS <= 0) {
        return "Too many failed sign-ins for this email; the wait is over, you may try again.";
      }
      return error.retryAfterS !== null
        ? `Too many failed sign-ins for this email. Try again in ${duration(error.retryAfterS)}.`
        : "Too many failed sign-ins for this email. Try again later.";
    default:
      return error.message;
  }
}

export function SignInPage({ shell }: { readonly shell: Shell }): JSX.Element {
  const [email, setEmail] = useState("");
  const password = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  // When throttled: the time (ms since epoch) another attempt is allowed, and a ticking now.
  const [blockedUntil, setBlockedUntil] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (blockedUntil === null) return;
    const timer = setInterval(() => {
      const t = Date.now();
      setNow(t);
      if (t >= blockedUntil) setBlockedUntil(null);
    }, 1000);
    return () => clearInterval(timer);
  }, [blockedUntil]);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const secret = takeSecret(password);
    setError(null);
    setBusy(true);
    try {
      await client.accounts.sign_in({ email: email.trim(), password: secret, mode: "session" });
    } catch (caught) {
      const failure = formError(caught);
      if (failure.kind === "rate_limited" && failure.retryAfterS !== null) {
        setBlockedUntil(Date.now() + failure.retryAfterS * 1000);
        setNow(Date.now());
      }
      setError(failure);
      setBusy(false);
      return;
    }
    setBusy(false);
    await shell.refresh();
  };

  const blocked = blockedUntil !== null && now < blockedUntil;
  // While throttled the wait counts down; once over, the message says so.
  const shown: FormError | null =
    error?.kind === "rate_limited" && error.retryAfterS !== null
      ? { ...error, retryAfterS: blocked && blockedUntil !== null ? (blockedUntil - now) / 1000 : 0 }
      : error;

  return (
    <div class="center card">
      <h1>Sign in</h1>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <label for="signin-email">Email</label>
        <input
          id="signin-email"
          data-testid="signin-email"
          type="email"
          autocomplete="username"
          value={email}
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
        <FieldError error={error} name="email" />
        <label for="signin-password">Password</label>
        <input
          id="signin-password"
          data-testid="signin-password"
          type="password"
          autocomplete="current-password"
          ref={password}
        />
        <FieldError error={error} name="password" />
        {shown && (
          <p
            class="error"
            role="alert"
            data-testid="signin-error"
            data-kind={shown.kind ?? "client"}
          >
            {explain(shown)}
          </p>
        )}
        <p>
          <button type="submit" data-testid="signin-submit" disabled={busy || blocked}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </p>
      </form>
    </div>
  );
}
