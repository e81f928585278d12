"""What ``jidocode watch run`` and ``jidocode forge tail`` do once connected.

``follow_run`` prints each event of ``run:<id>`` from the first; when a step opens a
Forge session (``step_session_started``) it follows ``forge:session:<id>`` too and
interleaves that session's agent messages, tool calls and command output as they
arrive. It stops at the run's end, or at an ``approval_requested`` that nothing followed
yet (replaying history, a later event may have answered it: ``events.list`` tells), and
then lets the sessions it follows print their last events, since streams of different
topics are not ordered with each other. ``tail_session`` prints one session until it
completes, fails or is cancelled.
"""

from __future__ import annotations

import asyncio
import contextlib
import json

import click

from codegen.python.events import StreamEvent
from rpc.app.cli_watch_follow import Arrived, Follower, Pruned, Subscriber
from rpc.app.cli_watch_format import (
    EXIT_FAILED,
    RUN_TERMINAL,
    SESSION_TERMINAL,
    run_line,
    session_lines,
    shows_output,
)

# After the run stops, how long its sessions' last events may take to arrive.
DRAIN_S = 15.0


class Printer:
    """Where lines go: a timeline on stdout, or JSON events on stdout and notes on stderr."""

    def __init__(self, *, as_json: bool) -> None:
        self.as_json = as_json

    def event(self, lines: list[str], event: StreamEvent) -> None:
        """One event: its JSON, or its lines for people."""
        if self.as_json:
            click.echo(json.dumps(event.wire(), ensure_ascii=False))
            return
        for line in lines:
            click.echo(line)

    def note(self, text: str) -> None:
        """A closing message or a remark: with the timeline, or on stderr beside JSON."""
        click.echo(text, err=self.as_json)


async def follow_run(subscriber: Subscriber, printer: Printer, run_id: str) -> int:
    """Print the run's timeline until it ends or awaits an approval; the exit status."""
    await subscriber.call("orchestration.get_run", {"run_id": run_id})  # exists, readable
    topic = f"run:{run_id}"
    follower = Follower(subscriber)
    async with contextlib.AsyncExitStack() as stack:
        stack.push_async_callback(follower.close)
        follower.follow(topic, label=None)
        ending: str | None = None
        while ending is None:
            item = await follower.next()
            if isinstance(item, Pruned):
                printer.note(f"(events of {item.topic} up to #{item.earliest} were pruned)")
            elif item.topic != topic:
                _session_event(printer, follower, item)
            else:
                printer.event([run_line(item.event)], item.event)
                ending = await _run_ending(subscriber, follower, item.event)
        await _drain(printer, follower, except_topic=topic)
    return await _close_run(subscriber, printer, run_id, ending)


async def _run_ending(subscriber: Subscriber, follower: Follower, event: StreamEvent) -> str | None:
    """What a run event means for the watch: the run's end, a wait, or nothing yet."""
    inner = event.data.get("data")
    inner = inner if isinstance(inner, dict) else {}
    if event.type == "step_session_started":
        session_id = inner.get("forge_session_id")
        if isinstance(session_id, str):
            follower.follow(
                f"forge:session:{session_id}",
                label=str(event.data.get("step") or "session"),
                show_output=shows_output(inner.get("runner")),
            )
        return None
    if event.type in RUN_TERMINAL:
        return RUN_TERMINAL[event.type]
    if event.type == "approval_requested":
        # Replaying history, a later event may already have answered it.
        page = await subscriber.call(
            "events.list", {"topic": event.topic, "after": event.seq, "limit": 1}
        )
        if not page["items"]:
            return "budget" if inner.get("kind") == "budget_extension" else "awaiting_approval"
    return None


def _session_event(printer: Printer, follower: Follower, item: Arrived) -> None:
    lines = session_lines(
        item.event, label=item.label, show_output=item.show_output, timestamps=True
    )
    if lines or printer.as_json:
        printer.event(lines, item.event)
    if item.event.type in SESSION_TERMINAL:
        follower.stop(item.topic)


async def _drain(printer: Printer, follower: Follower, *, except_topic: str) -> None:
    """Let the followed sessions finish printing (they end with the steps that ran them,
    but their streams are not ordered with the run's)."""
    follower.stop(except_topic)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + DRAIN_S
    while (left := deadline - loop.time()) > 0:
        try:
            item = await asyncio.wait_for(follower.next_or_none(), left)
        except TimeoutError:
            return
        if item is None:
            return
        if isinstance(item, Arrived) and item.topic != except_topic:
            _session_event(printer, follower, item)


async def _close_run(subscriber: Subscriber, printer: Printer, run_id: str, ending: str) -> int:
    """The closing lines and the exit status for how the run ended."""
    if ending in ("awaiting_approval", "budget"):
        why = "is out of budget" if ending == "budget" else "awaits approval"
        extra = " (approving grants one more budget)" if ending == "budget" else ""
        printer.note(
            f"run {run_id} {why}{extra}:\n"
            f"  approve: jidocode rpc orchestration.approve_run -p run_id={run_id}\n"
            f"  reject:  jidocode rpc orchestration.reject_run -p run_id={run_id}"
        )
        return 0
    if ending == "failed":
        run = await subscriber.call("orchestration.get_run", {"run_id": run_id})
        error = run.get("error") or {}
        where = f" at step {error['failed_step']}" if error.get("failed_step") else ""
        reason = error.get("reason") or error.get("message") or "no reason recorded"
        printer.note(f"run {run_id} failed{where}: {reason} ({error.get('kind', 'failed')})")
        return EXIT_FAILED
    printer.note(f"run {run_id} {ending}")
    return 0


async def tail_session(subscriber: Subscriber, printer: Printer, session_id: str) -> int:
    """Print the session's output until it completes, fails or is cancelled."""
    session = await subscriber.call("forge.get_session", {"session_id": session_id})
    topic = f"forge:session:{session_id}"
    follower = Follower(subscriber)
    async with contextlib.AsyncExitStack() as stack:
        stack.push_async_callback(follower.close)
        follower.follow(topic, label=None, show_output=shows_output(session.get("runner")))
        while True:
            item = await follower.next()
            if isinstance(item, Pruned):
                printer.note(f"(events up to #{item.earliest} were pruned)")
                continue
            lines = session_lines(
                item.event, label=None, show_output=item.show_output, timestamps=False
            )
            if lines or printer.as_json:
                printer.event(lines, item.event)
            ended = SESSION_TERMINAL.get(item.event.type)
            if ended is not None:
                if ended == "completed":
                    printer.note(f"session {session_id} completed")
                return EXIT_FAILED if ended == "failed" else 0
