"""``make demo``: the SDK's main job against the embedded sandbox, no network needed.

Starts a ``FakeConfirma`` with a few thousand synthetic invoices, tracks every invoice
(distribution record -> case details, concurrently) with a progress bar, and prints what
it found: distribution statuses, case statuses, outstanding totals per currency (exact
decimals, checked against the sandbox's own books), failures and the throughput.
A few transient server errors are injected to show that retries absorb them.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections import Counter
from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal

from ._client import AsyncConfirmaClient
from ._core.retry import RetryPolicy
from .cli._output import Progress, render_table
from .testing import PATHS, FakeConfirma

__all__ = ["run", "main"]


async def run(
    invoices: int = 3000,
    concurrency: int = 32,
    *,
    transient_faults: int = 20,
    progress: bool | None = None,
) -> int:
    """Run the demo; returns the exit code (0 when every invoice was tracked)."""
    print(f"Starting the embedded sandbox with {invoices} synthetic invoices ...", flush=True)
    fake = FakeConfirma(invoices=invoices)
    async with fake, AsyncConfirmaClient(
        api_key=fake.api_key,
        base_url=fake.url,
        max_concurrency=concurrency,
        max_retries=3,
        retry_policy=RetryPolicy(backoff_base=0.05, backoff_cap=0.5),
    ) as client:
        if transient_faults:
            fake.faults.fail(PATHS["case"], 503, times=transient_faults)
        start = fake.today - timedelta(days=365)
        print(f"Tracking every invoice dated {start} .. {fake.today} "
              f"(distribution -> case details, concurrency {concurrency})", flush=True)
        bar = Progress("tracking", enabled=progress)
        distribution: Counter[str] = Counter()
        cases: Counter[tuple[str, str]] = Counter()
        outstanding: dict[str, Decimal] = {}
        open_cases: Counter[str] = Counter()
        failures: list[str] = []
        tracked = 0
        requests_before = fake.requests
        started = time.perf_counter()
        async for item in client.invoices.track(
            from_date=start, to_date=fake.today, concurrency=concurrency, on_progress=bar
        ):
            record, case, error = item.distribution, item.case, item.error
            tracked += 1
            distribution[record.distribution_status or "?"] += 1
            if error is not None:
                failures.append(f"invoice {record.invoice_number}: {error}")
            if case is None:
                continue
            cases[(case.summary.status or "?", case.summary.stage or "?")] += 1
            if case.summary.status != "CLOSED" and case.balance is not None:
                currency = case.summary.currency or "?"
                total = case.balance.total_outstanding or Decimal(0)
                outstanding[currency] = outstanding.get(currency, Decimal(0)) + total
                open_cases[currency] += 1
        elapsed = time.perf_counter() - started
        requests = fake.requests - requests_before
        bar.finish()
        books = _sandbox_books(fake)

    print()
    print(render_table(("Distribution status", "Invoices"), sorted(distribution.items())))
    print()
    print(render_table(("Case status", "Stage", "Cases"),
                       [(s, st, n) for (s, st), n in sorted(cases.items())]))
    print()
    print(render_table(
        ("Currency", "Open cases", "Outstanding", "Sandbox books"),
        [(c, open_cases[c], outstanding[c], books.get(c)) for c in sorted(outstanding)],
    ))
    matches = outstanding == books
    print()
    print(f"Outstanding totals match the sandbox's books exactly: {'yes' if matches else 'NO'}")
    print(f"Transient 503s injected and retried: {transient_faults}")
    print(f"Failures: {len(failures)}")
    for line in failures[:10]:
        print(f"  {line}")
    print(f"Throughput: {tracked} invoices in {elapsed:.2f} s = {tracked / elapsed:,.0f} "
          f"invoices/s, {requests / elapsed:,.0f} HTTP requests/s ({requests} requests)")
    return 0 if not failures and matches else 1


def _sandbox_books(fake: FakeConfirma) -> dict[str, Decimal]:
    """Outstanding per currency of open cases, straight from the sandbox's state."""
    books: dict[str, Decimal] = {}
    for case in fake.cases.values():
        if case["summary"]["status"] != "CLOSED":
            currency = case["summary"]["currency"]
            books[currency] = books.get(currency, Decimal(0)) + case["balance"][
                "totalOutstanding"]
    return books


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m confirma_async.demo",
                                     description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--invoices", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--no-faults", action="store_true", help="inject no transient errors")
    args = parser.parse_args(argv)
    return asyncio.run(run(args.invoices, args.concurrency,
                           transient_faults=0 if args.no_faults else 20))


if __name__ == "__main__":
    sys.exit(main())
