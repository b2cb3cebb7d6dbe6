"""Decode one case-details body into models: the SDK against the msgspec floor and pydantic.

Two bodies: the docs' seed example and the realistic one of ``benchmarks.payload`` (non-
integer amounts). Per round every variant decodes the body ``count`` times; rounds rotate
the order of the variants; the figure is client CPU time (``time.process_time``: steadier
than wall time on a shared machine) per decode, with the garbage collector on. Each
variant's ratio to the floor is taken within a round, then min / median / max over rounds.

    python -m benchmarks.decode [--rounds 7] [--count 2000]

Run it with another source tree first on ``PYTHONPATH`` to measure that tree's SDK rows
(a tree without ``serde.decode`` shows only the general path).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from collections.abc import Callable
from typing import Any

import msgspec

from confirma_async import serde
from confirma_async.models import CaseEnvelope

from .payload import SEED_EXAMPLE, MEnvelope, PEnvelope, case_dict

FLOOR = "msgspec Struct, Decimal fields (the exact floor)"


def variants(body: bytes) -> dict[str, Callable[[], Any]]:
    floor = msgspec.json.Decoder(MEnvelope).decode
    out: dict[str, Callable[[], Any]] = {FLOOR: lambda: floor(body)}
    if hasattr(serde, "decode"):
        out["SDK serde.decode (typed mirrors -> attrs)"] = lambda: serde.decode(
            body, CaseEnvelope
        )
    out["SDK structure(loads(body)) (general path)"] = lambda: serde.structure(
        serde.loads(body), CaseEnvelope
    )
    out["pydantic v2 model_validate_json (rounds money)"] = lambda: (
        PEnvelope.model_validate_json(body)
    )
    out["JSON parse only (msgspec, exact Decimals)"] = lambda: serde.loads(body)
    return out


def measure(body: bytes, rounds: int, count: int) -> dict[str, dict[str, float]]:
    """Per variant: median CPU us per decode, and min/median/max of its ratio to the floor."""
    fns = variants(body)
    names = list(fns)
    for fn in fns.values():  # warm up: generated hooks, caches
        for _ in range(50):
            fn()
    cpu: dict[str, list[float]] = {name: [] for name in names}
    ratios: dict[str, list[float]] = {name: [] for name in names}
    for r in range(rounds):
        order = names[r % len(names):] + names[: r % len(names)]
        this_round: dict[str, float] = {}
        for name in order:
            fn = fns[name]
            gc.collect()
            started = time.process_time()
            for _ in range(count):
                fn()  # garbage collector left on: its cost is part of decoding
            this_round[name] = (time.process_time() - started) / count * 1e6
        for name in names:
            cpu[name].append(this_round[name])
            ratios[name].append(this_round[name] / this_round[FLOOR])
    return {
        name: {
            "us": statistics.median(cpu[name]),
            "min": min(ratios[name]),
            "median": statistics.median(ratios[name]),
            "max": max(ratios[name]),
        }
        for name in names
    }


def bodies() -> dict[str, bytes]:
    realistic = serde.dumps({"cases": [case_dict(12345)]})
    return {
        f"seed example ({len(SEED_EXAMPLE):,} B, whole-number amounts)": SEED_EXAMPLE,
        f"realistic case ({len(realistic):,} B, non-integer amounts)": realistic,
    }


def report(rounds: int, count: int) -> None:
    print(f"\nDecode: one case-details body -> models; CPU time per decode, gc on; {rounds} "
          f"interleaved rounds of {count:,}; ratio to the floor min / median / max.\n")
    print("| body | decoder | CPU us (median) | x floor min | median | max |")
    print("|---|---|---:|---:|---:|---:|")
    for label, body in bodies().items():
        for name, figures in measure(body, rounds, count).items():
            print(f"| {label} | {name} | {figures['us']:.1f} | {figures['min']:.2f} "
                  f"| {figures['median']:.2f} | {figures['max']:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.decode")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--count", type=int, default=2000)
    args = parser.parse_args()
    report(args.rounds, args.count)


if __name__ == "__main__":
    main()
