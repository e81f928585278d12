"""A small Server-Sent Events client over aiohttp for the ``GET /events`` tests.

It reads the stream as bytes and parses it by the specification's rules (fields, blank
line ends a message, ``:`` starts a comment), so the tests see exactly what a browser's
``EventSource`` would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import aiohttp
import orjson


@dataclass(frozen=True, slots=True)
class Message:
    """One dispatched SSE message."""

    event: str | None
    id: str | None
    data: str

    def json(self) -> Any:
        """The message's data, decoded."""
        return orjson.loads(self.data)

    @property
    def seq(self) -> int:
        """The event's seq, from its data (log events only)."""
        seq: int = self.json()["seq"]
        return seq


@dataclass
class Stream:
    """An open ``GET /events`` response, read one message at a time."""

    response: aiohttp.ClientResponse
    comments: list[str] = field(default_factory=list)  # those ``next`` skipped

    async def next(self) -> Message | None:
        """The next message, or ``None`` once the server ended the stream."""
        event: str | None = None
        id_: str | None = None
        data: list[str] = []
        seen = False
        while True:
            raw = await self.response.content.readline()
            if not raw:
                return None
            line = raw.decode().rstrip("\r\n")
            if not line:
                if seen:
                    return Message(event=event, id=id_, data="\n".join(data))
                continue
            if line.startswith(":"):
                self.comments.append(line[1:].strip())
                continue
            name, _, value = line.partition(":")
            value = value.removeprefix(" ")
            seen = True
            if name == "event":
                event = value
            elif name == "id":
                id_ = value
            elif name == "data":
                data.append(value)

    async def comment(self) -> str:
        """The next comment line (a keep-alive), failing on a message before it."""
        while True:
            raw = await self.response.content.readline()
            assert raw, "the stream ended"
            line = raw.decode().rstrip("\r\n")
            if line.startswith(":"):
                return line[1:].strip()
            assert not line, f"a message before the comment: {line!r}"

    async def until_end(self) -> list[Message]:
        """Every message left, up to the end of the stream."""
        out = []
        while (message := await self.next()) is not None:
            out.append(message)
        return out

    def close(self) -> None:
        """Drop the connection, as a client going away does."""
        self.response.close()
