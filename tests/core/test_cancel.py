"""Cancelling a bulk call stops every worker and request; the client stays usable."""

from __future__ import annotations

import asyncio
import gc
import warnings
from pathlib import Path

import confirma_async
from tests.faultserver import Fault, FaultServer, make_client, server

__all__ = ["server"]

PACKAGE_DIR = str(Path(confirma_async.__file__).parent)


def sdk_tasks() -> set[asyncio.Task[object]]:
    """Tasks running SDK code (the server's own tasks share this loop and are ignored)."""
    found = set()
    for task in asyncio.all_tasks():
        code = getattr(task.get_coro(), "cr_code", None)
        if code is not None and PACKAGE_DIR in code.co_filename:
            found.add(task)
    return found


async def wait_for(condition, timeout: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    async def poll() -> None:
        while not condition():
            await asyncio.sleep(0.005)

    await asyncio.wait_for(poll(), timeout)


async def test_cancelling_get_many_stops_workers_and_requests(server: FaultServer) -> None:
    server.fault = lambda hit: Fault(hang=True) if (hit.key or 0) < 1000 else None
    async with make_client(server, max_concurrency=8) as client:
        bulk = asyncio.create_task(client.cases.get_many(range(1, 100_000), concurrency=8))
        await wait_for(lambda: server.in_flight == 8)
        assert len(sdk_tasks()) == 9  # the call and its 8 workers: the probe sees them
        bulk.cancel()
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                await bulk
            except asyncio.CancelledError:
                pass
            gc.collect()
        assert bulk.cancelled()
        # Every worker is gone the moment the cancelled call returns.
        assert sdk_tasks() == set()
        assert client._transport.limiter.in_flight == 0
        # The server sees all eight connections dropped.
        await wait_for(lambda: server.disconnects == 8)
        # Only the first keys were ever requested: the rest of the range was never pulled.
        assert server.requests == 8
        assert (await client.cases.get(123_456)).case_id == 123_456


async def test_breaking_out_of_iter_many_cancels_the_rest(server: FaultServer) -> None:
    server.fault = lambda hit: Fault(hang=True) if (hit.key or 0) > 1 else None
    async with make_client(server, max_concurrency=4) as client:
        outcomes = client.cases.iter_many(range(1, 1000), concurrency=4)
        async for outcome in outcomes:
            assert outcome.key == 1
            break
        await outcomes.aclose()  # type: ignore[attr-defined]
        assert sdk_tasks() == set()
        # Every hanging request (3 or 4, depending on whether the first free worker took
        # another key before the loop broke) is dropped by the client.
        await wait_for(lambda: server.in_flight == 0)
        assert server.disconnects == server.requests - 1
        assert client._transport.limiter.in_flight == 0
        server.fault = lambda hit: None
        assert (await client.cases.get(5000)).case_id == 5000


async def test_timeout_around_a_bulk_call_leaves_nothing_behind(server: FaultServer) -> None:
    server.fault = lambda hit: Fault(hang=True)
    async with make_client(server, max_concurrency=4) as client:
        try:
            await asyncio.wait_for(client.cases.get_many(range(1, 50)), 0.2)
        except asyncio.TimeoutError:
            pass
        assert sdk_tasks() == set()
        assert client._transport.limiter.in_flight == 0
        server.fault = lambda hit: None
        result = await client.cases.get_many(range(1, 10))
        assert len(result.succeeded) == 9


async def test_cancelling_one_caller_leaves_another_callers_bulk_running(
    server: FaultServer,
) -> None:
    server.fault = lambda hit: Fault(hang=True) if (hit.key or 0) >= 1000 else Fault(delay=0.01)
    async with make_client(server, max_concurrency=8) as client:
        doomed = asyncio.create_task(client.cases.get_many(range(1000, 1004)))
        survivor = asyncio.create_task(client.cases.get_many(range(1, 41), concurrency=4))
        await wait_for(lambda: server.in_flight >= 4)
        doomed.cancel()
        result = await survivor
        assert doomed.cancelled()
        assert len(result.succeeded) == 40
