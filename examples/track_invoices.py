"""The main job: every invoice's distribution record with its agency case, concurrently."""

import asyncio
import os
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

from confirma_async import AsyncConfirmaClient


async def main() -> None:
    async with AsyncConfirmaClient(base_url=os.environ.get("CONFIRMA_BASE_URL")) as client:
        statuses: Counter[str] = Counter()
        outstanding: dict[str, Decimal] = {}
        failed = 0
        to_date = date.today()
        async for tracked in client.invoices.track(
            from_date=to_date - timedelta(days=3650), to_date=to_date, concurrency=32
        ):
            statuses[tracked.distribution.distribution_status] += 1
            if tracked.error is not None:
                failed += 1
            elif tracked.case is not None and tracked.case.summary.status != "CLOSED":
                currency = tracked.case.summary.currency
                total = tracked.case.balance.total_outstanding
                outstanding[currency] = outstanding.get(currency, Decimal(0)) + total
        print(f"invoices by distribution status: {dict(statuses)}")
        for currency, total in sorted(outstanding.items()):
            print(f"outstanding on open cases: {total} {currency}")
        print(f"failed case lookups: {failed}")


asyncio.run(main())
