"""Redirects: a request with a body is never sent anywhere else; GET hops shed secrets."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from confirma_async import (
    APIStatusError,
    CommentAction,
    RedirectError,
)
from confirma_async.collection import AsyncCollectionClient
from tests.hostile import (
    CASE_PATH,
    KEY,
    ONE_CASE,
    HostileServer,
    by_path,
    client_of,
    ok_json,
    redirect,
    server,
)

__all__ = ["server"]  # the fixture, imported from tests.hostile

TOKEN = "redirect-bearer-3141"
ACTION_PATH = "/api/v1/partner/invoice/action"
ACTION = CommentAction(invoice_number=1, case_id=7, comment="hello")


@pytest.fixture
async def other() -> AsyncIterator[HostileServer]:
    """A second origin (another port) that answers everything with one case."""
    async with HostileServer(ok_json(ONE_CASE)) as running:
        yield running


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
async def test_post_redirect_is_an_error_not_a_receipt(server: HostileServer, status: int) -> None:
    """README: "A redirect (any 3xx) answering a request other than GET or HEAD is never
    followed: it raises `RedirectError` (an `APIStatusError` with `status` and `location`),
    so a request body is never sent anywhere else." (issue 8, item 4.)"""
    server.script = by_path(
        {ACTION_PATH: redirect(status, "/moved/action?sig=s3cr3t")}, ok_json({})
    )
    async with client_of(server) as client:
        with pytest.raises(RedirectError) as caught:
            await client.invoices.create_actions([ACTION])
    error = caught.value
    assert isinstance(error, APIStatusError)
    assert error.status == status
    assert error.location == "/moved/action?sig=s3cr3t"
    assert str(status) in str(error) and "/moved/action" in str(error)
    assert "sig=" not in str(error)
    assert server.count() == 1  # the POST, and nothing after it


@pytest.mark.parametrize("status", [307, 308])
async def test_post_redirect_to_another_origin_never_sends_the_body_there(
    server: HostileServer, other: HostileServer, status: int
) -> None:
    """README: "so a request body is never sent anywhere else" (issue 8, item 5)."""
    server.script = redirect(status, f"{other.url}/collect")
    async with client_of(server) as client:
        with pytest.raises(RedirectError) as caught:
            await client.invoices.create_actions([ACTION])
    assert other.requests == []
    assert caught.value.location == f"{other.url}/collect"


async def test_post_redirect_to_the_same_origin_is_not_followed_either(
    server: HostileServer,
) -> None:
    """README: "A redirect (any 3xx) answering a request other than GET or HEAD is never
    followed"."""
    server.script = by_path({ACTION_PATH: redirect(307, "/api/v1/partner/invoice/action2")})
    async with client_of(server) as client:
        with pytest.raises(RedirectError):
            await client.invoices.create_actions([ACTION])
    assert server.count() == 1


async def test_get_redirect_to_another_origin_drops_credentials_and_extra_headers(
    server: HostileServer, other: HostileServer
) -> None:
    """README: "a hop to another scheme, host or port drops every credential header and
    every header given through `extra_headers`." (issue 8, item 5.)"""
    server.script = redirect(302, f"{other.url}/landing")
    async with client_of(server) as client:
        case = await client.cases.get(
            7, extra_headers={"X-Trace": "trace-1", "X-Custom-Auth": "custom-secret"}
        )
    assert case.summary.case_id == 7
    (first,) = server.requests
    assert first.headers["x-api-key"] == KEY and first.headers["x-trace"] == "trace-1"
    (landed,) = other.requests
    assert "x-api-key" not in landed.headers
    assert "x-trace" not in landed.headers and "x-custom-auth" not in landed.headers
    assert landed.headers["accept"] == "application/json"


async def test_get_redirect_to_another_origin_drops_the_bearer_token(
    server: HostileServer, other: HostileServer
) -> None:
    """README: "a hop to another scheme, host or port drops every credential header"."""
    server.script = redirect(307, f"{other.url}/landing")
    other.script = ok_json({"items": [], "pagination": {}})
    async with AsyncCollectionClient(base_url=server.url, access_token=TOKEN) as client:
        await client.claims.list_invoices("C1")
    (first,) = server.requests
    assert first.headers["authorization"] == f"Bearer {TOKEN}"
    (landed,) = other.requests
    assert "authorization" not in landed.headers


async def test_get_redirect_within_the_origin_keeps_key_and_extra_headers(
    server: HostileServer,
) -> None:
    """README: "GET redirects are followed (at most 5)"; only a hop to another origin sheds
    headers."""
    server.script = by_path(
        {CASE_PATH: redirect(301, "/api/v1/partner/invoice/case-moved")}, ok_json(ONE_CASE)
    )
    async with client_of(server) as client:
        await client.cases.get(7, extra_headers={"X-Trace": "trace-2"})
    second = server.requests[1]
    assert second.path == "/api/v1/partner/invoice/case-moved"
    assert second.headers["x-api-key"] == KEY and second.headers["x-trace"] == "trace-2"


async def test_get_redirect_loop_stops_after_five_hops(server: HostileServer) -> None:
    """README: "GET redirects are followed (at most 5)"."""
    server.script = redirect(302, "/again")
    async with client_of(server) as client:
        with pytest.raises(RedirectError) as caught:
            await client.cases.get(7)
    assert server.count() == 6
    assert "too many redirects" in str(caught.value)


async def test_get_redirect_to_plain_http_elsewhere_is_refused(server: HostileServer) -> None:
    """README: "GET redirects are followed (at most 5) only to `https` (or loopback
    `http`)"."""
    server.script = redirect(302, "http://evil.example.com/steal?k=1")
    async with client_of(server) as client:
        with pytest.raises(RedirectError) as caught:
            await client.cases.get(7)
    assert "non-https" in str(caught.value) and "k=1" not in str(caught.value)
    assert server.count() == 1
