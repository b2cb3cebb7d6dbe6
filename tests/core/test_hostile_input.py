"""Bad input is refused before anything is sent: path parameters and control characters."""

from __future__ import annotations

import inspect
from decimal import Decimal
from typing import Any

import pytest

from confirma_async import AsyncConfirmaClient, ConfirmaValueError, ResponseDecodeError
from confirma_async.collection import AsyncCollectionClient
from confirma_async.collection.claims import AsyncClaims
from confirma_async.models import ClaimPaymentRequest
from tests.api.test_onboarding import example_client
from tests.hostile import (
    KEY,
    HostileServer,
    by_path,
    ok_json,
    server,
)

__all__ = ["server"]  # the fixture, imported from tests.hostile

TOKEN = "input-token-5678"
PAYMENT = ClaimPaymentRequest(
    invoice_number="I0417211448", payment_number="P5803137068", date="2023-06-23",
    amount=Decimal("150.00"), currency="EUR",
)
PAGE = {"items": [], "pagination": {}}
DOT_SEGMENTS = [".", "..", " .. ", " . ", "\t..", "", "   "]


def collection(server: HostileServer, **options: Any) -> AsyncCollectionClient:
    return AsyncCollectionClient(base_url=server.url, access_token=TOKEN, **options)


# --- item 10: path parameters ------------------------------------------------------------


@pytest.mark.parametrize("claim_number", DOT_SEGMENTS)
async def test_dot_segment_claim_number_is_refused_and_nothing_is_sent(
    server: HostileServer, claim_number: str
) -> None:
    """README: "A path parameter (a claim number) that is empty, blank or a dot segment
    (`.`, `..`) is refused with `ConfirmaValueError`" (issue 8, item 10:
    `create_payment("..")` posted to `/v1/payments`.)"""
    async with collection(server) as client:
        with pytest.raises(ConfirmaValueError) as caught:
            await client.claims.create_payment(claim_number, PAYMENT)
    assert caught.value.field == "claim_number"
    assert server.requests == []


def _claim_number_methods() -> list[str]:
    """Every public claims method whose first argument is the claim number (a path part)."""
    names = []
    for name, fn in inspect.getmembers(AsyncClaims, inspect.isfunction):
        first = list(inspect.signature(fn).parameters.values())[1:2]
        if not name.startswith("_") and first and first[0].name == "claim_number" \
                and first[0].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD:
            names.append(name)
    return names


def test_every_claim_number_method_is_covered() -> None:
    # If a resource gains a path parameter, the test below must see it.
    assert set(_claim_number_methods()) >= {
        "create_payment", "create_credit_waiver", "create_recall",
        "cancel_accounting_document", "list_invoices", "iter_invoices", "list_costs",
        "iter_costs",
    }


@pytest.mark.parametrize("method", _claim_number_methods())
@pytest.mark.parametrize("claim_number", ["..", " . "])
async def test_every_resource_with_a_path_parameter_refuses_dot_segments(
    server: HostileServer, method: str, claim_number: str
) -> None:
    """README: "A path parameter (a claim number) that is empty, blank or a dot segment
    (`.`, `..`) is refused with `ConfirmaValueError`" — in every resource."""
    async with collection(server) as client:
        call = getattr(client.claims, method)
        with pytest.raises(ConfirmaValueError) as caught:
            result = call(claim_number, None) if method.startswith(("create", "cancel")) \
                else call(claim_number)
            if inspect.isasyncgen(result):
                await result.__anext__()
            else:
                await result
    assert caught.value.field == "claim_number"
    assert server.requests == []


@pytest.mark.parametrize(
    ("claim_number", "segment"),
    [("a/b", "a%2Fb"), ("x?page=9", "x%3Fpage=9"), ("y#frag", "y%23frag"),
     ("%2e%2e", "%252e%252e"), ("..a", "..a"), ("C 12", "C%2012")],
)
async def test_path_parameter_is_percent_encoded_into_one_segment(
    server: HostileServer, claim_number: str, segment: str
) -> None:
    """README: "everything else is percent-encoded, so `/`, `?` and `#` stay inside the
    segment." """
    server.script = ok_json(PAGE)
    async with collection(server) as client:
        await client.claims.list_invoices(claim_number)
    (request,) = server.requests
    assert request.target.split("?")[0] == f"/v1/claims/{segment}/invoices"


# --- item 11: control characters in credentials and headers ------------------------------

CONTROL = ["\x00", "\x1b", "\x7f", "\r", "\n", "\r\n", "\t", "\x1f"]


@pytest.mark.parametrize("char", CONTROL)
def test_api_key_with_a_control_character_is_refused_without_echoing_it(char: str) -> None:
    """README: "API keys, tokens, secrets and `extra_headers` values with control
    characters (`\\x00`-`\\x1f`, `\\x7f`, CR/LF) are refused with `ConfirmaValueError`,
    without echoing the value." (issue 8, item 11.)"""
    secret = f"live-key{char}tail-9f"
    with pytest.raises(ConfirmaValueError) as caught:
        AsyncConfirmaClient(api_key=secret)
    assert caught.value.field == "api_key"
    assert "live-key" not in str(caught.value) and "tail-9f" not in str(caught.value)


@pytest.mark.parametrize("char", [c for c in CONTROL if c != "\x00"])  # no NUL in environ
def test_api_key_from_the_environment_is_checked_the_same_way(
    char: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """README: "API keys, tokens, secrets (...) with control characters (...) are refused
    with `ConfirmaValueError`"."""
    monkeypatch.setenv("CONFIRMA_API_KEY", f"env-key{char}x")
    with pytest.raises(ConfirmaValueError) as caught:
        AsyncConfirmaClient()
    assert caught.value.field == "api_key" and "env-key" not in str(caught.value)


@pytest.mark.parametrize("char", CONTROL)
@pytest.mark.parametrize(
    ("field", "make"),
    [
        ("provisioning_token",
         lambda v: AsyncConfirmaClient(api_key=KEY, provisioning_token=v)),
        ("access_token",
         lambda v: AsyncCollectionClient(base_url="https://c.example.com", access_token=v)),
        ("client_secret",
         lambda v: AsyncCollectionClient(base_url="https://c.example.com", client_id="c",
                                         client_secret=v, token_url="https://a.example.com/t")),
        ("client_id",
         lambda v: AsyncCollectionClient(base_url="https://c.example.com", client_id=v,
                                         client_secret="s", token_url="https://a.example.com/t")),
    ],
)
def test_every_credential_argument_refuses_control_characters(
    char: str, field: str, make: Any
) -> None:
    """README: "API keys, tokens, secrets (...) with control characters (...) are refused
    with `ConfirmaValueError`, without echoing the value." """
    with pytest.raises(ConfirmaValueError) as caught:
        make(f"cred-head{char}cred-tail")
    assert caught.value.field == field
    assert "cred-head" not in str(caught.value) and "cred-tail" not in str(caught.value)


@pytest.mark.parametrize("char", CONTROL)
async def test_set_api_key_and_per_call_provisioning_token_refuse_control_characters(
    server: HostileServer, char: str
) -> None:
    """README: "API keys, tokens, secrets (...) are refused with `ConfirmaValueError`" —
    also when given to a live client or to one call; nothing is sent."""
    async with AsyncConfirmaClient(api_key=KEY, base_url=server.url) as client:
        with pytest.raises(ConfirmaValueError) as caught:
            client.set_api_key(f"new{char}key")
        assert caught.value.field == "api_key"
        with pytest.raises(ConfirmaValueError) as caught:
            await client.onboarding.create_client(
                example_client(), provisioning_token=f"tok-head{char}tok-tail"
            )
        assert caught.value.field == "provisioning_token"
        assert "tok-head" not in str(caught.value) and "tok-tail" not in str(caught.value)
    assert server.requests == []


@pytest.mark.parametrize("char", CONTROL)
async def test_extra_header_value_with_a_control_character_is_refused_at_the_call(
    server: HostileServer, char: str
) -> None:
    """README: "`extra_headers` values with control characters (...) are refused with
    `ConfirmaValueError`, without echoing the value." """
    async with AsyncConfirmaClient(api_key=KEY, base_url=server.url) as client:
        with pytest.raises(ConfirmaValueError) as caught:
            await client.cases.get(7, extra_headers={"X-Trace": f"hdr{char}value"})
    assert caught.value.field == "extra_headers['X-Trace']"
    assert "hdr" not in str(caught.value)
    assert server.requests == []


@pytest.mark.parametrize("name", ["X Trace", "X:Trace", "", "X-Tr\nace", "Caf\u00e9"])
async def test_extra_header_with_an_invalid_name_is_refused(
    server: HostileServer, name: str
) -> None:
    """README: "`extra_headers` (...) are refused with `ConfirmaValueError`" — a name that
    is not an HTTP token cannot be sent either."""
    async with collection(server) as client:
        with pytest.raises(ConfirmaValueError) as caught:
            await client.claims.list_invoices("C1", extra_headers={name: "v"})
    assert caught.value.field == "extra_headers"
    assert server.requests == []


async def test_fetched_token_with_a_control_character_is_a_decode_error(
    server: HostileServer,
) -> None:
    """README: "API keys, tokens, secrets (...) with control characters (...) are refused"
    — a token endpoint sending one gets a `ResponseDecodeError`, and it is never sent."""
    server.script = by_path(
        {"/oauth/token": ok_json({"access_token": "tok\x1b[2Jen", "expires_in": 60})},
        ok_json(PAGE),
    )
    async with AsyncCollectionClient(
        base_url=server.url, client_id="c", client_secret="s",
        token_url=f"{server.url}/oauth/token",
    ) as client:
        with pytest.raises(ResponseDecodeError) as caught:
            await client.claims.list_invoices("C1")
    assert caught.value.json_path == "$.access_token"
    assert server.count("GET") == 0
