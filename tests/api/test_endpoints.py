"""Endpoint methods: query parameters, envelopes, lookups, input checks (aioresponses)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from aioresponses import aioresponses
from yarl import URL

from confirma_async import AsyncConfirmaClient, ConfirmaValueError, NotFoundError, serde
from tests.conftest import example_text

ROOT = "https://integrations.confirmafinance.com"
CASE_URL = re.compile(r"^https://[^/]+/api/v1/partner/invoice/case(\?.*)?$")
DIST_URL = re.compile(r"^https://[^/]+/api/v1/partner/invoice/distribution(\?.*)?$")


def query_of(mocked: aioresponses) -> dict[str, str]:
    ((_, url), *_) = mocked.requests.keys()
    return dict(URL(str(url)).query)


def case_body(case_id: int) -> Any:
    body = serde.loads(example_text("invoice_case.response.v2.json"))
    body["cases"][0]["summary"]["caseId"] = case_id
    return body


async def test_cases_get_sends_case_id_and_returns_the_case(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(CASE_URL, body=serde.dumps(case_body(12345)))
        async with AsyncConfirmaClient(api_key=api_key) as client:
            case = await client.cases.get(12345)
        assert query_of(mocked) == {"caseId": "12345"}
    assert case.summary.case_id == 12345
    assert case.invoices[0].distribution is not None


async def test_cases_get_raises_not_found_when_server_returns_no_match(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(CASE_URL, payload={"cases": []})
        async with AsyncConfirmaClient(api_key=api_key) as client:
            with pytest.raises(NotFoundError, match="12345"):
                await client.cases.get(12345)


async def test_cases_list_by_invoice_number_accepts_single_case_shape(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(CASE_URL, body=serde.dumps({"case": case_body(9)["cases"][0]}))
        async with AsyncConfirmaClient(api_key=api_key) as client:
            cases = await client.cases.list(invoice_number=251601000)
        assert query_of(mocked) == {"invoiceNumber": "251601000"}
    assert [c.case_id for c in cases] == [9]


async def test_distribution_list_sends_date_filters(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(DIST_URL, body=example_text("invoice_distribution.response.json"))
        async with AsyncConfirmaClient(api_key=api_key) as client:
            report = await client.distribution.list(
                from_date=date(2026, 1, 1), to_date=date(2026, 1, 31), fetch_type="ALL"
            )
        assert query_of(mocked) == {
            "fromInvDate": "2026-01-01", "toInvDate": "2026-01-31", "fetchType": "ALL"
        }
    assert report.meta_data is not None and report.meta_data.filters_applied is not None
    assert len(report.invoices) == 1


async def test_distribution_get_finds_the_record_by_invoice_number(api_key: str) -> None:
    body = serde.loads(example_text("invoice_distribution.response.json"))
    body["invoices"][0]["invoiceNumber"] = 251601000
    body["invoices"][0]["paymentControl"]["caseId"] = 77
    with aioresponses() as mocked:
        mocked.get(DIST_URL, body=serde.dumps(body))
        async with AsyncConfirmaClient(api_key=api_key) as client:
            record = await client.distribution.get(251601000)
        assert query_of(mocked) == {"invoiceNumber": "251601000"}
    assert record.case_id == 77


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda c: c.cases.get(0), "case_id"),
        (lambda c: c.cases.get("12"), "case_id"),
        (lambda c: c.cases.list(invoice_number=-1), "invoice_number"),
        (lambda c: c.distribution.list(from_date=date(2026, 2, 1), to_date=date(2026, 1, 1)),
         "from_date"),
        (lambda c: c.distribution.list(from_date="2026-01-01"), "from_date"),
        (lambda c: c.cases.get(1, timeout=-1), "timeout"),
    ],
)
async def test_bad_arguments_are_refused_before_sending(
    api_key: str, call: Any, field: str
) -> None:
    with aioresponses() as mocked:
        async with AsyncConfirmaClient(api_key=api_key) as client:
            with pytest.raises(ConfirmaValueError) as info:
                await call(client)
        assert mocked.requests == {}
    assert info.value.field == field


async def test_escape_hatch_returns_decoded_json_with_exact_decimals(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(f"{ROOT}/api/v1/partner/payments?fromDate=2026-01-01",
                   body='[{"amount": 10.10}]')
        async with AsyncConfirmaClient(api_key=api_key) as client:
            data = await client.request(
                "GET", "/api/v1/partner/payments", params={"fromDate": date(2026, 1, 1)}
            )
    assert str(data[0]["amount"]) == "10.10"
