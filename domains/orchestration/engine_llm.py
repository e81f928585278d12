"""The ``llm`` step: one real call to the provider the project names, or the first active.

The provider is the project's ``llm_provider`` setting when it names one with an active
credential, else the first active of anthropic, openai, google. The answer is redacted
by the client before it is stored; tokens and cost are recorded as the step's cost. A
rate limit is retried after the provider's ``retry-after`` by the step's retry policy.
"""

from __future__ import annotations

from domains.orchestration.engine_prompts import llm_prompt
from domains.orchestration.engine_types import (
    DEFAULT_TIMEOUT_S,
    ArtifactOut,
    StepContext,
    StepOutcome,
    failed,
)
from domains.orchestration.errors import LlmProviderFailed, LlmRateLimited
from domains.orchestration.llm import LLM_PROVIDERS, LlmRequest, complete
from domains.setup.service import active_credential

# Purposes whose answer is worth keeping as a report artifact of the run.
REPORTED = {"plan": "plan", "diagnose": "diagnosis", "review": "review"}


async def llm_provider_for(sc: StepContext) -> tuple[str, str] | None:
    """``(provider, secret)`` the step calls: the project's ``llm_provider`` when it has an
    active credential, else the first active of anthropic, openai, google; ``None`` when
    none is active."""
    preferred = sc.project_settings.get("llm_provider")
    order = list(LLM_PROVIDERS)
    if isinstance(preferred, str) and preferred in order:
        order.remove(preferred)
        order.insert(0, preferred)
    async with sc.runtime.db.connection() as conn:
        return await active_credential(conn, sc.runtime, providers=order)


async def run_llm(sc: StepContext) -> StepOutcome:
    """Ask the provider, with the prompt built from the run's inputs and earlier outputs."""
    found = await llm_provider_for(sc)
    if found is None:
        return failed(
            "provider_error",
            "no LLM provider credential is active",
            remediation="store and verify an anthropic, openai or google credential "
            "(setup.set_provider_credential, setup.verify_provider_credential)",
        )
    purpose = str(sc.options.get("purpose") or "custom")
    system, prompt = llm_prompt(purpose, sc.options, sc.run.inputs, sc.results_before())
    return await ask_llm(sc, found, purpose=purpose, system=system, prompt=prompt)


async def ask_llm(
    sc: StepContext, found: tuple[str, str], *, purpose: str, system: str, prompt: str
) -> StepOutcome:
    """One call to ``found``'s provider as the step's attempt: the answer (redacted) as
    ``text`` with tokens and cost, or the typed failure the retry policy reads."""
    runtime = sc.runtime
    provider, secret = found
    model = sc.options.get("model")
    request = LlmRequest(
        system=system,
        prompt=prompt,
        model=str(model) if model else None,
        max_tokens=int(sc.options.get("max_tokens") or 4096),
    )
    try:
        answer = await complete(
            runtime.settings,
            provider=provider,
            secret=secret,
            request=request,
            redactor=runtime.redactor,
            timeout_s=float(sc.options.get("timeout_s") or DEFAULT_TIMEOUT_S["llm"]),
        )
    except LlmRateLimited as exc:
        data = exc.data()
        return failed(
            "rate_limited",
            str(data.get("reason") or f"{provider} is rate limiting"),
            retryable=True,
            retry_after_s=float(data.get("retry_after_s") or 0),
        )
    except LlmProviderFailed as exc:
        data = exc.data()
        status = data.get("status")
        # A server-side failure may pass; a refused request (4xx) will not.
        return failed(
            "provider_error",
            str(data.get("reason") or exc.message),
            retryable=status is None or int(status) >= 500,
            remediation="check the provider credential (setup.verify_provider_credential)",
        )
    output = {
        "purpose": purpose,
        "text": answer.text,
        "provider": answer.provider,
        "model": answer.model,
        "input_tokens": answer.input_tokens,
        "output_tokens": answer.output_tokens,
        "cost_usd": answer.cost_usd,
    }
    artifacts: tuple[ArtifactOut, ...] = ()
    if purpose in REPORTED:
        artifacts = (
            ArtifactOut(
                kind="report",
                name=REPORTED[purpose],
                content=answer.text,
                content_type="text/markdown",
                metadata={"step": sc.step.name, "provider": provider, "model": answer.model},
            ),
        )
    return StepOutcome(
        status="completed", output=output, cost_usd=answer.cost_usd, artifacts=artifacts
    )
