"""``make demo``: track every invoice of an embedded sandbox (distribution -> case details)."""

from __future__ import annotations

import asyncio
import sys
import time
from collections import Counter
from datetime import date
from decimal import Decimal

from . import AsyncConfirmaClient, ConfirmaError
from .models import Case
from .testing import FakeConfirma


async def run(invoices: int = 2000, concurrency: int = 32) -> int:
    async with FakeConfirma(invoices=invoices) as fake, AsyncConfirmaClient(
        api_key=fake.api_key, base_url=fake.url, max_concurrency=concurrency
    ) as client:
        started = time.perf_counter()
        report = await client.distribution.list(
            from_date=date(2026, 1, 1), to_date=fake.today
        )
        with_case = [r.case_id for r in report.invoices if r.case_id is not None]
        cases: list[Case] = []
        failures = 0

        async def fetch(case_id: int) -> None:
            nonlocal failures
            try:
                cases.append(await client.cases.get(case_id))
            except ConfirmaError:
                failures += 1

        await asyncio.gather(*(fetch(case_id) for case_id in with_case))
        elapsed = time.perf_counter() - started

    statuses = Counter(r.distribution_status for r in report.invoices)
    outstanding: dict[str, Decimal] = {}
    for case in cases:
        currency = case.summary.currency or "?"
        total = case.balance.total_outstanding if case.balance else None
        outstanding[currency] = outstanding.get(currency, Decimal("0")) + (total or 0)
    print(f"invoices tracked:  {len(report.invoices)}")
    print(f"distribution:      {dict(sorted(statuses.items()))}")
    print(f"cases fetched:     {len(cases)} (failures: {failures})")
    for currency, total in sorted(outstanding.items()):
        print(f"outstanding {currency}:   {total}")
    requests = 1 + len(with_case)
    print(f"throughput:        {requests / elapsed:.0f} requests/s ({elapsed:.2f}s)")
    return 0 if failures == 0 else 1


def main() -> None:
    sys.exit(asyncio.run(run()))


if __name__ == "__main__":
    main()
