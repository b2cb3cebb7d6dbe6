"""The client-wide adaptive limiter: hard cap, AIMD on throttling, and its wire effect."""

from __future__ import annotations

import asyncio
import time

import pytest

from confirma_async import RateLimitError
from confirma_async._core.limits import AdaptiveLimiter
from tests.faultserver import Fault, FaultServer, Hit, make_client, server

__all__ = ["server"]


async def test_limiter_never_grants_more_than_max_concurrency() -> None:
    limiter = AdaptiveLimiter(3)
    tokens = [await limiter.acquire() for _ in range(3)]
    fourth = asyncio.ensure_future(limiter.acquire())
    await asyncio.sleep(0)
    assert not fourth.done()
    limiter.release(tokens[0], ok=True)
    await asyncio.sleep(0)
    assert fourth.done()
    assert limiter.in_flight == 3


async def test_a_free_slot_is_taken_at_once_but_never_past_the_cap_or_a_pause() -> None:
    limiter = AdaptiveLimiter(2)
    first, second = limiter.try_acquire(), limiter.try_acquire()
    assert first is not None and second is not None
    assert limiter.try_acquire() is None  # the cap: the caller awaits acquire() instead
    waiting = asyncio.ensure_future(limiter.acquire())
    await asyncio.sleep(0)
    limiter.release(first, ok=True)
    await asyncio.sleep(0)
    assert waiting.done() and limiter.in_flight == 2
    limiter.release(waiting.result(), throttled=True, retry_after=30)
    assert limiter.in_flight == 1 and limiter.try_acquire() is None  # paused by the server
    limiter.release(second, ok=True)


async def test_throttle_halves_the_limit_once_per_round() -> None:
    limiter = AdaptiveLimiter(16)
    tokens = [await limiter.acquire() for _ in range(16)]
    for token in tokens:  # sixteen 429s answered to requests of the same round
        limiter.release(token, throttled=True)
    assert limiter.limit == 8
    assert limiter.throttled == 16


async def test_successes_raise_the_limit_back_gradually() -> None:
    limiter = AdaptiveLimiter(16)
    limiter.release(await limiter.acquire(), throttled=True)
    assert limiter.limit == 8
    for _ in range(17):  # about two rounds of successes add one slot
        limiter.release(await limiter.acquire(), ok=True)
    assert limiter.limit == 9
    for _ in range(400):
        limiter.release(await limiter.acquire(), ok=True)
    assert limiter.limit == 16


async def test_failures_without_an_answer_do_not_change_the_limit() -> None:
    limiter = AdaptiveLimiter(16)
    limiter.release(await limiter.acquire(), throttled=True)
    for _ in range(50):
        limiter.release(await limiter.acquire())
    assert limiter.limit == 8


async def test_limit_never_drops_below_one() -> None:
    limiter = AdaptiveLimiter(4)
    for _ in range(10):
        limiter.release(await limiter.acquire(), throttled=True)
    assert limiter.limit == 1


async def test_non_adaptive_limiter_keeps_its_limit() -> None:
    limiter = AdaptiveLimiter(4, adaptive=False)
    limiter.release(await limiter.acquire(), throttled=True)
    assert limiter.limit == 4


async def test_retry_after_pauses_new_acquisitions() -> None:
    limiter = AdaptiveLimiter(4)
    limiter.release(await limiter.acquire(), throttled=True, retry_after=0.05)
    waiting = asyncio.ensure_future(limiter.acquire())
    await asyncio.sleep(0.01)
    assert not waiting.done()
    limiter.release(await waiting, ok=True)


async def test_cancelled_waiter_gives_up_its_place() -> None:
    limiter = AdaptiveLimiter(1)
    token = await limiter.acquire()
    waiter = asyncio.ensure_future(limiter.acquire())
    await asyncio.sleep(0)
    waiter.cancel()
    await asyncio.gather(waiter, return_exceptions=True)
    limiter.release(token, ok=True)
    assert limiter.in_flight == 0
    limiter.release(await asyncio.wait_for(limiter.acquire(), 1), ok=True)


def throttle_above(server: FaultServer, allowed: int):  # type: ignore[no-untyped-def]
    """A server that answers 429 to any request beyond ``allowed`` at once."""

    def fault(hit: Hit) -> Fault | None:
        if server.in_flight > allowed:
            return Fault(status=429, headers={"Retry-After": "0"})
        return Fault(delay=0.005)

    return fault


async def test_bulk_against_a_throttling_server_finishes_with_few_429s(
    server: FaultServer,
) -> None:
    server.fault = throttle_above(server, 4)
    async with make_client(server, max_concurrency=32, max_retries=5) as client:
        result = await client.cases.get_many(range(1, 501))
    assert result.failed == {}
    # The descent 32 -> 16 -> 8 -> 4 alone costs ~44; without adaptation it is thousands.
    assert server.statuses[429] < 100


async def test_without_adaptation_the_same_bulk_is_a_retry_storm(server: FaultServer) -> None:
    server.fault = throttle_above(server, 4)
    async with make_client(server, max_concurrency=32, max_retries=5) as client:
        client._transport.limiter.adaptive = False
        await client.cases.get_many(range(1, 501))
    assert server.statuses[429] > 500


async def test_a_pause_past_the_deadline_fails_at_once() -> None:
    limiter = AdaptiveLimiter(4)
    limiter.release(await limiter.acquire(), throttled=True, retry_after=30)
    with pytest.raises(TimeoutError):
        await limiter.acquire(deadline=time.monotonic() + 0.05)
    assert limiter.in_flight == 0


async def test_a_retry_after_beyond_the_cap_does_not_stall_other_keys(
    server: FaultServer,
) -> None:
    server.fault = lambda hit: (
        Fault(status=429, headers={"Retry-After": "3600"}) if hit.key == 1 else None
    )
    async with make_client(server, max_concurrency=2) as client:
        # Bounded only so that a regression fails instead of hanging for an hour.
        result = await asyncio.wait_for(client.cases.get_many(range(1, 21)), 30)
    assert isinstance(result.failed[1], RateLimitError)
    assert result.failed[1].retry_after == 3600.0
    assert len(result.succeeded) == 19
