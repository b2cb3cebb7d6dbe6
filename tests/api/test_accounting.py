"""Accounting add-on: ledger/payment submissions, their status, and the documented quirks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from aioresponses import aioresponses

from confirma_async import (
    AsyncConfirmaClient,
    ConfirmaClient,
    ConfirmaValueError,
    ServerError,
    serde,
)
from confirma_async.models import (
    AccountingPayment,
    CalculationMode,
    DimensionType,
    LedgerDimension,
    LedgerDocument,
    LedgerRow,
    LedgerStatusReport,
    PaymentStatusReport,
    SyncStatus,
    TargetIdentifier,
    VatRowFlag,
)
from tests.cfis_samples import example_invoice, sent_json, sent_requests, truncated_example
from tests.conftest import example_json, example_text

ROOT = "https://integrations.confirmafinance.com/api/v1/partner/accounting"


def ledger_example() -> Any:
    # Decimals, not floats: -607.53 must compare exactly.
    return serde.loads(example_text("accounting_ledger.request.json"))


def example_ledger() -> LedgerDocument:
    """``accounting_ledger.request.json`` (complete) built with the models."""

    def row(account: str, vat: str, vat_code: str, amount: str, net: str, vat_row: bool,
            dimensions: list[LedgerDimension]) -> LedgerRow:
        return LedgerRow(
            booking_date="2025-12-12", account_number=account, vat_percentage=Decimal(vat),
            vat_code=vat_code, amount=Decimal(amount), net_amount=Decimal(net),
            is_vat_row=vat_row, project_number="PN12345", transaction_description="1763",
            ledger_dimensions=dimensions,
        )

    return LedgerDocument(
        ledger_identifier="abc-123-def-456",
        company_identifier="123456-7",
        document_type="ML",
        document_name="1001",
        document_date=date(2025, 12, 13),
        document_description="Here comes the description, max 210 chars long",
        calculation_mode="GROSS",
        ledger_rows=[
            row("1701", "0", "", "2990.0", "2990.0", False,
                [LedgerDimension(dimension_type="COST_CENTER", dimension_value="1000")]),
            row("3000", "25.5", "20", "-2990.0", "-2382.47", False, []),
            row("2939", "0", "", "-607.53", "-607.53", True, []),
        ],
    )


def example_payment(**changes: Any) -> AccountingPayment:
    values: dict[str, Any] = {
        "payment_identifier": "abc-123-def-456", "invoice_number": "133720800",
        "payment_date": "2026-02-25", "amount": Decimal("110.0"), "currency": "EUR",
        "target_identifier": "invoicenumber", "payment_reference": "1337109",
        "source_name": "Matti Meikäläinen",
    }
    values.update(changes)
    return AccountingPayment(**values)


# --- ledger ---------------------------------------------------------------------------------


def test_ledger_body_equals_the_complete_documented_example() -> None:
    body = serde.loads(serde.dumps({"ledgers": serde.unstructure(example_ledger())}))
    assert body == ledger_example()


def test_ledger_quirks_on_the_wire() -> None:
    text = serde.dumps({"ledgers": serde.unstructure(example_ledger())}).decode()
    body = serde.loads(text)
    assert isinstance(body["ledgers"], dict)  # one object, although the name is plural
    rows = body["ledgers"]["ledgerRows"]
    assert [r["isVatRow"] for r in rows] == [0, 0, 1]
    assert '"isVatRow":1' in text and "true" not in text  # an integer flag, not a boolean
    assert '"amount":-607.53' in text and '"amount":2990.00' in text  # two-decimal money
    assert rows[1]["vatPercentage"] == Decimal("25.5")


def test_vat_row_flag_accepts_bool_and_zero_one() -> None:
    row = example_ledger().ledger_rows[2]
    assert row.is_vat_row is VatRowFlag.YES
    row.is_vat_row = 0  # type: ignore[assignment]
    assert row.is_vat_row is VatRowFlag.NO


async def test_submit_ledger_posts_the_ledgers_object(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.post(ROOT + "/ledger", payload={"accepted": 1}, headers={"X-Request-Id": "r1"})
        async with AsyncConfirmaClient(api_key=api_key) as client:
            receipt = await client.accounting.submit_ledger(example_ledger())
        body = sent_json(mocked)
    assert body == ledger_example()
    assert (receipt.status, receipt.request_id, receipt.data) == (200, "r1", {"accepted": 1})


@pytest.mark.parametrize(
    ("change", "path", "reason"),
    [(lambda d: setattr(d.ledger_rows[2], "amount", Decimal("-607.535")),
      "ledgers.ledgerRows[2].amount", "2 decimals"),
     (lambda d: setattr(d, "document_description", "x" * 211),
      "ledgers.documentDescription", "210"),
     (lambda d: setattr(d.ledger_rows[1], "is_vat_row", 2),
      "ledgers.ledgerRows[1].isVatRow", "0 or 1"),
     (lambda d: setattr(d.ledger_rows[0], "booking_date", "12.12.2025"),
      "ledgers.ledgerRows[0].bookingDate", "date"),
     (lambda d: setattr(d.ledger_rows[0].ledger_dimensions[0], "dimension_value", ""),
      "ledgers.ledgerRows[0].ledgerDimensions[0].dimensionValue", "empty"),
     (lambda d: setattr(d, "ledger_identifier", None), "ledgers.ledgerIdentifier", "required"),
     (lambda d: d.ledger_rows.append("row"), "ledgers.ledgerRows[3]", "LedgerRow")],
)
async def test_submit_ledger_names_the_bad_field_and_sends_nothing(
    api_key: str, change: Any, path: str, reason: str
) -> None:
    ledger = example_ledger()
    change(ledger)
    with aioresponses() as mocked:
        async with AsyncConfirmaClient(api_key=api_key) as client:
            with pytest.raises(ConfirmaValueError, match=reason) as info:
                await client.accounting.submit_ledger(ledger)
        assert sent_requests(mocked) == []
    assert info.value.field == path


def test_ledger_status_example_decodes_exact_values() -> None:
    report: LedgerStatusReport = serde.structure(
        serde.loads(example_text("accounting_ledger_status.response.json")), LedgerStatusReport
    )
    (status,) = report.ledgers
    assert status.source_identifier == "360f2c84-3b28-4915-a93f-20397b9e00ec"
    assert status.document_date == date(2025, 10, 15)
    assert status.document_name == "Ledger1234"
    assert status.document_status == "Approved"
    assert status.sync_date == date(2025, 10, 16)
    assert status.status is SyncStatus.SYNCED
    assert status.status == 1  # type: ignore[comparison-overlap]
    assert status.description == "Successfully synced"


async def test_ledger_status_gets_the_array_without_sending_a_body(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(ROOT + "/ledger", body=example_text("accounting_ledger_status.response.json"))
        async with AsyncConfirmaClient(api_key=api_key) as client:
            report = await client.accounting.ledger_status()
        ((method, _, kwargs),) = sent_requests(mocked)
    assert method == "GET" and kwargs["data"] is None  # the docs' `{}` body is not sent
    assert example_json("accounting_ledger_status.request.json") == {}
    assert [s.document_name for s in report.ledgers] == ["Ledger1234"]


async def test_ledger_status_204_is_an_empty_report(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(ROOT + "/ledger", status=204, body=b"")
        async with AsyncConfirmaClient(api_key=api_key) as client:
            report = await client.accounting.ledger_status()
    assert report == LedgerStatusReport(ledgers=[])


def test_sync_status_is_an_open_integer_enum() -> None:
    body = serde.loads(example_text("accounting_ledger_status.response.json"))
    body["ledgers"][0]["status"] = 2  # the undocumented "failed" code, say
    report: LedgerStatusReport = serde.structure(body, LedgerStatusReport)
    (status,) = report.ledgers
    assert status.status == 2 and status.status is not None
    assert status.status.name == "UNKNOWN" and not status.status.is_known
    assert SyncStatus(0) is SyncStatus.PENDING and SyncStatus.PENDING.is_known


# --- payments -------------------------------------------------------------------------------


def test_payment_body_matches_the_documented_example_as_far_as_captured() -> None:
    # Cut after sourceName of the first payment (the last complete field) and closed.
    example = truncated_example("accounting_payment.request.truncated.json", None, "}]}")
    body = serde.loads(serde.dumps({"payments": [serde.unstructure(example_payment())]}))
    assert body == example


def test_accounting_invoice_numbers_are_strings_even_from_an_int() -> None:
    payment = example_payment(invoice_number=133720800)
    assert payment.invoice_number == "133720800"
    assert serde.unstructure(payment)["invoiceNumber"] == "133720800"
    assert payment.target_identifier is TargetIdentifier.INVOICE_NUMBER


async def test_submit_payments_posts_the_payments_array(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.post(ROOT + "/payment", status=202, body=b"")
        async with AsyncConfirmaClient(api_key=api_key) as client:
            receipt = await client.accounting.submit_payments(
                [example_payment(), example_payment(payment_identifier="p-2", amount="5")]
            )
        body = sent_json(mocked)
    assert [p["paymentIdentifier"] for p in body["payments"]] == ["abc-123-def-456", "p-2"]
    assert body["payments"][1]["amount"] == Decimal("5.00")
    assert body["payments"][0]["bookingDate"] is None
    assert receipt.status == 202 and receipt.data is None


@pytest.mark.parametrize(
    ("payments", "path"),
    [([example_payment(), example_payment(currency="EU")], "payments[1].currency"),
     ([example_payment(amount=110.0)], "payments[0].amount"),
     ([example_payment(payment_date="2026-13-01")], "payments[0].paymentDate"),
     ([example_payment(), "payment"], "payments[1]"),
     ([], "payments")],
)
async def test_submit_payments_names_the_bad_item_and_sends_nothing(
    api_key: str, payments: list[Any], path: str
) -> None:
    with aioresponses() as mocked:
        async with AsyncConfirmaClient(api_key=api_key) as client:
            with pytest.raises(ConfirmaValueError) as info:
                await client.accounting.submit_payments(payments)
        assert sent_requests(mocked) == []
    assert info.value.field == path


def test_payment_status_example_decodes_the_fields_it_shows() -> None:
    # Cut inside the second item: keep the first item whole, close the array and object.
    example = truncated_example(
        "accounting_payment_status.response.truncated.json", ',\n        {', "]}"
    )
    report: PaymentStatusReport = serde.structure(example, PaymentStatusReport)
    (status,) = report.payments
    assert status.source_identifier == "abc-123-def-456"
    assert status.invoice_number == "12345"
    assert status.payment_date == date(2025, 10, 15)
    assert status.sync_date is None
    assert status.status is SyncStatus.PENDING
    assert status.description == "Pending"


async def test_payment_status_gets_the_report(api_key: str) -> None:
    body = {"payments": [{"sourceIdentifier": "p-1", "invoiceNumber": "12345",
                          "paymentDate": "2025-10-15", "syncDate": "2025-10-16",
                          "status": 1, "description": "Successfully synced"}]}
    with aioresponses() as mocked:
        mocked.get(ROOT + "/payment", payload=body)
        async with AsyncConfirmaClient(api_key=api_key) as client:
            report = await client.accounting.payment_status()
    assert report.payments[0].sync_date == date(2025, 10, 16)
    assert report.payments[0].status is SyncStatus.SYNCED


# --- accounting invoice (path inferred) -------------------------------------------------------


async def test_submit_invoice_posts_a_validated_invoice_to_the_inferred_path(
    api_key: str,
) -> None:
    with aioresponses() as mocked:
        mocked.post(ROOT + "/invoice", payload={})
        async with AsyncConfirmaClient(api_key=api_key) as client:
            await client.accounting.submit_invoice(example_invoice())
        body = sent_json(mocked)
    assert body["invoice"]["header"]["number"] == 251601000


async def test_submit_invoice_sends_a_plain_mapping_as_given(api_key: str) -> None:
    raw = {"invoiceNumber": "251601000", "amount": Decimal("10.50"), "date": date(2026, 1, 2)}
    with aioresponses() as mocked:
        mocked.post(ROOT + "/invoice", payload={})
        async with AsyncConfirmaClient(api_key=api_key) as client:
            await client.accounting.submit_invoice(raw)
        body = sent_json(mocked)
    assert body == {"invoiceNumber": "251601000", "amount": Decimal("10.50"),
                    "date": "2026-01-02"}


async def test_invoice_status_gets_the_report_at_the_inferred_path(api_key: str) -> None:
    """Issue 10: "every data type has a submission *and* a status endpoint"; the SDK had
    ``submit_invoice`` but no ``invoice_status``."""
    body = {"invoices": [
        {"sourceIdentifier": "251601000", "invoiceNumber": "251601000",
         "syncDate": "2025-10-16", "status": 1, "description": "Successfully synced"},
        {"invoiceNumber": "251601001", "syncDate": None, "status": 0},
        {"invoiceNumber": "251601002", "status": 7, "somethingNew": True},
    ]}
    with aioresponses() as mocked:
        mocked.get(ROOT + "/invoice", payload=body)
        async with AsyncConfirmaClient(api_key=api_key) as client:
            report = await client.accounting.invoice_status()
        ((method, url, _),) = sent_requests(mocked)
    assert (method, url) == ("GET", ROOT + "/invoice")
    synced, pending, unknown = report.invoices
    assert (synced.invoice_number, synced.sync_date, synced.status) == (
        "251601000", date(2025, 10, 16), SyncStatus.SYNCED)
    assert (pending.sync_date, pending.status) == (None, SyncStatus.PENDING)
    assert unknown.status == 7 and unknown.status is not None and not unknown.status.is_known


async def test_invoice_status_reads_no_content_as_an_empty_report(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(ROOT + "/invoice", status=204, body=b"")
        async with AsyncConfirmaClient(api_key=api_key) as client:
            assert (await client.accounting.invoice_status()).invoices == []


async def test_invoice_status_path_is_the_one_inferred_constant(
    api_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from confirma_async.api import accounting as module

    monkeypatch.setitem(module.ACCOUNTING_PATHS, "invoice", "/api/v1/partner/accounting/invoices")
    with aioresponses() as mocked:
        mocked.get(ROOT + "/invoices", payload={"invoices": []})
        async with AsyncConfirmaClient(api_key=api_key) as client:
            assert (await client.accounting.invoice_status()).invoices == []


async def test_submissions_are_not_retried_after_a_server_error(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.post(ROOT + "/ledger", status=500, repeat=True)
        async with AsyncConfirmaClient(api_key=api_key, max_retries=3) as client:
            with pytest.raises(ServerError):
                await client.accounting.submit_ledger(example_ledger())
        assert len(sent_requests(mocked)) == 1


def test_enum_values_match_case_insensitively() -> None:
    ledger = example_ledger()
    ledger.calculation_mode = "gross"  # type: ignore[assignment]
    ledger.ledger_rows[0].ledger_dimensions[0].dimension_type = "cost_center"  # type: ignore[assignment]
    assert ledger.calculation_mode.member is CalculationMode.GROSS
    dimension = ledger.ledger_rows[0].ledger_dimensions[0]
    assert dimension.dimension_type.member is DimensionType.COST_CENTER
    assert str(ledger.calculation_mode) == "gross"  # the text is never rewritten


def test_sync_twins_cover_the_accounting_calls(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.post(ROOT + "/ledger", payload={})
        mocked.get(ROOT + "/ledger", status=204, body=b"")
        mocked.post(ROOT + "/payment", payload={})
        mocked.get(ROOT + "/payment", payload={"payments": []})
        mocked.get(ROOT + "/invoice", payload={"invoices": []})
        with ConfirmaClient(api_key=api_key) as client:
            assert client.accounting.submit_ledger(example_ledger()).status == 200
            assert client.accounting.ledger_status().ledgers == []
            assert client.accounting.submit_payments([example_payment()]).status == 200
            assert client.accounting.payment_status().payments == []
            assert client.accounting.invoice_status().invoices == []
        assert [(m, u.rsplit("/", 1)[1]) for m, u, _ in sent_requests(mocked)] == [
            ("POST", "ledger"), ("GET", "ledger"), ("POST", "payment"), ("GET", "payment"),
            ("GET", "invoice")]
