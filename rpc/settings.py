"""The server's settings: one pydantic-settings class, read once at the entry point.

Every variable is ``JIDOCODE_<FIELD>`` except the database URL, which is the conventional
``DATABASE_URL``. Tests build ``Settings(...)`` directly.
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import AliasChoices, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from rpc.client_address import parse_trusted


class StartupError(Exception):
    """A start-up or configuration problem, said in one line: the variable (or setting)
    at fault and what to do. The command line prints it without a traceback."""

    def __init__(self, variable: str, problem: str) -> None:
        super().__init__(f"{variable}: {problem}")
        self.variable = variable
        self.problem = problem


# What to do about a bad value, for the settings whose fix is not obvious from the type.
_HINTS: dict[str, str] = {
    "port": "set a TCP port from 0 to 65535",
    "log_level": "use DEBUG, INFO, WARNING or ERROR (upper case)",
    "log_format": "use auto, json or text",
    "access_log": "use on or off",
    "metrics_listen": "use host:port (such as 127.0.0.1:9420), or leave it unset",
    "trusted_proxies": "use IP addresses or CIDR networks separated by commas "
    "(such as 10.0.0.0/8,::1), or leave it unset",
}


def variable_of(field: str) -> str:
    """The environment variable a settings field is read from."""
    return "DATABASE_URL" if field == "database_url" else f"JIDOCODE_{field.upper()}"


def load_settings(**overrides: Any) -> Settings:
    """The settings from the environment (and command-line overrides), or a
    ``StartupError`` naming the first bad variable: never pydantic's multi-line report."""
    try:
        settings = Settings()
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        field = str(first["loc"][0]) if first["loc"] else "settings"
        given = first.get("input")
        shown = "" if field.startswith("secret") or given is None else f" (got {given!r})"
        hint = _HINTS.get(field, first["msg"][:1].lower() + first["msg"][1:])
        raise StartupError(variable_of(field), f"invalid value{shown}: {hint}") from None
    given = {k: v for k, v in overrides.items() if v is not None}
    return settings.model_copy(update=given) if given else settings


def parse_listen(value: str) -> tuple[str, int]:
    """``host:port`` (``[::1]:9420`` for IPv6) as a host and a port; ``ValueError``
    otherwise."""
    host, sep, port = value.strip().rpartition(":")
    host = host.removeprefix("[").removesuffix("]")
    if not sep or not host or not port.isdigit() or int(port) > 65535:
        raise ValueError("not host:port")
    return host, int(port)


def default_data_dir() -> Path:
    """The per-user data directory the embedded database and key files live in."""
    return Path(platformdirs.user_data_dir("jidocode", appauthor=False))


class Settings(BaseSettings):
    """Everything the server reads from its environment."""

    model_config = SettingsConfigDict(env_prefix="JIDOCODE_", extra="ignore", frozen=True)

    host: str = "127.0.0.1"
    port: int = Field(default=8420, ge=0, le=65535)
    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "JIDOCODE_DATABASE_URL")
    )
    production: bool = False
    log_format: Literal["auto", "json", "text"] = "auto"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # One line per HTTP request and per call on logger jidocode.access (rpc.access_log).
    access_log: bool = True
    # Where GET /metrics is served without auth (host:port); unset, it is served on the
    # main address to the owner's credentials only.
    metrics_listen: str | None = None

    # Connection pool: sized to the expected concurrency (see DESIGN §5).
    pool_min_size: int = Field(default=4, ge=1)
    pool_max_size: int = Field(default=32, ge=1)
    statement_timeout_ms: int = Field(default=5_000, ge=1)

    # Request limits (DESIGN §9).
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    max_webhook_body_bytes: int = Field(default=25 * 1024 * 1024, ge=1024)
    max_batch_size: int = Field(default=100, ge=1)
    max_json_depth: int = Field(default=32, ge=2, le=512)
    call_deadline_s: float = Field(default=30.0, gt=0)

    # Jobs.
    run_workers: bool = True
    worker_concurrency: int = Field(default=4, ge=1)
    # Loops for the long job kinds (Forge execs): as many as sessions may run at once.
    long_job_concurrency: int = Field(default=10, ge=1)
    # Loops for the jobs that wait on long ones: how many workflow runs one process
    # drives at once (each waits on its step's Forge exec, served by the long loops).
    driver_job_concurrency: int = Field(default=10, ge=1)
    job_lease_s: float = Field(default=60.0, gt=0)
    job_poll_interval_s: float = Field(default=5.0, gt=0)
    job_backoff_base_s: float = Field(default=1.0, gt=0)
    # How often processes that run workers look for support-agent schedules that came due
    # (the most a scheduled run starts late).
    agent_schedule_tick_s: float = Field(default=30.0, gt=0)
    # This host's name for job affinity: a job enqueued for a host (where its worktree
    # is) runs there while that host's workers send heartbeats. Unique per host, and the
    # same across restarts, or a restarted host no longer owns its runs' jobs.
    host_id: str = Field(default_factory=socket.gethostname, min_length=1, max_length=255)

    # Accounts (DESIGN §8).
    session_ttl_s: int = Field(default=7 * 24 * 3600, ge=60)
    bearer_token_ttl_s: int = Field(default=24 * 3600, ge=60)
    signin_max_failures: int = Field(default=5, ge=1)
    signin_window_s: int = Field(default=15 * 60, ge=1)
    # The origin browsers load the frontend from (scheme://host[:port]); when unset, a
    # cookie request's Origin must match the Host it was sent to.
    public_origin: str | None = None

    # Secrets (DESIGN §6): "1:<base64 key>,2:<base64 key>" or a file with one per line.
    secret_keys: str | None = None
    secret_keys_file: Path | None = None

    # Upstream providers, behind configurable base URLs (tests point them at 127.0.0.1).
    github_api_url: str = "https://api.github.com"
    anthropic_base_url: str = "https://api.anthropic.com"
    openai_base_url: str = "https://api.openai.com"
    google_base_url: str = "https://generativelanguage.googleapis.com"
    provider_timeout_s: float = Field(default=15.0, gt=0)

    # Workspaces and git.
    workspace_root: Path | None = None
    git_binary: str = "git"
    # Where projects are cloned from: "<base>/<owner>/<repo>.git". Unset: derived from
    # github_api_url (github.com, or the GitHub Enterprise host); tests use a file:// folder.
    git_clone_base_url: str | None = None
    shipping_max_changed_lines: int = Field(default=800, ge=1)
    # Who a shipping run's commits are by (author and committer).
    git_author_name: str = Field(default="JidoCode", min_length=1, max_length=200)
    git_author_email: str = Field(
        default="jidocode@users.noreply.github.com", min_length=3, max_length=320
    )

    # GitHub webhooks.
    webhook_rotation_window_s: int = Field(default=7 * 24 * 3600, ge=0)
    webhook_failure_limit: int = Field(default=20, ge=1)
    webhook_failure_window_s: int = Field(default=300, ge=1)
    # Reverse proxies whose X-Forwarded-For is believed (comma-separated IPs or CIDRs),
    # for the client address that throttling and logs key on (rpc.client_address).
    trusted_proxies: str | None = None

    # Event streams (DESIGN §12, ``GET /events``).
    # Events one subscriber may have waiting; a client that falls further behind is sent
    # ``reset`` and resumes from its cursor, so it never holds back the others.
    events_queue_size: int = Field(default=1000, ge=1)
    # Seconds between keep-alive comments on an idle stream: proxies keep it open, and a
    # client that went away is noticed at the next one.
    events_ping_interval_s: float = Field(default=15.0, gt=0)
    # First wait before the events LISTEN connection is reopened after a loss; it doubles
    # up to 30 s while the database stays unreachable.
    events_reconnect_s: float = Field(default=0.5, gt=0)

    # Retention (DESIGN §5), in days.
    artifact_log_retention_days: int = Field(default=30, ge=1)
    webhook_delivery_retention_days: int = Field(default=30, ge=1)
    forge_event_retention_days: int = Field(default=7, ge=1)
    # Days the aggregate event topics (runs, forge:sessions, deliveries) keep an event.
    event_retention_days: int = Field(default=30, ge=1)
    # Days a run's git worktree is kept after the run (and every retry sharing it) ended.
    worktree_retention_days: int = Field(default=7, ge=1)

    # Forge concurrency limits (DOMAIN.md).
    forge_max_sessions: int = Field(default=10, ge=1)
    forge_max_agent_sessions: int = Field(default=3, ge=1)
    forge_max_shell_sessions: int = Field(default=5, ge=1)
    # Forge execs (DOMAIN.md): the defaults a session's spec may override, and the
    # coding-agent CLIs it runs.
    forge_wall_timeout_s: float = Field(default=30 * 60, gt=0)
    forge_idle_timeout_s: float = Field(default=5 * 60, gt=0)
    forge_kill_grace_s: float = Field(default=10, gt=0)
    forge_output_cap_bytes: int = Field(default=1_000_000, ge=1024)
    claude_binary: str = Field(default="claude", min_length=1)
    codex_binary: str = Field(default="codex", min_length=1)

    @field_validator("metrics_listen")
    @classmethod
    def _listen_address(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None  # set but empty: as if unset
        parse_listen(value)
        return value.strip()

    @field_validator("trusted_proxies")
    @classmethod
    def _proxy_networks(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        parse_trusted(value)
        return value.strip()

    @property
    def metrics_address(self) -> tuple[str, int] | None:
        """The separate ``(host, port)`` for ``GET /metrics``, or ``None``."""
        return parse_listen(self.metrics_listen) if self.metrics_listen else None

    @property
    def log_as_json(self) -> bool:
        """JSON logs in production unless the format is forced."""
        if self.log_format == "auto":
            return self.production
        return self.log_format == "json"

    @property
    def effective_workspace_root(self) -> Path:
        """Where projects are cloned unless onboarding chose another root."""
        return self.workspace_root or self.data_dir / "workspaces"

    @property
    def embedded_pgdata(self) -> Path:
        """Where the embedded PostgreSQL cluster keeps its files."""
        return self.data_dir / "pgdata"
