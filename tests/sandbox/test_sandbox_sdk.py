"""Every SDK endpoint method against the sandbox: the fake serves what the SDK sends and reads."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from decimal import Decimal

import attrs
import pytest

from confirma_async import AsyncConfirmaClient, AuthenticationError, RetryPolicy, serde
from confirma_async.models import (
    AccountingPayment,
    ClientCreateRequest,
    ClientDetails,
    ClientService,
    LedgerDocument,
    SalesInvoiceRequest,
)
from confirma_async.testing import FakeConfirma
from tests.cfis_samples import example_invoice
from tests.conftest import example_text

# The sandbox is the pytest plugin's confirma_fake; the client adds the partner token.
pytestmark = pytest.mark.confirma_fake(invoices=40, seed=11)
FAST = RetryPolicy(backoff_base=0.001, backoff_cap=0.01)


@pytest.fixture
def fake(confirma_fake: FakeConfirma) -> FakeConfirma:
    return confirma_fake


@pytest.fixture
async def client(fake: FakeConfirma) -> AsyncIterator[AsyncConfirmaClient]:
    async with AsyncConfirmaClient(
        api_key=fake.api_key, base_url=fake.url, retry_policy=FAST, max_retries=0,
        provisioning_token=fake.provisioning_token,
    ) as c:
        yield c


def invoice_due_in(fake: FakeConfirma, number: int, days: int) -> SalesInvoiceRequest:
    """The docs' create-invoice example, renumbered and dated today."""
    request = example_invoice()
    header = attrs.evolve(request.invoice.header, number=number, date=fake.today,
                          due_date=fake.today + timedelta(days=days))
    return attrs.evolve(request, invoice=attrs.evolve(request.invoice, header=header))


async def test_invoices_create_then_distribution_and_case(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    receipt = await client.invoices.create(invoice_due_in(fake, 777001, 2))
    assert receipt.status == 200 and receipt.data["invoiceNumber"] == 777001
    fake.advance(4)
    record = await client.distribution.get(777001)
    assert record.distribution_status == "DISTRIBUTED" and record.case_id is not None
    case = await client.cases.get(record.case_id)
    assert case.invoices[0].invoice_number == "777001"


async def test_distribution_v2_lists_the_same_records(client: AsyncConfirmaClient) -> None:
    v1 = await client.distribution.list()
    v2 = await client.distribution.list_v2()
    assert [r.invoice_number for r in v2.invoices] == [r.invoice_number for r in v1.invoices]


async def test_onboarding_create_client_returns_a_working_key(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    request = ClientCreateRequest(
        service=ClientService(type="LIFECYCLE", partner_code="QUICK3"),
        client=ClientDetails(name="Järvidata Oy", business_code="1234567-1",
                             postal_address="Testikuja 7", postal_code="33100",
                             postal_district="TAMPERE", country_code="FI",
                             email="billing@example.com", language_code="FI"),
    )
    created = await client.onboarding.create_client(request)
    assert created.client_id and created.api_key
    async with AsyncConfirmaClient(api_key=created.api_key, base_url=fake.url) as new:
        assert (await new.onboarding.validate_token()).is_valid is True


async def test_onboarding_renew_switches_the_client_and_retires_the_old_key(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    old = fake.api_key
    renewed = await client.onboarding.renew_token(apply=True)
    assert renewed.api_key == fake.api_key != old
    assert (await client.onboarding.validate_token()).is_valid is True
    async with AsyncConfirmaClient(api_key=old, base_url=fake.url, max_retries=0) as stale:
        with pytest.raises(AuthenticationError):
            await stale.onboarding.validate_token()


async def test_payments_and_settlements_reflect_an_agency_payment(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    case_id = next(c for c, v in fake.cases.items() if v["summary"]["status"] == "OPEN")
    number = int(fake.cases[case_id]["invoices"][0]["invoiceNumber"])
    await client.settlements.list(unfetched_only=True)  # mark the history as fetched
    fake.pay(number, Decimal("25.50"))
    payments = await client.payments.list(from_date=fake.today, to_date=fake.today)
    assert [p.amount for p in payments if p.case_id == case_id] == [Decimal("25.50")]
    fake.run_settlement()
    report = await client.settlements.list(unfetched_only=True)
    allocations = [a for s in report.settlements for a in s.allocations
                   if a.original_invoice_number == str(number)]
    assert [a.allocated_total_amount for a in allocations] == [Decimal("25.50")]
    assert sum(b.amount for b in allocations[0].breakdown) == Decimal("25.50")


async def test_settlements_list_of_a_period_against_the_sandbox(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    start, end = fake.today - timedelta(days=90), fake.today - timedelta(days=31)
    report = await client.settlements.list(from_date=start, to_date=end)
    assert report.settlements
    assert all(start <= s.settlement_date <= end for s in report.settlements)


async def test_accounting_ledger_and_payments_sync_the_next_day(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    ledger = serde.structure(
        serde.loads(example_text("accounting_ledger.request.json"))["ledgers"], LedgerDocument)
    payment = AccountingPayment(payment_identifier="pay-9", invoice_number="251600001",
                                payment_date=fake.today, amount=Decimal("110.00"),
                                currency="EUR", source_name="Koskidata Oy")
    await client.accounting.submit_ledger(ledger)
    await client.accounting.submit_payments([payment])
    assert [s.status for s in (await client.accounting.ledger_status()).ledgers] == [0]
    fake.advance(1)
    ledgers = (await client.accounting.ledger_status()).ledgers
    payments = (await client.accounting.payment_status()).payments
    assert [(s.source_identifier, s.status) for s in ledgers] == [("abc-123-def-456", 1)]
    assert [(s.source_identifier, s.status) for s in payments] == [("pay-9", 1)]


async def test_accounting_submit_invoice_accepts_a_known_invoice(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    receipt = await client.accounting.submit_invoice({"invoiceNumber": fake.invoice_numbers()[0]})
    assert receipt.status == 200


async def test_accounting_invoice_status_syncs_the_next_day(
    fake: FakeConfirma, client: AsyncConfirmaClient
) -> None:
    assert (await client.accounting.invoice_status()).invoices == []  # 204: nothing sent yet
    number = str(fake.invoice_numbers()[0])
    await client.accounting.submit_invoice({"invoiceNumber": number})
    (pending,) = (await client.accounting.invoice_status()).invoices
    assert (pending.invoice_number, pending.status, pending.sync_date) == (number, 0, None)
    fake.advance(1)
    (synced,) = (await client.accounting.invoice_status()).invoices
    assert (synced.status, synced.sync_date) == (1, fake.today)


async def test_operations_finvoice_credentials(client: AsyncConfirmaClient) -> None:
    (credential,) = await client.operations.finvoice_credentials("0737546-2")
    assert credential.e_invoice_address == "003707375462"
    assert credential.e_invoice_address_type == "EDI"
    assert credential.last_modified is not None and credential.last_modified.tzinfo is not None
    assert await client.operations.finvoice_credentials("0000000-0") == []
