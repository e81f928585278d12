"""Which topics exist: each domain declares the families of topics it writes.

A family is either one topic (``runs``) or a topic per subject (``run:<uuid>``); it names
its event types and the model of their ``data``, which the OpenRPC document publishes
under ``x-events`` so the clients' event types are generated. A topic a client asks for
is checked against the families: malformed or unknown is ``validation_error``, a subject
that does not exist is ``not_found``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from uuid import UUID

from pydantic import BaseModel

from rpc.errors import NotFound, ValidationFailed
from sql.database import Connection

# Whether a family's subject exists (a run, a session), on the caller's connection.
SubjectExists = Callable[[Connection, UUID], Awaitable[bool]]


@dataclass(frozen=True, slots=True)
class EventFamily:
    """The events of one kind of topic, declared by the domain that writes them."""

    # The topic itself (``runs``) or, with ``exists``, its prefix (``run:``).
    topic: str
    types: tuple[str, ...]
    payload: type[BaseModel]
    description: str
    # Set for a topic per subject: ``<topic><uuid>``, checked with it.
    exists: SubjectExists | None = None
    # What the subject is called in a ``not_found`` error (``run``, ``forge_session``).
    subject: str = ""

    @property
    def pattern(self) -> str:
        """How the topic is written, for people and the schema (``run:{id}``)."""
        return f"{self.topic}{{id}}" if self.exists is not None else self.topic


def family_of(families: Sequence[EventFamily], topic: str) -> tuple[EventFamily, UUID | None]:
    """The family a topic belongs to and its subject id; ``ValidationFailed`` when the
    topic is none of them."""
    for family in families:
        if family.exists is None:
            if topic == family.topic:
                return family, None
        elif topic.startswith(family.topic):
            try:
                subject = UUID(topic[len(family.topic) :])
            except ValueError:
                break
            return family, subject
    known = ", ".join(f.pattern for f in families)
    raise ValidationFailed.on("topic", f"not a topic; topics are: {known}")


async def check_topic(
    families: Sequence[EventFamily], conn: Connection, topic: str
) -> str:
    """The topic as the log writes it (a subject id in lower case), once its subject is
    known to exist (every topic is the owner's: the server has one); ``ValidationFailed``
    or ``NotFound`` otherwise."""
    family, subject = family_of(families, topic)
    if subject is None:
        return family.topic
    if family.exists is not None and not await family.exists(conn, subject):
        raise NotFound(resource=family.subject, id=str(subject))
    return f"{family.topic}{subject}"
