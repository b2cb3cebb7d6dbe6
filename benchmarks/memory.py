"""Memory child of ``make bench``: RSS while ``iter_many`` streams N keys (own process).

Imports only the SDK, so the figures are the SDK's. Prints one JSON line.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

from confirma_async import AsyncConfirmaClient

API_KEY = "bench-key"


def rss_kb(field: str = "VmRSS") -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


async def stream(url: str, n: int) -> dict[str, float]:
    ok = 0
    samples: list[int] = []
    async with AsyncConfirmaClient(api_key=API_KEY, base_url=url) as client:
        async for outcome in client.cases.iter_many(range(1, n + 1), concurrency=32):
            ok += outcome.ok
            if ok % 1000 == 0:
                samples.append(rss_kb())
    return {"ok": ok, "warm_kb": samples[0], "max_kb": max(samples), "last_kb": samples[-1]}


def main() -> None:
    url, n = sys.argv[1], int(sys.argv[2])
    started = time.perf_counter()
    result = asyncio.run(stream(url, n))
    result.update(n=n, s=time.perf_counter() - started, hwm_kb=rss_kb("VmHWM"))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
