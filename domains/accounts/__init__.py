"""Accounts: the instance's one owner, their password (Argon2id), their session and
bearer tokens and API keys (stored as SHA-256 digests only), sign-in throttling, and the
credential resolver that turns a request's cookie or bearer header into the owner's
principal (DESIGN §8)."""
