"""The per-process throttle on failed webhook attempts."""

from __future__ import annotations

from domains.github.service_intake import FailureThrottle


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_throttles_after_the_limit_within_the_window_then_forgets() -> None:
    clock = Clock()
    throttle = FailureThrottle(limit=3, window_s=60, clock=clock)
    for _ in range(2):
        throttle.record_failure("10.0.0.1")
    assert throttle.retry_after_s("10.0.0.1") is None
    throttle.record_failure("10.0.0.1")
    assert throttle.retry_after_s("10.0.0.1") == 61
    assert throttle.retry_after_s("10.0.0.2") is None
    clock.now += 30
    assert throttle.retry_after_s("10.0.0.1") == 31
    clock.now += 30
    assert throttle.retry_after_s("10.0.0.1") is None


def test_memory_is_bounded() -> None:
    throttle = FailureThrottle(limit=1, window_s=60, clock=Clock(), max_clients=100)
    for n in range(1000):
        throttle.record_failure(f"10.0.{n // 256}.{n % 256}")
    assert len(throttle._failures) == 100
    assert throttle.retry_after_s("10.0.3.231") is not None  # the most recent is kept
    assert throttle.retry_after_s("10.0.0.0") is None  # the oldest was forgotten
