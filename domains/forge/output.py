"""An execution's output on its way to the database: decoded, redacted, stored, capped.

The process reader hands over raw chunks (about 50 ms or 64 KiB each). The sink decodes
them incrementally (a multi-byte character split between chunks is not mangled) and
holds back a trailing partial line, so a secret is redacted whole, not in two halves;
a line longer than ``MAX_CARRY`` is cut at its last whitespace. Each piece becomes one
``exec.output`` event in its own transaction, with the execution's sizes updated under
a fence (only while it is ``started``: a worker that lost it stops writing).

Stored output is capped per execution (``cap_bytes``, 1 MB by default) keeping the tail:
the oldest chunks are emptied (``{"dropped": true, "bytes": n}``) so the events keep a
gapless sequence, and ``joined_output`` puts a truncation marker where they were.
"""

from __future__ import annotations

import codecs
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

from domains.forge import machine, repo
from domains.forge.models import EventType
from rpc.redaction import Redactor, redact_text
from sql.database import Database

DEFAULT_CAP_BYTES = 1_000_000
MAX_CARRY = 64 * 1024

# Events derived from complete lines (an agent's stream), stored with the chunk.
LineEvents = Callable[[Sequence[str]], Sequence[tuple[EventType, dict[str, Any]]]]


class OutputFenced(Exception):
    """The execution is no longer ``started`` (cancelled, or taken over after a lease
    expired): its output must not be written any more."""


class OutputSink:
    """Stores one execution's output as ordered, redacted ``exec.output`` events."""

    def __init__(
        self,
        db: Database,
        redactor: Redactor,
        *,
        session_id: UUID,
        exec_id: UUID,
        exec_sequence: int,
        cap_bytes: int = DEFAULT_CAP_BYTES,
        line_events: LineEvents | None = None,
    ) -> None:
        self.db = db
        self.redactor = redactor
        self.session_id = session_id
        self.exec_id = exec_id
        self.exec_sequence = exec_sequence
        self.cap_bytes = cap_bytes
        self.line_events = line_events
        self.total_bytes = 0
        self.stored_bytes = 0
        self.truncated_bytes = 0
        self.step: int | None = None
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._carry = ""
        self._kept: deque[tuple[int, int]] = deque()  # (seq, bytes) of stored chunks

    async def write(self, chunk: bytes) -> None:
        """Take one raw chunk from the process; stores what forms complete lines."""
        self.total_bytes += len(chunk)
        text = self._carry + self._decoder.decode(chunk)
        cut = text.rfind("\n") + 1
        if cut == 0 and len(text) > MAX_CARRY:
            # No line end in sight: cut at whitespace so a secret stays in one piece.
            space = max(text.rfind(" "), text.rfind("\t"))
            cut = space + 1 if space > 0 else len(text)
        self._carry = text[cut:]
        if cut:
            await self._store(text[:cut])
        elif chunk:
            await self._record_sizes()

    async def close(self) -> None:
        """Store what is left (a last line without its newline)."""
        text = self._carry + self._decoder.decode(b"", final=True)
        self._carry = ""
        if text:
            await self._store(text)
        else:
            await self._record_sizes()

    async def _store(self, text: str) -> None:
        # PostgreSQL text and jsonb cannot hold NUL: binary output keeps its place as U+FFFD.
        text = text.replace("\x00", "\ufffd")
        safe = self.redactor.redact_str(text)
        size = len(safe.encode())
        data: dict[str, Any] = {"text": safe, "bytes": size}
        if self.step is not None:
            data["step"] = self.step
        derived: Sequence[tuple[EventType, dict[str, Any]]] = ()
        if self.line_events is not None:
            derived = self.line_events(text.splitlines())
        async with self.db.transaction() as conn:
            event = await repo.append_event(
                conn,
                session_id=self.session_id,
                type="exec.output",
                data=data,
                exec_sequence=self.exec_sequence,
            )
            for type_, payload in derived:
                await machine.emit(
                    conn,
                    self.redactor,
                    session_id=self.session_id,
                    type=type_,
                    data=payload,
                    exec_sequence=self.exec_sequence,
                )
            self._kept.append((event.seq, size))
            self.stored_bytes += size
            dropped: list[int] = []
            while self.stored_bytes > self.cap_bytes and len(self._kept) > 1:
                seq, old = self._kept.popleft()
                dropped.append(seq)
                self.stored_bytes -= old
                self.truncated_bytes += old
            if dropped:
                await repo.drop_output_events(conn, session_id=self.session_id, seqs=dropped)
            await self._fenced_sizes(conn)

    async def _record_sizes(self) -> None:
        async with self.db.transaction() as conn:
            await self._fenced_sizes(conn)

    async def _fenced_sizes(self, conn: Any) -> None:
        if not await repo.record_exec_output(
            conn,
            exec_id=self.exec_id,
            total=self.total_bytes,
            stored=self.stored_bytes,
            truncated=self.truncated_bytes,
        ):
            raise OutputFenced(str(self.exec_id))


class ChainRedactor(Redactor):
    """Several redactors applied in turn, as one: the runtime's (every secret the server
    knows) and an execution's own (the bound secrets opened for it)."""

    def __init__(self, *redactors: Redactor) -> None:
        super().__init__()
        self._chain = list(redactors)

    def redact_str(self, text: str) -> str:
        """``text`` with every chained redactor's known values masked, then the shapes
        (scanned once: on 64 KiB of output the shape scan is the costly part)."""
        for redactor in self._chain:
            text = redactor.mask_known(text)
        return redact_text(text)


def joined_output(chunks: Sequence[dict[str, Any]]) -> str:
    """An execution's stored output: the kept chunks joined, behind a marker saying how
    much of the beginning was dropped by the cap."""
    dropped = sum(int(c.get("bytes", 0)) for c in chunks if c.get("dropped"))
    text = "".join(str(c.get("text", "")) for c in chunks if not c.get("dropped"))
    if dropped:
        return f"[… {dropped} bytes of earlier output truncated …]\n{text}"
    return text
