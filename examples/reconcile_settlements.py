"""Reconcile settlements: every payout equals the sum of its allocations, to the cent."""

import asyncio
import os
from collections import defaultdict
from decimal import Decimal

from confirma_async import AsyncConfirmaClient


async def main() -> None:
    async with AsyncConfirmaClient(base_url=os.environ.get("CONFIRMA_BASE_URL")) as client:
        report = await client.settlements.list(unfetched_only=True)
        per_type: dict[str, Decimal] = defaultdict(Decimal)
        mismatches = 0
        for settlement in report.settlements:
            allocated = sum((a.allocated_total_amount for a in settlement.allocations),
                            Decimal(0))
            mismatches += allocated != settlement.settlement_amount
            for allocation in settlement.allocations:
                for part in allocation.breakdown:
                    per_type[f"{part.type} {settlement.currency}"] += part.amount
        for settlement in report.settlements[-3:]:
            print(f"settlement {settlement.settlement_id} {settlement.settlement_date}: "
                  f"{settlement.settlement_amount} {settlement.currency} "
                  f"in {len(settlement.allocations)} allocations")
        print(f"{len(report.settlements)} settlements, {mismatches} not adding up; paid out:")
        for key, amount in sorted(per_type.items()):
            print(f"  {key}: {amount}")
        again = await client.settlements.list(unfetched_only=True)
        print(f"fetched {len(report.settlements)} new settlements; "
              f"a second call returns {len(again.settlements)}")


asyncio.run(main())
