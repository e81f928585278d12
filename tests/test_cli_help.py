"""Help read from the schema: nested fields, union variants, result fields, provider
settings, whole first sentences in ``--list``, the auth that ``create_api_key`` really
takes, ``did you mean``, shell completion, and the check commands from any directory."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from rpc.app.cli_rpc_schema import methods
from rpc.openrpc import summary_of
from tests.cli_driver import CLI, cli_env


def cli(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> tuple[int, str]:
    """The CLI in a subprocess (no server needed); exit status and stdout + stderr."""
    done = subprocess.run(
        [*CLI, *args],
        env=cli_env(env or {}),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


def test_save_step_help_shows_every_step_and_its_fields() -> None:
    code, out = cli("rpc", "setup.save_step", "--help")
    assert code == 0, out
    assert "payload any" not in out
    assert "one of these, chosen by 'step':" in out
    for step in ("welcome", "provider_setup", "environment", "issue_bot", "complete"):
        assert f"step={step}" in out
    assert "deployment_mode" in out
    assert "cloud_vm|local" in out
    assert "webhook_secret" in out
    assert "manual|auto_post" in out
    assert "JIDOCODE_ANTHROPIC_BASE_URL" in out  # how provider_setup passes offline
    # The result's fields, nested ones too.
    assert "Result: SaveStepResult" in out
    assert "onboarding_step" in out


def test_help_names_the_provider_settings_where_a_provider_is_called() -> None:
    code, out = cli("rpc", "setup.verify_provider_credential", "--help")
    assert code == 0, out
    assert "Providers:" in out
    assert "JIDOCODE_OPENAI_BASE_URL" in out
    code, out = cli("rpc", "system.ping", "--help")
    assert "Providers:" not in out


def test_list_gives_whole_first_sentences_and_true_auth() -> None:
    code, out = cli("rpc", "--list")
    assert code == 0, out
    lines = {line.split()[0]: line for line in out.splitlines() if line and "." in line.split()[0]}
    for name, method in methods().items():
        flat = " ".join(method["description"].split())
        summary = summary_of(method["description"])
        assert lines[name].endswith(summary), name
        assert flat == summary or flat[len(summary)] == " ", f"{name} cut mid-sentence"
    assert "owner, no API key" in lines["accounts.create_api_key"]
    assert "owner, no API key" not in lines["accounts.list_api_keys"]
    assert lines["system.ping"].split()[1] == "anon"


def test_typos_get_did_you_mean() -> None:
    code, out = cli("rpc", "orchestration.list_run")
    assert code == 2
    assert "did you mean 'orchestration.list_runs'" in out
    code, out = cli("rpc", "list_runs")
    assert code == 2
    assert "'orchestration.list_runs'" in out
    code, out = cli("rpc", "orchestration.list_runs", "-p", "limt=3")
    assert code == 3
    assert "has no param 'limt'; did you mean 'limit'?" in out


def _complete(words: str, shell: str = "bash") -> str:
    env = {"_JIDOCODE_COMPLETE": f"{shell}_complete", "COMP_WORDS": words}
    env["COMP_CWORD"] = str(len(words.split()) - (0 if words.endswith(" ") else 1))
    return cli(env=env)[1]


def test_completion_scripts_and_what_they_complete() -> None:
    for shell in ("bash", "zsh", "fish"):
        code, out = cli("completion", shell)
        assert code == 0, shell
        assert "_JIDOCODE_COMPLETE" in out, shell
    assert "plain,doctor" in _complete("jidocode do")
    assert "plain,orchestration.list_runs" in _complete("jidocode rpc orchestration.list_r")
    assert "plain,orchestration.list_runs" in _complete("jidocode rpc list_r")
    params = _complete("jidocode rpc orchestration.list_runs -p ")
    assert "plain,limit=" in params
    assert "plain,status=" in params
    assert "limit=" not in _complete("jidocode rpc orchestration.list_runs -p limit=1 -p ")


def test_check_commands_find_the_project_files_from_any_directory(tmp_path: Path) -> None:
    code, out = cli("schema", "export", "--check", cwd=tmp_path)
    assert code == 0, out
    assert "openrpc.json is current" in out
    assert not os.listdir(tmp_path)
