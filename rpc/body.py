"""Reading a request body under a byte limit, for every route that takes one."""

from __future__ import annotations

from aiohttp import web


async def read_limited(request: web.Request, limit: int) -> bytes | None:
    """The body, or ``None`` when it is larger than ``limit``.

    A declared ``Content-Length`` over the limit is refused before reading; a chunked
    body is read until it passes the limit, never whole.
    """
    declared = request.content_length
    if declared is not None:
        if declared > limit:
            return None
        return await request.read()
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.content.iter_chunked(256 * 1024):
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)
