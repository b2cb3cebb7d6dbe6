"""Start-up time of the ``confirma`` command: ``--help`` and ``--version`` as whole processes.

Each run is a fresh ``python -m confirma_async FLAG`` (what the ``confirma`` script does),
timed from spawn to exit; the interpreter alone (``python -c pass``) is the floor. Give
``--tree LABEL=DIR`` more than once to compare source trees side by side (e.g. a checkout
of an older commit): each tree's process runs with DIR as its working directory, so its
``confirma_async`` is imported first. Runs of all variants are interleaved, so drift on a
shared machine spreads evenly. Prints a markdown table of min / median / max.

    python -m benchmarks.startup [--runs 30] [--tree before=/tmp/old --tree after=.]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

FLAGS = ("--help", "--version")


def time_once(argv: list[str], cwd: str) -> float:
    started = time.perf_counter()
    subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=True)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.startup",
                                     description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=30, help="runs per variant (default: 30)")
    parser.add_argument("--tree", action="append", metavar="LABEL=DIR", default=None,
                        help="a source tree to time (default: this checkout)")
    args = parser.parse_args(argv)
    here = str(Path(__file__).resolve().parents[1])
    trees = [t.split("=", 1) for t in args.tree or [f"this checkout={here}"]]
    variants: list[tuple[str, list[str], str]] = [
        ("python -c pass (interpreter floor)", [sys.executable, "-c", "pass"], here)]
    for label, tree in trees:
        for flag in FLAGS:
            variants.append((f"{label}: confirma {flag}",
                             [sys.executable, "-m", "confirma_async", flag], os.path.abspath(tree)))
    for _, command, cwd in variants:  # warm the file cache and the .pyc files
        time_once(command, cwd)
    samples: dict[str, list[float]] = {name: [] for name, _, _ in variants}
    for _ in range(args.runs):
        for name, command, cwd in variants:
            samples[name].append(time_once(command, cwd))
    print(f"{args.runs} runs each, interleaved; Python {sys.version.split()[0]}\n")
    print("| command | min (ms) | median (ms) | max (ms) |")
    print("|---|---:|---:|---:|")
    for name, values in samples.items():
        print(f"| {name} | {min(values) * 1000:.0f} | {statistics.median(values) * 1000:.0f} "
              f"| {max(values) * 1000:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
