"""``make bench``: every figure side by side in one run, medians of several rounds.

The server runs in a separate process (``benchmarks.server``). Sections (``--only``):

- ``grid``: issue 12's throughput targets: ``get_many`` against hand-written raw aiohttp
  (dicts, pydantic v2, the SDK's own decode) at concurrency 8/32/256 and 1k/10k/50k keys,
  each run a fresh process (``benchmarks.grid``), ratios taken within a round, min /
  median / max over rounds; also the SDK layers' CPU per case.
- ``sync``: a single ``cases.get``, sync against async, and the cross-thread floor
  (``benchmarks.sync_latency``).
- ``overview``: the older table (transport, httpx, the sync facade's bulk, sequential).
- ``memory``, ``gc``, ``latency``, ``decode``: see README.md.

``--tree LABEL=DIR`` measures the SDK of another source tree in the same run (its
``confirma_async`` first on ``PYTHONPATH``; e.g. a ``git archive`` of the commit a branch
started from) for the grid and sync sections, interleaved with this tree's.

    python -m benchmarks.run [--rounds 5] [--quick] [--only grid,sync] [--tree before=/tmp/b]
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import aiohttp
import httpx
import pydantic

from confirma_async import AsyncConfirmaClient, ConfirmaClient

from . import decode
from .grid import raw_fetch

CASES_PATH = "/api/v1/partner/invoice/case"
API_KEY = "bench-key"
HEADERS = {"X-Api-Key": API_KEY, "Accept": "application/json"}


# --- the server process -----------------------------------------------------------------


class Server:
    def __init__(self, latency: float = 0.0) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.server", "--latency", str(latency)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        self.port = int(self.proc.stdout.readline())
        self.url = f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


# --- client variants (each returns the number of cases fetched) ---------------------------


async def pool(
    keys: Iterable[int], concurrency: int, fetch: Callable[[int], Awaitable[Any]]
) -> list[Any]:
    """What a user hand-writes: ``concurrency`` workers sharing one iterator of keys."""
    it = iter(keys)
    out: list[Any] = []

    async def worker() -> None:
        for key in it:
            out.append(await fetch(key))

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return out


async def raw_aiohttp(url: str, keys: list[int], c: int, decode: str) -> tuple[float, float]:
    connector = aiohttp.TCPConnector(limit=c)
    async with aiohttp.ClientSession(connector=connector, headers=HEADERS) as session:
        fetch = raw_fetch(session, url, f"raw-{decode}")
        await pool(range(1, c + 1), c, fetch)  # warm the connection pool
        started, cpu = time.perf_counter(), time.process_time()
        out = await pool(keys, c, fetch)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu
    assert len(out) == len(keys)
    return elapsed, cpu


async def httpx_async(url: str, keys: list[int], c: int) -> tuple[float, float]:
    limits = httpx.Limits(max_connections=c, max_keepalive_connections=c)
    async with httpx.AsyncClient(base_url=url, headers=HEADERS, limits=limits) as client:

        async def fetch(key: int) -> Any:
            resp = await client.get(CASES_PATH, params={"caseId": key})
            resp.raise_for_status()
            return resp.json()

        await pool(range(1, c + 1), c, fetch)
        started, cpu = time.perf_counter(), time.process_time()
        out = await pool(keys, c, fetch)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu
    assert len(out) == len(keys)
    return elapsed, cpu


async def sdk_transport(url: str, keys: list[int], c: int) -> tuple[float, float]:
    async with AsyncConfirmaClient(api_key=API_KEY, base_url=url, max_concurrency=c) as client:

        async def fetch(key: int) -> Any:
            return await client.request("GET", CASES_PATH, params={"caseId": key})

        await pool(range(1, c + 1), c, fetch)
        started, cpu = time.perf_counter(), time.process_time()
        out = await pool(keys, c, fetch)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu
    assert len(out) == len(keys)
    return elapsed, cpu


async def sdk_get_many(url: str, keys: list[int], c: int) -> tuple[float, float]:
    async with AsyncConfirmaClient(api_key=API_KEY, base_url=url, max_concurrency=c) as client:
        await client.cases.get_many(range(1, c + 1), concurrency=c)
        started, cpu = time.perf_counter(), time.process_time()
        result = await client.cases.get_many(keys, concurrency=c)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu
    assert len(result.succeeded) == len(keys), result
    return elapsed, cpu


def sdk_sync_get_many(url: str, keys: list[int], c: int) -> tuple[float, float]:
    with ConfirmaClient(api_key=API_KEY, base_url=url, max_concurrency=c) as client:
        client.cases.get_many(range(1, c + 1), concurrency=c)
        started, cpu = time.perf_counter(), time.process_time()
        result = client.cases.get_many(keys, concurrency=c)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu
    assert len(result.succeeded) == len(keys)
    return elapsed, cpu


def stdlib_sequential(url: str, keys: list[int]) -> tuple[float, float]:
    """The sequential synchronous baseline: one keep-alive connection, one call at a time."""
    port = int(url.rsplit(":", 1)[1])
    conn = http.client.HTTPConnection("127.0.0.1", port)
    try:
        started, cpu = time.perf_counter(), time.process_time()
        for key in keys:
            conn.request("GET", f"{CASES_PATH}?caseId={key}", headers=HEADERS)
            resp = conn.getresponse()
            json.loads(resp.read())
        return time.perf_counter() - started, time.process_time() - cpu
    finally:
        conn.close()


async def sdk_async_sequential(url: str, keys: list[int]) -> tuple[float, float]:
    async with AsyncConfirmaClient(api_key=API_KEY, base_url=url) as client:
        await client.cases.get(1)
        started, cpu = time.perf_counter(), time.process_time()
        for key in keys:
            await client.cases.get(key)
        return time.perf_counter() - started, time.process_time() - cpu


def sdk_sync_sequential(url: str, keys: list[int]) -> tuple[float, float]:
    with ConfirmaClient(api_key=API_KEY, base_url=url) as client:
        client.cases.get(1)
        started, cpu = time.perf_counter(), time.process_time()
        for key in keys:
            client.cases.get(key)
        return time.perf_counter() - started, time.process_time() - cpu


# --- garbage collection while results are held ------------------------------------------


GC_VARIANTS = {
    "sdk": "SDK get_many (as is)",
    "sdk-freeze": "SDK get_many + gc.freeze() every 1,000 results (README recipe)",
    "sdk-disabled": "SDK get_many, collector disabled for the call",
    "raw": "raw aiohttp loop holding the JSON dicts",
}


def gc_report(url: str, sizes: list[int], rounds: int, trees: dict[str, str]) -> None:
    print(
        f"\nGarbage collection while get_many holds N results (concurrency 32, each run a "
        f"fresh process; {rounds} interleaved rounds): collector time per case "
        "(gc.callbacks), min / median / max; full (gen 2) collections' share in brackets.\n"
    )
    jobs: list[tuple[str, str, str | None]] = [
        (f"{GC_VARIANTS['sdk']}, {label}", "sdk", tree) for label, tree in trees.items()
    ]
    jobs += [(GC_VARIANTS[v], v, None) for v in ("sdk-freeze", "sdk-disabled", "raw")]
    samples: dict[tuple[int, str], list[dict[str, Any]]] = {}
    for r in range(rounds):
        for n in sizes:
            for name, variant, tree in jobs[r % len(jobs):] + jobs[: r % len(jobs)]:
                samples.setdefault((n, name), []).append(
                    child("benchmarks.gc_held", url, str(n), variant, tree=tree)
                )
    print("| results held | variant | GC us/case min | median (gen 2) | max "
          "| tracked objects per result | CPU us/case (median) |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for n in sizes:
        for name, _, _ in jobs:
            runs = samples[(n, name)]
            gc_us = sorted(run["gc_us"] for run in runs)
            gen2 = statistics.median(run["gen2_us"] for run in runs)
            cpu = statistics.median(run["cpu_us"] for run in runs)
            print(f"| {n:,} | {name} | {gc_us[0]:.1f} "
                  f"| {statistics.median(gc_us):.1f} ({gen2:.1f}) | {gc_us[-1]:.1f} "
                  f"| {runs[0]['tracked_per_result']:.0f} | {cpu:.0f} |")


# --- child processes (memory, garbage collection) ------------------------------------


def child(module: str, *args: str, tree: str | None = None) -> dict[str, Any]:
    """Run ``python -m module args`` in a fresh process; its last line is a JSON object.

    ``tree``: a source tree whose ``confirma_async`` the child imports. It runs in that
    folder (``python -m`` puts the working directory first on ``sys.path``, ahead of
    ``PYTHONPATH`` and of the editable install) and finds ``benchmarks`` on ``PYTHONPATH``.
    """
    env, cwd = None, None
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if tree is not None and os.path.abspath(tree) != here:
        cwd = os.path.abspath(tree)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([here, *filter(None, [env.get("PYTHONPATH")])])
    out = subprocess.run(
        [sys.executable, "-m", module, *args],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
    ).stdout
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    expected = os.path.join(cwd or here, "confirma_async")
    if "sdk_path" in result and os.path.realpath(result["sdk_path"]) != os.path.realpath(expected):
        raise RuntimeError(f"{module} measured {result['sdk_path']}, not {expected}")
    return result


# --- issue 12's grid: get_many against raw aiohttp at several sizes and concurrencies -------


def spread(values: list[float], digits: int = 2) -> str:
    """``min / median / max``."""
    ordered = sorted(values)
    return " / ".join(f"{v:.{digits}f}" for v in (ordered[0], statistics.median(ordered),
                                                   ordered[-1]))


def grid_report(url: str, trees: dict[str, str], sizes: list[int], concurrencies: list[int],
                rounds: int) -> None:
    print(f"\nThroughput grid: each run a fresh process holding all N results; {rounds} "
          "interleaved rounds; ratios of requests/s taken within a round, min / median / "
          "max. CPU is the client's `time.process_time` per case (median). SDK layers = "
          "CPU per case of `get_many` minus the raw loop with the SDK's own decode "
          "(`raw-decode`), per round.\n")
    runs: dict[tuple[str, int, int], list[dict[str, Any]]] = {}
    jobs: list[tuple[str, str, str | None]] = [("raw-dicts", "raw-dicts", None),
                                               ("raw-pydantic", "raw-pydantic", None)]
    for label, tree in trees.items():
        jobs += [(f"raw-decode {label}", "raw-decode", tree), (f"sdk {label}", "sdk", tree),
                 (f"transport {label}", "transport", tree)]
    for r in range(rounds):
        for c in concurrencies:
            for n in sizes:
                for name, variant, tree in jobs[r % len(jobs):] + jobs[: r % len(jobs)]:
                    runs.setdefault((name, c, n), []).append(
                        child("benchmarks.grid", url, str(n), str(c), variant, tree=tree)
                    )
        print(f"<!-- grid round {r + 1}/{rounds} done -->", file=sys.stderr)
    for label in trees:
        print(f"\n**{label}** (`get_many` of this tree; raw loops shared by all trees)\n")
        print("| c | N | get_many / raw dicts | get_many / raw + pydantic | requests/s raw "
              "dicts / pydantic / get_many | CPU us/case raw dicts / raw-decode / get_many "
              "| SDK layers us/case | GC us/case raw dicts / get_many |")
        print("|---:|---:|---|---|---|---|---|---|")
        for c in concurrencies:
            for n in sizes:
                raw, pyd = runs[("raw-dicts", c, n)], runs[("raw-pydantic", c, n)]
                dec, sdk = runs[(f"raw-decode {label}", c, n)], runs[(f"sdk {label}", c, n)]
                vs_raw = [rate(b) / rate(a) for a, b in zip(raw, sdk, strict=True)]
                vs_pyd = [rate(b) / rate(a) for a, b in zip(pyd, sdk, strict=True)]
                layers = [
                    (b["cpu_s"] - a["cpu_s"]) / n * 1e6 for a, b in zip(dec, sdk, strict=True)
                ]
                rates = " / ".join(f"{statistics.median(map(rate, v)):,.0f}"
                                   for v in (raw, pyd, sdk))
                cpus = " / ".join(f"{per_case(v, 'cpu_s'):.0f}" for v in (raw, dec, sdk))
                gcs = " / ".join(f"{per_case(v, 'gc_s'):.1f}" for v in (raw, sdk))
                print(f"| {c} | {n:,} | {spread(vs_raw)} | {spread(vs_pyd)} | {rates} "
                      f"| {cpus} | {spread(layers, 1)} | {gcs} |")
        print(f"\n**{label}**: the transport alone (escape hatch `client.request`, JSON out, "
              "the raw loop's pool) against raw aiohttp dicts; CPU us/case median (min / max "
              "of the per-round difference)\n")
        print("| c | N | transport / raw dicts (requests/s) | CPU ratio raw dicts / transport "
              "| CPU us/case raw dicts / transport | transport - raw us/case |")
        print("|---:|---:|---|---|---|---|")
        for c in concurrencies:
            for n in sizes:
                raw, tra = runs[("raw-dicts", c, n)], runs[(f"transport {label}", c, n)]
                vs_raw = [rate(b) / rate(a) for a, b in zip(raw, tra, strict=True)]
                cpu_ratio = [a["cpu_s"] / b["cpu_s"] for a, b in zip(raw, tra, strict=True)]
                extra = [(b["cpu_s"] - a["cpu_s"]) / n * 1e6 for a, b in zip(raw, tra, strict=True)]
                cpus = " / ".join(f"{per_case(v, 'cpu_s'):.1f}" for v in (raw, tra))
                print(f"| {c} | {n:,} | {spread(vs_raw)} | {spread(cpu_ratio)} | {cpus} "
                      f"| {spread(extra, 1)} |")


def rate(run: dict[str, Any]) -> float:
    """Requests per second of one grid run."""
    return float(run["n"] / run["wall_s"])


def per_case(runs: list[dict[str, Any]], key: str) -> float:
    """Median microseconds per case of ``key`` (seconds) over grid runs."""
    return statistics.median(run[key] / run["n"] * 1e6 for run in runs)


def sync_report(url: str, trees: dict[str, str], rounds: int, count: int) -> None:
    print(f"\nSync facade: one `cases.get` at a time ({count} calls per sub-round, 3 "
          f"alternating sub-rounds per process, {rounds} rounds of one process per tree); "
          "latency per call in us (median over rounds), ratio sync / async min / median / "
          "max; the floor is two threads handing a token back and forth through two "
          "`SimpleQueue`s, measured in the same process; the last column drives the async "
          "call with `run_until_complete` in the calling thread (no thread hop).\n")
    runs: dict[str, list[dict[str, float]]] = {label: [] for label in trees}
    labels = list(trees)
    for r in range(rounds):
        for label in labels[r % len(labels):] + labels[: r % len(labels)]:
            runs[label].append(child("benchmarks.sync_latency", url, str(count), "3",
                                     tree=trees[label]))
    print("| tree | async us | sync us | sync / async | sync - async us | floor us "
          "| (sync - async) / floor | no hop (run_until_complete) / async |")
    print("|---|---:|---:|---|---:|---:|---:|---|")
    for label, samples in runs.items():
        ratio = [s["sync"] / s["async"] for s in samples]
        over = [s["sync"] - s["async"] for s in samples]
        floor = [s["floor"] for s in samples]
        inline = [s["inline"] / s["async"] for s in samples]
        print(f"| {label} | {statistics.median(s['async'] for s in samples):.0f} "
              f"| {statistics.median(s['sync'] for s in samples):.0f} | {spread(ratio)} "
              f"| {statistics.median(over):.0f} | {statistics.median(floor):.1f} "
              f"| {statistics.median(o / f for o, f in zip(over, floor, strict=True)):.1f} "
              f"| {spread(inline)} |")


# --- report -----------------------------------------------------------------------------


def machine() -> str:
    model = "?"
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    load = os.getloadavg()
    return (
        f"{os.cpu_count()} CPUs ({model}); Python {platform.python_version()}; "
        f"aiohttp {aiohttp.__version__}; httpx {httpx.__version__}; "
        f"pydantic {pydantic.VERSION}; load average at start {load[0]:.2f}"
    )


SECTIONS = ("grid", "sync", "overview", "memory", "gc", "latency", "decode")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run")
    parser.add_argument("--n", type=int, default=3000, help="keys of the overview table")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=32, help="of the overview table")
    parser.add_argument("--quick", action="store_true",
                        help="small N, 3 rounds, a one-cell grid, no memory run")
    parser.add_argument("--only", default=",".join(SECTIONS),
                        help=f"comma-separated sections of {', '.join(SECTIONS)}")
    parser.add_argument("--tree", action="append", default=[], metavar="LABEL=DIR",
                        help="also measure the SDK of this source tree (grid, sync, gc)")
    parser.add_argument("--grid-n", default="1000,10000,50000")
    parser.add_argument("--grid-c", default="8,32,256")
    args = parser.parse_args()
    sections = set(args.only.split(","))
    if sections - set(SECTIONS):
        parser.error(f"unknown sections: {', '.join(sorted(sections - set(SECTIONS)))}")
    if args.quick:
        args.n, args.rounds, args.grid_n, args.grid_c = 1000, 3, "1000", "32"
    trees = {"this tree": "."}
    for spec in args.tree:
        label, _, tree = spec.partition("=")
        if not tree:
            parser.error("--tree takes LABEL=DIR")
        trees = {label: tree, **trees}  # named trees first, this one last
    n, c, rounds = args.n, args.concurrency, args.rounds
    print(f"# confirma-async benchmarks\n\nMachine: {machine()}\n")

    fast = Server()
    try:
        if "grid" in sections:
            grid_report(fast.url, trees, [int(v) for v in args.grid_n.split(",")],
                        [int(v) for v in args.grid_c.split(",")], rounds)
        if "sync" in sections:
            sync_report(fast.url, trees, rounds, 100 if args.quick else 300)
        if "overview" in sections:
            overview(fast.url, n, c, rounds)
        if "memory" in sections and not args.quick:
            memory_report(fast.url)
        if "gc" in sections:
            if args.quick:
                gc_report(fast.url, [2_000, 5_000], 1, trees)
            else:
                gc_report(fast.url, [5_000, 20_000, 50_000], 3, trees)
    finally:
        fast.close()
    if "latency" in sections:
        latency_report()
    if "decode" in sections:
        decode.report(max(rounds, 5), 1000 if args.quick else 2000)
    print(f"\nLoad average at the end: {os.getloadavg()[0]:.2f}")


def overview(url: str, n: int, c: int, rounds: int) -> None:
    keys = list(range(1, n + 1))
    seq_keys = keys[: max(200, n // 6)]
    print(f"\nOverview: N={n} case fetches at concurrency {c}, median of {rounds} rounds.\n")
    variants: dict[str, Callable[[], tuple[float, float]]] = {
        "raw aiohttp -> dicts": lambda: asyncio.run(raw_aiohttp(url, keys, c, "dicts")),
        "raw aiohttp + pydantic v2 models": lambda: asyncio.run(
            raw_aiohttp(url, keys, c, "pydantic")
        ),
        "SDK transport (client.request, JSON out)": lambda: asyncio.run(
            sdk_transport(url, keys, c)
        ),
        "SDK cases.get_many -> models (async)": lambda: asyncio.run(sdk_get_many(url, keys, c)),
        "SDK cases.get_many -> models (sync facade)": lambda: sdk_sync_get_many(url, keys, c),
        "httpx AsyncClient -> dicts": lambda: asyncio.run(httpx_async(url, keys, c)),
    }
    sequential: dict[str, Callable[[], tuple[float, float]]] = {
        "sequential sync baseline (http.client + json)": lambda: stdlib_sequential(
            url, seq_keys
        ),
        "SDK async cases.get, one at a time": lambda: asyncio.run(
            sdk_async_sequential(url, seq_keys)
        ),
        "SDK sync cases.get, one at a time": lambda: sdk_sync_sequential(url, seq_keys),
    }
    names = list(variants)
    rates: dict[str, list[float]] = {name: [] for name in [*variants, *sequential]}
    cpus: dict[str, list[float]] = {name: [] for name in rates}
    for r in range(rounds):
        order = names[r % len(names) :] + names[: r % len(names)]
        for name in order:
            wall, cpu = variants[name]()
            rates[name].append(n / wall)
            cpus[name].append(cpu / n * 1e6)
        for name, fn in sequential.items():
            wall, cpu = fn()
            rates[name].append(len(seq_keys) / wall)
            cpus[name].append(cpu / len(seq_keys) * 1e6)
        print(f"<!-- overview round {r + 1}/{rounds} done -->", file=sys.stderr)
    med = {name: statistics.median(values) for name, values in rates.items()}
    cpu_med = {name: statistics.median(values) for name, values in cpus.items()}
    raw = med["raw aiohttp -> dicts"]
    pyd = med["raw aiohttp + pydantic v2 models"]
    print(
        "| variant | requests/s (median) | vs raw dicts | vs raw+pydantic "
        "| client CPU per request (us, median) |"
    )
    print("|---|---:|---:|---:|---:|")
    for name, rate in med.items():
        print(
            f"| {name} | {rate:,.0f} | {rate / raw:.2f}x | {rate / pyd:.2f}x "
            f"| {cpu_med[name]:.0f} |"
        )
    async_rate = med["SDK cases.get_many -> models (async)"]
    sync_rate = med["SDK cases.get_many -> models (sync facade)"]
    transport = med["SDK transport (client.request, JSON out)"]
    print("\nAgainst ARCHITECTURE §4 (medians of this table):\n")
    print(f"- transport / raw aiohttp = {transport / raw:.2f} (target >= 0.95)")
    print(f"- sync facade bulk / async get_many = {sync_rate / async_rate:.2f} (target >= 0.95)")


def memory_report(url: str) -> None:
    print(
        "\nMemory: RSS of a fresh process streaming `iter_many` (concurrency 32), "
        "sampled every 1,000 outcomes.\n"
    )
    print(
        "| keys | RSS after 1,000 (MB) | max RSS (MB) | RSS at end (MB) "
        "| peak (VmHWM, MB) | all ok | seconds |"
    )
    print("|---:|---:|---:|---:|---:|---|---:|")
    for count in (10_000, 100_000):
        m = child("benchmarks.memory", url, str(count))
        print(
            f"| {count:,} | {m['warm_kb'] / 1024:.1f} | {m['max_kb'] / 1024:.1f} | "
            f"{m['last_kb'] / 1024:.1f} | {m['hwm_kb'] / 1024:.1f} | "
            f"{m['ok'] == count} | {m['s']:.1f} |"
        )


def latency_report() -> None:
    slow = Server(latency=0.05)
    try:
        ln, lc, latency = 2000, 50, 0.05
        lkeys = list(range(1, ln + 1))
        ideal = ln * latency / lc
        walls = {
            "SDK cases.get_many": [
                asyncio.run(sdk_get_many_latency(slow.url, lkeys, lc))[0] for _ in range(3)
            ],
            "raw aiohttp -> dicts": [
                asyncio.run(raw_aiohttp(slow.url, lkeys, lc, "dicts"))[0] for _ in range(3)
            ],
        }
        print(f"\nLatency-bound: server adds {latency * 1000:.0f} ms, N={ln}, concurrency {lc}; ")
        print(f"ideal N*latency/concurrency = {ideal:.2f} s; median of 3.\n")
        print("| variant | wall (s) | wall / ideal (target <= 1.05) |")
        print("|---|---:|---:|")
        for name, values in walls.items():
            wall = statistics.median(values)
            print(f"| {name} | {wall:.2f} | {wall / ideal:.3f} |")
    finally:
        slow.close()


async def sdk_get_many_latency(url: str, keys: list[int], c: int) -> tuple[float, float]:
    async with AsyncConfirmaClient(api_key=API_KEY, base_url=url) as client:
        await client.cases.get_many(range(1, c + 1), concurrency=c)
        started, cpu = time.perf_counter(), time.process_time()
        result = await client.cases.get_many(keys, concurrency=c)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu
    assert len(result.succeeded) == len(keys)
    return elapsed, cpu


if __name__ == "__main__":
    main()
