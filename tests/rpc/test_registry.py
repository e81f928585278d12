"""The method contract and the registry: what composes and what is refused at start-up."""

from __future__ import annotations

from typing import Any

import pytest

import rpc.errors as shared_errors
from rpc import wire_errors as errors
from rpc.app.domains import default_registry
from rpc.context import RpcContext
from rpc.contract import ANONYMOUS, DomainRegistration, Group, NoParams, method
from rpc.errors import AppError
from rpc.registry import Registry, RegistryError, compose


async def documented(ctx: RpcContext, params: NoParams) -> bool:
    """A documented handler."""
    return True


async def undocumented(ctx: RpcContext, params: NoParams) -> bool:
    return True


def sync_handler(ctx: RpcContext, params: NoParams) -> bool:
    """Not a coroutine function."""
    return True


def declare(name: str, handler: Any = documented) -> Any:
    return method(name, handler, params=NoParams, result=bool, group=Group.SETUP, auth=ANONYMOUS)


def test_duplicate_method_names_are_refused() -> None:
    first = DomainRegistration(name="one", methods=[declare("dup.method")])
    second = DomainRegistration(name="two", methods=[declare("dup.method")])
    with pytest.raises(RegistryError, match=r"dup\.method .*two"):
        compose([first, second])


def test_duplicate_job_kinds_are_refused() -> None:
    async def handler(ctx: Any, payload: dict[str, Any]) -> None:
        """A job handler."""

    first = DomainRegistration(name="one", job_handlers={"dup.job": handler})
    second = DomainRegistration(name="two", job_handlers={"dup.job": handler})
    with pytest.raises(RegistryError, match=r"dup\.job"):
        compose([first, second])


def test_long_job_kinds_get_their_own_pool() -> None:
    async def handler(ctx: Any, payload: dict[str, Any]) -> None:
        """A job."""

    reg = compose(
        [
            DomainRegistration(name="one", job_handlers={"short.job": handler}),
            DomainRegistration(
                name="two",
                job_handlers={"long.job": handler, "other.job": handler},
                long_job_kinds=frozenset({"long.job"}),
            ),
        ]
    )
    short, long = reg.short_and_long_jobs()
    assert (sorted(short), sorted(long)) == (["other.job", "short.job"], ["long.job"])
    with pytest.raises(RegistryError, match="does not handle"):
        compose([DomainRegistration(name="x", long_job_kinds=frozenset({"nope"}))])


def test_driver_job_kinds_get_a_pool_apart_from_the_long_ones() -> None:
    async def handler(ctx: Any, payload: dict[str, Any]) -> None:
        """A job."""

    reg = compose(
        [
            DomainRegistration(
                name="one",
                job_handlers={"exec.job": handler, "drive.job": handler, "short.job": handler},
                long_job_kinds=frozenset({"exec.job"}),
                driver_job_kinds=frozenset({"drive.job"}),
            ),
        ]
    )
    short, long = reg.short_and_long_jobs()
    assert (sorted(short), sorted(long), sorted(reg.driver_jobs())) == (
        ["short.job"],
        ["exec.job"],
        ["drive.job"],
    )
    both = DomainRegistration(
        name="x",
        job_handlers={"j": handler},
        long_job_kinds=frozenset({"j"}),
        driver_job_kinds=frozenset({"j"}),
    )
    with pytest.raises(RegistryError, match="driver"):
        compose([both])


def test_two_credential_resolvers_are_refused() -> None:
    class Resolver:
        async def resolve(self, runtime: Any, request: Any) -> None:
            """Nobody."""

    first = DomainRegistration(name="one", credential_resolver=Resolver())
    second = DomainRegistration(name="two", credential_resolver=Resolver())
    with pytest.raises(RegistryError, match="credential resolver"):
        compose([first, second])


@pytest.mark.parametrize(
    "name",
    ["ping", "System.ping", "system.Ping", "system.ping.extra", "system-x.ping", "1x.ping", ""],
)
def test_bad_method_names_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match="snake_case"):
        declare(name)


def test_handler_without_docstring_is_refused() -> None:
    with pytest.raises(ValueError, match="docstring"):
        declare("system.undocumented", undocumented)


def test_sync_handler_is_refused() -> None:
    with pytest.raises(ValueError, match="async"):
        declare("system.sync_handler", sync_handler)


def test_composed_registry_iterates_in_name_order() -> None:
    reg = compose([DomainRegistration(name="x", methods=[declare("b.two"), declare("a.one")])])
    assert [m.name for m in reg] == ["a.one", "b.two"]
    assert len(reg) == 2
    assert reg.methods["a.one"].description == "A documented handler."


def _all_subclasses(cls: type[AppError]) -> list[type[AppError]]:
    out: list[type[AppError]] = []
    for sub in cls.__subclasses__():
        out.append(sub)
        out.extend(_all_subclasses(sub))
    return out


def test_every_shared_error_kind_has_a_code() -> None:
    shared = [
        value
        for value in vars(shared_errors).values()
        if isinstance(value, type) and issubclass(value, AppError) and value is not AppError
    ]
    assert len(shared) >= 13
    missing = sorted({cls.kind for cls in shared} - set(errors.CODES))
    assert missing == []
    codes = [errors.CODES[cls.kind] for cls in shared]
    assert all(1000 <= c <= 1999 for c in codes)


def test_every_error_class_of_every_domain_has_a_code() -> None:
    # Importing the shipped registry imports every domain's errors.
    default_registry()
    missing = sorted(
        f"{cls.__module__}.{cls.__qualname__} ({cls.kind})"
        for cls in _all_subclasses(AppError)
        if cls.kind not in errors.CODES
    )
    assert missing == []


def test_codes_are_unique() -> None:
    assert len(set(errors.CODES.values())) == len(errors.CODES)


def test_shipped_registry_declares_only_errors_with_codes() -> None:
    registry: Registry = default_registry()
    assert "system.ping" in registry.methods
    for m in registry:
        assert m.description, f"{m.name} has no description"
        for err in m.errors:
            assert err.kind in errors.CODES, f"{m.name} declares {err.__name__}"


def test_app_error_maps_to_its_code_with_kind_and_request_id() -> None:
    exc = shared_errors.NotFound(resource="project", id="42")
    wire = errors.from_app_error(exc, "req-1")
    assert wire == {
        "code": 1004,
        "message": "Not found",
        "data": {"resource": "project", "id": "42", "kind": "not_found", "request_id": "req-1"},
    }
    transition = errors.from_app_error(
        shared_errors.InvalidTransition(resource="run", from_="queued", to="done"), "r"
    )
    assert transition["data"]["from"] == "queued"
