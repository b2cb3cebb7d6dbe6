"""OAuth2 client credentials against a real aiohttp.web server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterator
from decimal import Decimal
from typing import Any

import aiohttp
import attrs
import pytest
from aiohttp import web
from anyio.from_thread import start_blocking_portal

from confirma_async import (
    APITimeoutError,
    AuthenticationError,
    ConfirmaValueError,
    RedirectError,
    ResponseDecodeError,
    RetryPolicy,
)
from confirma_async.collection import AsyncCollectionClient, CollectionClient, _auth
from confirma_async.models import ClaimPaymentRequest
from tests.servers import serve

CLIENT_ID = "client-7d2c"
SECRET = "s3cr3t-Zq9-never-show"
AUDIENCE = "https://api-test.horizonafs.io"
PAYMENT = ClaimPaymentRequest(
    invoice_number="I0417211448", payment_number="P5803137068", date="2023-06-23",
    amount=Decimal("150.00"), currency="EUR",
)

# The fields every claim invoice carries (the model requires them).
INVOICE = {"invoiceNumber": "I1", "invoiceDate": "2024-01-02", "remainingAmount": 10,
           "originalAmount": 10, "currency": "EUR"}


@attrs.define
class Server:
    """A token endpoint and a claims API that records what it saw."""

    url: str = ""
    token_forms: list[dict[str, str]] = attrs.field(factory=list)
    token_headers: list[dict[str, str]] = attrs.field(factory=list)
    api_tokens: list[str] = attrs.field(factory=list)
    expires_in: int | None = 3600
    accepted: set[str] | None = None  # None: accept every issued token
    token_status: int = 200
    token_body: Any = None
    token_delay: float = 0.0
    token_gate: asyncio.Event | None = None  # set: the token endpoint stalls until released
    reject_delay: float = 0.0  # a refusal of claim N is sent after N times this
    unavailable: int = 0  # answer this many accepted-token requests 503 first

    @property
    def token_url(self) -> str:
        return f"{self.url}/oauth/token"

    def issued(self, n: int) -> str:
        return f"tok-{n}-Jx81"

    async def token(self, request: web.Request) -> web.Response:
        self.token_headers.append(dict(request.headers))
        self.token_forms.append(dict(await request.post()))  # type: ignore[arg-type]
        await asyncio.sleep(self.token_delay)
        if self.token_gate is not None:
            await self.token_gate.wait()
        if self.token_status != 200 or self.token_body is not None:
            return web.json_response(self.token_body, status=self.token_status)
        body: dict[str, Any] = {"access_token": self.issued(len(self.token_forms)),
                                "token_type": "Bearer", "scope": "fullcontrol:users"}
        if self.expires_in is not None:
            body["expires_in"] = self.expires_in
        return web.json_response(body)

    async def invoices(self, request: web.Request) -> web.Response:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        self.api_tokens.append(token)
        if self.accepted is not None and token not in self.accepted:
            await asyncio.sleep(self.reject_delay * int(request.match_info["number"]))
            return web.json_response({"error": "invalid_token"}, status=401)
        if self.unavailable:
            self.unavailable -= 1
            return web.json_response({"error": "busy"}, status=503)
        return web.json_response({"items": [INVOICE], "pagination": {}})

    async def payments(self, request: web.Request) -> web.Response:
        await request.read()
        return web.json_response({"requestId": "r-1"}, status=202)


def routes(state: Server) -> dict[tuple[str, str], Any]:
    return {
        ("POST", "/oauth/token"): state.token,
        ("GET", "/v1/claims/{number}/invoices"): state.invoices,
        ("POST", "/v1/claims/{number}/payments"): state.payments,
    }


@pytest.fixture
async def server() -> AsyncIterator[Server]:
    state = Server()
    async with serve(routes(state)) as url:
        state.url = url
        yield state


@pytest.fixture
def threaded_server() -> Iterator[Server]:
    """The same server in its own loop thread, for the blocking client."""
    state = Server()
    with start_blocking_portal() as portal, portal.wrap_async_context_manager(
        serve(routes(state))
    ) as url:
        state.url = url
        yield state


def oauth_client(server: Server, **kwargs: Any) -> AsyncCollectionClient:
    return AsyncCollectionClient(
        base_url=server.url, client_id=CLIENT_ID, client_secret=SECRET,
        token_url=server.token_url, audience=AUDIENCE, **kwargs,
    )


async def test_token_request_is_a_form_encoded_client_credentials_grant(server: Server) -> None:
    async with oauth_client(server) as client:
        await client.claims.list_invoices("1")
    (form,) = server.token_forms
    assert form == {"grant_type": "client_credentials", "client_id": CLIENT_ID,
                    "client_secret": SECRET, "audience": AUDIENCE}
    (headers,) = server.token_headers
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert "Authorization" not in headers
    assert server.api_tokens == [server.issued(1)]


async def test_entering_the_client_does_no_network_io(server: Server) -> None:
    async with oauth_client(server):
        pass
    assert server.token_forms == [] and server.api_tokens == []


async def test_token_is_fetched_once_for_many_concurrent_calls(server: Server) -> None:
    server.token_delay = 0.05  # every call is waiting while the one fetch is in flight
    async with oauth_client(server) as client:
        await asyncio.gather(*(client.claims.list_invoices(str(n)) for n in range(25)))
        await client.claims.list_invoices("again")
    assert len(server.token_forms) == 1
    assert server.api_tokens == [server.issued(1)] * 26


async def test_token_is_renewed_shortly_before_expiry_not_earlier(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [1000.0]
    monkeypatch.setattr(_auth, "_clock", lambda: now[0])
    server.expires_in = 3600
    async with oauth_client(server) as client:
        await client.claims.list_invoices("1")
        now[0] += 3600 - _auth.REFRESH_MARGIN - 1
        await client.claims.list_invoices("1")
        assert len(server.token_forms) == 1
        now[0] += 2  # now inside the margin before expiry
        await client.claims.list_invoices("1")
    assert len(server.token_forms) == 2
    assert server.api_tokens == [server.issued(1), server.issued(1), server.issued(2)]


async def test_a_401_renews_the_token_once_and_resends(server: Server) -> None:
    server.accepted = {server.issued(2)}
    async with oauth_client(server, max_retries=0) as client:
        page = await client.claims.list_invoices("1")
    assert page.items[0].invoice_number == "I1"
    assert len(server.token_forms) == 2
    assert server.api_tokens == [server.issued(1), server.issued(2)]


async def test_the_resend_after_a_renewal_is_not_counted_as_a_retry(server: Server) -> None:
    """README: "renewed once after a 401 (that re-send is not counted as a retry ...)" — a
    503 after the renewal still gets the call's one retry."""
    server.accepted = {server.issued(2)}
    server.unavailable = 1
    fast = RetryPolicy(backoff_base=0.001, backoff_cap=0.002)
    async with oauth_client(server, max_retries=1, retry_policy=fast) as client:
        page = await client.claims.list_invoices("1")
    assert page.items[0].invoice_number == "I1"
    assert server.api_tokens == [server.issued(1), server.issued(2), server.issued(2)]


async def test_still_401_after_renewal_raises_authentication_error(server: Server) -> None:
    server.accepted = set()
    async with oauth_client(server) as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.claims.list_invoices("1")
    assert caught.value.status == 401
    assert len(server.token_forms) == 2
    assert len(server.api_tokens) == 2


async def test_concurrent_401s_with_the_same_token_share_one_renewal(server: Server) -> None:
    server.accepted = {server.issued(2)}
    # Refusals trickle in, some after the renewal finished: those must not renew again.
    server.reject_delay = 0.01
    async with oauth_client(server) as client:
        await asyncio.gather(*(client.claims.list_invoices(str(n)) for n in range(10)))
    assert len(server.token_forms) == 2


async def test_given_access_token_is_sent_and_not_renewed(server: Server) -> None:
    server.accepted = set()
    async with AsyncCollectionClient(base_url=server.url, access_token="given-1") as client:
        with pytest.raises(AuthenticationError):
            await client.claims.list_invoices("1")
    assert server.api_tokens == ["given-1"]
    assert server.token_forms == []


async def test_token_endpoint_refusal_is_an_authentication_error(server: Server) -> None:
    server.token_status = 401
    server.token_body = {"error": "access_denied", "error_description": "Unauthorized"}
    async with oauth_client(server) as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.claims.list_invoices("1")
    assert "/oauth/token" in str(caught.value)
    assert SECRET not in str(caught.value) and SECRET not in repr(caught.value)
    assert server.api_tokens == []


async def test_token_answer_without_access_token_is_a_decode_error(server: Server) -> None:
    server.token_body = {"token_type": "Bearer"}
    async with oauth_client(server) as client:
        with pytest.raises(ResponseDecodeError) as caught:
            await client.claims.list_invoices("1")
    assert caught.value.json_path == "$.access_token"


async def test_slow_token_endpoint_times_out_with_the_client_timeout(server: Server) -> None:
    release = server.token_gate = asyncio.Event()
    try:
        async with oauth_client(server, timeout=0.2, max_retries=0) as client:
            with pytest.raises(APITimeoutError):
                await client.claims.list_invoices("1")
    finally:
        release.set()


async def test_token_request_is_not_redirected_to_another_origin() -> None:
    async def redirect(request: web.Request) -> web.Response:
        raise web.HTTPTemporaryRedirect("http://localhost:9/steal")

    async with serve({("POST", "/oauth/token"): redirect}) as url:
        async with AsyncCollectionClient(
            base_url=url, client_id=CLIENT_ID, client_secret=SECRET, token_url=f"{url}/oauth/token"
        ) as client:
            # No POST is ever redirected (its body, here the client secret, stays put).
            with pytest.raises(RedirectError, match="307 redirect for POST /oauth/token") as caught:
                await client.claims.list_invoices("1")
    assert caught.value.location == "http://localhost:9/steal"
    assert SECRET not in str(caught.value)


async def test_secret_and_tokens_never_reach_the_logs(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    server.accepted = {server.issued(2)}  # exercise the renewal path too
    caplog.set_level(logging.DEBUG, logger="confirma_async")
    async with oauth_client(server, log_bodies=True) as client:
        await client.claims.list_invoices("1")
        await client.claims.create_payment("1", PAYMENT)
    assert "P5803137068" in caplog.text  # bodies are logged: the check below can fail
    for secret in (SECRET, server.issued(1), server.issued(2)):
        assert secret not in caplog.text


async def test_reprs_never_show_secret_or_token(server: Server) -> None:
    async with oauth_client(server) as client:
        await client.claims.list_invoices("1")
        texts = [repr(client), str(client), repr(client.claims),
                 repr(client._transport), repr(client._transport.auth)]
    for text in texts:
        assert SECRET not in text and server.issued(1) not in text
    assert CLIENT_ID in repr(client._transport.auth)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({}, "access_token"),
        ({"client_id": "c", "token_url": "https://auth.example.com/oauth/token"},
         "client_secret"),
        ({"client_id": "c", "client_secret": "s"}, "token_url"),
        ({"client_secret": "s", "token_url": "https://auth.example.com/oauth/token"},
         "client_id"),
        ({"access_token": "t", "client_id": "c"}, "client_id"),
        ({"access_token": "t", "audience": "a"}, "audience"),
        ({"access_token": " "}, "access_token"),
        ({"client_id": "c", "client_secret": "s", "token_url": "http://auth.example.com/t"},
         "token_url"),
    ],
)
def test_missing_or_ambiguous_credentials_name_the_field(
    kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(ConfirmaValueError) as caught:
        AsyncCollectionClient(base_url="https://collection.example.com", **kwargs)
    assert caught.value.field == field


def test_sync_client_fetches_the_token_once_in_its_own_loop(threaded_server: Server) -> None:
    server = threaded_server
    with CollectionClient(
        base_url=server.url, client_id=CLIENT_ID, client_secret=SECRET,
        token_url=server.token_url,
    ) as client:
        first = client.claims.list_invoices("1")
        second = client.claims.create_payment("1", PAYMENT)
    assert first.items[0].invoice_number == "I1"
    assert second.request_id == "r-1"
    assert len(server.token_forms) == 1


async def test_token_request_uses_the_clients_own_session(server: Server) -> None:
    seen: list[str] = []

    async def on_start(_: Any, __: Any, params: aiohttp.TraceRequestStartParams) -> None:
        seen.append(f"{params.method} {params.url.path}")

    trace = aiohttp.TraceConfig()
    trace.on_request_start.append(on_start)
    async with aiohttp.ClientSession(trace_configs=[trace]) as session:
        async with oauth_client(server, session=session) as client:
            await client.claims.list_invoices("1")
    assert seen == ["POST /oauth/token", "GET /v1/claims/1/invoices"]


async def test_token_without_expires_in_is_kept_until_refused(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [0.0]
    monkeypatch.setattr(_auth, "_clock", lambda: now[0])
    server.expires_in = None
    async with oauth_client(server) as client:
        await client.claims.list_invoices("1")
        now[0] += 10 * 86400
        await client.claims.list_invoices("1")
        assert len(server.token_forms) == 1
        server.accepted = {server.issued(2)}
        await client.claims.list_invoices("1")
    assert len(server.token_forms) == 2


async def test_a_token_that_expires_at_once_is_still_kept_for_a_while(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """README: "a lifetime is taken as at least 30 s" — `expires_in: 0` used to cost a token
    request before every call."""
    now = [0.0]
    monkeypatch.setattr(_auth, "_clock", lambda: now[0])
    server.expires_in = 0
    async with oauth_client(server) as client:
        for _ in range(3):
            await client.claims.list_invoices("1")
        assert len(server.token_forms) == 1
        now[0] += 31
        await client.claims.list_invoices("1")
    assert len(server.token_forms) == 2


async def test_the_token_urls_own_query_is_kept(server: Server) -> None:
    seen: list[str] = []

    async def token(request: web.Request) -> web.Response:
        seen.append(request.query_string)
        return await server.token(request)

    async with serve({**routes(server), ("POST", "/oauth/token"): token}) as url:
        server.url = url
        client = AsyncCollectionClient(
            base_url=url, client_id=CLIENT_ID, client_secret=SECRET,
            token_url=f"{url}/oauth/token?api-version=2.0#ignored", audience=AUDIENCE,
        )
        async with client:
            await client.claims.list_invoices("1")
    assert seen == ["api-version=2.0"]
