"""When to retry and how long to wait. Pure decisions; the transport does the waiting."""

from __future__ import annotations

import random
import ssl
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Final

import attrs

from .._config import DEFAULT_DEADLINE, DEFAULT_MAX_RETRY_AFTER
from .._errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    ConfirmaError,
    ConfirmaValueError,
)

__all__ = [
    "RetryPolicy",
    "Retry",
    "RETRYABLE_STATUSES",
    "parse_retry_after",
    "IDEMPOTENT_METHODS",
]

#: Statuses worth another try for an idempotent request.
RETRYABLE_STATUSES: Final = frozenset({408, 429, 500, 502, 503, 504})
IDEMPOTENT_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


@attrs.frozen
class Retry:
    """Try again after ``delay`` seconds, because of ``reason`` (as hooks and logs show it)."""

    reason: str
    delay: float


@attrs.frozen
class RetryPolicy:
    """Backoff settings. ``max_retries`` lives on the client; this is the shape of the waits.

    Waits are exponential with full jitter: attempt *n* sleeps a random time in
    ``[0, min(backoff_cap, backoff_base * 2**n)]``, or the server's ``Retry-After``.
    """

    backoff_base: float = 0.5
    backoff_cap: float = 8.0
    #: A ``Retry-After`` longer than this raises ``RateLimitError`` instead of sleeping.
    max_retry_after: float = DEFAULT_MAX_RETRY_AFTER
    #: Overall time budget of one call across all attempts and waits, in seconds.
    deadline: float = DEFAULT_DEADLINE

    def __attrs_post_init__(self) -> None:
        for name in ("backoff_base", "backoff_cap", "max_retry_after"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
                raise ConfirmaValueError(f"retry_policy.{name}", "must be a number >= 0")
        deadline = self.deadline
        if isinstance(deadline, bool) or not isinstance(deadline, (int, float)) or not deadline > 0:
            raise ConfirmaValueError("retry_policy.deadline", "must be a number of seconds > 0")

    def backoff(self, retry_number: int) -> float:
        """Seconds to wait before retry ``retry_number`` (1-based)."""
        ceiling = min(self.backoff_cap, self.backoff_base * (2 ** (retry_number - 1)))
        return random.uniform(0, ceiling)

    def decide(
        self,
        error: ConfirmaError,
        *,
        attempt: int,
        max_retries: int,
        idempotent: bool,
        retry_after: float | None = None,
        remaining: float,
    ) -> Retry | None:
        """Whether a call whose attempt number ``attempt`` failed with ``error`` is tried
        again, and after how long; ``None`` means the error is final.

        ``idempotent``: the call may run twice (GET), else it is re-sent only when it
        provably never reached the server. ``retry_after``: the answer's ``Retry-After`` in
        seconds. ``remaining``: seconds left of the call's deadline. Every attempt counts:
        ``max_retries=N`` allows N+1 attempts, whatever went wrong.
        """
        reason = retry_reason(error, idempotent=idempotent)
        if reason is None or attempt > max_retries:
            return None
        if retry_after is not None and retry_after > self.max_retry_after:
            return None  # waiting an hour inside a call helps nobody: let the caller decide
        delay = retry_after if retry_after is not None else self.backoff(attempt)
        if delay >= remaining:
            return None
        return Retry(reason, delay)


def retry_reason(error: ConfirmaError, *, idempotent: bool) -> str | None:
    """Why ``error`` is worth another attempt (in words), or ``None`` if it is not."""
    if isinstance(error, APIStatusError):
        # A write that got any answer may have been processed: never re-sent.
        if idempotent and error.status in RETRYABLE_STATUSES:
            return f"status {error.status}"
        return None
    if not isinstance(error, APIConnectionError):
        return None  # e.g. a body that does not decode: the same body would come back
    if isinstance(error.__cause__, ssl.CertificateError):
        return None  # a certificate that does not verify will not verify next time
    if not error.may_have_reached_server:
        return f"{error.reason} (before sending)"
    if not idempotent:
        return None
    return "timeout" if isinstance(error, APITimeoutError) else error.reason


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds: delta-seconds or an HTTP-date; ``None`` when absent or bad."""
    if not value:
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        seconds = (when - (now or datetime.now(timezone.utc))).total_seconds()
    if seconds != seconds:  # NaN
        return None
    return max(0.0, seconds)
