"""run_process against real ``sh`` commands: chunking, ends, group cleanup, spawn errors."""

from __future__ import annotations

import asyncio
import os
import subprocess
import time
from pathlib import Path

import pytest

from domains.forge.process import (
    ExecLimits,
    ProcessResult,
    SpawnFailed,
    end_group,
    env_marker_matches,
    group_alive,
    run_process,
)

ENV = {"PATH": "/usr/bin:/bin"}
FAST = ExecLimits(wall_timeout_s=5.0, idle_timeout_s=3.0, kill_grace_s=0.5)


class Collector:
    """An on_chunk that keeps every chunk and can wait for some text to appear."""

    def __init__(self, delay_s: float = 0.0) -> None:
        self.chunks: list[bytes] = []
        self.delay_s = delay_s
        self._changed = asyncio.Event()

    async def __call__(self, chunk: bytes) -> None:
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        self.chunks.append(chunk)
        self._changed.set()

    @property
    def output(self) -> bytes:
        return b"".join(self.chunks)

    async def wait_for(self, text: bytes) -> None:
        while text not in self.output:
            self._changed.clear()
            await asyncio.wait_for(self._changed.wait(), 5)


async def run(
    script: str,
    tmp_path: Path,
    *,
    limits: ExecLimits = FAST,
    collector: Collector | None = None,
    cancel: asyncio.Event | None = None,
    env: dict[str, str] | None = None,
) -> tuple[ProcessResult, Collector]:
    collector = collector or Collector()
    result = await run_process(
        ["sh", "-c", script],
        cwd=tmp_path,
        env=env or ENV,
        limits=limits,
        on_chunk=collector,
        cancel=cancel or asyncio.Event(),
    )
    return result, collector


async def test_output_order_is_kept_across_chunks(tmp_path: Path) -> None:
    script = 'i=0; while [ $i -lt 300 ]; do echo "line $i"; i=$((i+1)); done'
    result, out = await run(script, tmp_path, limits=ExecLimits(chunk_bytes=64))
    assert result.ended_by == "exit"
    assert result.exit_code == 0
    assert out.output == b"".join(b"line %d\n" % i for i in range(300))
    assert len(out.chunks) > 1
    assert max(len(c) for c in out.chunks) <= 64


async def test_a_megabyte_is_cut_into_bounded_chunks(tmp_path: Path) -> None:
    result, out = await run("head -c 1048576 /dev/zero", tmp_path)
    assert result.exit_code == 0
    assert sum(len(c) for c in out.chunks) == 1048576
    assert max(len(c) for c in out.chunks) <= 65536
    assert len(out.chunks) >= 16


async def test_a_slow_consumer_loses_nothing(tmp_path: Path) -> None:
    out = Collector(delay_s=0.02)
    script = "i=0; while [ $i -lt 3000 ]; do echo 0123456789abcdef$i; i=$((i+1)); done"
    limits = ExecLimits(chunk_bytes=4096, idle_timeout_s=3.0)
    result, _ = await run(script, tmp_path, limits=limits, collector=out)
    assert result.ended_by == "exit"
    assert out.output == b"".join(b"0123456789abcdef%d\n" % i for i in range(3000))


async def test_small_writes_are_merged(tmp_path: Path) -> None:
    limits = ExecLimits(chunk_interval_s=0.3)
    result, out = await run("for i in $(seq 200); do printf x; done", tmp_path, limits=limits)
    assert result.exit_code == 0
    assert out.output == b"x" * 200
    assert len(out.chunks) <= 3


async def test_a_chunk_is_flushed_after_the_interval_before_the_end(tmp_path: Path) -> None:
    seen_at: list[float] = []

    async def on_chunk(chunk: bytes) -> None:
        seen_at.append(time.monotonic())

    started = time.monotonic()
    result = await run_process(
        ["sh", "-c", "printf a; sleep 0.6; printf b"],
        cwd=tmp_path,
        env=ENV,
        limits=FAST,
        on_chunk=on_chunk,
        cancel=asyncio.Event(),
    )
    assert result.exit_code == 0
    assert len(seen_at) == 2
    assert seen_at[0] - started < 0.45


@pytest.mark.parametrize(("script", "code"), [("true", 0), ("exit 3", 3), ("kill -9 $$", -9)])
async def test_exit_codes(tmp_path: Path, script: str, code: int) -> None:
    result, _ = await run(script, tmp_path)
    assert result.ended_by == "exit"
    assert result.exit_code == code
    assert result.pid > 0


async def test_the_environment_is_exactly_the_given_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JIDOCODE_TEST_LEAK", "leaked")
    out = Collector()
    result = await run_process(
        ["env"],
        cwd=tmp_path,
        env={**ENV, "X": "y z"},
        limits=FAST,
        on_chunk=out,
        cancel=asyncio.Event(),
    )
    assert result.exit_code == 0
    assert sorted(out.output.decode().splitlines()) == ["PATH=/usr/bin:/bin", "X=y z"]


async def test_cwd_is_used(tmp_path: Path) -> None:
    _, out = await run("pwd -P", tmp_path)
    # tmp_path's name is unique to this test, so matching it is matching the directory.
    assert Path(out.output.decode().strip()).name == tmp_path.name


async def test_wall_timeout_ends_a_chatty_command(tmp_path: Path) -> None:
    limits = ExecLimits(wall_timeout_s=1.0, idle_timeout_s=0.5, kill_grace_s=0.5)
    result, out = await run("while true; do echo tick; sleep 0.1; done", tmp_path, limits=limits)
    assert result.ended_by == "wall_timeout"
    assert result.exit_code is None
    assert 1000 <= result.duration_ms < 2500
    assert out.output.startswith(b"tick\n")
    assert not group_alive(result.pid)


async def test_idle_timeout_ends_a_silent_command(tmp_path: Path) -> None:
    limits = ExecLimits(wall_timeout_s=5.0, idle_timeout_s=0.5, kill_grace_s=0.5)
    result, out = await run("echo start; sleep 30", tmp_path, limits=limits)
    assert result.ended_by == "idle_timeout"
    assert result.exit_code is None
    assert 500 <= result.duration_ms < 2000
    assert out.output == b"start\n"
    assert not group_alive(result.pid)


async def test_cancel_ends_the_group(tmp_path: Path) -> None:
    cancel = asyncio.Event()
    out = Collector()

    async def cancel_when_ready() -> None:
        await out.wait_for(b"ready")
        cancel.set()

    canceller = asyncio.create_task(cancel_when_ready())
    result, _ = await run("sleep 30 & echo ready; sleep 30", tmp_path, collector=out, cancel=cancel)
    await canceller
    assert result.ended_by == "cancelled"
    assert result.exit_code is None
    assert result.duration_ms < 2000
    assert not group_alive(result.pid)


async def test_a_term_ignoring_group_is_killed_after_the_grace(tmp_path: Path) -> None:
    cancel = asyncio.Event()
    out = Collector()

    async def cancel_when_ready() -> None:
        await out.wait_for(b"ready")
        cancel.set()

    canceller = asyncio.create_task(cancel_when_ready())
    script = 'trap "" TERM; echo ready; while true; do sleep 0.1; done'
    result, _ = await run(script, tmp_path, collector=out, cancel=cancel)
    await canceller
    assert result.ended_by == "cancelled"
    assert 500 <= result.duration_ms < 2500
    assert not group_alive(result.pid)


@pytest.mark.parametrize(
    "script",
    [
        "sleep 100 & echo hi",  # the grandchild holds the pipe open
        "sleep 100 >/dev/null 2>&1 & echo hi",  # it does not, but still must not survive
        '(trap "" TERM; sleep 100) & echo hi',  # and it ignores SIGTERM
    ],
)
async def test_a_backgrounded_grandchild_does_not_survive(tmp_path: Path, script: str) -> None:
    result, out = await run(script, tmp_path)
    assert result.ended_by == "exit"
    assert result.exit_code == 0
    assert out.output == b"hi\n"
    assert result.duration_ms < 2000
    assert not group_alive(result.pid)


async def test_a_failing_on_chunk_kills_the_group(tmp_path: Path) -> None:
    started: list[int] = []

    async def on_start(pid: int) -> None:
        started.append(pid)

    async def on_chunk(chunk: bytes) -> None:
        raise RuntimeError("database down")

    with pytest.raises(RuntimeError, match="database down"):
        await run_process(
            ["sh", "-c", "echo hi; sleep 30"],
            cwd=tmp_path,
            env=ENV,
            limits=FAST,
            on_chunk=on_chunk,
            cancel=asyncio.Event(),
            on_start=on_start,
        )
    await asyncio.sleep(0.1)
    assert not group_alive(started[0])


async def test_a_missing_program_fails_to_spawn(tmp_path: Path) -> None:
    with pytest.raises(SpawnFailed) as caught:
        await run_process(
            [str(tmp_path / "no-such-program")],
            cwd=tmp_path,
            env=ENV,
            limits=FAST,
            on_chunk=Collector(),
            cancel=asyncio.Event(),
        )
    assert caught.value.program == "no-such-program"
    assert str(tmp_path) not in str(caught.value)


async def test_a_missing_cwd_fails_to_spawn(tmp_path: Path) -> None:
    with pytest.raises(SpawnFailed, match="working directory") as caught:
        await run_process(
            ["true"],
            cwd=tmp_path / "gone",
            env=ENV,
            limits=FAST,
            on_chunk=Collector(),
            cancel=asyncio.Event(),
        )
    assert str(tmp_path) not in str(caught.value)


async def test_env_marker_matches_a_live_group_only(tmp_path: Path) -> None:
    cancel = asyncio.Event()
    checks: list[bool] = []

    async def on_start(pid: int) -> None:
        checks.append(env_marker_matches(pid, "JIDOCODE_EXEC", "abc"))
        checks.append(env_marker_matches(pid, "JIDOCODE_EXEC", "other"))
        checks.append(env_marker_matches(pid, "PATH", ENV["PATH"]))
        cancel.set()

    result = await run_process(
        ["sleep", "30"],
        cwd=tmp_path,
        env={**ENV, "JIDOCODE_EXEC": "abc"},
        limits=FAST,
        on_chunk=Collector(),
        cancel=cancel,
        on_start=on_start,
    )
    assert checks == [True, False, True]
    assert result.ended_by == "cancelled"
    assert not env_marker_matches(result.pid, "JIDOCODE_EXEC", "abc")


def _orphan_group(env: dict[str, str]) -> int:
    """A group whose leader has exited, leaving a sleeping member behind (as after a crash)."""
    proc = subprocess.run(
        ["sh", "-c", "sleep 30 >/dev/null 2>&1 & echo $$"],
        env=env,
        capture_output=True,
        start_new_session=True,
        check=True,
    )
    return int(proc.stdout)


async def test_end_group_ends_a_leftover_group() -> None:
    pgid = _orphan_group({**ENV, "JIDOCODE_EXEC": "leftover"})
    try:
        assert group_alive(pgid)
        # The leader is gone, so the marker is found on the member left behind.
        assert env_marker_matches(pgid, "JIDOCODE_EXEC", "leftover")
        assert not env_marker_matches(pgid, "JIDOCODE_EXEC", "someone-else")
        await end_group(pgid, 0.5)
        assert not group_alive(pgid)
    finally:
        if group_alive(pgid):
            os.killpg(pgid, 9)


async def test_end_group_tolerates_a_gone_group() -> None:
    pgid = _orphan_group(ENV)
    os.killpg(pgid, 9)
    await end_group(pgid, 0.1)
    await end_group(2**22 + 12345, 0.1)
    assert not group_alive(2**22 + 12345)


def test_limits_are_checked() -> None:
    with pytest.raises(ValueError, match="positive"):
        ExecLimits(idle_timeout_s=0)
    with pytest.raises(ValueError, match="chunk_bytes"):
        ExecLimits(chunk_bytes=0)


async def test_a_writer_outside_the_group_does_not_keep_us_reading(tmp_path: Path) -> None:
    # setsid puts it in a group of its own, so it is not ours to end; it just holds the pipe.
    script = "setsid sh -c 'echo $$; exec sleep 30' & sleep 0.2; echo done"
    result, out = await run(script, tmp_path)
    escaped = int(out.output.split()[0])
    try:
        assert result.ended_by == "exit"
        assert out.output.endswith(b"done\n")
        assert result.duration_ms < 2000
    finally:
        os.kill(escaped, 9)


async def test_cancelling_the_caller_kills_the_group(tmp_path: Path) -> None:
    started: list[int] = []

    async def on_start(pid: int) -> None:
        started.append(pid)

    task = asyncio.create_task(
        run_process(
            ["sh", "-c", "sleep 30 & sleep 30"],
            cwd=tmp_path,
            env=ENV,
            limits=FAST,
            on_chunk=Collector(),
            cancel=asyncio.Event(),
            on_start=on_start,
        )
    )
    await asyncio.sleep(0.2)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await asyncio.sleep(0.1)
    assert not group_alive(started[0])
