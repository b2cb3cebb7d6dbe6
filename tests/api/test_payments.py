"""Payments and settlements: queries, decoding the documented examples, sync twins."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any

import pytest
from aioresponses import aioresponses
from yarl import URL

from confirma_async import (
    AsyncConfirmaClient,
    ConfirmaClient,
    ConfirmaValueError,
    ResponseDecodeError,
    serde,
)
from confirma_async.models import (
    Agency,
    BreakdownType,
    Payment,
    Settlement,
    SettlementReport,
)
from tests.cfis_samples import sent_requests, truncated_example
from tests.conftest import example_text

PAYMENTS_URL = re.compile(r"^https://[^/]+/api/v1/partner/payments(\?.*)?$")
SETTLEMENTS_URL = re.compile(r"^https://[^/]+/api/v1/partner/settlements(\?.*)?$")


def sent_query(mocked: aioresponses) -> dict[str, str]:
    ((_, url, _),) = sent_requests(mocked)
    return dict(URL(url).query)


def payments_example() -> Any:
    # Cut after the first item's paymentDate (the last complete field) and closed.
    return truncated_example("payments.response.truncated.json", None, "}]")


# --- payments -----------------------------------------------------------------------------------


def test_payments_example_decodes_the_fields_it_shows() -> None:
    payments: list[Payment] = serde.structure(payments_example(), list[Payment])
    (payment,) = payments
    assert payment.case_id == 481920
    assert payment.invoice_number == "202600145"  # a string on this wire
    assert payment.invoice_payment_reference == "RF71234567890123456789"
    assert payment.original_payment_reference == "RF71999999999999999999"
    assert payment.account_name == "ACME Oy"
    assert payment.booking_date == datetime(2026, 3, 27, tzinfo=timezone.utc)
    assert payment.payment_date == datetime(2026, 3, 27, tzinfo=timezone.utc)
    assert payment.amount is None  # not in the captured part


async def test_payments_list_sends_the_date_window_and_decodes_the_array(api_key: str) -> None:
    body = payments_example()
    body[0]["amount"] = Decimal("125.40")
    with aioresponses() as mocked:
        mocked.get(PAYMENTS_URL, body=serde.dumps(body))
        async with AsyncConfirmaClient(api_key=api_key) as client:
            payments = await client.payments.list(
                from_date=date(2026, 3, 1), to_date=date(2026, 3, 31)
            )
        assert sent_query(mocked) == {"fromDate": "2026-03-01", "toDate": "2026-03-31"}
    assert [p.case_id for p in payments] == [481920]
    assert payments[0].amount == Decimal("125.40")
    assert str(payments[0].amount) == "125.40"


async def test_payments_list_without_filters_sends_no_query(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(PAYMENTS_URL, payload=[])
        async with AsyncConfirmaClient(api_key=api_key) as client:
            assert await client.payments.list() == []
        assert sent_query(mocked) == {}


async def test_payments_list_reads_an_empty_body_as_no_payments(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(PAYMENTS_URL, status=204, body=b"")
        async with AsyncConfirmaClient(api_key=api_key) as client:
            assert await client.payments.list() == []


@pytest.mark.parametrize("resource", ["payments", "settlements"])
@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"from_date": "2026-03-01"}, "from_date"),
     ({"to_date": datetime(2026, 3, 1, tzinfo=timezone.utc)}, "to_date"),
     ({"from_date": date(2026, 4, 1), "to_date": date(2026, 3, 1)}, "from_date")],
)
async def test_payments_and_settlements_refuse_bad_dates_before_sending(
    api_key: str, resource: str, kwargs: dict[str, Any], field: str
) -> None:
    with aioresponses() as mocked:
        async with AsyncConfirmaClient(api_key=api_key) as client:
            with pytest.raises(ConfirmaValueError) as info:
                await getattr(client, resource).list(**kwargs)
        assert sent_requests(mocked) == []
    assert info.value.field == field


async def test_payments_of_the_wrong_shape_name_the_field(api_key: str) -> None:
    body = payments_example()
    body[0]["caseId"] = "not a number"
    with aioresponses() as mocked:
        mocked.get(PAYMENTS_URL, body=serde.dumps(body))
        async with AsyncConfirmaClient(api_key=api_key) as client:
            with pytest.raises(ResponseDecodeError) as info:
                await client.payments.list()
    assert info.value.json_path == "$[0].caseId"


# --- settlements --------------------------------------------------------------------------------


def settlements() -> SettlementReport:
    report: SettlementReport = serde.structure(
        serde.loads(example_text("settlements.response.json")), SettlementReport
    )
    assert isinstance(report, SettlementReport)
    return report


def test_settlements_example_decodes_exact_values() -> None:
    report = settlements()
    assert report.created_at == datetime(2026, 4, 1, 9, 34, 12, 123000, tzinfo=timezone.utc)
    (settlement,) = report.settlements
    assert settlement.settlement_id == 202603280001
    assert settlement.settlement_date == date(2026, 3, 28)
    assert settlement.agency is Agency.CASH_IN
    assert settlement.remittance_reference == "8090801781763"
    assert settlement.beneficiary is not None
    assert settlement.beneficiary.name == "Partner Test Customer"
    assert settlement.beneficiary.iban == ""
    assert str(settlement.settlement_amount) == "1240.50"  # the digits the server sent
    assert settlement.currency == "EUR"
    assert settlement.api_fetch_date is None
    first, second = settlement.allocations
    assert first.allocation_id == 9001001
    assert str(first.allocated_total_amount) == "1000.00"
    assert first.allocation_date == date(2026, 3, 28)
    assert first.case_id is None
    assert first.original_invoice_number == "202600145"
    assert [(b.type, str(b.amount)) for b in first.breakdown] == [
        (BreakdownType.CAPITAL, "900.00"), (BreakdownType.INTEREST, "75.00"),
        (BreakdownType.FEES, "25.00")]
    assert str(second.allocated_total_amount) == "240.50"
    assert second.original_invoice_number == "202600146"


def test_settlement_amounts_reconcile_exactly_as_decimals() -> None:
    (settlement,) = settlements().settlements
    totals = [a.allocated_total_amount for a in settlement.allocations]
    assert sum(totals, Decimal(0)) == settlement.settlement_amount
    for allocation in settlement.allocations:
        assert sum((b.amount for b in allocation.breakdown), Decimal(0)) == (
            allocation.allocated_total_amount)
        assert all(isinstance(b.amount, Decimal) for b in allocation.breakdown)


def test_unknown_breakdown_type_and_agency_are_kept() -> None:
    body = serde.loads(example_text("settlements.response.json"))
    body["settlements"][0]["agency"] = "OTHER-AGENCY"
    body["settlements"][0]["allocations"][0]["breakdown"][0]["type"] = "VAT"
    report: SettlementReport = serde.structure(body, SettlementReport)
    settlement: Settlement = report.settlements[0]
    assert settlement.agency == "OTHER-AGENCY" and not settlement.agency.is_known
    breakdown_type = settlement.allocations[0].breakdown[0].type
    assert breakdown_type == "VAT" and not breakdown_type.is_known


def test_older_settlements_page_example_decodes() -> None:
    """Issue 10: the older "Retrieve settlements" page shows ``"agency": "CashIn"``,
    ``remittanceReference: null``, ``beneficiary: null`` and no ``apiFetchDate``: all must
    decode (example kept as ``settlements.response.older_page.json``)."""
    report: SettlementReport = serde.structure(
        serde.loads(example_text("settlements.response.older_page.json")), SettlementReport
    )
    (settlement,) = report.settlements
    assert settlement.agency == "CashIn" and settlement.agency is not None
    assert settlement.agency.member is Agency.CASH_IN
    assert settlement.remittance_reference is None
    assert settlement.beneficiary is None
    assert settlement.api_fetch_date is None
    assert str(settlement.settlement_amount) == "1240.50"
    first, second = settlement.allocations
    assert (first.case_id, first.original_payment_reference, first.breakdown) == (None, None, [])
    # The older page calls the split "events": kept, not dropped.
    assert [(e.type, str(e.amount)) for e in first.events] == [
        (BreakdownType.CAPITAL, "900.00"), (BreakdownType.INTEREST, "75.00"),
        (BreakdownType.FEES, "25.00")]
    assert sum((e.amount for e in second.events), Decimal(0)) == second.allocated_total_amount


def test_a_payment_without_a_case_still_decodes() -> None:
    body = payments_example()
    body[0]["caseId"] = None
    (payment,) = serde.structure(body, list[Payment])
    assert payment.case_id is None


async def test_settlements_list_sends_the_period(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(SETTLEMENTS_URL, body=example_text("settlements.response.older_page.json"))
        async with AsyncConfirmaClient(api_key=api_key) as client:
            report = await client.settlements.list(
                from_date=date(2026, 3, 1), to_date=date(2026, 3, 31), unfetched_only=True
            )
        assert sent_query(mocked) == {
            "fromDate": "2026-03-01", "toDate": "2026-03-31", "unfetchedOnly": "true"}
    assert report.settlements[0].settlement_id == 202603280001


async def test_settlements_query_names_are_one_overridable_constant(
    api_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from confirma_async.api import settlements as module

    monkeypatch.setitem(module.SETTLEMENTS_QUERY, "from_date", "startDate")
    with aioresponses() as mocked:
        mocked.get(SETTLEMENTS_URL, payload={"settlements": []})
        async with AsyncConfirmaClient(api_key=api_key) as client:
            await client.settlements.list(from_date=date(2026, 3, 1))
        assert sent_query(mocked) == {"startDate": "2026-03-01"}


@pytest.mark.parametrize(("flag", "sent"), [(True, "true"), (False, "false")])
async def test_settlements_list_sends_unfetched_only(
    api_key: str, flag: bool, sent: str
) -> None:
    with aioresponses() as mocked:
        mocked.get(SETTLEMENTS_URL, body=example_text("settlements.response.json"))
        async with AsyncConfirmaClient(api_key=api_key) as client:
            report = await client.settlements.list(unfetched_only=flag)
        assert sent_query(mocked) == {"unfetchedOnly": sent}
    assert report.settlements[0].settlement_id == 202603280001


async def test_settlements_list_without_filter_sends_no_query(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(SETTLEMENTS_URL, payload={"createdAt": "2026-04-01T09:34:12Z",
                                             "settlements": []})
        async with AsyncConfirmaClient(api_key=api_key) as client:
            report = await client.settlements.list()
        assert sent_query(mocked) == {}
    assert report.settlements == []


async def test_settlements_list_refuses_a_non_bool_filter(api_key: str) -> None:
    with aioresponses() as mocked:
        async with AsyncConfirmaClient(api_key=api_key) as client:
            with pytest.raises(ConfirmaValueError) as info:
                await client.settlements.list(unfetched_only="yes")  # type: ignore[arg-type]
        assert sent_requests(mocked) == []
    assert info.value.field == "unfetched_only"


async def test_settlements_path_is_one_overridable_constant(
    api_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from confirma_async.api import settlements as module

    monkeypatch.setattr(module, "SETTLEMENTS_PATH", "/api/v1/partner/settlement-reports")
    with aioresponses() as mocked:
        mocked.get(re.compile(r".*/settlement-reports.*"), payload={"settlements": []})
        async with AsyncConfirmaClient(api_key=api_key) as client:
            await client.settlements.list()
        ((_, url, _),) = sent_requests(mocked)
    assert URL(url).path == "/api/v1/partner/settlement-reports"


def test_sync_twins_list_payments_and_settlements(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(PAYMENTS_URL, body=serde.dumps(payments_example()))
        mocked.get(SETTLEMENTS_URL, body=example_text("settlements.response.json"))
        with ConfirmaClient(api_key=api_key) as client:
            payments = client.payments.list(from_date=date(2026, 3, 1))
            report = client.settlements.list(from_date=date(2026, 3, 1), unfetched_only=True)
    assert payments[0].invoice_number == "202600145"
    assert str(report.settlements[0].settlement_amount) == "1240.50"
