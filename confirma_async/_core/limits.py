"""The client-wide request limiter: a hard concurrency cap plus AIMD adaptation to 429s.

One limiter per transport, shared by every caller and every bulk call. It never lets more
than ``max_concurrency`` requests be in flight. When the server throttles (429, or 503 with
``Retry-After``) it halves the allowed concurrency (multiplicative decrease, at most once
per round of requests) and pauses new sends until the server's ``Retry-After``; every
successful response then adds ``0.5/limit`` back (additive increase: about one slot
every two rounds), so throughput recovers gradually instead of restarting a retry storm.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque

__all__ = ["AdaptiveLimiter"]

logger = logging.getLogger("confirma_async")


class AdaptiveLimiter:
    """Bounds in-flight requests; the bound adapts to the server's throttling signals.

    ``acquire()`` returns a token (the acquisition time) that the caller hands back to
    ``release()`` together with what the server said, so a burst of 429s answered to
    requests sent *before* the last decrease counts as one signal, not many.
    """

    def __init__(
        self,
        max_concurrency: int,
        *,
        adaptive: bool = True,
        min_concurrency: int = 1,
        decrease_factor: float = 0.5,
        increase: float = 0.5,
    ) -> None:
        self.max_concurrency = max_concurrency
        self.adaptive = adaptive
        self.min_concurrency = max(1, min(min_concurrency, max_concurrency))
        self.decrease_factor = decrease_factor
        #: Slots added back per round of successful requests.
        self.increase = increase
        self._limit = float(max_concurrency)
        #: ``limit`` as computed from ``_limit`` (kept in step by ``_set_limit``).
        self._allowed = max_concurrency
        self._in_flight = 0
        self._waiters: deque[asyncio.Future[None]] = deque()
        self._paused_until = 0.0
        self._last_decrease = -1.0
        #: How many throttling responses the limiter has seen (for observability/tests).
        self.throttled = 0

    def __repr__(self) -> str:
        return (
            f"AdaptiveLimiter(limit={self.limit}, max={self.max_concurrency}, "
            f"in_flight={self._in_flight})"
        )

    @property
    def limit(self) -> int:
        """The number of requests currently allowed in flight."""
        return self._allowed

    def _set_limit(self, limit: float) -> None:
        self._limit = limit
        self._allowed = max(self.min_concurrency, int(limit))

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def try_acquire(self) -> float | None:
        """The token of a slot taken at once, when one is free and the server asked for no
        pause; otherwise ``None`` (then ``await acquire()``). The usual case: no task
        switch, no coroutine."""
        if self._in_flight < self._allowed and not self._waiters:
            now = time.monotonic()
            if now >= self._paused_until:
                self._in_flight += 1
                return now
        return None

    async def acquire(self, deadline: float | None = None) -> float:
        """Wait for a slot (and for any server-requested pause); return the token.

        Raises ``TimeoutError`` if the server's pause lasts past ``deadline`` (a
        ``time.monotonic()`` value): the call could not be sent in time anyway.
        """
        if self._in_flight < self._allowed and not self._waiters:
            self._in_flight += 1
        else:
            waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._waiters.append(waiter)
            try:
                await waiter
            except asyncio.CancelledError:
                if waiter.done() and not waiter.cancelled():
                    # The slot was handed over just as we were cancelled: pass it on.
                    self._release_slot()
                else:
                    with contextlib.suppress(ValueError):
                        self._waiters.remove(waiter)
                raise
        try:
            # A throttling server asked everyone to wait: hold the slot and wait it out.
            while True:
                now = time.monotonic()
                pause = self._paused_until - now
                if pause <= 0:
                    break
                if deadline is not None and self._paused_until >= deadline:
                    raise TimeoutError("the server asked to pause past the call's deadline")
                await asyncio.sleep(pause)
        except BaseException:
            self._release_slot()
            raise
        return time.monotonic()

    def release(
        self,
        token: float,
        *,
        ok: bool = False,
        throttled: bool = False,
        retry_after: float | None = None,
    ) -> None:
        """Give the slot back and feed the limiter what happened.

        ``ok``: the server answered without throttling (the limit may grow back);
        ``throttled``: it answered 429 (or 503 with ``Retry-After``); neither: the attempt
        failed without a usable answer (timeout, reset), which says nothing about load.
        """
        if self.adaptive:
            if throttled:
                self._on_throttle(token, retry_after)
            elif ok and self._limit < self.max_concurrency:
                self._set_limit(
                    min(float(self.max_concurrency), self._limit + self.increase / self._limit)
                )
        self._release_slot()

    def _on_throttle(self, token: float, retry_after: float | None) -> None:
        self.throttled += 1
        now = time.monotonic()
        if retry_after is not None and retry_after > 0:
            self._paused_until = max(self._paused_until, now + retry_after)
        # Responses to requests sent before the last decrease belong to the same round.
        if token > self._last_decrease:
            old = self.limit
            self._set_limit(
                max(float(self.min_concurrency), self._limit * self.decrease_factor)
            )
            self._last_decrease = now
            logger.info(
                "server is throttling: lowering concurrency from %d to %d", old, self.limit
            )

    def _release_slot(self) -> None:
        self._in_flight -= 1
        allowed = self._allowed
        while self._waiters and self._in_flight < allowed:
            waiter = self._waiters.popleft()
            if not waiter.done():
                self._in_flight += 1
                waiter.set_result(None)
