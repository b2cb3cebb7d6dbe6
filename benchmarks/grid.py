"""Throughput child of ``make bench``: one variant fetching N cases at concurrency C.

Runs in a fresh process (so every variant starts from the same heap, and another source
tree can be put first on ``PYTHONPATH`` to measure it) and prints one JSON line: wall and
client CPU time of the measured run, and the collector's share of it (``gc.callbacks``).
Every variant keeps all N results until the end, as ``get_many`` does.

    python -m benchmarks.grid URL N C VARIANT

Variants:

- ``raw-dicts``: what a user hand-writes: one ``ClientSession``, C workers sharing an
  iterator of ids, ``await resp.json()``.
- ``raw-pydantic``: the same loop, ``PEnvelope.model_validate_json(body)`` (pydantic v2).
- ``raw-decode``: the same loop, the SDK's own decode (``serde.decode`` into the models,
  the case picked out of the envelope): ``get_many`` minus the SDK's layers (transport,
  resource, bulk engine, limiter), so their CPU per case is ``sdk`` minus this.
- ``sdk``: ``client.cases.get_many(ids, concurrency=C)``.
- ``transport``: the raw loop over the escape hatch, ``client.request("GET", path,
  params=...)`` (JSON out, exact Decimals): the transport alone against ``raw-dicts``.
"""

from __future__ import annotations

import asyncio
import gc
import json
import sys
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import aiohttp

import confirma_async
from confirma_async import AsyncConfirmaClient, serde
from confirma_async.models import CaseEnvelope

from .payload import PEnvelope

API_KEY = "bench-key"
CASES_PATH = "/api/v1/partner/invoice/case"
HEADERS = {"X-Api-Key": API_KEY, "Accept": "application/json"}
VARIANTS = ("raw-dicts", "raw-pydantic", "raw-decode", "sdk", "transport")


class GCClock:
    """Adds up the time of every collection (a ``gc.callbacks`` entry)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._started


async def pool(
    keys: Iterable[int], concurrency: int, fetch: Callable[[int], Awaitable[Any]]
) -> dict[int, Any]:
    """``concurrency`` workers sharing one iterator of keys; every result is kept."""
    it = iter(keys)
    held: dict[int, Any] = {}

    async def worker() -> None:
        for key in it:
            held[key] = await fetch(key)

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return held


def raw_fetch(
    session: aiohttp.ClientSession, url: str, variant: str
) -> Callable[[int], Awaitable[Any]]:
    endpoint = url + CASES_PATH

    async def fetch(key: int) -> Any:
        async with session.get(endpoint, params={"caseId": key}) as resp:
            resp.raise_for_status()
            if variant == "raw-dicts":
                return await resp.json()
            body = await resp.read()
        if variant == "raw-pydantic":
            return PEnvelope.model_validate_json(body)
        for case in serde.decode(body, CaseEnvelope).all():
            if case.summary.case_id == key:
                return case
        raise LookupError(key)

    return fetch


async def timed_pool(
    keys: Iterable[int], warm: Iterable[int], c: int,
    fetch: Callable[[int], Awaitable[Any]], clock: GCClock,
) -> tuple[float, float, int]:
    """Warm up, then the measured pool: wall and CPU seconds, and how many it holds."""
    await pool(warm, c, fetch)
    gc.collect()
    gc.callbacks.append(clock)
    started, cpu = time.perf_counter(), time.process_time()
    held = await pool(keys, c, fetch)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    gc.callbacks.remove(clock)
    return wall, cpu, len(held)


async def measure(url: str, n: int, c: int, variant: str) -> dict[str, Any]:
    keys = range(1, n + 1)
    warm = range(1, c + 1)  # opens the connections, builds the decoders
    clock = GCClock()
    if variant == "sdk":
        async with AsyncConfirmaClient(
            api_key=API_KEY, base_url=url, max_concurrency=c
        ) as client:
            await client.cases.get_many(warm, concurrency=c)
            gc.collect()
            gc.callbacks.append(clock)
            started, cpu = time.perf_counter(), time.process_time()
            result = await client.cases.get_many(keys, concurrency=c)
            wall, cpu = time.perf_counter() - started, time.process_time() - cpu
            gc.callbacks.remove(clock)
            done = len(result.succeeded)
    elif variant == "transport":
        async with AsyncConfirmaClient(
            api_key=API_KEY, base_url=url, max_concurrency=c
        ) as client:

            async def fetch(key: int) -> Any:
                return await client.request("GET", CASES_PATH, params={"caseId": key})

            wall, cpu, done = await timed_pool(keys, warm, c, fetch, clock)
    else:
        connector = aiohttp.TCPConnector(limit=c)
        async with aiohttp.ClientSession(connector=connector, headers=HEADERS) as session:
            fetch = raw_fetch(session, url, variant)
            wall, cpu, done = await timed_pool(keys, warm, c, fetch, clock)
    assert done == n, (variant, done, n)
    return {"variant": variant, "n": n, "c": c, "wall_s": wall, "cpu_s": cpu,
            "gc_s": clock.seconds, "sdk_path": confirma_async.__path__[0]}


def main() -> None:
    url, n, c, variant = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    if variant not in VARIANTS:
        raise SystemExit(f"unknown variant {variant!r}; one of {', '.join(VARIANTS)}")
    print(json.dumps(asyncio.run(measure(url, n, c, variant))))


if __name__ == "__main__":
    main()
