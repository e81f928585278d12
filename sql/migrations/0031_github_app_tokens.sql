-- GitHub App installation tokens, cached sealed until they expire (the GitHub client in
-- domains/github/client.py mints them; an hour-long token is not worth minting per call).
-- The ciphertext is bound to this table, column and row id by the key ring.
CREATE TABLE github_app_tokens (
    id uuid PRIMARY KEY,
    installation_id bigint NOT NULL CONSTRAINT github_app_tokens_installation_key UNIQUE,
    ciphertext bytea NOT NULL,
    key_version integer NOT NULL CHECK (key_version >= 1),
    expires_at timestamptz NOT NULL,
    inserted_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
