"""``jidocode doctor`` and ``jidocode config show``: what is in effect, and what is wrong.

``config show`` prints every setting with where its value came from (an environment
variable or the default), secrets masked. ``doctor`` checks, in order: the data
directory, the database (reachable, migrations applied), the key ring (and whether the
stored secrets open with it), the job workers, the server at the CLI's URL (versions of
CLI and server compared), the credential, and the providers' status. Each check is one
line, ``ok``, ``warn`` or ``FAIL`` with what to do; any ``FAIL`` exits 1.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import click

from rpc.app.cli_profiles import API_KEY_ENV, PROFILE_ENV, URL_ENV, Target, resolve_target
from rpc.settings import Settings

MASK = "********"
_SECRET_FIELDS = {"secret_keys"}
LLM_PROVIDERS = ("anthropic", "openai", "google")


def masked_url(url: str) -> str:
    """A database URL with its password masked."""
    parts = urlsplit(url)
    if not parts.password:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", f":{MASK}@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def env_name(field: str) -> str:
    """The environment variable a setting is read from."""
    return "DATABASE_URL" if field == "database_url" else f"JIDOCODE_{field.upper()}"


def effective(settings: Settings) -> list[tuple[str, str, str]]:
    """``(variable, shown value, source)`` for every setting, secrets masked."""
    rows = []
    for field in Settings.model_fields:
        value = getattr(settings, field)
        variable = env_name(field)
        source = "environment" if os.environ.get(variable) is not None else "default"
        if field == "database_url" and os.environ.get("JIDOCODE_DATABASE_URL") is not None:
            source = "environment"
        if value is None:
            shown = "(unset)"
        elif field in _SECRET_FIELDS:
            shown = f"{MASK} ({len(str(value).replace(',', chr(10)).split())} key(s))"
        elif field == "database_url":
            shown = masked_url(str(value))
        else:
            shown = str(value)
        rows.append((variable, shown, source))
    return rows


@click.group("config")
def config() -> None:
    """The settings the server and CLI read from the environment."""


@config.command("show")
@click.option("--all", "show_all", is_flag=True, help="Also list settings left at default.")
def config_show(show_all: bool) -> None:
    """Print the settings in effect and where each came from; secrets are masked."""
    rows = effective(Settings())
    shown = [r for r in rows if show_all or r[2] == "environment" or r[0] in _ALWAYS]
    width = max(len(r[0]) for r in shown)
    for variable, value, source in shown:
        click.echo(f"{variable:<{width}}  {value}  ({source})")
    if not show_all:
        click.echo(
            f"({len(rows) - len(shown)} more at their defaults: `jidocode config show --all`)"
        )


_ALWAYS = {
    "JIDOCODE_HOST",
    "JIDOCODE_PORT",
    "JIDOCODE_DATA_DIR",
    "DATABASE_URL",
    "JIDOCODE_PRODUCTION",
    "JIDOCODE_SECRET_KEYS",
    "JIDOCODE_SECRET_KEYS_FILE",
}


@dataclass(frozen=True)
class Check:
    """One line of the doctor's report."""

    status: str  # "ok", "warn" or "FAIL"
    name: str
    detail: str
    hint: str | None = None


class Report:
    """The checks, printed as they are made."""

    def __init__(self) -> None:
        self.checks: list[Check] = []

    def add(self, status: str, name: str, detail: str, hint: str | None = None) -> None:
        """Record and print one check."""
        check = Check(status, name, detail, hint)
        self.checks.append(check)
        click.echo(f"  {status:<4}  {name:<12} {detail}")
        if hint:
            click.echo(f"  {'':<4}  {'':<12} → {hint}")

    @property
    def failed(self) -> bool:
        """Whether any check failed."""
        return any(c.status == "FAIL" for c in self.checks)


@click.command("doctor")
@click.option("--url", envvar=URL_ENV, help="The server to check (as for `jidocode rpc`).")
@click.option("--api-key", envvar=API_KEY_ENV, help=f"An API key or token ({API_KEY_ENV}).")
@click.option("--profile", envvar=PROFILE_ENV, help="The saved login to use.")
@click.pass_context
def doctor(ctx: click.Context, url: str | None, api_key: str | None, profile: str | None) -> None:
    """Check the settings, database, key ring, workers, server and providers."""
    from rpc import logs

    settings = Settings()
    logs.configure(as_json=False, level="WARNING")
    from rpc.app.cli_rpc import target_option_sources

    target = resolve_target(
        url=url, api_key=api_key, profile=profile, from_env=target_option_sources(ctx)
    )
    database = masked_url(settings.database_url) if settings.database_url else "embedded"
    click.echo("Settings in effect (all of them: `jidocode config show --all`):")
    click.echo(f"  mode       {'production' if settings.production else 'development'}")
    click.echo(f"  data dir   {settings.data_dir}")
    click.echo(f"  database   {database}")
    profile_note = "" if "profile" in target.url_from else f"; profile {target.profile!r}"
    click.echo(f"  server     {target.url} (from {target.url_from}{profile_note})")
    click.echo("Checks:")
    report = Report()
    _data_dir(report, settings)
    asyncio.run(_database(report, settings))
    _server(report, target)
    if report.failed:
        raise SystemExit(1)


def _data_dir(report: Report, settings: Settings) -> None:
    path = settings.data_dir
    if not path.exists():
        report.add("warn", "data dir", f"{path} does not exist yet", "`jidocode serve` creates it")
    elif not os.access(path, os.W_OK):
        report.add("FAIL", "data dir", f"{path} is not writable by this user")
    else:
        report.add("ok", "data dir", f"{path} exists and is writable")


async def _database(report: Report, settings: Settings) -> None:
    from rpc.app import server
    from sql.database import Database

    if not settings.database_url and not (settings.embedded_pgdata / "PG_VERSION").exists():
        report.add(
            "FAIL",
            "database",
            f"no embedded cluster in {settings.embedded_pgdata} yet",
            "`jidocode serve` (or `jidocode migrate`) creates it; or set DATABASE_URL",
        )
        _key_ring(report, settings, None)
        return
    try:
        async with server.database_url(settings) as dsn:
            db = await Database.open(
                dsn, min_size=1, max_size=1, statement_timeout_ms=settings.statement_timeout_ms
            )
            try:
                await _with_database(report, settings, db)
            finally:
                await db.close()
    except (OSError, ConnectionError) as exc:
        report.add("FAIL", "database", f"unreachable: {exc}", "check DATABASE_URL and the server")
        _key_ring(report, settings, None)
    except Exception as exc:
        report.add("FAIL", "database", f"unreachable: {type(exc).__name__}: {exc}")
        _key_ring(report, settings, None)


async def _with_database(report: Report, settings: Settings, db: Any) -> None:
    from rpc.app import doctor_repo
    from rpc.jobs.worker import CHANNEL
    from sql import migrator
    from sql.queries import query_file

    async with db.connection() as conn:
        version = await conn.fetchval(query_file("system")["server_version"])
        where = "DATABASE_URL" if settings.database_url else f"embedded, {settings.embedded_pgdata}"
        report.add("ok", "database", f"PostgreSQL {version} answers ({where})")
        try:
            rows = await migrator.status(conn, migrator.discover())
        except migrator.MigrationError as exc:
            report.add("FAIL", "migrations", str(exc))
            return
        pending = [r.migration.filename for r in rows if r.applied_at is None]
        if pending:
            report.add(
                "FAIL",
                "migrations",
                f"{len(pending)} of {len(rows)} pending ({', '.join(pending[:3])}…)",
                "`jidocode migrate` (serve applies them at start-up)",
            )
            return
        report.add("ok", "migrations", f"all {len(rows)} applied")
        versions = await doctor_repo.secret_key_versions(conn)
        _key_ring(report, settings, versions)
        listeners = await doctor_repo.job_listeners(conn, channel=CHANNEL)
        backlog = await doctor_repo.job_backlog(
            conn, overdue_after_s=max(60.0, settings.job_poll_interval_s * 3)
        )
    _workers(report, listeners, backlog)


def _key_ring(report: Report, settings: Settings, versions: dict[int, int] | None) -> None:
    from rpc.sealing import GENERATED_FILE, KeyRingError, load_key_ring

    generated = settings.data_dir / GENERATED_FILE
    configured = settings.secret_keys or settings.secret_keys_file
    if not configured and not generated.exists():
        status = "FAIL" if settings.production else "warn"
        report.add(
            status,
            "key ring",
            "none configured" + ("" if settings.production else "; one is generated at start-up"),
            "set JIDOCODE_SECRET_KEYS_FILE (see the README: Keys and rotation)",
        )
        return
    try:
        ring = load_key_ring(settings)  # reads only: the generated file exists or is not used
    except KeyRingError as exc:
        report.add("FAIL", "key ring", str(exc))
        return
    source = (
        "JIDOCODE_SECRET_KEYS"
        if settings.secret_keys
        else str(settings.secret_keys_file or f"{generated} (generated for development)")
    )
    detail = f"versions {', '.join(map(str, ring.versions))} from {source}"
    if versions is None:
        report.add("ok", "key ring", detail)
        return
    missing = sorted(v for v in versions if v not in ring.versions)
    older = sum(n for v, n in versions.items() if v < max(ring.versions))
    if missing:
        report.add(
            "FAIL",
            "key ring",
            f"{detail}; secrets sealed with version(s) {missing} cannot be opened",
            "add those keys back to the ring",
        )
    elif older:
        report.add(
            "warn",
            "key ring",
            f"{detail}; {older} secret(s) still under an older key",
            "`jidocode secrets rewrap`",
        )
    else:
        report.add("ok", "key ring", f"{detail}; {sum(versions.values())} secret(s) open with it")


def _workers(report: Report, listeners: int, backlog: Any) -> None:
    if listeners == 0:
        report.add(
            "warn",
            "workers",
            "no worker process is listening for jobs (clones, runs, deliveries wait)",
            "`jidocode serve` runs workers unless --no-workers; or start `jidocode worker`",
        )
    else:
        report.add("ok", "workers", f"{listeners} process(es) listening for jobs")
    if backlog.overdue:
        report.add("warn", "jobs", f"{backlog.overdue} queued job(s) overdue", "start workers")
    if backlog.dead:
        report.add("warn", "jobs", f"{backlog.dead} dead job(s) (gave up after retries)")


def _server(report: Report, target: Target) -> None:
    from codegen.python.client import INVENTORY_VERSION
    from codegen.python.runtime import RpcError, TransportError
    from rpc import __version__
    from rpc.app.cli_explain import explain_transport
    from rpc.app.cli_rpc import send

    call: Callable[[str], Any] = lambda name: send(target, 10.0, name, None)  # noqa: E731
    try:
        info = call("system.version")
    except (TransportError, RpcError) as exc:
        explained = explain_transport(exc, target=target, timeout=10.0)
        report.add("FAIL", "server", explained.line, explained.hint)
        return
    same = info["package_version"] == __version__
    compatible = str(info["inventory_version"]) == str(INVENTORY_VERSION)
    detail = (
        f"server {info['package_version']} (inventory {info['inventory_version']}) at "
        f"{target.url}; CLI {__version__} (inventory {INVENTORY_VERSION})"
    )
    if not compatible:
        report.add("FAIL", "server", detail, "install the same jidocode version on both")
    else:
        report.add("ok" if same else "warn", "server", detail)
    if not target.api_key:
        report.add(
            "warn", "credential", "none (no profile, no JIDOCODE_API_KEY)", "`jidocode login`"
        )
        return
    try:
        me = call("accounts.me")
    except RpcError as exc:
        report.add(
            "FAIL",
            "credential",
            f"refused ({exc.kind}) from {target.credential_from}",
            "`jidocode login` again",
        )
        return
    report.add(
        "ok",
        "credential",
        f"{me['owner']['email']} via {me['auth_mode']} (from {target.credential_from})",
    )
    try:
        _providers(report, call("setup.list_provider_credentials")["items"])
    except (TransportError, RpcError) as exc:
        report.add("FAIL", "providers", f"cannot list them: {exc}")


def _providers(report: Report, items: list[dict[str, Any]]) -> None:
    states = {item["provider"]: item["status"] for item in items}
    detail = ", ".join(f"{p} {s}" for p, s in sorted(states.items()))
    llm = [p for p in LLM_PROVIDERS if states.get(p) == "active"]
    github = [p for p in ("github_pat", "github_app") if states.get(p) == "active"]
    if llm and github:
        report.add("ok", "providers", detail)
    else:
        report.add(
            "warn",
            "providers",
            detail,
            "store and verify an LLM and a GitHub credential (`jidocode rpc "
            "setup.set_provider_credential --help`); the server calls them at the "
            "JIDOCODE_*_BASE_URL / JIDOCODE_GITHUB_API_URL settings",
        )
