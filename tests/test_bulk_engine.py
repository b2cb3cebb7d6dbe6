"""The bulk engine on its own (no HTTP): failure paths that the wire tests cannot reach."""

from __future__ import annotations

import asyncio

import pytest

from confirma_async import ConfirmaError, NotFoundError
from confirma_async.core.bulk import collect, iter_outcomes


async def test_a_fetch_cancelled_from_inside_is_raised_not_hung() -> None:
    async def fetch(key: int) -> int:
        if key == 3:
            raise asyncio.CancelledError  # e.g. a misused timeout inside user code
        return key

    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(collect(range(10), fetch, workers=2), 5)


async def test_waiters_on_a_crashed_fetch_let_the_real_error_through() -> None:
    started = asyncio.Event()

    async def fetch(key: int) -> int:
        started.set()
        await asyncio.sleep(0.01)
        raise RuntimeError("bug in fetch")

    with pytest.raises(RuntimeError, match="bug in fetch"):
        await asyncio.wait_for(collect([7, 7, 7], fetch, workers=3), 5)


async def test_confirma_errors_become_outcomes() -> None:
    async def fetch(key: int) -> int:
        if key % 2:
            raise NotFoundError("gone", status=404)
        return key * 10

    outcomes = {o.key: o async for o in iter_outcomes(range(6), fetch, workers=3)}
    assert [k for k, o in sorted(outcomes.items()) if o.ok] == [0, 2, 4]
    assert all(isinstance(o.error, ConfirmaError) for o in outcomes.values() if not o.ok)


async def test_at_most_workers_fetches_run_at_once() -> None:
    running = peak = 0

    async def fetch(key: int) -> int:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.001)
        running -= 1
        return key

    result = await collect(range(200), fetch, workers=7)
    assert len(result.succeeded) == 200
    assert peak == 7
