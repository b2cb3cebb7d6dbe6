"""Submit a sales invoice. The whole request is validated before anything is sent."""

import asyncio
import os
from datetime import date, timedelta
from decimal import Decimal

from confirma_async import AsyncConfirmaClient, ConfirmaValueError
from confirma_async.models import (
    Address,
    BuyerParty,
    Contact,
    Distribution,
    InvoiceAmounts,
    InvoiceContentData,
    InvoiceHeader,
    InvoiceParties,
    Processing,
    SalesInvoiceRequest,
    SellerParty,
)


def invoice(number: int, country_code: str = "FI") -> SalesInvoiceRequest:
    today = date.today()
    return SalesInvoiceRequest(
        processing=Processing(payment_control_enabled=True),
        distribution=Distribution(method="EMAIL", enabled=True),
        invoice=InvoiceContentData(
            header=InvoiceHeader(number=number, type="INVOICE", date=today,
                                 due_date=today + timedelta(days=14),
                                 currency_code="EUR", language_code="FI"),
            parties=InvoiceParties(
                seller_party=SellerParty(
                    business_id="0000000-0", name="Sandbox Creditor Oy",
                    address=Address(street="Teollisuuskatu 6", postal_code="65100",
                                    postal_district="VAASA", country_code="FI")),
                buyer_party=BuyerParty(
                    entity_type="BUSINESS", name="Koskidata Oy", language_code="FI",
                    address=Address(street="Kauppakatu 1", postal_code="00100",
                                    postal_district="HELSINKI", country_code=country_code),
                    contact=Contact(email="ap.koskidata@example.com")),
            ),
            amounts=InvoiceAmounts(gross_amount=Decimal("1240.50")),
        ),
    )


async def main() -> None:
    async with AsyncConfirmaClient(base_url=os.environ.get("CONFIRMA_BASE_URL")) as client:
        number = 880000000 + date.today().toordinal() % 100000
        receipt = await client.invoices.create(invoice(number))
        print(f"invoice {number} submitted: HTTP {receipt.status}, request id {receipt.request_id}")
        record = await client.distribution.get(number)
        print(f"distribution status now: {record.distribution_status}")
        try:
            await client.invoices.create(invoice(number + 1, country_code="Finland"))
        except ConfirmaValueError as exc:
            print(f"refused before sending: {exc}")


asyncio.run(main())
