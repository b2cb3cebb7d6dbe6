"""``client.request``: any endpoint through the same transport, decoded JSON or a model."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from aioresponses import aioresponses
from yarl import URL

from confirma_async import (
    AsyncConfirmaClient,
    AuthenticationError,
    ConfirmaClient,
    DirectPaymentAction,
    NotFoundError,
    ResponseDecodeError,
    RetryPolicy,
    ServerError,
    UnprocessableEntityError,
    serde,
)
from confirma_async.models import SettlementReport, TokenValidation
from tests.cfis_samples import sent_json, sent_requests
from tests.conftest import example_text
from tests.hostile import HostileServer, ok_json

ROOT = "https://integrations.confirmafinance.com"
ANY_URL = re.compile(r"^https://integrations\.confirmafinance\.com/.*$")


async def test_request_returns_decoded_json_with_exact_decimals(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(ANY_URL, body=example_text("settlements.response.json"))
        async with AsyncConfirmaClient(api_key=api_key) as client:
            data = await client.request("GET", "/api/v1/partner/settlements")
        ((method, url, _),) = sent_requests(mocked)
    assert (method, URL(url).path) == ("GET", "/api/v1/partner/settlements")
    assert data["settlements"][0]["settlementAmount"] == Decimal("1240.50")
    assert str(data["settlements"][0]["settlementAmount"]) == "1240.50"


async def test_request_sends_the_api_key_over_the_wire(api_key: str) -> None:
    # The key is added inside aiohttp (a client middleware), which aioresponses bypasses.
    async with HostileServer(ok_json({"settlements": []})) as server:
        async with AsyncConfirmaClient(api_key=api_key, base_url=server.url) as client:
            await client.request("GET", "/api/v1/partner/settlements")
    (request,) = server.requests
    assert (request.path, request.headers["x-api-key"]) == ("/api/v1/partner/settlements", api_key)


async def test_request_casts_to_a_model(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(ANY_URL, body=example_text("onboarding_validate.response.json"))
        async with AsyncConfirmaClient(api_key=api_key) as client:
            result = await client.request("GET", "/api/v1/partner/validate",
                                          cast_to=TokenValidation)
    assert result == TokenValidation(is_valid=True, message="Token is valid")


async def test_request_sends_params_extra_query_and_extra_headers(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(ANY_URL, payload={"settlements": []})
        async with AsyncConfirmaClient(api_key=api_key) as client:
            await client.request(
                "get", "/api/v1/partner/settlements",
                params={"unfetchedOnly": True, "fromDate": date(2026, 1, 1), "skip": None},
                extra_query={"page": "2"}, extra_headers={"X-Trace": "t-1"},
                cast_to=SettlementReport,
            )
        ((method, url, kwargs),) = sent_requests(mocked)
    assert method == "GET"
    assert dict(URL(url).query) == {"unfetchedOnly": "true", "fromDate": "2026-01-01",
                                    "page": "2"}
    assert kwargs["headers"]["X-Trace"] == "t-1"


async def test_request_params_without_extra_query_are_sent_as_text_and_left_unchanged(
    api_key: str,
) -> None:
    """Integers, booleans and dates in ``params`` go out as their wire text, ``None`` is
    left out, and the caller's mapping is not modified (no ``extra_query`` to merge)."""
    params = {"caseId": 7, "unfetchedOnly": False, "fromDate": date(2026, 1, 2), "skip": None}
    before = dict(params)
    with aioresponses() as mocked:
        mocked.get(ANY_URL, payload={"ok": True})
        async with AsyncConfirmaClient(api_key=api_key) as client:
            assert await client.request("GET", "/api/v1/partner/x", params=params) == {
                "ok": True
            }
        ((_, url, _),) = sent_requests(mocked)
    assert dict(URL(url).query) == {"caseId": "7", "unfetchedOnly": "false",
                                    "fromDate": "2026-01-02"}
    assert params == before


async def test_request_unstructures_models_in_the_json_body(api_key: str) -> None:
    action = DirectPaymentAction(invoice_number=1, case_id=2, amount="250.75", currency="SEK",
                                 payment_date=date(2026, 2, 9))
    with aioresponses() as mocked:
        mocked.post(ANY_URL, status=204, body=b"")
        async with AsyncConfirmaClient(api_key=api_key) as client:
            result = await client.request("POST", "/api/v1/partner/invoice/action",
                                          json={"actions": [action]})
        body = sent_json(mocked)
    assert result is None
    assert body["actions"][0]["data"]["amount"] == Decimal("250.75")
    assert body["actions"][0]["data"]["paymentDate"] == "2026-02-09"


@pytest.mark.parametrize(
    ("status", "error"),
    [(401, AuthenticationError), (404, NotFoundError), (422, UnprocessableEntityError),
     (500, ServerError)],
)
async def test_request_maps_error_statuses_like_every_endpoint(
    api_key: str, status: int, error: type[Exception]
) -> None:
    with aioresponses() as mocked:
        mocked.get(ANY_URL, status=status, payload={"error": "x"},
                   headers={"X-Request-Id": "req-9"})
        async with AsyncConfirmaClient(api_key=api_key, max_retries=0) as client:
            with pytest.raises(error) as info:
                await client.request("GET", "/api/v1/partner/undocumented")
    assert info.value.status == status  # type: ignore[attr-defined]
    assert info.value.request_id == "req-9"  # type: ignore[attr-defined]
    assert api_key not in str(info.value)


async def test_request_retries_a_get_on_a_server_error(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(ANY_URL, status=503)
        mocked.get(ANY_URL, payload={"ok": True})
        async with AsyncConfirmaClient(
            api_key=api_key, max_retries=1,
            retry_policy=RetryPolicy(backoff_base=0.001),
        ) as client:
            assert await client.request("GET", "/api/v1/partner/x") == {"ok": True}
        assert len(sent_requests(mocked)) == 2


async def test_request_cast_mismatch_names_the_field(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(ANY_URL, payload={"isValid": "yes"})
        async with AsyncConfirmaClient(api_key=api_key) as client:
            with pytest.raises(ResponseDecodeError) as info:
                await client.request("GET", "/api/v1/partner/validate", cast_to=TokenValidation)
    assert info.value.json_path == "$.isValid"


def test_sync_request_mirrors_the_async_one(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(ANY_URL, body=example_text("onboarding_validate.response.json"))
        mocked.post(ANY_URL, status=404, payload={})
        with ConfirmaClient(api_key=api_key) as client:
            result = client.request("GET", "/api/v1/partner/validate", cast_to=TokenValidation)
            with pytest.raises(NotFoundError):
                client.request("POST", "/api/v1/partner/nothing", json={"a": Decimal("1.50")})
        (_, (_, _, post_kwargs)) = sent_requests(mocked)
    assert result.is_valid is True
    assert serde.loads(post_kwargs["data"]) == {"a": Decimal("1.50")}
