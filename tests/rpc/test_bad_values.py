"""Every method, walked from the OpenRPC document, with each class of bad value.

For each class (a NUL character in any string, a datetime outside what the database can be
handed, a pagination cursor naming such a time or an integer past ``bigint``, a branch
name git refuses) every place of every method's params that can hold one gets it, in an
otherwise valid call by the owner, over HTTP against the real server. None may end in
-32603: the bad value is a typed answer (-32602, or the domain's validation error).
The places come from the document the server serves, so a new method is walked too.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from rpc import wire_errors as errors
from rpc.context import Runtime
from tests.domains.accounts.factories import bearer, owner_token
from tests.rpc.schema_walk import Slot, Walker, methods

Client = TestClient[Any, Any]
VALIDATION = 1022

# Times whose UTC is outside Python's (so asyncpg's) years 1 to 9999.
BAD_TIMES = ["9999-12-31T23:00:00-05:00", "0001-01-01T00:30:00+01:00"]
BAD_BRANCHES = ["main\n", "HEAD@{0}", ".hidden", "a..b", "-x", "HEAD", "a.lock", "a b", "@"]
_ROW = "ffffffff-ffff-4fff-bfff-ffffffffffff"


def _cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


BAD_CURSORS = [
    *(_cursor(f"{at}|{_ROW}") for at in BAD_TIMES),
    "9999999999999999999",  # 19 digits, past bigint
    str(2**63),
    _cursor("not a time|not a uuid"),
]


def walker(runtime: Runtime) -> Walker:
    """The document the server serves (``rpc.discover``), not a copy."""
    return Walker(runtime.document.document)


def every_slot(w: Walker) -> list[tuple[dict[str, Any], Slot]]:
    return [(m, slot) for m in methods(w.document) for slot in w.slots(m)]


async def run_all(
    client: Client, token: str, calls: Iterable[tuple[str, dict[str, Any]]]
) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """Each call as a batch element (batches of 100); (method, params, response) each."""
    pending = list(calls)
    answered: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
    for start in range(0, len(pending), 100):
        chunk = pending[start : start + 100]
        body = [
            {"jsonrpc": "2.0", "method": name, "params": params, "id": start + i}
            for i, (name, params) in enumerate(chunk)
        ]
        resp = await client.post("/rpc", json=body, headers=bearer(token))
        assert resp.status == 200
        by_id = {r["id"]: r for r in await resp.json()}
        answered += [(n, p, by_id[start + i]) for i, (n, p) in enumerate(chunk)]
    return answered


def assert_no_internal(answered: list[tuple[str, dict[str, Any], dict[str, Any]]]) -> None:
    internal = [
        (name, params)
        for name, params, r in answered
        if r.get("error", {}).get("code") == errors.INTERNAL_ERROR
    ]
    assert not internal, internal


def assert_refused(answered: list[tuple[str, dict[str, Any], dict[str, Any]]]) -> None:
    assert_no_internal(answered)
    accepted = [(n, p) for n, p, r in answered if "error" not in r]
    assert not accepted, accepted
    codes = {r["error"]["code"] for _, _, r in answered}
    assert codes <= {errors.INVALID_PARAMS, VALIDATION}, codes


@pytest.fixture
async def token(client: Client) -> str:
    return await owner_token(client)


async def test_nul_in_any_string_of_any_method(
    client: Client, token: str, runtime: Runtime
) -> None:
    w = walker(runtime)
    slots = every_slot(w)
    assert len({m["name"] for m, _ in slots}) > 40  # the walk reaches most methods
    calls = [(m["name"], w.place(m, slot.steps, "a\u0000b")) for m, slot in slots]
    answered = await run_all(client, token, calls)
    assert_no_internal(answered)
    for (_, slot), (name, _, response) in zip(slots, answered, strict=True):
        error = response["error"]
        assert error["code"] == errors.INVALID_PARAMS, (name, slot.loc, error)
        nul = [e for e in error["data"]["errors"] if e["type"] == "string_nul"]
        assert [e["loc"] for e in nul] == [slot.loc], (name, error)
    # Anonymous too (``accounts.sign_in`` takes no credentials), and in an object key.
    resp = await client.post(
        "/rpc",
        json={
            "jsonrpc": "2.0",
            "method": "accounts.sign_in",
            "params": {"email": "a\u0000@b.c", "password": "x" * 12, "k\u0000": 1},
            "id": 1,
        },
    )
    error = (await resp.json())["error"]
    assert error["code"] == errors.INVALID_PARAMS
    assert sorted(e["loc"] for e in error["data"]["errors"] if e["type"] == "string_nul") == [
        ["email"],
        ["k\\u0000"],
    ]


async def test_datetimes_outside_the_storable_range(
    client: Client, token: str, runtime: Runtime
) -> None:
    w = walker(runtime)
    slots = [(m, s) for m, s in every_slot(w) if s.schema_format(w) == "date-time"]
    assert slots  # expires_at of keys and secrets, at least
    calls = [(m["name"], w.place(m, s.steps, at)) for m, s in slots for at in BAD_TIMES]
    assert_refused(await run_all(client, token, calls))
    # A naive time is refused too: it names no instant.
    naive = [(m["name"], w.place(m, s.steps, "2030-01-01T00:00:00")) for m, s in slots]
    assert_refused(await run_all(client, token, naive))


async def test_cursors_naming_values_no_query_accepts(
    client: Client, token: str, runtime: Runtime
) -> None:
    w = walker(runtime)
    slots = [(m, s) for m, s in every_slot(w) if s.loc == ["cursor"]]
    assert len(slots) >= 10
    calls = [(m["name"], w.place(m, s.steps, c)) for m, s in slots for c in BAD_CURSORS]
    answered = await run_all(client, token, calls)
    assert_no_internal(answered)
    # Name-ordered lists take any text as a cursor; every other answer is a refusal of it.
    for name, params, response in answered:
        if "error" in response:
            assert response["error"]["code"] in (errors.INVALID_PARAMS, VALIDATION), (
                name,
                params,
                response,
            )


async def test_branch_names_git_refuses(client: Client, token: str, runtime: Runtime) -> None:
    w = walker(runtime)
    slots = [(m, s) for m, s in every_slot(w) if "branch" in str(s.loc[-1])]
    assert slots  # projects.import and projects.update, at least
    calls = [(m["name"], w.place(m, s.steps, b)) for m, s in slots for b in BAD_BRANCHES]
    answered = await run_all(client, token, calls)
    assert_no_internal(answered)
    for name, params, response in answered:
        assert "error" in response, (name, params)
        assert response["error"]["code"] in (errors.INVALID_PARAMS, VALIDATION), response
