"""The transport alone against raw aiohttp, in one process: client CPU per request.

One event loop, one raw ``aiohttp.ClientSession`` (``await resp.json()``) and one
``AsyncConfirmaClient`` (``client.request("GET", path, params=...)``, the escape hatch),
both warmed up, then ``rounds`` rounds of N requests at concurrency 32 each, alternating
which goes first. Per round: CPU time per request of each (``time.process_time``) and
their difference; the figures are medians and min / median / max over rounds. Sharing one
process and loop takes process start-up and heap layout out of the comparison, so the
difference is steadier than the grid's on a busy machine.

    python -m benchmarks.transport_cpu [--rounds 10] [--n 2000]

Run it from another source tree's folder with this one on ``PYTHONPATH`` to measure that
tree's SDK (``python -m`` puts the working directory first).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp

import confirma_async
from confirma_async import AsyncConfirmaClient

from .grid import API_KEY, CASES_PATH, HEADERS
from .run import Server, spread

CONCURRENCY = 32


async def _pool(n: int, fetch: Callable[[int], Awaitable[Any]]) -> None:
    keys = iter(range(1, n + 1))

    async def worker() -> None:
        for key in keys:
            await fetch(key)

    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))


async def measure(url: str, rounds: int, n: int) -> tuple[list[float], list[float]]:
    """CPU us per request of the raw loop and of the transport, one figure per round."""
    raw_us: list[float] = []
    sdk_us: list[float] = []
    endpoint = url + CASES_PATH
    connector = aiohttp.TCPConnector(limit=CONCURRENCY)
    async with aiohttp.ClientSession(connector=connector, headers=HEADERS) as session, \
            AsyncConfirmaClient(api_key=API_KEY, base_url=url,
                                max_concurrency=CONCURRENCY) as client:

        async def raw(key: int) -> Any:
            async with session.get(endpoint, params={"caseId": key}) as resp:
                resp.raise_for_status()
                return await resp.json()

        async def sdk(key: int) -> Any:
            return await client.request("GET", CASES_PATH, params={"caseId": key})

        await _pool(CONCURRENCY, raw)
        await _pool(CONCURRENCY, sdk)
        for r in range(rounds):
            pair = [(raw, raw_us), (sdk, sdk_us)]
            for fetch, out in pair if r % 2 == 0 else pair[::-1]:
                gc.collect()
                cpu = time.process_time()
                await _pool(n, fetch)
                out.append((time.process_time() - cpu) / n * 1e6)
    return raw_us, sdk_us


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.transport_cpu")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--n", type=int, default=2000)
    args = parser.parse_args()
    server = Server()
    try:
        raw_us, sdk_us = asyncio.run(measure(server.url, args.rounds, args.n))
    finally:
        server.close()
    extra = [b - a for a, b in zip(raw_us, sdk_us, strict=True)]
    ratio = [a / b for a, b in zip(raw_us, sdk_us, strict=True)]
    print(f"SDK: {confirma_async.__path__[0]}; {args.rounds} rounds of {args.n:,} requests "
          f"at concurrency {CONCURRENCY}")
    print(f"CPU us/request (median): raw aiohttp dicts {statistics.median(raw_us):.1f}, "
          f"transport {statistics.median(sdk_us):.1f}")
    print(f"transport - raw us/request (min / median / max): {spread(extra, 1)}")
    print(f"CPU ratio raw / transport (min / median / max): {spread(ratio)}")


if __name__ == "__main__":
    main()
