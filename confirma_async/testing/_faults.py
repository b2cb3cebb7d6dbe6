"""The fakes' fault knobs: latency, injected statuses, resets, hangs and a rate limit.

``fake.faults`` is a ``Faults``; the request pipeline (``_server.FakeServer``) consults it
before authentication and before any handler runs.
"""

from __future__ import annotations

import fnmatch
import threading
import time

import attrs

__all__ = ["Faults"]


@attrs.define
class _Rule:
    pattern: str
    method: str | None
    kind: str  # "status" | "reset" | "hang"
    status: int = 503
    seconds: float = 0.0
    retry_after: str | None = None
    remaining: int | None = None

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method != method:
            return False
        return fnmatch.fnmatchcase(path, self.pattern)


class Faults:
    """Fault knobs of a fake; change them at any time, also while requests are running.

    - ``latency`` (default ``0.0``): seconds added before every answer.
    - ``fail(path, status=503, *, times=None, method=None, retry_after=None)``: answer
      ``status`` (a 4xx or 5xx, e.g. 500, 503, 429) instead of the real answer, with a
      ``Retry-After`` header when ``retry_after`` is given.
    - ``reset(path, *, times=None, method=None)``: drop the connection (TCP reset)
      without answering.
    - ``hang(path, seconds=30.0, *, times=None, method=None)``: answer only after
      ``seconds`` (to provoke client timeouts); the answer is then the normal one.
    - ``rate_limit`` (default ``None``, off): requests per second; above it the fake
      answers 429 with a ``Retry-After`` saying when a request will pass.
    - ``clear()``: remove every rule, the latency and the rate limit.

    ``path`` is a glob (``"/api/v1/partner/invoice/*"``) matched against the URL path;
    ``method=None`` matches every method. **A rule applies forever** (until ``clear()``)
    unless ``times=N`` limits it to its first N matching requests. When several rules
    match, the oldest one wins. Faults come before authentication: a faulted request
    is answered (or dropped) whatever key it carries.
    """

    def __init__(self) -> None:
        self.latency = 0.0
        self._rules: list[_Rule] = []
        self._lock = threading.Lock()
        self._rate: float | None = None
        self._burst = 1.0
        self._tokens = 0.0
        self._stamp = 0.0
        self._next_slot = 0.0

    def __repr__(self) -> str:
        return (f"Faults(latency={self.latency}, rate_limit={self._rate}, "
                f"rules={len(self._rules)})")

    # --- configuration ----------------------------------------------------------------

    def fail(
        self,
        path: str,
        status: int = 503,
        *,
        times: int | None = None,
        method: str | None = None,
        retry_after: float | str | None = None,
    ) -> None:
        """Answer ``status`` for matching requests (with ``Retry-After`` when given)."""
        if not 400 <= status <= 599:
            raise ValueError("status must be a 4xx or 5xx code")
        self._add(_Rule(path, _method(method), "status", status=status,
                        retry_after=None if retry_after is None else str(retry_after),
                        remaining=times))

    def reset(self, path: str, *, times: int | None = None, method: str | None = None) -> None:
        """Reset the connection of matching requests without an answer."""
        self._add(_Rule(path, _method(method), "reset", remaining=times))

    def hang(
        self, path: str, seconds: float = 30.0, *, times: int | None = None,
        method: str | None = None,
    ) -> None:
        """Delay the answer of matching requests by ``seconds`` (the answer is then normal)."""
        self._add(_Rule(path, _method(method), "hang", seconds=seconds, remaining=times))

    @property
    def rate_limit(self) -> float | None:
        """Allowed requests per second (a token bucket of one second's worth), or ``None``."""
        return self._rate

    @rate_limit.setter
    def rate_limit(self, value: float | None) -> None:
        with self._lock:
            if value is not None and value <= 0:
                raise ValueError("rate_limit must be positive or None")
            self._rate = value
            self._burst = max(1.0, float(value or 1))
            self._tokens = self._burst
            self._stamp = time.monotonic()
            self._next_slot = 0.0

    def clear(self) -> None:
        """Remove every rule, the latency and the rate limit."""
        with self._lock:
            self._rules.clear()
        self.latency = 0.0
        self.rate_limit = None

    # --- used by the server -------------------------------------------------------------

    def _add(self, rule: _Rule) -> None:
        if rule.remaining is not None and rule.remaining < 1:
            raise ValueError("times must be at least 1")
        with self._lock:
            self._rules.append(rule)

    def _match(self, method: str, path: str) -> _Rule | None:
        with self._lock:
            for rule in self._rules:
                if rule.matches(method, path):
                    if rule.remaining is not None:
                        rule.remaining -= 1
                        if rule.remaining == 0:
                            self._rules.remove(rule)
                    return rule
        return None

    def _take_token(self) -> float | None:
        """None when the request may pass, else the seconds until a token is free."""
        with self._lock:
            if self._rate is None:
                return None
            now = time.monotonic()
            self._tokens = min(self._burst, self._tokens + (now - self._stamp) * self._rate)
            self._stamp = now
            if self._tokens >= 1:
                self._tokens -= 1
                return None
            # Each refused request is told a different moment, so retries spread out
            # instead of all coming back at once.
            slot = max(self._next_slot, now + (1 - self._tokens) / self._rate)
            self._next_slot = slot + 1 / self._rate
            return slot - now


def _method(method: str | None) -> str | None:
    return None if method is None else method.upper()
