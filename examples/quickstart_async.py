"""Async quickstart: list recent distribution records and read the case of each overdue one."""

import asyncio
import os

from confirma_async import AsyncConfirmaClient


async def main() -> None:
    # The key comes from CONFIRMA_API_KEY; base_url overrides the environment (staging/production).
    async with AsyncConfirmaClient(base_url=os.environ.get("CONFIRMA_BASE_URL")) as client:
        report = await client.distribution.list()  # the service's default: the last 30 days
        print(f"{len(report.invoices)} invoices distributed in the last 30 days")
        with_case = [(r, r.case_id) for r in report.invoices if r.case_id is not None][:5]
        for record, case_id in with_case:
            case = await client.cases.get(case_id)
            print(f"invoice {record.invoice_number}: case {case.case_id} {case.summary.status}"
                  f" / {case.summary.stage}, outstanding "
                  f"{case.balance.total_outstanding} {case.summary.currency}")


asyncio.run(main())
