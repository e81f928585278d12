"""A made-up domain with the shapes real domains use, so generators meet them all.

Optional vs nullable, enums, nested models, lists, maps, datetimes, uuids, an error with
an aliased field (``from``) and one with its own data model.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from rpc.context import RpcContext
from rpc.contract import (
    ANONYMOUS,
    DomainRegistration,
    Group,
    MethodTable,
    NoParams,
    Params,
    Result,
)
from rpc.errors import (
    Conflict,
    InvalidTransition,
    NotFound,
    PolicyViolation,
    ReasonData,
)


class Colour(StrEnum):
    """A colour, as an enum class."""

    RED = "red"
    BLUE = "blue"


class Limits(BaseModel):
    """Nested limits."""

    max_items: int = 10
    colours: list[Colour] = Field(default_factory=list)


class Widget(Result):
    """One widget."""

    id: UUID
    name: str
    status: Literal["open", "closed"]
    note: str | None
    tags: list[str]
    meta: dict[str, Any]
    limits: Limits
    inserted_at: datetime
    weight: float = 1.0


class WidgetPage(Result):
    """A page of widgets, newest first."""

    items: list[Widget]
    next_cursor: str | None


class CreateWidgetParams(Params):
    """What a new widget needs."""

    name: str = Field(min_length=1, description="Shown to people.")
    note: str | None = None
    count: int = 1
    parent_id: UUID | None = Field(description="Required, but may be null.")
    enabled: bool = True
    limits: Limits | None = None
    colour: Colour = Colour.RED
    labels: dict[str, str] = Field(default_factory=dict)


class GetWidgetParams(Params):
    """Names one widget."""

    widget_id: UUID


class ListWidgetsParams(Params):
    """Paging."""

    cursor: str | None = None
    limit: int = Field(default=20, ge=1, le=100)


class WidgetNotFound(NotFound):
    message = "Widget not found"

    def __init__(self, widget_id: str) -> None:
        super().__init__(resource="widget", id=widget_id)


class QuotaData(ReasonData):
    used: int = 0
    limit: int = 0


class QuotaExceeded(PolicyViolation):
    message = "Quota exceeded"
    Data = QuotaData


methods = MethodTable("sample")


@methods.method(
    "sample.create_widget",
    group=Group.PROJECTS,
    errors=[Conflict, QuotaExceeded, InvalidTransition],
)
async def create_widget(ctx: RpcContext, params: CreateWidgetParams) -> Widget:
    """Create a widget.

    The name must be unique; a second one with the same name is a conflict.
    """
    raise WidgetNotFound("x")


@methods.method("sample.get_widget", group=Group.PROJECTS, errors=[WidgetNotFound], idempotent=True)
async def get_widget(ctx: RpcContext, params: GetWidgetParams) -> Widget:
    """One widget by id."""
    raise WidgetNotFound(str(params.widget_id))


@methods.method("sample.list_widgets", group=Group.PROJECTS, idempotent=True)
async def list_widgets(ctx: RpcContext, params: ListWidgetsParams) -> WidgetPage:
    """Widgets, newest first, paginated by cursor."""
    return WidgetPage(items=[], next_cursor=None)


@methods.method("sample.all_names", auth=ANONYMOUS, group=Group.PROJECTS, idempotent=True)
async def all_names(ctx: RpcContext, params: NoParams) -> list[str]:
    """Every widget name (anonymous)."""
    return []


@methods.method("sample.stats", group=Group.PROJECTS)
async def stats(ctx: RpcContext, params: NoParams) -> dict[str, int]:
    """Counts by status."""
    return {}


REGISTRATION = DomainRegistration(name="sample", methods=methods)
