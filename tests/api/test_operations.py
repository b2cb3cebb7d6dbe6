"""Endpoints whose path the docs do not give: Finvoice credentials and distribution MV v2."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from typing import Any

import pytest
from aioresponses import aioresponses
from yarl import URL

from confirma_async import (
    AsyncConfirmaClient,
    ConfirmaClient,
    ConfirmaValueError,
    ResponseDecodeError,
)
from confirma_async.api import distribution as distribution_module
from confirma_async.api import operations as operations_module
from confirma_async.models import DistributionReport, FinvoiceCredential
from tests.cfis_samples import sent_requests
from tests.conftest import example_text

ROOT = "https://integrations.confirmafinance.com"
FINVOICE_URL = re.compile(r"^https://[^/]+/api/v1/partner/operations/finvoice-credentials(\?.*)?$")
V2_URL = re.compile(r"^https://[^/]+/api/v2/partner/invoice/distribution(\?.*)?$")
BUSINESS_ID = "0737546-2"  # a real Y-tunnus: 7*0+9*7+10*3+5*7+8*5+4*4+2*6 = 196, 196 % 11 = 9


def record(**changes: Any) -> dict[str, Any]:
    """One registry record with the six fields the Operations overview page lists."""
    base = {
        "eInvoiceAddressName": "Example Oyj",
        "eInvoiceAddress": "003707375462",
        "eInvoiceAddressType": "EDI",
        "eInvoiceOperatorId": "003721291126",
        "eInvoiceOperatorName": "Example Operator Oy",
        "lastModified": "2025-11-03T08:15:00Z",
    }
    return {**base, **changes}


async def test_finvoice_credentials_send_the_business_id_and_decode_the_array(
    api_key: str,
) -> None:
    """Issue 10: "the response is always returned as an array of records" (Operations
    overview); the old call raised ``expected a JSON object at $`` on it."""
    second = record(eInvoiceAddress="FI4950009420028730", eInvoiceAddressType="IBAN",
                    lastModified="2024-02-01T10:00:00+02:00")
    with aioresponses() as mocked:
        mocked.get(FINVOICE_URL, payload=[record(), second])
        async with AsyncConfirmaClient(api_key=api_key) as client:
            credentials = await client.operations.finvoice_credentials(BUSINESS_ID)
        ((method, url, _),) = sent_requests(mocked)
    assert method == "GET"
    assert URL(url).path == "/api/v1/partner/operations/finvoice-credentials"
    assert dict(URL(url).query) == {"businessId": BUSINESS_ID}
    assert all(isinstance(c, FinvoiceCredential) for c in credentials)
    first, other = credentials
    assert (first.e_invoice_address_name, first.e_invoice_address,
            first.e_invoice_address_type, first.e_invoice_operator_id,
            first.e_invoice_operator_name) == (
        "Example Oyj", "003707375462", "EDI", "003721291126", "Example Operator Oy")
    assert first.last_modified == datetime(2025, 11, 3, 8, 15, tzinfo=timezone.utc)
    assert other.last_modified is not None and other.last_modified.utcoffset() is not None
    assert other.last_modified == datetime(2024, 2, 1, 8, 0, tzinfo=timezone.utc)


async def test_finvoice_credentials_of_a_company_without_addresses_are_an_empty_list(
    api_key: str,
) -> None:
    with aioresponses() as mocked:
        mocked.get(FINVOICE_URL, payload=[])
        mocked.get(FINVOICE_URL, status=204, body=b"")
        async with AsyncConfirmaClient(api_key=api_key) as client:
            assert await client.operations.finvoice_credentials(BUSINESS_ID) == []
            assert await client.operations.finvoice_credentials(BUSINESS_ID) == []


async def test_finvoice_record_without_its_address_names_the_field(api_key: str) -> None:
    broken = record()
    del broken["eInvoiceAddress"]
    with aioresponses() as mocked:
        mocked.get(FINVOICE_URL, payload=[record(), broken])
        async with AsyncConfirmaClient(api_key=api_key) as client:
            with pytest.raises(ResponseDecodeError) as info:
                await client.operations.finvoice_credentials(BUSINESS_ID)
    assert info.value.json_path == "$[1].eInvoiceAddress"


async def test_finvoice_record_without_names_or_timestamp_still_decodes(api_key: str) -> None:
    sparse = {"eInvoiceAddress": "003707375462", "eInvoiceAddressType": "EDI",
              "eInvoiceOperatorId": "003721291126", "lastModified": None}
    with aioresponses() as mocked:
        mocked.get(FINVOICE_URL, payload=[sparse])
        async with AsyncConfirmaClient(api_key=api_key) as client:
            (credential,) = await client.operations.finvoice_credentials(BUSINESS_ID)
    assert credential.e_invoice_address_name is None and credential.last_modified is None


@pytest.mark.parametrize(
    "business_id",
    ["0737546-1",  # wrong check digit
     "1000008-0",  # 7*1 + 2*8 = 23 leaves remainder 1: no check digit exists
     "737546-2", "07375462", "0737546 2", " 0737546-2", "0737546-22", "FI07375462",
     7375462, None],
)
async def test_a_bad_business_id_is_refused_before_sending(
    api_key: str, business_id: Any
) -> None:
    with aioresponses() as mocked:
        async with AsyncConfirmaClient(api_key=api_key) as client:
            with pytest.raises(ConfirmaValueError) as info:
                await client.operations.finvoice_credentials(business_id)
        assert sent_requests(mocked) == []
    assert info.value.field == "business_id"


@pytest.mark.parametrize("business_id", ["0737546-2", "0112038-9", "1234567-1", "1572860-0"])
async def test_valid_business_ids_pass_including_check_digit_zero(
    api_key: str, business_id: str
) -> None:
    with aioresponses() as mocked:
        mocked.get(FINVOICE_URL, payload=[])
        async with AsyncConfirmaClient(api_key=api_key) as client:
            await client.operations.finvoice_credentials(business_id)
        ((_, url, _),) = sent_requests(mocked)
    assert URL(url).query["businessId"] == business_id


async def test_finvoice_path_and_query_name_are_one_overridable_constant_each(
    api_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(operations_module, "FINVOICE_CREDENTIALS_PATH",
                        "/api/v1/partner/finvoice/credentials")
    monkeypatch.setitem(operations_module.FINVOICE_CREDENTIALS_QUERY, "business_id", "yTunnus")
    with aioresponses() as mocked:
        mocked.get(re.compile(r".*/api/v1/partner/finvoice/credentials.*"), payload=[])
        async with AsyncConfirmaClient(api_key=api_key) as client:
            assert await client.operations.finvoice_credentials(BUSINESS_ID) == []
        ((_, url, _),) = sent_requests(mocked)
    assert dict(URL(url).query) == {"yTunnus": BUSINESS_ID}


async def test_distribution_v2_uses_the_v2_path_and_the_v1_filters(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(V2_URL, body=example_text("invoice_distribution.response.json"))
        async with AsyncConfirmaClient(api_key=api_key) as client:
            report = await client.distribution.list_v2(
                from_date=date(2026, 1, 1), to_date=date(2026, 1, 31), fetch_type="ALL"
            )
        ((_, url, _),) = sent_requests(mocked)
    assert URL(url).path == "/api/v2/partner/invoice/distribution"
    assert dict(URL(url).query) == {"fromInvDate": "2026-01-01", "toInvDate": "2026-01-31",
                                    "fetchType": "ALL"}
    assert isinstance(report, DistributionReport)
    assert report.invoices[0].payment_control is not None


async def test_distribution_v2_path_is_one_overridable_constant(
    api_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(distribution_module, "DISTRIBUTION_V2_PATH",
                        "/api/v1/partner/invoice/distribution/v2")
    with aioresponses() as mocked:
        mocked.get(ROOT + "/api/v1/partner/invoice/distribution/v2", status=204, body=b"")
        async with AsyncConfirmaClient(api_key=api_key) as client:
            assert (await client.distribution.list_v2()).invoices == []


def test_sync_twins_of_the_inferred_endpoints(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(FINVOICE_URL, payload=[record()])
        mocked.get(V2_URL, body=example_text("invoice_distribution.response.json"))
        with ConfirmaClient(api_key=api_key) as client:
            (credential,) = client.operations.finvoice_credentials(BUSINESS_ID)
            assert credential.e_invoice_address == "003707375462"
            with pytest.raises(ConfirmaValueError):
                client.operations.finvoice_credentials("0737546-1")
            assert client.distribution.list_v2(invoice_number=5).meta_data is not None
