"""Redaction: masks secrets in anything stored or logged from the outside world (DESIGN §6).

Two kinds of masking, applied to strings and, recursively, to JSON-like values:

- **known values**: every secret the store holds, remembered in memory only (never
  written anywhere), masked wherever it appears;
- **shapes**: provider tokens (``sk-…``, ``sk-ant-…``, ``ghp_…``/``gho_…``/``ghs_…``/
  ``ghu_…``/``ghr_…``, ``github_pat_…``, ``jck_…``, ``jct_…``), ``Bearer``/``Basic`` credentials,
  JWT-like strings, and ``key=value`` / ``"key": "value"`` pairs whose key looks secret.
  In JSON objects, the value under a secret-looking key is masked whole.

``redact_text`` is the shape-only function; ``Redactor`` (a runtime component) adds the
known values.
"""

from __future__ import annotations

import re
import threading
from typing import Any, TypeVar, cast

T = TypeVar("T")

MASK = "[REDACTED]"

# Known values shorter than this are not remembered: masking "abc" everywhere would
# shred ordinary text, and no credential we store is that short.
MIN_KNOWN_LENGTH = 6

# Words that name secrets (not secrets themselves).
_SECRET_WORDS = "|".join(
    (
        "password",
        "passwd",
        "passphrase",
        "pwd",
        "secret",
        "token",
        "api[_-]?key",
        "apikey",
        "authorization",
        "private[_-]?key",
        "access[_-]?key",
        "secret[_-]?key",
        "client[_-]?secret",
        "credentials?",
        "cookie",
        "session[_-]?id",
        "signature",
    )
)

# A key looks secret when one of its words (split on _ - . and camelCase) is a secret word.
_KEY_WORD = re.compile(rf"^(?:{_SECRET_WORDS})$", re.IGNORECASE)
# ...unless it plainly names metadata about a secret rather than the secret itself.
_METADATA_SUFFIX = re.compile(
    r"(?:_|-|\b)(?:id|ids|at|count|name|names|ref|ref_id|version|type|kind|scope|status|"
    r"prefix|url|uri|path|source|length|expires|expiry|ttl|set|configured|present|stored)$",
    re.IGNORECASE,
)

_TOKEN_SHAPES = re.compile(
    r"""
    \bsk-ant-[A-Za-z0-9_\-]{8,}                  # Anthropic
  | \bsk-[A-Za-z0-9_\-]{16,}                     # OpenAI (sk-..., sk-proj-...)
  | \bgh[pousr]_[A-Za-z0-9]{16,}                 # GitHub OAuth, user, server, refresh
  | \bgithub_pat_[A-Za-z0-9_]{16,}               # GitHub fine-grained PAT
  | \bjc[kt]_[A-Za-z0-9_\-]{16,}                 # JidoCode API keys and tokens
  | \bxox[abprs]-[A-Za-z0-9\-]{10,}              # Slack
  | \bAKIA[0-9A-Z]{16}\b                         # AWS access key id
  | \beyJ[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]{4,}   # JWT (header is JSON)
  | -----BEGIN[ A-Z]*PRIVATE\ KEY-----[\s\S]*?(?:-----END[ A-Z]*PRIVATE\ KEY-----|$)
    """,
    re.VERBOSE,
)
# Literal fragments one of which every _TOKEN_SHAPES match contains: a cheap ``in`` test
# spares a regex scan of long text (an issue body) that holds none of them.
_TOKEN_TRIGGERS = ("sk-", "gh", "github_pat_", "jck_", "jct_", "xox", "AKIA", "eyJ", "-----BEGIN")

# Three long base64url runs joined by dots. Possessive runs keep the scan linear.
_JWT_LIKE = re.compile(
    r"(?<![A-Za-z0-9_\-])[A-Za-z0-9_\-]{20,}+\.[A-Za-z0-9_\-]{20,}+\.[A-Za-z0-9_\-]{20,}+"
    r"(?![A-Za-z0-9_\-])"
)

# The middle segment of _JWT_LIKE: starting with a literal dot, it is found by a fast scan
# for that character instead of an attempt at every position.
_JWT_MIDDLE = re.compile(r"\.[A-Za-z0-9_\-]{20,}+\.")

# Lower-case fragments one of which every secret word contains (see _SECRET_WORDS).
_WORD_TRIGGERS = (
    "pass",
    "pwd",
    "secret",
    "token",
    "key",
    "authorization",
    "credential",
    "cookie",
    "session",
    "signature",
)

# ``Bearer <token>`` / ``Basic <credentials>``: keep the scheme, mask the credential.
_AUTH_SCHEME = re.compile(r"\b(Bearer|Basic|Token)(\s+)(?!\[REDACTED\])[A-Za-z0-9._~+/=\-]{6,}")

# "key": "value" and 'key': 'value' (JSON text, Python reprs).
_QUOTED_PAIR = re.compile(
    rf"""(?P<head>(?P<q>["'])(?P<key>[A-Za-z0-9_.\-]*(?:{_SECRET_WORDS})[A-Za-z0-9_.\-]*)(?P=q)
        \s*[:=]\s*(?P<vq>["']))(?P<value>(?:\\.|(?!(?P=vq)).)*)(?P=vq)""",
    re.IGNORECASE | re.VERBOSE,
)

# key=value, key: value (query strings, env dumps, logs). The value stops at whitespace
# or a delimiter; an auth scheme word is left for _AUTH_SCHEME.
_PLAIN_PAIR = re.compile(
    rf"""(?P<head>\b(?P<key>[A-Za-z0-9_.\-]*(?:{_SECRET_WORDS})[A-Za-z0-9_.\-]*)
        (?:\s*=\s*|:\s*))(?!\[REDACTED\])(?!(?:Bearer|Basic|Token)\s)(?P<value>[^\s"'&,;}})\]]+)""",
    re.IGNORECASE | re.VERBOSE,
)


def _split_words(key: str) -> list[str]:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", key)
    return [w for w in re.split(r"[_\-.\s]+", spaced) if w]


def key_looks_secret(key: str) -> bool:
    """Whether a field name names a secret (``api_key``, ``clientSecret``, ``password``)."""
    if _METADATA_SUFFIX.search(key):
        return False
    words = _split_words(key)
    if any(_KEY_WORD.match(w) for w in words):
        return True
    # Compound forms: api_key, private_key, access_key, client_secret, secret_key.
    joined = "_".join(w.lower() for w in words)
    return bool(
        re.search(
            r"(?:^|_)(?:api_key|private_key|access_key|secret_key|client_secret)(?:_|$)", joined
        )
    )


def _mask_pair(match: re.Match[str]) -> str:
    if not key_looks_secret(match["key"]) or not match["value"]:
        return match[0]
    tail = match[0][len(match["head"]) + len(match["value"]) :]
    return f"{match['head']}{MASK}{tail}"


def redact_text(text: str) -> str:
    """Mask token shapes and secret-looking ``key=value`` pairs (no known values).

    Each pattern runs only when a literal fragment it needs is present: webhook payloads
    carry long prose, and scanning it with every pattern cost milliseconds per delivery.
    """
    if len(text) < MIN_KNOWN_LENGTH:
        return text
    out = text
    if any(t in out for t in _TOKEN_TRIGGERS):
        out = _TOKEN_SHAPES.sub(MASK, out)
    if _JWT_MIDDLE.search(out):
        out = _JWT_LIKE.sub(MASK, out)
    if "Bearer" in out or "Basic" in out or "Token" in out:
        out = _AUTH_SCHEME.sub(lambda m: f"{m[1]}{m[2]}{MASK}", out)
    lowered = out.lower()
    if any(t in lowered for t in _WORD_TRIGGERS):
        out = _QUOTED_PAIR.sub(_mask_pair, out)
        out = _PLAIN_PAIR.sub(_mask_pair, out)
    return out


class Redactor:
    """Masks known secret values (held in memory only) and token shapes.

    Thread-safe for ``remember``; the matcher for known values is rebuilt lazily after a
    change, longest value first so a secret containing another is masked whole.
    """

    def __init__(self, known: list[str] | None = None) -> None:
        self._known: set[str] = set()
        self._pattern: re.Pattern[str] | None = None
        self._lock = threading.Lock()
        for value in known or ():
            self.remember(value)

    def remember(self, secret: str) -> None:
        """Add a known secret value (ignored when shorter than ``MIN_KNOWN_LENGTH``)."""
        if len(secret) < MIN_KNOWN_LENGTH:
            return
        with self._lock:
            if secret not in self._known:
                self._known.add(secret)
                self._pattern = None

    def forget(self, secret: str) -> None:
        """Drop a value that is no longer a secret of this instance."""
        with self._lock:
            if secret in self._known:
                self._known.discard(secret)
                self._pattern = None

    def __len__(self) -> int:
        return len(self._known)

    def _known_pattern(self) -> re.Pattern[str] | None:
        with self._lock:
            if self._pattern is None and self._known:
                alternatives = sorted(self._known, key=len, reverse=True)
                self._pattern = re.compile("|".join(re.escape(v) for v in alternatives))
            return self._pattern

    def mask_known(self, text: str) -> str:
        """Mask only the known values (``redact_str`` also masks the shapes)."""
        pattern = self._known_pattern()
        return pattern.sub(MASK, text) if pattern is not None else text

    def redact_str(self, text: str) -> str:
        """Mask known values, then shapes, in one string."""
        return redact_text(self.mask_known(text))

    def redact(self, value: T) -> T:
        """A copy of ``value`` (a string or nested JSON) with every secret masked.

        In a dict, the value under a secret-looking key is masked whole; dict keys
        themselves are kept (they name fields, not secrets) unless they hold a known value.
        """
        return cast(T, self._walk(value))

    def _walk(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.redact_str(value)
        if isinstance(value, dict):
            out: dict[Any, Any] = {}
            for k, v in value.items():
                key = self.redact_str(k) if isinstance(k, str) else k
                if (
                    isinstance(k, str)
                    and v is not None
                    and not isinstance(v, bool)
                    and key_looks_secret(k)
                ):
                    out[key] = MASK
                else:
                    out[key] = self._walk(v)
            return out
        if isinstance(value, list):
            return [self._walk(v) for v in value]
        if isinstance(value, tuple):
            return tuple(self._walk(v) for v in value)
        return value
