"""Pure retry decisions: backoff shape and Retry-After parsing."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from confirma_async import ConfirmaValueError, RetryPolicy
from confirma_async._core.retry import parse_retry_after

NOW = datetime(2026, 11, 1, 12, 0, 0, tzinfo=timezone.utc)


def test_backoff_is_full_jitter_below_the_exponential_ceiling() -> None:
    policy = RetryPolicy(backoff_base=0.5, backoff_cap=8.0)
    for retry, ceiling in [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0)]:
        waits = [policy.backoff(retry) for _ in range(200)]
        assert all(0.0 <= wait <= ceiling for wait in waits)
        assert max(waits) > ceiling / 2  # jitter spreads over the range, not a constant


def test_backoff_is_capped() -> None:
    policy = RetryPolicy(backoff_base=0.5, backoff_cap=3.0)
    assert all(policy.backoff(30) <= 3.0 for _ in range(200))


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        pytest.param("120", 120.0, id="delta-seconds"),
        pytest.param("Sun, 01 Nov 2026 12:00:30 GMT", 30.0, id="http-date"),
        pytest.param("Sun, 01 Nov 2026 11:00:00 GMT", 0.0, id="date-in-the-past-means-now"),
        pytest.param("-5", 0.0, id="negative-delta-means-now"),
    ],
)
def test_retry_after_is_read_as_seconds(value: str, seconds: float) -> None:
    assert parse_retry_after(value, now=NOW) == seconds


@pytest.mark.parametrize("value", ["soon", "", None, "nan"])
def test_retry_after_garbage_is_ignored(value: str | None) -> None:
    assert parse_retry_after(value) is None


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"backoff_base": -1}, "retry_policy.backoff_base"),
        ({"backoff_cap": float("nan")}, "retry_policy.backoff_cap"),
        ({"max_retry_after": "60"}, "retry_policy.max_retry_after"),
        ({"deadline": 0}, "retry_policy.deadline"),
    ],
)
def test_invalid_retry_policy_names_the_field(options: dict[str, object], field: str) -> None:
    with pytest.raises(ConfirmaValueError, match=field):
        RetryPolicy(**options)  # type: ignore[arg-type]
