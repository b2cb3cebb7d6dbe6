"""Endpoints whose path the docs do not give: Finvoice credentials and distribution MV v2."""

from __future__ import annotations

import logging
import re
from datetime import date

import pytest
from aioresponses import aioresponses
from yarl import URL

from confirma_async import AsyncConfirmaClient, ConfirmaClient, ResponseDecodeError
from confirma_async.api import distribution as distribution_module
from confirma_async.api import operations as operations_module
from confirma_async.models import DistributionReport, FinvoiceCredentials
from tests.cfis_samples import sent_requests
from tests.conftest import example_text

ROOT = "https://integrations.confirmafinance.com"
FINVOICE_URL = ROOT + "/api/v1/partner/operations/finvoice-credentials"
V2_URL = re.compile(r"^https://[^/]+/api/v2/partner/invoice/distribution(\?.*)?$")
SECRET_VALUE = "finvoice-password-5e1"


async def test_finvoice_credentials_reads_the_object_at_the_inferred_path(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(FINVOICE_URL, payload={"username": "client-1", "password": SECRET_VALUE})
        async with AsyncConfirmaClient(api_key=api_key) as client:
            credentials = await client.operations.finvoice_credentials()
        ((method, url, _),) = sent_requests(mocked)
    assert (method, url) == ("GET", FINVOICE_URL)
    assert isinstance(credentials, FinvoiceCredentials)
    assert credentials["username"] == "client-1"
    assert dict(credentials) == {"username": "client-1", "password": SECRET_VALUE}


async def test_finvoice_credentials_stay_out_of_repr_and_logs(
    api_key: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="confirma_async")
    with aioresponses() as mocked:
        mocked.get(FINVOICE_URL, payload={"password": SECRET_VALUE})
        async with AsyncConfirmaClient(api_key=api_key, log_bodies=True) as client:
            credentials = await client.operations.finvoice_credentials()
    assert SECRET_VALUE not in repr(credentials)
    assert caplog.records and SECRET_VALUE not in caplog.text


async def test_finvoice_credentials_refuse_a_non_object(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(FINVOICE_URL, payload=["a"])
        async with AsyncConfirmaClient(api_key=api_key) as client:
            with pytest.raises(ResponseDecodeError):
                await client.operations.finvoice_credentials()


async def test_finvoice_path_is_one_overridable_constant(
    api_key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(operations_module, "FINVOICE_CREDENTIALS_PATH",
                        "/api/v1/partner/finvoice/credentials")
    with aioresponses() as mocked:
        mocked.get(ROOT + "/api/v1/partner/finvoice/credentials", payload={})
        async with AsyncConfirmaClient(api_key=api_key) as client:
            assert len(await client.operations.finvoice_credentials()) == 0


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
        mocked.get(FINVOICE_URL, payload={"username": "client-1"})
        mocked.get(V2_URL, body=example_text("invoice_distribution.response.json"))
        with ConfirmaClient(api_key=api_key) as client:
            assert client.operations.finvoice_credentials()["username"] == "client-1"
            assert client.distribution.list_v2(invoice_number=5).meta_data is not None
