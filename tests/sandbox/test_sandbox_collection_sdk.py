"""The collection SDK (OAuth client credentials, claims, transactions) against FakeCollection."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from confirma_async.collection import AsyncCollectionClient, CollectionClient
from confirma_async.models import (
    ClaimCancellationRequest,
    ClaimContract,
    ClaimCreditWaiverRequest,
    ClaimCustomer,
    ClaimInvoiceRequest,
    ClaimPaymentRequest,
    ClaimRequest,
)
from confirma_async.testing import FakeCollection

WINDOW = {"from_": date(2020, 1, 1), "to": date(2030, 1, 1)}
# The sandbox and the client are the pytest plugin's (collection_fake, collection_client).
pytestmark = pytest.mark.collection_fake(claims=6, seed=3)


@pytest.fixture
def fake(collection_fake: FakeCollection) -> FakeCollection:
    return collection_fake


@pytest.fixture
def client(collection_client: AsyncCollectionClient) -> AsyncCollectionClient:
    return collection_client


def largest_claim(fake: FakeCollection) -> str:
    return max(fake.claim_numbers(), key=lambda n: len(fake.claims[n].invoices))


async def test_oauth_token_is_fetched_once_for_many_calls(
    fake: FakeCollection, client: AsyncCollectionClient
) -> None:
    claim = largest_claim(fake)
    for _ in range(3):
        await client.claims.list_invoices(claim)
    assert fake.tokens_issued == 1


async def test_revoked_token_is_renewed_after_a_401(
    fake: FakeCollection, client: AsyncCollectionClient
) -> None:
    claim = largest_claim(fake)
    await client.claims.list_invoices(claim)
    fake.revoke_tokens()
    page = await client.claims.list_invoices(claim)
    assert page.items and fake.tokens_issued == 2


async def test_iter_invoices_and_costs_page_through_everything(
    fake: FakeCollection, client: AsyncCollectionClient
) -> None:
    claim = largest_claim(fake)
    invoices = [i async for i in client.claims.iter_invoices(claim, page_size=4)]
    costs = [c async for c in client.claims.iter_costs(claim, page_size=1)]
    assert len(invoices) == len(fake.claims[claim].invoices)
    assert len(costs) == len(fake.claims[claim].costs)


async def test_created_claim_is_found_through_transactions_and_search(
    fake: FakeCollection, client: AsyncCollectionClient
) -> None:
    request = ClaimRequest(
        customer=ClaimCustomer(customer_number="K100", type="COMPANY",
                               company_name="Fjordbygg AS"),
        contracts=[ClaimContract(contract_number="C-1", invoices=[ClaimInvoiceRequest(
            invoice_number="INV-1", invoice_date=date(2026, 6, 1),
            remaining_amount=Decimal("120.00"), original_amount=Decimal("150.00"),
            currency="NOK")])],
    )
    receipt = await client.claims.create(request)
    assert receipt.request_id
    confirmations = await client.transactions.list(**WINDOW, type="CONFIRMATION")
    claim_number = confirmations[-1].claim_number
    assert claim_number is not None
    found = await client.claims.search(invoice_number="INV-1")
    assert [r.claim_number for r in found.items] == [claim_number]


async def test_payment_and_its_cancellation_round_trip(
    fake: FakeCollection, client: AsyncCollectionClient
) -> None:
    claim = largest_claim(fake)
    invoice = fake.claims[claim].invoices[0]
    before = invoice["remainingAmount"]
    await client.claims.create_payment(claim, ClaimPaymentRequest(
        invoice_number=invoice["invoiceNumber"], payment_number="P-77", date=date(2026, 10, 1),
        amount=Decimal("3.33"), currency=invoice["currency"]))
    assert invoice["remainingAmount"] == before - Decimal("3.33")
    await client.claims.cancel_accounting_document(claim, ClaimCancellationRequest(
        reference_number="P-77", date=date(2026, 10, 2), amount=Decimal("3.33"),
        currency=invoice["currency"]))
    assert invoice["remainingAmount"] == before
    documents = await client.transactions.list(**WINDOW, type="ACCOUNTING_DOCUMENT")
    assert [d.accounting_document.type for d in documents[-2:]  # type: ignore[union-attr]
            ] == ["DIRECT_PAYMENT", "CANCELLATION"]


async def test_credit_waiver_then_total_recall_closes_the_claim(
    fake: FakeCollection, client: AsyncCollectionClient
) -> None:
    claim = largest_claim(fake)
    invoice = fake.claims[claim].invoices[0]
    await client.claims.create_credit_waiver(claim, ClaimCreditWaiverRequest(
        invoice_number=invoice["invoiceNumber"], credit_waiver_number="W-5",
        date=date(2026, 10, 1), amount=Decimal("1.00"), currency=invoice["currency"]))
    await client.claims.create_recall(claim)
    closings = await client.transactions.list(**WINDOW, type="CLOSING")
    assert closings[-1].claim_number == claim
    assert (await client.claims.search(claim_number=claim)).items[0].status == "CLOSED"


def test_sync_collection_client_against_a_threaded_fake() -> None:
    with FakeCollection(claims=2) as fake, CollectionClient(
        base_url=fake.url, client_id=fake.client_id, client_secret=fake.client_secret,
        token_url=fake.token_url, audience=fake.audience,
    ) as client:
        claim = fake.claim_numbers()[0]
        assert len(list(client.claims.iter_invoices(claim))) == len(fake.claims[claim].invoices)
