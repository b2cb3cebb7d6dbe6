"""GC child of ``make bench``: garbage-collector time while ``get_many`` holds N results.

Runs one variant in a fresh process (so every variant starts from the same heap) and
prints one JSON line: the time spent in collections (``gc.callbacks``, per generation)
divided by N, collection counts, tracked objects per held result, client CPU per case.

    python -m benchmarks.gc_held URL N VARIANT

Variants: ``sdk`` (``cases.get_many`` as is), ``sdk-freeze`` (the README recipe:
``gc.freeze()`` every 1,000 results from ``on_progress``), ``sdk-disabled`` (collector off
for the call), ``raw`` (hand-written aiohttp loop holding the JSON dicts).
"""

from __future__ import annotations

import asyncio
import gc
import json
import sys
import time
from typing import Any

import aiohttp

import confirma_async
from confirma_async import AsyncConfirmaClient

API_KEY = "bench-key"
CASES_PATH = "/api/v1/partner/invoice/case"
CONCURRENCY = 32
FREEZE_EVERY = 1000


class GCClock:
    """Adds up the time of every collection, per generation (a ``gc.callbacks`` entry)."""

    def __init__(self) -> None:
        self.seconds = [0.0, 0.0, 0.0]
        self.count = [0, 0, 0]
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            generation = info["generation"]
            self.seconds[generation] += time.perf_counter() - self._started
            self.count[generation] += 1


def freeze_every(n: int) -> Any:
    """The README recipe: hand what is held so far to the permanent generation."""

    def on_progress(done: int, total: int | None, failed: int) -> None:
        if done % n == 0:
            gc.freeze()

    return on_progress


async def sdk(url: str, n: int, variant: str) -> int:
    async with AsyncConfirmaClient(
        api_key=API_KEY, base_url=url, max_concurrency=CONCURRENCY
    ) as client:
        await client.cases.get_many(range(1, CONCURRENCY + 1))
        hook = freeze_every(FREEZE_EVERY) if variant == "sdk-freeze" else None
        if variant == "sdk-disabled":
            gc.disable()
        try:
            result = await client.cases.get_many(range(1, n + 1), on_progress=hook)
        finally:
            gc.enable()
        assert len(result.succeeded) == n
        return _tracked(result.succeeded.values())


async def raw(url: str, n: int) -> int:
    headers = {"X-Api-Key": API_KEY, "Accept": "application/json"}
    connector = aiohttp.TCPConnector(limit=CONCURRENCY)
    async with aiohttp.ClientSession(connector=connector, headers=headers) as session:
        keys = iter(range(1, n + 1))
        held: dict[int, Any] = {}

        async def worker() -> None:
            for key in keys:
                async with session.get(url + CASES_PATH, params={"caseId": key}) as resp:
                    held[key] = await resp.json()

        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
        assert len(held) == n
        return _tracked(held.values())


def _tracked(results: Any) -> int:
    """GC-tracked objects reachable from the held results (containers and instances)."""
    seen: set[int] = set()
    stack = list(results)
    while stack:
        obj = stack.pop()
        if id(obj) in seen or not gc.is_tracked(obj) or isinstance(obj, type):
            continue  # (an instance's referents include its class: not part of the result)
        seen.add(id(obj))
        stack.extend(gc.get_referents(obj))
    return len(seen)


def main() -> None:
    url, n, variant = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    clock = GCClock()
    gc.collect()
    gc.callbacks.append(clock)
    cpu = time.process_time()
    try:
        tracked = asyncio.run(raw(url, n) if variant == "raw" else sdk(url, n, variant))
    finally:
        cpu = time.process_time() - cpu
        gc.callbacks.remove(clock)
        gc.unfreeze()
    print(json.dumps({
        "variant": variant, "n": n,
        "gc_us": sum(clock.seconds) / n * 1e6,
        "gen2_us": clock.seconds[2] / n * 1e6,
        "collections": clock.count,
        "tracked_per_result": tracked / n,
        "cpu_us": cpu / n * 1e6,
        "sdk_path": confirma_async.__path__[0],
    }))


if __name__ == "__main__":
    main()
