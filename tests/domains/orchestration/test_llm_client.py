"""The LLM client against a local server speaking the providers' APIs (real HTTP, no mocks)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from domains.orchestration import llm
from domains.orchestration.errors import LlmProviderFailed, LlmRateLimited
from rpc.errors import ValidationFailed
from rpc.redaction import MASK, Redactor
from rpc.settings import Settings
from tests.fakes.llm_server import (
    VALID_ANTHROPIC,
    VALID_GOOGLE,
    VALID_KEYS,
    VALID_OPENAI,
    FakeLlm,
    llm_server,
)

SYSTEM = "You are a careful planner."
PROMPT = "Fix the crash in the parser\nIt fails on empty input."


@pytest.fixture
async def fake() -> AsyncIterator[FakeLlm]:
    async with llm_server() as server:
        yield server


@pytest.fixture
def settings(fake: FakeLlm) -> Settings:
    base = fake.base_url
    return Settings(anthropic_base_url=base, openai_base_url=base, google_base_url=base)


async def ask(
    settings: Settings,
    provider: str,
    *,
    secret: str | None = None,
    model: str | None = None,
    redactor: Redactor | None = None,
    timeout_s: float = 5.0,
) -> llm.LlmAnswer:
    return await llm.complete(
        settings,
        provider=provider,
        secret=VALID_KEYS[provider] if secret is None else secret,
        request=llm.LlmRequest(system=SYSTEM, prompt=PROMPT, model=model, max_tokens=512),
        redactor=redactor or Redactor(),
        timeout_s=timeout_s,
    )


def usage_of(text: str) -> tuple[int, int]:
    """The fake's usage numbers for SYSTEM + PROMPT and an answer ``text``."""
    return len(SYSTEM + PROMPT) // 4, len(text) // 4


async def test_anthropic_messages_call(settings: Settings, fake: FakeLlm) -> None:
    fake.add_answers("Step 1: guard the empty case.")
    answer = await ask(settings, "anthropic")
    assert answer.text == "Step 1: guard the empty case."
    assert answer.provider == "anthropic"
    assert answer.model == llm.DEFAULT_MODELS["anthropic"]
    assert (answer.input_tokens, answer.output_tokens) == usage_of(answer.text)
    per_in, per_out = llm.PRICES["claude-sonnet-4"]
    assert answer.cost_usd == pytest.approx(
        (answer.input_tokens * per_in + answer.output_tokens * per_out) / 1e6
    )
    [sent] = fake.requests
    assert (sent.path, sent.query) == ("/v1/messages", "")
    assert sent.headers["anthropic-version"] == llm.ANTHROPIC_VERSION
    assert sent.headers["content-type"] == "application/json"
    assert sent.json == {
        "model": llm.DEFAULT_MODELS["anthropic"],
        "max_tokens": 512,
        "system": SYSTEM,
        "messages": [{"role": "user", "content": PROMPT}],
    }
    assert VALID_ANTHROPIC not in str(sent)


async def test_openai_chat_completions_call(settings: Settings, fake: FakeLlm) -> None:
    answer = await ask(settings, "openai", model="gpt-4o-mini")
    # Nothing queued: the fake answers from the prompt's first line.
    assert answer.text == "PLAN: Fix the crash in the parser"
    assert (answer.provider, answer.model) == ("openai", "gpt-4o-mini")
    assert (answer.input_tokens, answer.output_tokens) == usage_of(answer.text)
    per_in, per_out = llm.PRICES["gpt-4o-mini"]
    assert answer.cost_usd == pytest.approx(
        (answer.input_tokens * per_in + answer.output_tokens * per_out) / 1e6
    )
    [sent] = fake.requests
    assert (sent.path, sent.query) == ("/v1/chat/completions", "")
    assert sent.json == {
        "model": "gpt-4o-mini",
        "max_tokens": 512,
        "messages": [
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": PROMPT},
        ],
    }
    assert VALID_OPENAI not in str(sent)


async def test_google_generate_content_call(settings: Settings, fake: FakeLlm) -> None:
    fake.add_answers("a plan")
    answer = await ask(settings, "google")
    assert (answer.text, answer.provider) == ("a plan", "google")
    assert answer.model == "gemini-2.5-flash"
    assert (answer.input_tokens, answer.output_tokens) == usage_of("a plan")
    assert answer.cost_usd > 0
    [sent] = fake.requests
    # The key goes in x-goog-api-key, never in ?key=.
    assert (sent.path, sent.query) == ("/v1beta/models/gemini-2.5-flash:generateContent", "")
    assert sent.json == {
        "systemInstruction": {"parts": [{"text": SYSTEM}]},
        "contents": [{"role": "user", "parts": [{"text": PROMPT}]}],
        "generationConfig": {"maxOutputTokens": 512},
    }
    assert VALID_GOOGLE not in str(sent)


async def test_an_unpriced_model_costs_nothing(settings: Settings) -> None:
    answer = await ask(settings, "openai", model="my-local-model")
    assert answer.model == "my-local-model"
    assert answer.cost_usd == 0.0


def test_prices_match_the_longest_prefix() -> None:
    assert llm.price_of("gpt-4.1-mini-2025-04-14", 1_000_000, 0) == pytest.approx(0.4)
    assert llm.price_of("gpt-4.1-2025-04-14", 1_000_000, 0) == pytest.approx(2.0)
    assert llm.price_of("claude-opus-4-5-20251101", 0, 1_000_000) == pytest.approx(25.0)
    assert llm.price_of("claude-opus-4-1", 0, 1_000_000) == pytest.approx(75.0)
    assert llm.price_of("unknown", 10, 10) == 0.0


async def test_queued_answers_are_taken_in_order(settings: Settings, fake: FakeLlm) -> None:
    fake.add_answers("one", "two")
    assert [(await ask(settings, "anthropic")).text for _ in range(3)] == [
        "one",
        "two",
        "PLAN: Fix the crash in the parser",
    ]


@pytest.mark.parametrize("provider", llm.LLM_PROVIDERS)
async def test_a_wrong_key_fails_without_the_key(settings: Settings, provider: str) -> None:
    # No token shape, unknown to the redactor: only the client's own scrub can mask it.
    wrong = "plainwrongkey0123456789"
    with pytest.raises(LlmProviderFailed) as caught:
        await ask(settings, provider, secret=wrong)
    data = caught.value.data()
    assert data["provider"] == provider
    assert data["status"] == (400 if provider == "google" else 401)
    assert wrong not in data["reason"]
    assert wrong[:8] not in str(caught.value)


async def test_openai_echoing_the_key_is_scrubbed(settings: Settings) -> None:
    wrong = "sk-proj-wrong-key-abcdefghijklmnop0123456789"
    with pytest.raises(LlmProviderFailed) as caught:
        await ask(settings, "openai", secret=wrong)
    reason = caught.value.data()["reason"]
    assert reason.startswith("openai answered HTTP 401: invalid_request_error: Incorrect API key")
    assert MASK in reason
    assert "wrong-key" not in reason


@pytest.mark.parametrize("provider", llm.LLM_PROVIDERS)
async def test_429_is_rate_limited_with_retry_after(
    settings: Settings, fake: FakeLlm, provider: str
) -> None:
    fake.fail_next(429, retry_after=17)
    with pytest.raises(LlmRateLimited) as caught:
        await ask(settings, provider)
    assert caught.value.kind == "rate_limited"
    data = caught.value.data()
    assert (data["retry_after_s"], data["provider"]) == (17, provider)
    assert "429" in data["reason"]
    # The limit was for one call only.
    assert (await ask(settings, provider)).text


async def test_429_without_a_delay_waits_the_default(settings: Settings, fake: FakeLlm) -> None:
    fake.fail_next(429)
    with pytest.raises(LlmRateLimited) as caught:
        await ask(settings, "anthropic")
    assert caught.value.data()["retry_after_s"] == llm.DEFAULT_RETRY_AFTER_S


@pytest.mark.parametrize(
    ("provider", "status"),
    [("anthropic", 500), ("anthropic", 529), ("openai", 500), ("google", 503), ("openai", 400)],
)
async def test_a_refusal_or_server_error_fails(
    settings: Settings, fake: FakeLlm, provider: str, status: int
) -> None:
    fake.fail_next(status, message="something broke")
    with pytest.raises(LlmProviderFailed) as caught:
        await ask(settings, provider)
    assert caught.value.kind == "provider_error"
    data = caught.value.data()
    assert data["status"] == status
    assert data["reason"].startswith(f"{provider} answered HTTP {status}: ")
    assert data["reason"].endswith("something broke")


async def test_a_long_error_is_cut_after_redaction(settings: Settings, fake: FakeLlm) -> None:
    fake.fail_next(500, message="x" * 5000)
    with pytest.raises(LlmProviderFailed) as caught:
        await ask(settings, "anthropic")
    assert len(caught.value.data()["reason"]) == llm.MAX_REASON


async def test_no_answer_in_time_fails_naming_the_provider(
    settings: Settings, fake: FakeLlm
) -> None:
    fake.stall_next()
    with pytest.raises(LlmProviderFailed) as caught:
        await ask(settings, "anthropic", timeout_s=0.2)
    assert caught.value.data() == {
        "provider": "anthropic",
        "status": None,
        "reason": "anthropic did not answer in time",
    }


async def test_an_unreachable_provider_fails() -> None:
    async with llm_server() as gone:
        base = gone.base_url
    settings = Settings(anthropic_base_url=base)
    with pytest.raises(LlmProviderFailed) as caught:
        await ask(settings, "anthropic")
    assert caught.value.data()["reason"].startswith("could not reach anthropic")


async def test_an_answer_without_text_fails(settings: Settings, fake: FakeLlm) -> None:
    fake.add_answers("   ")
    with pytest.raises(LlmProviderFailed) as caught:
        await ask(settings, "openai")
    assert caught.value.data()["reason"] == "openai answered HTTP 200 without text (stop)"


async def test_secrets_in_an_answer_are_redacted(settings: Settings, fake: FakeLlm) -> None:
    known = "hunter2-database-password"
    fake.add_answers(f"use {known} and {VALID_ANTHROPIC} and ghp_{'a' * 36}")
    answer = await ask(settings, "anthropic", redactor=Redactor(known=[known]))
    assert answer.text == f"use {MASK} and {MASK} and {MASK}"


async def test_an_unknown_provider_is_refused(settings: Settings) -> None:
    with pytest.raises(ValidationFailed):
        await llm.complete(
            settings,
            provider="github_pat",
            secret="x",
            request=llm.LlmRequest(system="", prompt="hi"),
            redactor=Redactor(),
            timeout_s=1.0,
        )
