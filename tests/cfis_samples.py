"""Request models rebuilt from the docs' examples, and helpers to read truncated examples."""

from __future__ import annotations

from datetime import date
from typing import Any

from aioresponses import aioresponses

from confirma_async import serde
from confirma_async.models import (
    Address,
    BuyerParty,
    Contact,
    ContactPerson,
    Distribution,
    InvoiceContentData,
    InvoiceHeader,
    InvoiceParties,
    InvoiceRecipientParty,
    InvoiceReferences,
    PaymentDetails,
    Processing,
    SalesInvoiceRequest,
    SellerParty,
)
from tests.conftest import example_text


def truncated_example(name: str, cut_before: str | None, closing: str) -> Any:
    """A truncated example cut at its last complete field and closed.

    ``cut_before`` is the text of the first incomplete field (its LAST occurrence is cut,
    with the comma before it), or ``None`` when the example ends right after a complete
    field; ``closing`` is the brackets we add. Everything the test compares comes from the
    example; only the closing brackets are ours.
    """
    text = example_text(name)
    cut = len(text) if cut_before is None else text.rindex(cut_before)
    head = text[:cut].rstrip()
    if head.endswith(","):
        head = head[:-1]
    return serde.loads(head + closing)


def sales_invoice_example() -> Any:
    """``sales_invoice.request.truncated.json`` up to ``invoiceRecipientParty.address.street2``."""
    return truncated_example(
        "sales_invoice.request.truncated.json", '"street3": n', "}}}}}"
    )


def example_invoice() -> SalesInvoiceRequest:
    """The create-invoice example of the docs, built with the models."""
    return SalesInvoiceRequest(
        processing=Processing(
            payment_control_enabled=True,
            manual_approval_enabled=False,
            accounting_invoice_enabled=False,
        ),
        distribution=Distribution(method="EMAIL", enabled=True),
        invoice=InvoiceContentData(
            header=InvoiceHeader(
                number=251601000,
                type="INVOICE",
                date=date(2025, 12, 1),
                due_date="2025-12-15",
                currency_code="EUR",
                language_code="FI",
            ),
            references=InvoiceReferences(
                sales="SF0001",
                buyer="BR0002",
                agreement="AN456",
                payment="2516000017",
                order_number="ON798",
                order_date="2025-12-01",
            ),
            parties=InvoiceParties(
                seller_party=SellerParty(
                    business_id="0646115-8",
                    name="Test Company Ltd",
                    vat_code="FI1234567",
                    address=Address(
                        street="Teirinkatu 6",
                        postal_code="65100",
                        postal_district="VAASA",
                        country_code="FI",
                        country_name="FINLAND",
                    ),
                    contact=Contact(
                        contact_person=ContactPerson(
                            name="Teppo Testaaja", email="seller.contact@example.com"
                        ),
                        email="it@example.com",
                        phone="+358501234567",
                    ),
                    payment_details=PaymentDetails(iban="FI12345678912345678", bic="DABAFIHH"),
                ),
                buyer_party=BuyerParty(
                    entity_type="BUSINESS",
                    name="Buyer Company Oy",
                    customer_account_id="",
                    business_id="0646115-8",
                    vat_code="FI9876543",
                    language_code="FI",
                    address=Address(
                        street="Kauppakatu 1",
                        street2=None,
                        street3=None,
                        postal_code="00100",
                        postal_district="HELSINKI",
                        country_code="FI",
                    ),
                    contact=Contact(
                        contact_person=ContactPerson(
                            name="Matti Meikäläinen", email="buyer.person@example.com"
                        ),
                        email="buyer.contact@example.com",
                        phone="+358401234567",
                    ),
                ),
                invoice_recipient_party=InvoiceRecipientParty(
                    language_code="FI", address=Address(street2=None, street3=None)
                ),
            ),
        ),
    )


def sent_requests(mocked: aioresponses) -> list[tuple[str, str, dict[str, Any]]]:
    """Every request aioresponses saw, as ``(method, url, kwargs)``."""
    return [
        (method, str(url), call.kwargs)
        for (method, url), calls in mocked.requests.items()
        for call in calls
    ]


def sent_json(mocked: aioresponses) -> Any:
    """The decoded body of the one request that was sent."""
    ((_, _, kwargs),) = sent_requests(mocked)
    return serde.loads(kwargs["data"])
