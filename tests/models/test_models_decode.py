"""Decoding the real API examples into models: exact values, not just 'no error'."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import attrs
import pytest

from confirma_async import ResponseDecodeError, serde
from confirma_async.models import (
    CaseEnvelope,
    ClaimInvoice,
    ClaimType,
    DistributionReport,
    InterestCalculationType,
    Page,
)
from tests.bodies import case_json
from tests.conftest import example_text


def decode(name: str, cl: object) -> object:
    return serde.structure(serde.loads(example_text(name)), cl)


def test_case_details_accepts_cases_list_envelope() -> None:
    envelope = decode("invoice_case.response.v2.json", CaseEnvelope)
    assert isinstance(envelope, CaseEnvelope)
    (case,) = envelope.all()
    assert case.summary.case_id == 0
    assert case.summary.created_at == datetime(2019, 8, 24, 14, 15, 22, 123000, timezone.utc)
    assert case.summary.closed_at == date(2019, 8, 24)
    assert case.balance is not None
    assert case.balance.total_outstanding == Decimal("0")
    assert isinstance(case.balance.total_outstanding, Decimal)
    assert case.balance.as_of is not None and case.balance.as_of.tzinfo is not None
    invoice = case.invoices[0]
    assert invoice.invoice_number == "string"
    assert invoice.invoice_date == "string"  # placeholder-only fields stay str
    assert invoice.distribution is not None
    assert invoice.distribution.channel == "POSTNORD"
    assert invoice.distribution.payment_control_enabled is True
    assert invoice.timeline[0].occurred_at == "string"
    assert case.events[0].state == 0
    assert case.actions[0].status == 0
    assert case.notes[0].occured_at == datetime(2019, 8, 24, 14, 15, 22, 123000, timezone.utc)
    assert case.payments[0].amount == Decimal("0")


def test_case_details_accepts_single_case_envelope() -> None:
    body = serde.loads(example_text("invoice_case.response.v2.json"))["cases"][0]
    body["summary"]["caseId"] = 4711
    body["balance"]["totalOutstanding"] = Decimal("1234.50")
    envelope = serde.structure(serde.loads(serde.dumps({"case": body})), CaseEnvelope)
    (case,) = envelope.all()
    assert case.summary.case_id == 4711
    assert case.balance is not None
    assert str(case.balance.total_outstanding) == "1234.50"


def test_distribution_report_decodes_seed_example() -> None:
    report = decode("invoice_distribution.response.json", DistributionReport)
    assert isinstance(report, DistributionReport)
    assert report.meta_data is not None
    assert report.meta_data.total_count == 0
    filters = report.meta_data.filters_applied
    assert filters is not None
    assert filters.default_last30_days_applied is True
    assert filters.invoice_number is None
    assert filters.from_inv_date == "string"
    record = report.invoices[0]
    assert record.invoice_number == 0
    assert record.distribution_method is None
    assert record.dates is not None and record.dates.created_at == "string"
    assert record.file is not None and record.file.url == "string"
    assert record.payment_control is not None and record.payment_control.enabled is True
    assert record.case_id is None
    assert record.errors[0].error_code == "string"


def test_claim_invoices_keep_every_digit_the_server_sent() -> None:
    page = decode("claims_invoices_response.json", Page[ClaimInvoice])
    assert isinstance(page, Page)
    assert len(page.items) == 10
    first = page.items[0]
    assert first.invoice_number == "I1684932565"
    assert first.original_amount == Decimal("877.2")
    assert first.remaining_amount == Decimal("535.37")
    assert first.interest_calculation is not None
    assert first.interest_calculation.rate == Decimal("7.254381189568966")
    assert first.interest_calculation.type is InterestCalculationType.REFERENCE
    assert first.interest_calculation.last_calculation_date == date(2024, 1, 21)
    assert first.invoice_date == date(2022, 10, 5)
    assert first.disputed is False
    assert [p.key for p in first.additional_properties] == ["natus", "rem"]
    assert page.pagination.total_items == 10
    assert page.pagination.total_pages is None
    assert sum((i.remaining_amount or Decimal(0)) for i in page.items) == Decimal("4519.68")


# The fields every claim invoice carries (the model requires them).
CLAIM_INVOICE = {"invoiceNumber": "X1", "invoiceDate": "2024-01-02", "remainingAmount": 10,
                 "originalAmount": 10, "currency": "EUR"}


def test_unknown_enum_value_is_kept_not_rejected() -> None:
    item = {**CLAIM_INVOICE, "claimType": "SOMETHING_NEW",
            "interestCalculation": {"type": "euribor_6"}}
    invoice = serde.structure(item, ClaimInvoice)
    assert invoice.claim_type == "SOMETHING_NEW"
    assert invoice.claim_type is not None and not invoice.claim_type.is_known
    assert invoice.interest_calculation is not None
    assert invoice.interest_calculation.type == "euribor_6"


def test_enum_values_match_case_insensitively() -> None:
    invoice = serde.structure({**CLAIM_INVOICE, "claimType": "principal_claim"}, ClaimInvoice)
    assert invoice.claim_type is not None
    assert invoice.claim_type.member is ClaimType.PRINCIPAL_CLAIM
    assert str(invoice.claim_type) == "principal_claim"  # the text is never rewritten


def test_unknown_fields_are_ignored_and_null_lists_are_empty() -> None:
    envelope = serde.structure(
        {"cases": [{**case_json(1, brandNew={"x": 1}), "invoices": None}]},
        CaseEnvelope,
    )
    (case,) = envelope.all()
    assert case.invoices == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-01-02T03:04:05Z", datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)),
        ("2026-01-02T03:04:05.123Z", datetime(2026, 1, 2, 3, 4, 5, 123000, timezone.utc)),
        (
            "2026-01-02T03:04:05.1+02:00",
            datetime(2026, 1, 2, 3, 4, 5, 100000, timezone(timedelta(hours=2))),
        ),
        ("2026-01-02T03:04:05", datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)),
    ],
)
def test_datetimes_are_timezone_aware_in_every_form(text: str, expected: datetime) -> None:
    parsed = serde.parse_datetime(text)
    assert parsed == expected
    assert parsed.tzinfo is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-01-02T03:04:05.1234564Z", datetime(2026, 1, 2, 3, 4, 5, 123456, timezone.utc)),
        ("2026-01-02T03:04:05.1234565Z", datetime(2026, 1, 2, 3, 4, 5, 123457, timezone.utc)),
        ("2026-01-02T03:04:05.12345649999Z", datetime(2026, 1, 2, 3, 4, 5, 123456, timezone.utc)),
        (
            "2026-12-31T23:59:59.9999995+02:00",
            datetime(2027, 1, 1, tzinfo=timezone(timedelta(hours=2))),
        ),
        ("2026-01-02T03:04:05.9999999", datetime(2026, 1, 2, 3, 4, 6, tzinfo=timezone.utc)),
    ],
)
def test_fraction_digits_past_the_microsecond_round_half_up(text: str, expected: datetime) -> None:
    """.NET servers send seven digits: the seventh rounds, as msgspec does on the typed path
    (``datetime.fromisoformat`` alone would cut it)."""
    for parsed in (
        serde.parse_datetime(text),
        serde.decode(f'{{"asOf": "{text}"}}'.encode(), TimestampHolder).as_of,
    ):
        assert parsed == expected
        assert parsed.utcoffset() == expected.utcoffset()


@attrs.frozen
class TimestampHolder:
    as_of: datetime | None = None


def test_a_timestamp_past_year_9999_after_rounding_is_a_decode_error() -> None:
    with pytest.raises(ValueError, match="ISO 8601"):
        serde.parse_datetime("9999-12-31T23:59:59.9999999Z")


def test_wrong_type_names_the_wire_path() -> None:
    body = {"cases": [case_json(1), case_json(caseId="x1")]}
    with pytest.raises(ResponseDecodeError) as info:
        serde.structure(body, CaseEnvelope)
    assert info.value.json_path == "$.cases[1].summary.caseId"
    assert "integer" in str(info.value)


def test_missing_required_field_names_the_wire_path() -> None:
    with pytest.raises(ResponseDecodeError) as info:
        serde.structure({"metaData": {"totalCount": 1, "successfulCount": 1, "failedCount": 0},
                         "invoices": [{"distributionStatus": "OK"}]}, DistributionReport)
    assert info.value.json_path == "$.invoices[0].invoiceNumber"


def test_boolean_is_not_coerced_from_a_string() -> None:
    with pytest.raises(ResponseDecodeError) as info:
        serde.structure({**CLAIM_INVOICE, "disputed": "false"}, ClaimInvoice)
    assert info.value.json_path == "$.disputed"


def test_fractional_number_is_not_truncated_into_an_integer_field() -> None:
    with pytest.raises(ResponseDecodeError):
        serde.structure({"case": case_json(caseId=serde.loads("12.5"))}, CaseEnvelope)
