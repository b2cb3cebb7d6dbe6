"""Onboarding: create a client with the partner token, validate and renew the key."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from aiohttp import web
from aioresponses import aioresponses

from confirma_async import (
    APITimeoutError,
    AsyncConfirmaClient,
    AuthenticationError,
    ConfirmaClient,
    ConfirmaValueError,
    ResponseDecodeError,
    RetryPolicy,
    ServerError,
    serde,
)
from confirma_async.models import (
    ClientContact,
    ClientCreateRequest,
    ClientDetails,
    ClientService,
    ContactType,
    RenewedToken,
    ServiceType,
    TokenValidation,
)
from tests.cfis_samples import sent_requests, truncated_example
from tests.conftest import example_text
from tests.hostile import HostileServer, by_path, ok_json, threaded
from tests.servers import Handler, serve

ROOT = "https://integrations.confirmafinance.com/api/v1/partner"
CASE_URL = ROOT + "/invoice/case?caseId=7"
NEW_KEY = "renewed-4f1c9e2b7a"
PARTNER_TOKEN = "partner-token-81d2"


def example_client() -> ClientCreateRequest:
    return ClientCreateRequest(
        service=ClientService(type="LIFECYCLE", partner_code="QUICK3"),
        client=ClientDetails(
            name="Test Customer Oy",
            business_code="123456-7",
            vat_reg_nbr="FI1234567",
            postal_address="Testikuja 7",
            postal_code="12345",
            postal_district="HELSINKI",
            country_code="FI",
            telephone="",
            email="email@testcustomer.fi",
            website="",
            language_code="FI",
        ),
    )


def one_case() -> bytes:
    body = serde.loads(example_text("invoice_case.response.v2.json"))
    body["cases"][0]["summary"]["caseId"] = 7
    return serde.dumps(body)


# --- create client ----------------------------------------------------------------------------


def test_client_request_serializes_to_the_documented_example() -> None:
    # The example is cut after "languageCode": "FI", (the rest of `client` and `contacts`).
    example = truncated_example("onboarding_client.request.truncated.json", None, "}}")
    assert serde.unstructure(example_client()) == example


def test_contacts_are_sent_only_when_given() -> None:
    request = example_client()
    request.contacts = [ClientContact(type="technical", name="Tea Tech", email="tea@example.com")]
    body = serde.unstructure(request)
    assert body["contacts"] == [{"type": "technical", "name": "Tea Tech",
                                 "email": "tea@example.com"}]
    assert request.contacts[0].type.member is ContactType.TECHNICAL
    assert request.service.type is ServiceType.LIFECYCLE


# The key a request carries is put on it inside aiohttp (a client middleware), which
# aioresponses bypasses: tests of *which key was sent* run against a real local server.


async def test_create_client_sends_the_partner_token_not_the_client_key(api_key: str) -> None:
    answer = ok_json({"clientId": "C-1", "customerCode": "4711",
                      "paymentReferencePrefix": "251", "apiKey": "initial-key-9"})
    async with HostileServer(answer) as server:
        async with AsyncConfirmaClient(api_key=api_key, base_url=server.url,
                                       provisioning_token=PARTNER_TOKEN) as client:
            created = await client.onboarding.create_client(example_client())
    (request,) = server.requests
    assert (request.method, request.path) == ("POST", "/api/v1/partner/client")
    assert request.headers["x-api-key"] == PARTNER_TOKEN
    assert serde.loads(request.body)["client"]["businessCode"] == "123456-7"
    assert (created.client_id, created.customer_code, created.payment_reference_prefix) == (
        "C-1", "4711", "251")
    assert created.api_key == "initial-key-9"
    assert "initial-key-9" not in repr(created)
    assert "apiKey" not in created.data


async def test_create_client_takes_the_partner_token_per_call(api_key: str) -> None:
    async with HostileServer(ok_json({})) as server:
        async with AsyncConfirmaClient(api_key=api_key, base_url=server.url) as client:
            created = await client.onboarding.create_client(
                example_client(), provisioning_token=PARTNER_TOKEN
            )
    (request,) = server.requests
    assert request.headers["x-api-key"] == PARTNER_TOKEN
    assert created.client_id is None and created.api_key is None


async def test_create_client_without_partner_token_sends_nothing(api_key: str) -> None:
    with aioresponses() as mocked:
        async with AsyncConfirmaClient(api_key=api_key) as client:
            with pytest.raises(ConfirmaValueError) as info:
                await client.onboarding.create_client(example_client())
        assert sent_requests(mocked) == []
    assert info.value.field == "provisioning_token"


@pytest.mark.parametrize(
    ("attr", "value", "path"),
    [("email", "email(at)testcustomer.fi", "client.email"),
     ("website", "http://", "client.website"),
     ("country_code", "Finland", "client.countryCode"),
     ("language_code", "F", "client.languageCode"),
     ("name", "", "client.name")],
)
async def test_create_client_refuses_an_invalid_field_by_its_path(
    api_key: str, attr: str, value: str, path: str
) -> None:
    request = example_client()
    setattr(request.client, attr, value)
    with aioresponses() as mocked:
        async with AsyncConfirmaClient(api_key=api_key,
                                       provisioning_token=PARTNER_TOKEN) as client:
            with pytest.raises(ConfirmaValueError) as info:
                await client.onboarding.create_client(request)
        assert sent_requests(mocked) == []
    assert info.value.field == path


def test_website_accepts_a_bare_host_and_a_full_url() -> None:
    request = example_client()
    for site in ("www.testcustomer.fi", "https://testcustomer.fi/en"):
        request.client.website = site
        request.validate()


def test_provisioning_token_never_shows_in_repr(api_key: str) -> None:
    client = AsyncConfirmaClient(api_key=api_key, provisioning_token=PARTNER_TOKEN)
    assert PARTNER_TOKEN not in repr(client) and PARTNER_TOKEN not in repr(client.onboarding)
    assert PARTNER_TOKEN not in repr(vars(client.onboarding))


# --- validate -----------------------------------------------------------------------------------


async def test_validate_token_decodes_the_documented_response(api_key: str) -> None:
    answer = ok_json(serde.loads(example_text("onboarding_validate.response.json")))
    async with HostileServer(answer) as server:
        async with AsyncConfirmaClient(api_key=api_key, base_url=server.url) as client:
            result = await client.onboarding.validate_token()
    (request,) = server.requests
    assert result == TokenValidation(is_valid=True, message="Token is valid")
    assert (request.path, request.headers["x-api-key"]) == ("/api/v1/partner/validate", api_key)


async def test_validate_token_reports_an_invalid_key(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(ROOT + "/validate", payload={"isValid": False, "message": "Token expired"})
        async with AsyncConfirmaClient(api_key=api_key) as client:
            result = await client.onboarding.validate_token()
    assert result.is_valid is False and result.message == "Token expired"


# --- renew ------------------------------------------------------------------------------------


async def test_renew_reads_the_key_from_the_documented_message_field(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(ROOT + "/renew", payload={"Message": NEW_KEY})
        async with AsyncConfirmaClient(api_key=api_key) as client:
            renewed = await client.onboarding.renew_token()
    assert renewed == RenewedToken(api_key=NEW_KEY, applied=False)


async def test_renew_decodes_the_documented_example_body(api_key: str) -> None:
    # The documented example carries the placeholder "string" as the new key.
    with aioresponses() as mocked:
        mocked.get(ROOT + "/renew", body=example_text("onboarding_renew.response.json"))
        async with AsyncConfirmaClient(api_key=api_key) as client:
            renewed = await client.onboarding.renew_token()
    assert renewed.api_key == "string" and renewed.applied is False


@pytest.mark.parametrize("field", ["token", "apiKey", "accessToken"])
async def test_renew_prefers_an_explicit_key_field_over_message(
    api_key: str, field: str
) -> None:
    with aioresponses() as mocked:
        mocked.get(ROOT + "/renew", payload={"Message": "Token renewed", field: NEW_KEY})
        async with AsyncConfirmaClient(api_key=api_key) as client:
            renewed = await client.onboarding.renew_token()
    assert renewed.api_key == NEW_KEY


@pytest.mark.parametrize("body", [{"Message": ""}, {"Message": "Token renewed ok"}, {}, []])
async def test_renew_without_a_key_is_a_decode_error(api_key: str, body: Any) -> None:
    with aioresponses() as mocked:
        mocked.get(ROOT + "/renew", payload=body)
        async with AsyncConfirmaClient(api_key=api_key) as client:
            with pytest.raises(ResponseDecodeError) as info:
                await client.onboarding.renew_token()
    assert info.value.json_path == "$.Message"


RENEW_AND_CASES = by_path({"/api/v1/partner/renew": ok_json({"Message": NEW_KEY}),
                           "/api/v1/partner/validate": ok_json({"isValid": True}),
                           "/api/v1/partner/client": ok_json({"clientId": 17})},
                          ok_json(serde.loads(one_case())))


async def test_renew_with_apply_switches_the_live_client_to_the_new_key(api_key: str) -> None:
    async with HostileServer(RENEW_AND_CASES) as server:
        async with AsyncConfirmaClient(api_key=api_key, base_url=server.url) as client:
            renewed = await client.onboarding.renew_token(apply=True)
            await client.cases.get(7)
    renew_call, case_call = server.requests
    assert renewed.applied is True
    assert renew_call.headers["x-api-key"] == api_key
    assert case_call.headers["x-api-key"] == NEW_KEY


async def test_without_apply_the_client_keeps_its_key_until_set_api_key(api_key: str) -> None:
    async with HostileServer(RENEW_AND_CASES) as server:
        async with AsyncConfirmaClient(api_key=api_key, base_url=server.url) as client:
            renewed = await client.onboarding.renew_token()
            await client.cases.get(7)
            client.set_api_key(renewed.api_key)
            await client.cases.get(7)
    keys = [request.headers["x-api-key"] for request in server.requests]
    assert keys == [api_key, api_key, NEW_KEY]


@pytest.mark.parametrize("bad", ["", "  ", "a\nb"])
def test_set_api_key_refuses_an_unusable_key(api_key: str, bad: str) -> None:
    client = AsyncConfirmaClient(api_key=api_key)
    with pytest.raises(ConfirmaValueError) as info:
        client.set_api_key(bad)
    assert info.value.field == "api_key"


async def test_renewed_key_is_never_logged_even_with_body_logging(
    api_key: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="confirma_async")
    with aioresponses() as mocked:
        mocked.get(ROOT + "/renew", payload={"Message": NEW_KEY})
        mocked.get(CASE_URL, body=one_case())
        async with AsyncConfirmaClient(api_key=api_key, log_bodies=True) as client:
            renewed = await client.onboarding.renew_token(apply=True)
            await client.cases.get(7)
    assert caplog.records  # DEBUG logging was on, bodies included
    assert "response body" in caplog.text  # the case body was logged ...
    assert NEW_KEY not in caplog.text  # ... the renewal body was not
    assert NEW_KEY not in repr(renewed) and NEW_KEY not in str(renewed)


async def test_renew_rejected_with_401_raises_authentication_error(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(ROOT + "/renew", status=401, payload={"message": "expired"})
        async with AsyncConfirmaClient(api_key=api_key) as client:
            with pytest.raises(AuthenticationError) as info:
                await client.onboarding.renew_token(apply=True)
    assert api_key not in str(info.value)


def test_sync_client_renews_and_switches_its_key(api_key: str) -> None:
    with threaded(RENEW_AND_CASES) as server:
        with ConfirmaClient(api_key=api_key, base_url=server.url) as client:
            renewed = client.onboarding.renew_token()
            client.set_api_key(renewed.api_key)
            assert client.onboarding.validate_token().is_valid
        keys = [request.headers["x-api-key"] for request in server.requests]
    assert keys == [api_key, NEW_KEY]


def test_sync_client_creates_a_client_with_the_partner_token(api_key: str) -> None:
    with threaded(RENEW_AND_CASES) as server:
        with ConfirmaClient(api_key=api_key, base_url=server.url,
                            provisioning_token=PARTNER_TOKEN) as client:
            created = client.onboarding.create_client(example_client())
        (request,) = server.requests
    assert request.headers["x-api-key"] == PARTNER_TOKEN
    assert created.client_id == "17"


async def test_renewal_against_a_live_server_revokes_the_old_key_and_apply_keeps_working(
    api_key: str,
) -> None:
    # A real aiohttp.web server that behaves as the sandbox does: after a renewal only the
    # new key is accepted.
    valid = {api_key}

    async def renew(request: web.Request) -> web.Response:
        if request.headers.get("X-Api-Key") not in valid:
            return web.json_response({"message": "invalid"}, status=401)
        valid.clear()
        valid.add(NEW_KEY)
        return web.json_response({"Message": NEW_KEY})

    async def validate(request: web.Request) -> web.Response:
        if request.headers.get("X-Api-Key") not in valid:
            return web.json_response({"message": "invalid"}, status=401)
        return web.json_response({"isValid": True, "message": "Token is valid"})

    routes: dict[tuple[str, str], Handler] = {("GET", "/api/v1/partner/renew"): renew,
              ("GET", "/api/v1/partner/validate"): validate}
    async with serve(routes) as root:
        async with AsyncConfirmaClient(api_key=api_key, base_url=root) as stale, \
                AsyncConfirmaClient(api_key=api_key, base_url=root) as client:
            renewed = await client.onboarding.renew_token(apply=True)
            assert (await client.onboarding.validate_token()).is_valid
            with pytest.raises(AuthenticationError):
                await stale.onboarding.validate_token()
    assert renewed.api_key == NEW_KEY


# --- renewal is never sent twice ------------------------------------------------------------


async def test_renew_is_not_retried_after_a_server_error(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(ROOT + "/renew", status=503, repeat=True)
        async with AsyncConfirmaClient(api_key=api_key, max_retries=3) as client:
            with pytest.raises(ServerError):
                await client.onboarding.renew_token()
        ((_, calls),) = mocked.requests.items()
    assert len(calls) == 1  # a second renewal could invalidate the key the first returned


async def test_renew_is_not_retried_after_a_timeout(api_key: str) -> None:
    hits: list[str] = []

    async def slow(request: web.Request) -> web.Response:
        hits.append(request.path)
        await asyncio.sleep(1)
        return web.json_response({"Message": NEW_KEY})

    async with serve({("GET", "/api/v1/partner/renew"): slow}) as url:
        async with AsyncConfirmaClient(
            api_key=api_key, base_url=url, timeout=0.2, max_retries=3,
            retry_policy=RetryPolicy(backoff_base=0.01),
        ) as client:
            with pytest.raises(APITimeoutError):
                await client.onboarding.renew_token()
    assert hits == ["/api/v1/partner/renew"]


async def test_validate_is_still_retried_as_an_ordinary_get(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(ROOT + "/validate", status=503)
        mocked.get(ROOT + "/validate", payload={"isValid": True, "message": "Token is valid"})
        async with AsyncConfirmaClient(
            api_key=api_key, retry_policy=RetryPolicy(backoff_base=0.01)
        ) as client:
            result = await client.onboarding.validate_token()
    assert result.is_valid is True
