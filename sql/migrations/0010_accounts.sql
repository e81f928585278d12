-- Accounts (DESIGN §8): the one owner, their session and bearer tokens, their API keys,
-- and the sign-in attempts that throttle password guessing across server processes.

-- The owner. `singleton` is always true and unique, so the database itself refuses a
-- second row, whatever the service does.
CREATE TABLE users (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    owner_bootstrapped_at timestamptz NOT NULL DEFAULT now(),
    password_changed_at timestamptz NOT NULL DEFAULT now(),
    singleton boolean NOT NULL DEFAULT true,
    inserted_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_singleton_true CHECK (singleton),
    CONSTRAINT users_one_owner UNIQUE (singleton)
);

-- Emails compare case-insensitively.
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));

-- Session (cookie) and bearer tokens. Only the SHA-256 digest of the secret is kept.
CREATE TABLE tokens (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('session', 'bearer')),
    digest bytea NOT NULL CHECK (octet_length(digest) = 32),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz,
    last_used_at timestamptz,
    user_agent text CHECK (length(user_agent) <= 512),
    inserted_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT tokens_digest_key UNIQUE (digest)
);

-- Listing newest first with a keyset cursor.
CREATE INDEX tokens_user_inserted ON tokens (user_id, inserted_at DESC, id DESC);

-- Long-lived named API keys (`jck_…`). `prefix` is the visible start shown in listings;
-- it reveals 47 of the key's 178 random bits.
CREATE TABLE api_keys (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    prefix text NOT NULL CHECK (prefix ~ '^jck_[0-9A-Za-z]{8}$'),
    digest bytea NOT NULL CHECK (octet_length(digest) = 32),
    expires_at timestamptz,
    revoked_at timestamptz,
    last_used_at timestamptz,
    inserted_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT api_keys_digest_key UNIQUE (digest)
);

CREATE INDEX api_keys_user_inserted ON api_keys (user_id, inserted_at DESC, id DESC);

-- One row per sign-in attempt that has not (yet) succeeded, keyed by the SHA-256 of the
-- normalised email: never the email itself, which is sometimes a mistyped password.
-- Rows live in the database so throttling holds across server processes.
CREATE TABLE signin_attempts (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email_digest bytea NOT NULL CHECK (octet_length(email_digest) = 32),
    attempted_at timestamptz NOT NULL DEFAULT now(),
    inserted_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX signin_attempts_email_time ON signin_attempts (email_digest, attempted_at DESC);
-- Pruning expired attempts of every email.
CREATE INDEX signin_attempts_time ON signin_attempts (attempted_at);
