"""What each auth mode costs per call (run by hand; not part of the tests).

    .venv/bin/python scripts/bench_auth.py [--calls 3000]

Starts the real server stack in this process (``rpc.app.server.running``: a throwaway
embedded PostgreSQL in a temporary data directory unless ``DATABASE_URL`` is set, in
which case that database is used and its accounts tables are emptied first), bootstraps
an owner, and measures, one call at a time:

1. the credential resolver alone (no HTTP): anonymous (no credentials), session cookie
   (same-origin headers), bearer token, API key, and a malformed key refused offline;
2. the ``last_used_at`` write: the lookup query with the once-a-minute rule against the
   same query writing on every call;
3. over HTTP on loopback (server and client share this process and its loop):
   ``system.ping`` (anonymous, touches nothing), ``system.version`` (anonymous, one
   query), ``accounts.me`` refused without credentials, and ``accounts.me`` through each
   mode (resolution's one query + the handler's one owner read).

Prints mean and median microseconds per call; the cases of each group run interleaved
in rounds so that load from elsewhere falls on all of them alike.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EMAIL = "bench@example.com"
PASSWORD = "bench password long enough"  # noqa: S105 - a throwaway bench owner


class Bench:
    """Measurements run interleaved in rounds, so load from elsewhere on the machine
    (other processes, PostgreSQL's background work) spreads evenly over all of them."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.cases: list[tuple[str, Callable[[], Awaitable[Any]]]] = []

    def add(self, label: str, fn: Callable[[], Awaitable[Any]]) -> None:
        """One measurement: ``fn`` is awaited once per sample."""
        self.cases.append((label, fn))

    async def run(self, calls: int, rounds: int = 10) -> None:
        """Warm up, then ``calls`` samples per case in ``rounds`` interleaved rounds."""
        samples: dict[str, list[float]] = {label: [] for label, _ in self.cases}
        for _, fn in self.cases:
            for _ in range(min(200, calls)):  # pool connections, prepared statements
                await fn()
        per_round = max(1, calls // rounds)
        for _ in range(rounds):
            for label, fn in self.cases:
                out = samples[label]
                for _ in range(per_round):
                    start = time.perf_counter_ns()
                    await fn()
                    out.append((time.perf_counter_ns() - start) / 1000)
        print(f"{self.title} ({per_round * rounds} calls each, {rounds} interleaved rounds):")
        for label, values in samples.items():
            mean, median = statistics.fmean(values), statistics.median(values)
            print(f"  {label:<46} {mean:9.1f} µs mean {median:9.1f} µs median")


async def main(calls: int) -> None:
    from aiohttp import ClientSession, web

    from domains.accounts import keys, repo, service, service_credentials
    from domains.accounts.auth import SESSION_COOKIE, AccountsCredentialResolver
    from rpc.app.server import running
    from rpc.context import CredentialRequest, Principal
    from rpc.errors import Unauthenticated
    from rpc.http import build_app
    from rpc.settings import Settings

    with tempfile.TemporaryDirectory(prefix="jidocode-bench-auth-") as tmp:
        settings = Settings(
            data_dir=Path(tmp),
            run_workers=False,
            pool_min_size=4,
            pool_max_size=8,
            log_level="WARNING",
            database_url=os.environ.get("DATABASE_URL"),
        )
        async with running(settings) as started:
            runtime, db = started.runtime, started.runtime.db
            async with db.connection() as conn:
                await conn.execute("TRUNCATE users, tokens, api_keys, signin_attempts CASCADE")
            owner = await service.bootstrap_owner(db, runtime, email=EMAIL, password=PASSWORD)
            session = await service.sign_in(
                db, runtime, email=EMAIL, password=PASSWORD, kind="session"
            )
            bearer = await service.sign_in(
                db, runtime, email=EMAIL, password=PASSWORD, kind="bearer"
            )
            principal = Principal(
                user_id=owner.id, mode="token", credential_id=bearer.result.token_id
            )
            created = await service_credentials.create_api_key(
                db, principal=principal, name="bench", expires_at=None
            )
            api_key = created.key

            resolver = AccountsCredentialResolver()

            def request(headers: dict[str, str], cookies: dict[str, str]) -> CredentialRequest:
                return CredentialRequest(
                    http_method="POST",
                    headers={"Content-Type": "application/json", **headers},
                    cookies=cookies,
                    host="127.0.0.1:8420",
                    scheme="http",
                    remote="127.0.0.1",
                )

            anonymous = request({}, {})
            by_session = request(
                {"Sec-Fetch-Site": "same-origin"}, {SESSION_COOKIE: session.secret}
            )
            by_token = request({"Authorization": f"Bearer {bearer.secret}"}, {})
            by_key = request({"Authorization": f"Bearer {api_key}"}, {})
            bad_key = request({"Authorization": f"Bearer {api_key[:-1]}x"}, {})

            async def refused() -> None:
                try:
                    await resolver.resolve(runtime, bad_key)
                except Unauthenticated:
                    return

            resolving = Bench("resolver only")
            resolving.add(
                "anonymous (no credentials)", lambda: resolver.resolve(runtime, anonymous)
            )
            resolving.add("session cookie", lambda: resolver.resolve(runtime, by_session))
            resolving.add("bearer token", lambda: resolver.resolve(runtime, by_token))
            resolving.add("api key", lambda: resolver.resolve(runtime, by_key))
            resolving.add("malformed api key (refused offline)", refused)
            await resolving.run(calls)

            digest = keys.digest(api_key)

            async def lookup(touch_after_s: float) -> None:
                async with db.connection() as conn:
                    await repo.use_api_key(conn, digest=digest, touch_after_s=touch_after_s)

            touching = Bench("api key lookup query, last_used_at rule")
            touching.add("written at most once a minute (what we do)", lambda: lookup(60.0))
            touching.add("written on every call", lambda: lookup(0.0))
            await touching.run(calls)

            app = build_app(runtime, started.registry)
            runner = web.AppRunner(app, access_log=None)
            await runner.setup()
            site = web.TCPSite(runner, "127.0.0.1", 0)
            await site.start()
            port = runner.addresses[0][1]
            url = f"http://127.0.0.1:{port}/rpc"
            origin = f"http://127.0.0.1:{port}"
            try:
                async with ClientSession() as http:

                    def rpc(method: str, headers: dict[str, str]) -> Callable[[], Awaitable[Any]]:
                        body = {"jsonrpc": "2.0", "method": method, "id": 1}

                        async def go() -> None:
                            async with http.post(url, json=body, headers=headers) as resp:
                                await resp.read()

                        return go

                    cookie = {"Cookie": f"{SESSION_COOKIE}={session.secret}", "Origin": origin}
                    over_http = Bench("over HTTP (loopback, server and client in this process)")
                    over_http.add("system.ping, anonymous", rpc("system.ping", {}))
                    over_http.add(
                        "system.version, anonymous (one query)", rpc("system.version", {})
                    )
                    over_http.add("accounts.me, no credentials (refused)", rpc("accounts.me", {}))
                    over_http.add("accounts.me, session cookie", rpc("accounts.me", cookie))
                    over_http.add(
                        "accounts.me, bearer token",
                        rpc("accounts.me", {"Authorization": f"Bearer {bearer.secret}"}),
                    )
                    over_http.add(
                        "accounts.me, api key",
                        rpc("accounts.me", {"Authorization": f"Bearer {api_key}"}),
                    )
                    await over_http.run(calls)
            finally:
                await runner.cleanup()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=3000, help="calls per measurement")
    args = parser.parse_args()
    asyncio.run(main(args.calls))
