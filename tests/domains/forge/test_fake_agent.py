"""The fake agent (tests/fakes/fake_agent.py) run for real in every scenario, its stdout
parsed by the real StreamParser: the formats the runner relies on, end to end."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from domains.forge.agent_stream import (
    AgentEvent,
    AgentOutcome,
    AgentProfile,
    StreamParser,
    agent_argv,
)

FAKE_AGENT = Path(__file__).resolve().parents[2] / "fakes" / "fake_agent.py"
PROFILES: list[AgentProfile] = ["claude", "codex"]


def types(events: list[AgentEvent]) -> list[str]:
    return [e.type for e in events]


def run_fake(
    profile: AgentProfile,
    scenario: str,
    cwd: Path,
    *,
    prompt: str = "note this",
    resume: str | None = None,
    env: dict[str, str] | None = None,
) -> tuple[list[AgentEvent], AgentOutcome, subprocess.CompletedProcess[str]]:
    argv = agent_argv(
        profile, str(FAKE_AGENT), prompt, max_turns=3, budget_usd=1.0, resume_session_id=resume
    )
    full_env = {**os.environ, "FAKE_AGENT_SCENARIO": scenario, **(env or {})}
    proc = subprocess.run(
        argv, cwd=cwd, env=full_env, capture_output=True, text=True, timeout=20, check=False
    )
    parser = StreamParser(profile)
    events = [e for line in proc.stdout.splitlines() for e in parser.feed_line(line)]
    return events, parser.outcome(proc.returncode), proc


@pytest.mark.parametrize("profile", PROFILES)
def test_fake_success_then_resume(profile: AgentProfile, tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    events, outcome, _ = run_fake(profile, "success", tmp_path, env={"FAKE_AGENT_LOG": str(log)})
    assert outcome.status == "completed"
    assert outcome.reason is None
    assert outcome.agent_session_id
    assert outcome.num_turns
    assert types(events)[0] == "agent.init"
    assert types(events)[-1] == "agent.result"
    assert {"agent.message", "agent.tool_call", "agent.tool_result"} <= set(types(events))
    if profile == "claude":
        assert outcome.total_cost_usd == pytest.approx(0.0123)
        assert [e.data["name"] for e in events if e.type == "agent.tool_call"] == ["Write"]
    notes = tmp_path / "AGENT_NOTES.md"
    assert notes.read_text() == "note this\n"

    events, again, _ = run_fake(
        profile, "success", tmp_path, prompt="and this", resume=outcome.agent_session_id
    )
    assert again.status == "completed"
    assert again.agent_session_id == outcome.agent_session_id
    assert notes.read_text() == "note this\nand this\n"
    if profile == "claude":
        assert [e.data["name"] for e in events if e.type == "agent.tool_call"] == ["Edit"]
    entry = json.loads(log.read_text().splitlines()[0])
    assert entry["cwd"] == str(tmp_path)
    assert "FAKE_AGENT_SCENARIO" in entry["env_names"]
    assert "note this" in entry["argv"]


@pytest.mark.parametrize(
    ("profile", "scenario", "status", "reason"),
    [
        ("claude", "max_turns", "needs_input", "max_turns"),
        ("claude", "budget", "failed", "budget_exceeded"),
        ("claude", "error", "failed", "agent_error"),
        ("claude", "crash", "failed", "crashed"),
        ("claude", "question", "needs_input", "question"),
        ("codex", "error", "failed", "agent_error"),
        ("codex", "crash", "failed", "crashed"),
        ("codex", "question", "needs_input", "question"),
    ],
)
def test_fake_outcomes(
    profile: AgentProfile, scenario: str, status: str, reason: str, tmp_path: Path
) -> None:
    events, outcome, proc = run_fake(profile, scenario, tmp_path)
    assert (outcome.status, outcome.reason) == (status, reason)
    assert outcome.agent_session_id is not None
    assert types(events)[0] == "agent.init"
    if scenario == "crash":
        assert proc.returncode == 3
        assert "agent.result" not in types(events)
        assert "agent.message" in types(events)
    if scenario == "question":
        assert outcome.question == "Which database should I use?"
    if scenario == "max_turns":
        assert outcome.question is not None
        assert "3 turns" in outcome.question
    if scenario == "budget":
        assert outcome.total_cost_usd == pytest.approx(0.51)


@pytest.mark.parametrize("profile", PROFILES)
def test_fake_garbage_line_is_a_warning_not_a_crash(profile: AgentProfile, tmp_path: Path) -> None:
    events, outcome, _ = run_fake(profile, "garbage", tmp_path)
    warnings = [e for e in events if e.type == "agent.warning"]
    assert [w.data for w in warnings] == [{"reason": "not_json", "line": "this is not json {"}]
    assert outcome.status == "completed"


@pytest.mark.parametrize("profile", PROFILES)
def test_fake_big_output_gives_small_events(profile: AgentProfile, tmp_path: Path) -> None:
    events, outcome, proc = run_fake(profile, "big", tmp_path)
    assert len(proc.stdout) > 2_000_000
    assert outcome.status == "completed"
    messages = [e for e in events if e.type == "agent.message"]
    assert len(messages) >= 32
    assert max(len(json.dumps(e.data)) for e in events) < 10_000


@pytest.mark.parametrize("profile", PROFILES)
def test_fake_secret_reaches_the_message_event(profile: AgentProfile, tmp_path: Path) -> None:
    env = {"FAKE_AGENT_PRINT_VAR": "MY_TOKEN", "MY_TOKEN": "s3cr3t-value"}
    events, outcome, _ = run_fake(profile, "secret", tmp_path, env=env)
    texts = [e.data["text"] for e in events if e.type == "agent.message"]
    assert "the secret is s3cr3t-value" in texts
    assert outcome.status == "completed"


@pytest.mark.parametrize("profile", PROFILES)
def test_fake_slow_streams_lines_as_they_come(profile: AgentProfile, tmp_path: Path) -> None:
    argv = agent_argv(
        profile, str(FAKE_AGENT), "p", max_turns=3, budget_usd=None, resume_session_id=None
    )
    env = {**os.environ, "FAKE_AGENT_SCENARIO": "slow", "FAKE_AGENT_DELAY_S": "0.3"}
    parser = StreamParser(profile)
    stamps: dict[str, float] = {}
    start = time.monotonic()
    with subprocess.Popen(argv, cwd=tmp_path, env=env, stdout=subprocess.PIPE, text=True) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            for event in parser.feed_line(line):
                if event.type == "agent.message":
                    stamps.setdefault(event.data["text"], time.monotonic() - start)
    assert parser.outcome(proc.returncode).status == "completed"
    # Each step arrives on its own, about one delay after the one before.
    assert stamps["step 1"] - stamps["step 0"] >= 0.2
    assert stamps["step 2"] - stamps["step 1"] >= 0.2


@pytest.mark.parametrize("profile", PROFILES)
def test_fake_hang_dies_with_its_process_group(profile: AgentProfile, tmp_path: Path) -> None:
    argv = agent_argv(
        profile, str(FAKE_AGENT), "p", max_turns=3, budget_usd=None, resume_session_id=None
    )
    env = {**os.environ, "FAKE_AGENT_SCENARIO": "hang"}
    proc = subprocess.Popen(
        argv, cwd=tmp_path, env=env, stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    pgid = os.getpgid(proc.pid)
    assert proc.stdout is not None
    parser = StreamParser(profile)
    try:
        first = parser.feed_line(proc.stdout.readline())
        assert types(first) == ["agent.init"]
        # The child sleeper joins the group; wait until the group has two members.
        deadline = time.monotonic() + 10
        while len(group_members(pgid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(group_members(pgid)) >= 2
        assert proc.poll() is None
    finally:
        os.killpg(pgid, signal.SIGKILL)
        proc.wait(timeout=10)
        proc.stdout.close()
    # The orphaned child is reaped by init, which may take a moment.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    with pytest.raises(ProcessLookupError):
        os.killpg(pgid, 0)
    assert parser.outcome(proc.returncode).reason == "crashed"


def group_members(pgid: int) -> list[int]:
    """Live (non-zombie) processes in process group ``pgid``, read from /proc."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(entry))
    return members


def test_fake_agent_refuses_unknown_argv(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(FAKE_AGENT), "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
