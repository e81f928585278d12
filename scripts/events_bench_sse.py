"""One SSE stream's HTTP connection, as a client process of the event benchmark reads it.

A raw asyncio buffered protocol: the response headers, the chunked transfer coding and
the SSE messages, each timestamped with the arrival of the read that completed it, handed
to the stream it serves (a ``Receiver``). Not part of the tests.
"""

from __future__ import annotations

import asyncio
import time
from typing import Protocol

# What a client process reads into, shared by its connections (each copies out at once).
_READ_BUFFER = memoryview(bytearray(64 * 1024))


class Receiver(Protocol):
    """The stream a connection serves: it gets the events and the control messages."""

    control: list[str]  # reset / cursor_expired, as sent

    def event(self, seq: int, at: float) -> None: ...

    def ended(self, protocol: SseProtocol, why: str) -> None: ...


class SseProtocol(asyncio.BufferedProtocol):
    """One HTTP connection of a stream: headers, chunked transfer coding, SSE messages;
    each message timestamped with the arrival of the read that completed it.

    A buffered protocol: asyncio's plain ``data_received`` path allocates a 256 KiB
    bytes object per read, which cost a client over twice the CPU per event."""

    def __init__(self, stream: Receiver, request: bytes) -> None:
        self.stream = stream
        self.request = request
        self.transport: asyncio.Transport | None = None
        self.ready: asyncio.Future[str | None] = asyncio.get_running_loop().create_future()
        self.head = bytearray()
        self.in_head = True
        self.chunked = False
        self.raw = bytearray()  # undecoded chunked body
        self.need = -1  # bytes left of the current chunk and its CRLF; -1: at a size line
        self.body = bytearray()  # de-chunked SSE text not yet split into messages

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        transport.write(self.request)

    def get_buffer(self, sizehint: int) -> memoryview:
        return _READ_BUFFER  # asyncio reads into it and calls buffer_updated at once

    def buffer_updated(self, nbytes: int) -> None:
        self.data_received(bytes(_READ_BUFFER[:nbytes]))

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.ready.done():
            self.ready.set_result(f"closed before the headers: {exc!r}")
        self.stream.ended(self, f"connection lost: {exc!r}" if exc else "closed by the server")

    def abort(self) -> None:
        if self.transport is not None:
            self.transport.abort()

    def data_received(self, data: bytes) -> None:
        now = time.time()
        if self.in_head:
            self.head += data
            end = self.head.find(b"\r\n\r\n")
            if end < 0:
                return
            head, rest = bytes(self.head[:end]), bytes(self.head[end + 4 :])
            self.head.clear()
            self.in_head = False
            status_line, *header_lines = head.split(b"\r\n")
            parts = status_line.split(b" ", 2)
            if len(parts) < 2 or parts[1] != b"200":
                self.ready.set_result(f"HTTP {status_line.decode(errors='replace')}")
                self.abort()
                return
            self.chunked = any(
                h.lower().startswith(b"transfer-encoding:") and b"chunked" in h.lower()
                for h in header_lines
            )
            self.ready.set_result(None)
            data = rest
            if not data:
                return
        if self.chunked:
            if self._dechunk(data):
                self._messages(now)
                self.stream.ended(self, "the response ended")
                self.abort()
                return
        else:
            self.body += data
        self._messages(now)

    def _dechunk(self, data: bytes) -> bool:
        """Append the body bytes in ``data``; ``True`` at the last chunk."""
        raw = self.raw
        raw += data
        while True:
            if self.need < 0:
                eol = raw.find(b"\r\n")
                if eol < 0:
                    return False
                size = int(bytes(raw[:eol]).split(b";", 1)[0], 16)
                del raw[: eol + 2]
                if size == 0:
                    return True
                self.need = size + 2
            if len(raw) < self.need:
                return False
            self.body += raw[: self.need - 2]
            del raw[: self.need]
            self.need = -1

    def _messages(self, now: float) -> None:
        body = self.body
        while (end := body.find(b"\r\n\r\n")) >= 0:
            block = bytes(body[:end])
            del body[: end + 4]
            if block.startswith(b":"):
                continue  # a keep-alive comment
            seq = -1
            event = ""
            for line in block.split(b"\r\n"):
                if line.startswith(b"id: "):
                    seq = int(line.rpartition(b"@")[2])
                elif line.startswith(b"event: "):
                    event = line[7:].decode()
            if seq >= 0:
                self.stream.event(seq, now)
            elif event:
                self.stream.control.append(event)  # reset or cursor_expired: it ends
