"""What the step engine asks: the prompts of ``llm`` and ``agent`` steps.

A prompt is built from the run's inputs and the outputs of the steps before it, so the
plan sees the task, the coding agent sees the task and the plan, and a diagnosis sees
the reproduced failure. A step may carry its own ``prompt`` option, which replaces the
purpose's instruction (the context below it is always appended).
"""

from __future__ import annotations

import json
from typing import Any

# Each purpose's instruction, as the system prompt of the LLM call.
INSTRUCTIONS: dict[str, str] = {
    "plan": (
        "You are the planner of a coding workbench. Write a short, concrete implementation "
        "plan for the task below: the files to change, the changes, and how to test them. "
        "Answer in Markdown, at most about 40 lines."
    ),
    "diagnose": (
        "You are a debugging assistant. From the failure signal and the reproduced test "
        "output below, explain the most likely cause and the fix, naming files and lines."
    ),
    "triage": (
        "You triage GitHub issues. Classify the issue as one of bug, feature, documentation, "
        "question or needs_triage, with a priority (low, medium, high, critical), and say why."
    ),
    "research": (
        "You research a GitHub issue for its maintainers: what in the repository it concerns "
        "and what would resolve it."
    ),
    "compose_response": (
        "Write the reply the maintainers would post on the GitHub issue below: friendly, "
        "specific, and short. Answer with the reply text only."
    ),
    "review": (
        "You review a change for correctness, tests and risk. List concrete findings, most "
        "important first."
    ),
    "custom": "Do what the step asks, using the context below.",
}
AGENT_INSTRUCTION = (
    "Implement the task below in this repository. Follow the plan if one is given, keep the "
    "change focused, and run the tests if you can. Do not commit: the workbench commits."
)
# Earlier outputs are cut so a prompt stays well inside every provider's context window.
MAX_CONTEXT_CHARS = 12_000


def _text_of(output: Any) -> str:
    if isinstance(output, dict):
        for key in ("text", "result", "log_tail"):
            value = output.get(key)
            if isinstance(value, str) and value:
                return value
    return json.dumps(output, default=str)[:MAX_CONTEXT_CHARS]


def context_block(inputs: dict[str, Any], results: dict[str, Any]) -> str:
    """The run's inputs and the earlier steps' outputs, as sections of a prompt."""
    parts = []
    for key, value in inputs.items():
        text = value if isinstance(value, str) else json.dumps(value, default=str)
        parts.append(f"## {key}\n{text[:MAX_CONTEXT_CHARS]}")
    for step, output in results.items():
        parts.append(f"## Output of step {step}\n{_text_of(output)[:MAX_CONTEXT_CHARS]}")
    return "\n\n".join(parts) if parts else "(no context)"


def llm_prompt(
    purpose: str, options: dict[str, Any], inputs: dict[str, Any], results: dict[str, Any]
) -> tuple[str, str]:
    """``(system, prompt)`` for an ``llm`` step of ``purpose``."""
    system = str(options.get("prompt") or INSTRUCTIONS.get(purpose, INSTRUCTIONS["custom"]))
    return system, context_block(inputs, results)


def agent_prompt(options: dict[str, Any], inputs: dict[str, Any], results: dict[str, Any]) -> str:
    """The coding agent's prompt: the instruction, then the task and the plan."""
    instruction = str(options.get("prompt") or AGENT_INSTRUCTION)
    return f"{instruction}\n\n{context_block(inputs, results)}"
