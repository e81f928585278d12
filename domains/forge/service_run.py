"""The ``forge.exec`` job: runs one execution in a worker, never inside an RPC call.

The first attempt builds the exec's environment (``environment``), runs its processes
(``process``: own process group, timeouts, cancel), streams the output into events
(``output``) and, in one transaction fenced on the job's lease, ends the execution,
emits ``exec.completed`` and moves the session. A cancel is noticed by polling the
session's phase. A later attempt means the worker running the first one died (its lease
expired): the command is not run again. A leftover process group is ended (after
checking the exec's marker in its environment, so a recycled pid is never hit) and the
execution is ended ``failed`` (``worker_lost``), leaving the session usable.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, cast
from uuid import UUID

import asyncpg

from domains.forge import machine, repo
from domains.forge.agent_stream import StreamParser
from domains.forge.environment import EXEC_MARKER, base_env
from domains.forge.models import EventType, Exec, Session, SessionSpec
from domains.forge.output import ChainRedactor, OutputFenced, OutputSink
from domains.forge.process import (
    ExecLimits,
    ProcessResult,
    SpawnFailed,
    end_group,
    env_marker_matches,
    marked_groups,
    run_process,
)
from domains.forge.runners import (
    ExecOutcome,
    Step,
    agent_outcome,
    shell_outcome,
    steps_for,
    workflow_outcome,
)
from domains.projects.service import workspace_env
from domains.setup.service import provider_secret
from rpc.context import JobContext, Runtime
from rpc.errors import AppError
from rpc.jobs import LeaseLost, complete_in
from rpc.redaction import Redactor
from sql.database import Connection

log = logging.getLogger(__name__)

CANCEL_POLL_S = 0.5


async def run_exec_job(ctx: JobContext, payload: dict[str, Any]) -> None:
    """Run (or, on a later attempt, recover) the execution named by ``payload``."""
    exec_id = UUID(payload["exec_id"])
    async with ctx.db.connection() as conn:
        execution = await repo.get_exec(conn, exec_id=exec_id)
        if execution is None or execution.status != "started":
            return  # already ended (or pruned with its session): nothing to do
        session = await repo.get_session(conn, session_id=execution.session_id)
    if session is None:
        return  # the exec cascades with its session: both are gone
    if ctx.attempt > 1:
        await _recover(ctx, session, execution)
        return
    if session.phase != "running":
        # Cancelled between forge.exec and this job: the command never starts.
        await _finish(ctx, session, execution, _NOT_STARTED)
        return
    try:
        outcome = await _run(ctx.runtime, session, execution, resume=payload.get("resume"))
    except (asyncio.CancelledError, LeaseLost):
        raise
    except Exception:
        # A fault of ours (not the command's): end the exec now with a clear status rather
        # than let the retry report it as a lost worker.
        log.exception("forge exec failed in the server", extra={"exec_id": str(exec_id)})
        outcome = _INTERNAL
    if outcome is not None:
        await _finish(ctx, session, execution, outcome)


_NOT_STARTED = ExecOutcome(
    status="failed",
    session_to="cancelled",
    error_kind="cancelled",
    error="the session was cancelled before the command started; it was not run",
)
_INTERNAL = ExecOutcome(
    status="failed",
    session_to="ready",
    error_kind="internal",
    error="the server failed while running this exec (see its log); run it again",
)


async def _run(
    runtime: Runtime, session: Session, execution: Exec, *, resume: str | None
) -> ExecOutcome | None:
    """Run the execution's processes; ``None`` when it was taken over meanwhile."""
    started = time.monotonic()
    try:
        async with runtime.db.connection() as conn:
            env, secrets = await _exec_env(conn, runtime, session, execution)
    except AppError as exc:
        return ExecOutcome(
            status="failed",
            session_to="ready",
            error_kind=exc.kind,
            error=f"its environment could not be built: {exc.data().get('reason', exc.kind)}",
        )
    redactor = ChainRedactor(runtime.redactor, Redactor(known=secrets))
    parser = StreamParser(SessionSpec.model_validate(session.spec).agent_profile)

    def agent_events(lines: Sequence[str]) -> list[tuple[EventType, dict[str, Any]]]:
        # The parser only makes agent.* types, all of them forge event types.
        return [(cast(EventType, e.type), e.data) for line in lines for e in parser.feed_line(line)]

    sink = OutputSink(
        runtime.db,
        redactor,
        session_id=session.id,
        exec_id=execution.id,
        exec_sequence=execution.sequence,
        cap_bytes=runtime.settings.forge_output_cap_bytes,
        line_events=agent_events if session.runner == "agent_cli" else None,
    )
    steps = steps_for(session, execution.command, runtime.settings, resume=resume)
    runner = _StepRunner(runtime, session, execution, sink, env, _limits(runtime, session))
    async with runner.watching_for_cancel():
        done: list[tuple[Step, ExecOutcome]] = []
        for index, step in enumerate(steps, start=1):
            sink.step = index if session.runner == "workflow" else None
            process = await runner.run(step)
            if runner.fenced:
                return None
            if process is None:  # could not start
                outcome = runner.spawn_outcome
            elif session.runner == "agent_cli":
                outcome = agent_outcome(process, parser.outcome(process.exit_code))
            else:
                outcome = shell_outcome(process)
            done.append((step, outcome))
            if outcome.status != "completed":
                break
    try:
        await sink.close()
    except OutputFenced:
        return None
    outcome = workflow_outcome(done, len(steps)) if session.runner == "workflow" else done[-1][1]
    return _with_duration(outcome, int((time.monotonic() - started) * 1000))


def _with_duration(outcome: ExecOutcome, duration_ms: int) -> ExecOutcome:
    return replace(outcome, result={**outcome.result, "duration_ms": duration_ms})


class _StepRunner:
    """Runs an execution's processes, watching for a cancel and for losing the exec."""

    def __init__(
        self,
        runtime: Runtime,
        session: Session,
        execution: Exec,
        sink: OutputSink,
        env: dict[str, str],
        limits: ExecLimits,
    ) -> None:
        self.runtime = runtime
        self.session = session
        self.execution = execution
        self.sink = sink
        self.env = env
        self.limits = limits
        self.cancel = asyncio.Event()
        self.fenced = False
        self.spawn_outcome = ExecOutcome(status="failed", session_to="ready")

    @contextlib.asynccontextmanager
    async def watching_for_cancel(self) -> Any:
        """Poll the session's phase while the body runs; a cancel sets ``self.cancel``."""
        watcher = asyncio.create_task(self._watch())
        try:
            yield
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher

    async def _watch(self) -> None:
        while not self.cancel.is_set():
            try:
                async with self.runtime.db.connection() as conn:
                    current = await repo.get_session(conn, session_id=self.session.id)
            except (OSError, asyncpg.PostgresError):
                # The database is briefly away: keep the command running, look again.
                log.warning("forge cancel check failed", extra={"session_id": str(self.session.id)})
            else:
                if current is None or current.phase == "cancelled":
                    self.cancel.set()
                    return
            await asyncio.sleep(CANCEL_POLL_S)

    async def run(self, step: Step) -> ProcessResult | None:
        """Run one process to its end; ``None`` when it could not be started."""
        try:
            return await run_process(
                step.argv,
                cwd=Path(self.session.workspace_path),
                env=self.env,
                limits=self.limits,
                on_chunk=self._chunk,
                cancel=self.cancel,
                on_start=self._started,
            )
        except SpawnFailed as exc:
            self.spawn_outcome = ExecOutcome(
                status="failed",
                session_to="ready",
                error_kind="spawn_failed",
                error=self.sink.redactor.redact_str(str(exc)),
            )
            return None

    async def _chunk(self, chunk: bytes) -> None:
        if self.fenced:
            return
        try:
            await self.sink.write(chunk)
        except OutputFenced:
            # Another worker took the execution over: stop the process, write nothing.
            self.fenced = True
            self.cancel.set()

    async def _started(self, pgid: int) -> None:
        async with self.runtime.db.connection() as conn:
            if not await repo.set_exec_pgid(conn, exec_id=self.execution.id, pgid=pgid):
                self.fenced = True
                self.cancel.set()


def _limits(runtime: Runtime, session: Session) -> ExecLimits:
    spec = SessionSpec.model_validate(session.spec)
    settings = runtime.settings
    return ExecLimits(
        wall_timeout_s=spec.wall_timeout_s or settings.forge_wall_timeout_s,
        idle_timeout_s=spec.idle_timeout_s or settings.forge_idle_timeout_s,
        kill_grace_s=spec.kill_grace_s or settings.forge_kill_grace_s,
    )


async def _exec_env(
    conn: Connection, runtime: Runtime, session: Session, execution: Exec
) -> tuple[dict[str, str], list[str]]:
    """The exec's environment and the secret values in it (for its redactor)."""
    spec = SessionSpec.model_validate(session.spec)
    env = base_env()
    env.update(spec.env)
    secrets = await workspace_env(conn, runtime, project_id=session.project_id)
    env.update(secrets)
    if session.runner == "agent_cli":
        env.update(await _agent_credentials(conn, runtime, spec.agent_profile, secrets))
    env[EXEC_MARKER] = str(execution.id)
    return env, list(secrets.values())


async def _agent_credentials(
    conn: Connection, runtime: Runtime, profile: str, secrets: dict[str, str]
) -> dict[str, str]:
    """The provider key (added to ``secrets``, for the exec's redactor) and base URL the
    agent's CLI reads, when the provider's credential is set."""
    settings = runtime.settings
    if profile == "claude":
        name, provider, base = "ANTHROPIC", "anthropic", settings.anthropic_base_url
    else:
        name, provider, base = "OPENAI", "openai", settings.openai_base_url.rstrip("/") + "/v1"
    key = await provider_secret(conn, runtime, provider=provider)
    if not key:
        return {}
    secrets[f"{name}_API_KEY"] = key
    return {f"{name}_API_KEY": key, f"{name}_BASE_URL": base}


async def _finish(ctx: JobContext, session: Session, execution: Exec, outcome: ExecOutcome) -> None:
    """End the execution, emit ``exec.completed`` and move the session, under the lease."""
    runtime = ctx.runtime
    async with ctx.db.transaction() as conn:
        finished = await repo.finish_exec(
            conn,
            exec_id=execution.id,
            status=outcome.status,
            exit_code=outcome.exit_code,
            error_kind=outcome.error_kind,
            error=runtime.redactor.redact_str(outcome.error) if outcome.error else None,
            duration_ms=outcome.result.get("duration_ms"),
            result=runtime.redactor.redact(outcome.result),
        )
        if finished is not None:
            phase = await _move_session(conn, runtime, session, execution, outcome)
            await machine.emit(
                conn,
                runtime.redactor,
                session_id=session.id,
                type="exec.completed",
                exec_sequence=execution.sequence,
                data={
                    "phase": phase,
                    "sequence": execution.sequence,
                    "status": finished.status,
                    "exit_code": finished.exit_code,
                    "error_kind": finished.error_kind,
                    "error": finished.error,
                    "duration_ms": finished.duration_ms,
                    "output_size_bytes": finished.output_size_bytes,
                    "truncated_bytes": finished.truncated_bytes,
                    "result": finished.result,
                },
            )
            if outcome.session_to == "ready" and phase == "ready":
                # This move has no event of its own (machine.move reports the others).
                await repo.append_phase_event(
                    conn,
                    session=session,
                    type="exec.completed",
                    data={
                        "sequence": execution.sequence,
                        "status": finished.status,
                        "exit_code": finished.exit_code,
                    },
                    phase="ready",
                )
        await complete_in(conn, ctx)


async def _move_session(
    conn: Connection, runtime: Runtime, session: Session, execution: Exec, outcome: ExecOutcome
) -> str:
    """Move a ``running`` session where the outcome says; its phase afterwards."""
    state = dict(session.runner_state)
    if outcome.agent_session_id:
        state["agent_session_id"] = outcome.agent_session_id
    redactor = runtime.redactor
    moved: Session | None
    if outcome.session_to == "needs_input":
        state["question"] = outcome.question
        moved = await machine.move(
            conn,
            redactor,
            session_id=session.id,
            to="needs_input",
            event="session.needs_input",
            expected=("running",),
            runner_state=state,
            exec_sequence=execution.sequence,
            data={"question": outcome.question, "reason": outcome.error_kind},
        )
    elif outcome.session_to in ("failed", "completed"):
        moved = await machine.move(
            conn,
            redactor,
            session_id=session.id,
            to=outcome.session_to,
            event="session.failed" if outcome.session_to == "failed" else "session.completed",
            expected=("running",),
            runner_state=state,
            exec_sequence=execution.sequence,
            last_error=outcome.error if outcome.session_to == "failed" else None,
            data={"reason": outcome.error_kind} if outcome.error_kind else {},
        )
    elif outcome.session_to == "ready":
        # The move's event is the exec.completed that follows (it carries the phase).
        moved = await repo.move_phase(
            conn, session_id=session.id, expected=("running",), to="ready", runner_state=state
        )
    else:  # cancelled: the cancel already moved the session
        moved = None
    if moved is not None:
        return moved.phase
    current = await repo.get_session(conn, session_id=session.id)
    return current.phase if current else "cancelled"


async def _recover(ctx: JobContext, session: Session, execution: Exec) -> None:
    """A previous attempt's worker died: end a leftover process group, end the exec."""
    async with ctx.db.connection() as conn:
        pgid = await repo.exec_pgid(conn, exec_id=execution.id)
    marker = str(execution.id)
    groups = [pgid] if pgid is not None and env_marker_matches(pgid, EXEC_MARKER, marker) else []
    # No recorded pgid (the worker died before writing it): look for the marker itself.
    for group in groups or marked_groups(EXEC_MARKER, marker):
        await end_group(group, _limits(ctx.runtime, session).kill_grace_s)
    log.warning(
        "forge exec lost with its worker; ended without running it again",
        extra={"exec_id": str(execution.id), "session_id": str(session.id)},
    )
    outcome = ExecOutcome(
        status="failed",
        session_to="failed" if session.runner == "workflow" else "ready",
        error_kind="worker_lost",
        error=(
            "the worker running this exec stopped before it finished (its lease expired); "
            "the command was not run again"
        ),
    )
    await _finish(ctx, session, execution, outcome)
