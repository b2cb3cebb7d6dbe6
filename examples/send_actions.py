"""Actions on a case: a comment, then a direct payment the creditor received. Money is Decimal."""

import asyncio
import os
from datetime import date, timedelta
from decimal import Decimal

from confirma_async import AsyncConfirmaClient, CommentAction, DirectPaymentAction


async def main() -> None:
    async with AsyncConfirmaClient(base_url=os.environ.get("CONFIRMA_BASE_URL")) as client:
        report = await client.distribution.list(from_date=date.today() - timedelta(days=3650))
        # Pick an open case to work on (a real integration knows which one it means).
        for record in report.invoices:
            if record.case_id is None:
                continue
            case = await client.cases.get(record.case_id)
            if case.summary.status == "OPEN":
                break
        else:
            print("no open case found")
            return
        before = case.balance.total_outstanding
        receipt = await client.invoices.create_actions([
            CommentAction(invoice_number=record.invoice_number, case_id=case.case_id,
                          comment="Customer called, pays part today"),
            DirectPaymentAction(invoice_number=record.invoice_number, case_id=case.case_id,
                                amount=Decimal("10.05"), currency=case.summary.currency,
                                payment_date=case.summary.created_at.date(),
                                payment_method="Bank transfer", reference="BANKREF-1001"),
        ])
        print(f"queued {receipt.accepted} actions (request id {receipt.request_id})")
        after = (await client.cases.get(case.case_id)).balance.total_outstanding
        print(f"case {case.case_id}: outstanding {before} -> {after} {case.summary.currency}")
        print(f"difference {before - after} (exact Decimal arithmetic)")


asyncio.run(main())
