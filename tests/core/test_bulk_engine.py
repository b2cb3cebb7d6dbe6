"""The bulk engine on its own (no HTTP): failure paths that the wire tests cannot reach."""

from __future__ import annotations

import asyncio
import gc

import pytest

from confirma_async import ConfirmaError, NotFoundError
from confirma_async._core.bulk import collect, iter_outcomes
from confirma_async.models.bulk import Failure, Success


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


async def test_collect_keeps_input_order_when_early_keys_finish_last() -> None:
    async def fetch(key: int) -> int:
        await asyncio.sleep(0.03 if key < 3 else 0)  # the first keys finish after the rest
        if key % 5 == 4:
            raise NotFoundError("gone", status=404)
        return key

    result = await collect(range(20), fetch, workers=6)
    assert list(result.succeeded) == [k for k in range(20) if k % 5 != 4]
    assert list(result.failed) == [4, 9, 14, 19]


async def test_collect_holds_no_outcome_object_per_key_while_it_runs() -> None:
    """Until the ``BulkResult`` is built, a finished key costs its value and nothing else
    the collector would have to walk (issue 12: GC time grows with what is held)."""
    wrappers: list[int] = []

    async def fetch(key: int) -> list[int]:
        await asyncio.sleep(0)
        if key == 3:
            raise NotFoundError("gone", status=404)
        return [key]

    def on_progress(done: int, total: int | None, failed: int) -> None:
        if done == total:
            wrappers.append(sum(type(o) in (Success, Failure) for o in gc.get_objects()))

    result = await collect(range(300), fetch, workers=8, on_progress=on_progress)
    assert wrappers == [0]
    assert len(result.succeeded) == 299 and list(result.failed) == [3]


async def test_a_key_wanted_again_while_in_flight_shares_the_fetch_and_its_error() -> None:
    calls: list[int] = []

    async def fetch(key: int) -> int:
        calls.append(key)
        await asyncio.sleep(0.01)
        raise NotFoundError(f"no {key}", status=404)

    outcomes = [o async for o in iter_outcomes([5, 5, 5, 6], fetch, workers=4)]
    assert sorted(calls) == [5, 6]
    assert [o.key for o in outcomes if not o.ok].count(5) == 3
    assert all(str(o.error) == "no 5" for o in outcomes if o.key == 5)
