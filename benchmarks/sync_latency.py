"""Sync facade latency child of ``make bench``: one ``cases.get`` at a time, async and sync.

In one fresh process (another source tree can be put first on ``PYTHONPATH``), alternating
in ``ROUNDS`` sub-rounds of ``COUNT`` calls each: the async client's ``cases.get`` awaited
one after another on one loop, the sync client's ``cases.get`` called one after another,
and the cross-thread floor: two threads handing a token back and forth through two
``queue.SimpleQueue``s (one round trip = two thread hand-offs, what a call through a loop
thread needs at the least). Also ``inline``: the async client's ``cases.get`` driven one
call at a time by ``loop.run_until_complete`` in the calling thread, what a sync call
costs without any hop to another thread. Prints one JSON line of medians, in
microseconds per call.

    python -m benchmarks.sync_latency URL COUNT ROUNDS
"""

from __future__ import annotations

import asyncio
import json
import queue
import statistics
import sys
import threading
import time

import confirma_async
from confirma_async import AsyncConfirmaClient, ConfirmaClient

API_KEY = "bench-key"


def ping_pong(count: int) -> float:
    """Seconds per round trip between two threads through two SimpleQueues."""
    there: queue.SimpleQueue[int | None] = queue.SimpleQueue()
    back: queue.SimpleQueue[int] = queue.SimpleQueue()

    def other() -> None:
        while (token := there.get()) is not None:
            back.put(token)

    thread = threading.Thread(target=other)
    thread.start()
    for _ in range(50):
        there.put(1)
        back.get()
    started = time.perf_counter()
    for _ in range(count):
        there.put(1)
        back.get()
    elapsed = time.perf_counter() - started
    there.put(None)
    thread.join()
    return elapsed / count


def main() -> None:
    url, count, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    loop = asyncio.new_event_loop()
    aclient = AsyncConfirmaClient(api_key=API_KEY, base_url=url)
    sclient = ConfirmaClient(api_key=API_KEY, base_url=url)

    async def async_calls(n: int) -> float:
        started = time.perf_counter()
        for key in range(1, n + 1):
            await aclient.cases.get(key)
        return (time.perf_counter() - started) / n

    def sync_calls(n: int) -> float:
        started = time.perf_counter()
        for key in range(1, n + 1):
            sclient.cases.get(key)
        return (time.perf_counter() - started) / n

    def inline_calls(n: int) -> float:
        started = time.perf_counter()
        for key in range(1, n + 1):
            loop.run_until_complete(aclient.cases.get(key))
        return (time.perf_counter() - started) / n

    try:
        loop.run_until_complete(async_calls(50))  # warm: connection, decoders
        sync_calls(50)
        samples: dict[str, list[float]] = {"async": [], "sync": [], "inline": [], "floor": []}
        for r in range(rounds):
            order = ["async", "sync", "inline"]
            for name in order[r % 3:] + order[: r % 3]:
                if name == "async":
                    samples[name].append(loop.run_until_complete(async_calls(count)))
                elif name == "sync":
                    samples[name].append(sync_calls(count))
                else:
                    samples[name].append(inline_calls(count))
            samples["floor"].append(ping_pong(count))
    finally:
        sclient.close()
        loop.run_until_complete(aclient.close())
        loop.close()
    medians = {name: statistics.median(values) * 1e6 for name, values in samples.items()}
    print(json.dumps({**medians, "sdk_path": confirma_async.__path__[0]}))


if __name__ == "__main__":
    main()
