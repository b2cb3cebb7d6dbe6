"""Self-contained: the collection (claims) API against its sandbox, signing in with OAuth."""

import asyncio
from datetime import date
from decimal import Decimal

from confirma_async.collection import AsyncCollectionClient
from confirma_async.models import ClaimPaymentRequest
from confirma_async.testing import FakeCollection


async def main() -> None:
    async with FakeCollection(claims=5) as fake, AsyncCollectionClient(
        base_url=fake.url,  # the API root; the SDK appends /v1/claims/...
        client_id=fake.client_id, client_secret=fake.client_secret,
        token_url=fake.token_url, audience=fake.audience,
    ) as client:
        claim = fake.claim_numbers()[0]
        total = Decimal(0)
        async for invoice in client.claims.iter_invoices(claim, page_size=2):  # pages for you
            total += invoice.remaining_amount or 0
            currency = invoice.currency
        print(f"claim {claim}: {total} {currency} still open")

        first = (await client.claims.list_invoices(claim, page_size=1)).items[0]
        receipt = await client.claims.create_payment(claim, ClaimPaymentRequest(
            invoice_number=first.invoice_number, payment_number="PAY-2026-0001",
            date=date(2026, 10, 30), amount=Decimal("25.00"),
            currency=first.currency or "EUR"))
        print(f"payment accepted for processing (request {receipt.request_id})")

        outcome = await client.transactions.list(from_=date(2026, 10, 30), to=date(2026, 10, 30))
        for tx in outcome:
            print(f"  transaction {tx.sort_number}: {tx.type} for claim {tx.claim_number}")
        print(f"OAuth tokens fetched: {fake.tokens_issued}")


asyncio.run(main())
