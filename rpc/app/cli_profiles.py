"""Where the command line sends its calls, and with which credential.

A *profile* is a named server URL plus the API key ``jidocode login`` created for it,
kept in ``profiles.json`` in the user's config directory (``$XDG_CONFIG_HOME/jidocode``
on Linux), mode 0600 in a 0700 folder. The profile is ``--profile``, else
``JIDOCODE_PROFILE``, else ``default``.

A call's target, most explicit first: the URL is ``--url``/``JIDOCODE_URL``, else the
profile's, else ``http://JIDOCODE_HOST:JIDOCODE_PORT/rpc`` (the address ``jidocode serve``
listens on); the credential is ``--api-key``/``JIDOCODE_API_KEY``, else the profile's.
A URL without a path gets ``/rpc``.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import platformdirs

PROFILE_ENV = "JIDOCODE_PROFILE"
URL_ENV = "JIDOCODE_URL"
API_KEY_ENV = "JIDOCODE_API_KEY"
DEFAULT_PROFILE = "default"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8420
RPC_PATH = "/rpc"


class ProfileError(Exception):
    """The profile file cannot be read or written, or is not ours."""


@dataclass(frozen=True)
class Profile:
    """One saved login: where, who, and the API key made for this machine."""

    url: str
    api_key: str
    api_key_id: str
    api_key_name: str
    email: str


@dataclass(frozen=True)
class Target:
    """Where one call goes and with what; ``credential_from`` says where the key came from."""

    url: str
    api_key: str | None
    profile: str
    credential_from: str | None  # "--api-key", "JIDOCODE_API_KEY", "profile 'x'" or None
    url_from: str


def config_dir() -> Path:
    """The per-user config folder (honours ``XDG_CONFIG_HOME``)."""
    return Path(platformdirs.user_config_dir("jidocode", appauthor=False))


def profiles_path() -> Path:
    """The profile file."""
    return config_dir() / "profiles.json"


def profile_name(given: str | None) -> str:
    """``--profile``, else ``JIDOCODE_PROFILE``, else ``default``."""
    return given or os.environ.get(PROFILE_ENV) or DEFAULT_PROFILE


def default_url() -> str:
    """The endpoint of a ``jidocode serve`` started with this environment."""
    host = os.environ.get("JIDOCODE_HOST") or DEFAULT_HOST
    port = os.environ.get("JIDOCODE_PORT") or str(DEFAULT_PORT)
    if host in ("0.0.0.0", "::", ""):  # noqa: S104 - a listen address, not a bind
        host = DEFAULT_HOST
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}{RPC_PATH}"


def normalize_url(url: str) -> str:
    """``http://host:port`` (or with a bare ``/``) becomes ``http://host:port/rpc``."""
    url = url.strip()
    if "://" not in url:
        url = f"http://{url}"
    parts = urlsplit(url)
    if parts.path in ("", "/"):
        parts = parts._replace(path=RPC_PATH)
    return urlunsplit(parts)


def load_all() -> dict[str, Profile]:
    """Every saved profile by name (none when the file does not exist)."""
    path = profiles_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ProfileError(f"cannot read {path}: {exc.strerror}") from None
    try:
        raw: Any = json.loads(text)
        return {name: Profile(**fields) for name, fields in raw["profiles"].items()}
    except (ValueError, KeyError, TypeError, AttributeError):
        raise ProfileError(f"{path} is not a jidocode profile file; move it away") from None


def load(name: str) -> Profile | None:
    """One profile, or ``None``."""
    return load_all().get(name)


def _write_all(profiles: dict[str, Profile]) -> Path:
    """Replace the file atomically; it is created 0600 (it holds API keys)."""
    path = profiles_path()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    body = json.dumps(
        {"profiles": {name: asdict(p) for name, p in sorted(profiles.items())}}, indent=2
    )
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".profiles-", suffix=".json")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(body + "\n")
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return path


def save(name: str, profile: Profile) -> Path:
    """Add or replace one profile; returns the file's path."""
    profiles = load_all()
    profiles[name] = profile
    return _write_all(profiles)


def forget(name: str) -> bool:
    """Remove one profile; whether it existed."""
    profiles = load_all()
    if profiles.pop(name, None) is None:
        return False
    _write_all(profiles)
    return True


def resolve_target(
    *, url: str | None, api_key: str | None, profile: str | None, from_env: set[str]
) -> Target:
    """Where a call goes and with what credential (see the module docstring).

    ``from_env`` names the options (``url``, ``api_key``) whose value came from the
    environment rather than the command line, so errors can say where it came from.
    """
    name = profile_name(profile)
    saved = load(name)
    if url:
        chosen_url, url_from = url, (URL_ENV if "url" in from_env else "--url")
    elif saved is not None:
        chosen_url, url_from = saved.url, f"profile {name!r}"
    else:
        chosen_url, url_from = default_url(), "JIDOCODE_HOST/JIDOCODE_PORT"
    key: str | None
    if api_key:
        key, key_from = api_key, (API_KEY_ENV if "api_key" in from_env else "--api-key")
    elif saved is not None:
        key, key_from = saved.api_key, f"profile {name!r}"
    else:
        key, key_from = None, None
    return Target(
        url=normalize_url(chosen_url),
        api_key=key,
        profile=name,
        credential_from=key_from,
        url_from=url_from,
    )
