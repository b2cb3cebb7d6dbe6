"""Transport behaviour: headers, environments, URL safety, redirects, timeouts, errors."""

from __future__ import annotations

import asyncio
import re
import warnings
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aioresponses import aioresponses

from confirma_async import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AsyncConfirmaClient,
    AuthenticationError,
    BadRequestError,
    ConfirmaError,
    ConfirmaValueError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RedirectError,
    ResponseDecodeError,
    ServerError,
    UnprocessableEntityError,
)
from tests.bodies import case_body
from tests.hostile import HostileServer, ok_json
from tests.servers import serve

PROD = "https://integrations.confirmafinance.com"
STAGING = "https://staging-integrations.confirmafinance.com"
CASE_URL = re.compile(r"^https://[^/]+/api/v1/partner/invoice/case(\?.*)?$")
ONE_CASE = case_body(7)


async def test_every_request_carries_key_accept_and_user_agent(api_key: str) -> None:
    # Over the wire: the key is added inside aiohttp (a middleware aioresponses bypasses).
    async with HostileServer(ok_json(ONE_CASE)) as server:
        async with AsyncConfirmaClient(api_key=api_key, base_url=server.url) as client:
            await client.cases.get(7)
    (request,) = server.requests
    headers = request.headers
    assert headers["x-api-key"] == api_key
    assert headers["accept"] == "application/json"
    agent = headers["user-agent"]
    assert agent.startswith("confirma-async/")
    assert "Python/" in agent and f"aiohttp/{aiohttp.__version__}" in agent


@pytest.mark.parametrize(
    ("kwargs", "root"),
    [({}, PROD), ({"environment": "staging"}, STAGING),
     ({"environment": "staging", "base_url": "https://proxy.example.com/cfis"},
      "https://proxy.example.com/cfis")],
)
async def test_environment_and_base_url_choose_the_host(
    api_key: str, kwargs: dict[str, Any], root: str
) -> None:
    with aioresponses() as mocked:
        mocked.get(re.compile(re.escape(root) + r"/api/v1/partner/invoice/case.*"),
                   payload=ONE_CASE)
        async with AsyncConfirmaClient(api_key=api_key, **kwargs) as client:
            assert (await client.cases.get(7)).summary.case_id == 7


def test_unknown_environment_is_refused(api_key: str) -> None:
    with pytest.raises(ConfirmaValueError) as info:
        AsyncConfirmaClient(api_key=api_key, environment="prod")  # type: ignore[arg-type]
    assert info.value.field == "environment"


@pytest.mark.parametrize(
    "url",
    ["http://integrations.confirmafinance.com", "ftp://example.com", "http://10.0.0.5",
     "not a url", "https://user:pw@example.com"],
)
def test_base_url_must_be_https_except_loopback(api_key: str, url: str) -> None:
    with pytest.raises(ConfirmaValueError) as info:
        AsyncConfirmaClient(api_key=api_key, base_url=url)
    assert info.value.field == "base_url"


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9"])
def test_plain_http_is_allowed_to_loopback(api_key: str, url: str) -> None:
    AsyncConfirmaClient(api_key=api_key, base_url=url)


def test_missing_api_key_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CONFIRMA_API_KEY", raising=False)
    with pytest.raises(ConfirmaValueError, match="CONFIRMA_API_KEY") as info:
        AsyncConfirmaClient()
    assert info.value.field == "api_key"


async def test_api_key_defaults_to_environment_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONFIRMA_API_KEY", "from-env-123")
    async with HostileServer(ok_json(ONE_CASE)) as server:
        async with AsyncConfirmaClient(base_url=server.url) as client:
            await client.cases.get(7)
    (request,) = server.requests
    assert request.headers["x-api-key"] == "from-env-123"


@pytest.mark.parametrize(
    ("status", "error"),
    [(400, BadRequestError), (401, AuthenticationError), (403, PermissionDeniedError),
     (404, NotFoundError), (409, ConflictError), (422, UnprocessableEntityError),
     (429, RateLimitError), (500, ServerError), (503, ServerError), (418, APIStatusError)],
)
async def test_error_status_maps_to_its_exception(
    api_key: str, status: int, error: type[APIStatusError]
) -> None:
    with aioresponses() as mocked:
        mocked.get(CASE_URL, status=status, payload={"message": "no"},
                   headers={"X-Request-Id": "req-42", "Retry-After": "5000"})
        async with AsyncConfirmaClient(api_key=api_key, max_retries=0) as client:
            with pytest.raises(error) as info:
                await client.cases.list(case_id=7)
    assert type(info.value) is error
    assert info.value.status == status
    assert info.value.request_id == "req-42"
    assert info.value.body == {"message": "no"}
    assert str(status) in str(info.value) and "req-42" in str(info.value)


async def test_rate_limit_error_carries_retry_after(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(CASE_URL, status=429, headers={"Retry-After": "7200"})
        async with AsyncConfirmaClient(api_key=api_key) as client:
            with pytest.raises(RateLimitError) as info:
                await client.cases.list(case_id=7)
    assert info.value.retry_after == 7200


async def test_request_id_is_none_without_header(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(CASE_URL, status=404, body="")
        async with AsyncConfirmaClient(api_key=api_key) as client:
            with pytest.raises(NotFoundError) as info:
                await client.cases.list(case_id=7)
    assert info.value.request_id is None
    assert info.value.body is None


async def test_html_error_page_keeps_text_body(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(CASE_URL, status=502, body="<html>Bad gateway</html>",
                   content_type="text/html")
        async with AsyncConfirmaClient(api_key=api_key, max_retries=0) as client:
            with pytest.raises(ServerError) as info:
                await client.cases.list(case_id=7)
    assert info.value.body == "<html>Bad gateway</html>"


async def test_html_page_with_200_is_a_decode_error(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(CASE_URL, status=200, body="<html>maintenance</html>",
                   headers={"X-Request-Id": "r9"})
        async with AsyncConfirmaClient(api_key=api_key) as client:
            with pytest.raises(ResponseDecodeError) as info:
                await client.cases.list(case_id=7)
    assert info.value.request_id == "r9"
    assert info.value.json_path == "$"


async def test_json_of_wrong_shape_names_the_field(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.get(CASE_URL, payload=case_body(7, activeDays="x"))
        async with AsyncConfirmaClient(api_key=api_key) as client:
            with pytest.raises(ResponseDecodeError) as info:
                await client.cases.list(case_id=7)
    assert info.value.json_path == "$.cases[0].summary.activeDays"


async def test_entering_and_closing_does_no_network_io_and_close_twice_is_harmless(
    api_key: str,
) -> None:
    with aioresponses() as mocked:
        client = AsyncConfirmaClient(api_key=api_key)
        async with client:
            pass
        await client.close()
        assert mocked.requests == {}
    with pytest.raises(ConfirmaError, match="closed"):
        await client.cases.list()


async def test_caller_owned_session_is_used_and_left_open(api_key: str) -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.json_response(ONE_CASE)

    async with serve({("GET", "/api/v1/partner/invoice/case"): handler}) as url:
        async with aiohttp.ClientSession() as session:
            async with AsyncConfirmaClient(api_key=api_key, base_url=url, session=session) as c:
                assert (await c.cases.get(7)).summary.case_id == 7
            assert not session.closed


async def test_no_unclosed_session_warning_after_close(api_key: str) -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.json_response(ONE_CASE)

    async with serve({("GET", "/api/v1/partner/invoice/case"): handler}) as url:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            async with AsyncConfirmaClient(api_key=api_key, base_url=url) as client:
                await client.cases.get(7)
            del client
            import gc

            gc.collect()
    assert not [w for w in caught if "Unclosed" in str(w.message)]


async def test_timeout_raises_api_timeout_error(api_key: str) -> None:
    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(2)
        return web.json_response(ONE_CASE)

    async with serve({("GET", "/api/v1/partner/invoice/case"): slow}) as url:
        async with AsyncConfirmaClient(
            api_key=api_key, base_url=url, timeout=0.2, max_retries=0
        ) as client:
            with pytest.raises(APITimeoutError):
                await client.cases.get(7)


async def test_per_call_timeout_overrides_client_default(api_key: str) -> None:
    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(0.3)
        return web.json_response(ONE_CASE)

    async with serve({("GET", "/api/v1/partner/invoice/case"): slow}) as url:
        async with AsyncConfirmaClient(
            api_key=api_key, base_url=url, timeout=0.1, max_retries=0
        ) as client:
            case = await client.cases.get(7, timeout=5)
            assert case.summary.case_id == 7


async def test_connection_refused_is_a_connection_error(api_key: str) -> None:
    async with serve({}) as url:
        dead = url
    async with AsyncConfirmaClient(api_key=api_key, base_url=dead, max_retries=0) as client:
        with pytest.raises(APIConnectionError) as info:
            await client.cases.get(7)
    assert not isinstance(info.value, APITimeoutError)


async def test_redirect_to_same_origin_keeps_key(api_key: str) -> None:
    seen: list[str | None] = []

    async def old(request: web.Request) -> web.Response:
        raise web.HTTPTemporaryRedirect("/api/v1/partner/invoice/case2")

    async def new(request: web.Request) -> web.Response:
        seen.append(request.headers.get("X-Api-Key"))
        return web.json_response(ONE_CASE)

    routes = {("GET", "/api/v1/partner/invoice/case"): old,
              ("GET", "/api/v1/partner/invoice/case2"): new}
    async with serve(routes) as url:
        async with AsyncConfirmaClient(api_key=api_key, base_url=url) as client:
            await client.cases.get(7)
    assert seen == [api_key]


async def test_redirect_to_another_port_never_carries_the_key(api_key: str) -> None:
    seen: list[dict[str, str]] = []

    async def elsewhere(request: web.Request) -> web.Response:
        seen.append(dict(request.headers))
        return web.json_response(ONE_CASE)

    async with serve({("GET", "/landing"): elsewhere}) as other:

        async def redirect(request: web.Request) -> web.Response:
            raise web.HTTPFound(other + "/landing")

        async with serve({("GET", "/api/v1/partner/invoice/case"): redirect}) as url:
            async with AsyncConfirmaClient(api_key=api_key, base_url=url) as client:
                await client.cases.get(7)
    assert len(seen) == 1
    assert "X-Api-Key" not in seen[0]
    assert api_key not in str(seen[0])


async def test_redirect_to_plain_http_elsewhere_is_refused(api_key: str) -> None:
    async def redirect(request: web.Request) -> web.Response:
        raise web.HTTPFound("http://evil.example.com/steal")

    async with serve({("GET", "/api/v1/partner/invoice/case"): redirect}) as url:
        async with AsyncConfirmaClient(api_key=api_key, base_url=url) as client:
            # A refused redirect is the server's answer: a RedirectError (a status error).
            with pytest.raises(RedirectError, match="non-https"):
                await client.cases.get(7)


async def test_extra_headers_and_extra_query_are_sent(api_key: str) -> None:
    got: dict[str, Any] = {}

    async def handler(request: web.Request) -> web.Response:
        got["query"] = dict(request.query)
        got["trace"] = request.headers.get("X-Trace")
        return web.json_response(ONE_CASE)

    async with serve({("GET", "/api/v1/partner/invoice/case"): handler}) as url:
        async with AsyncConfirmaClient(api_key=api_key, base_url=url) as client:
            await client.cases.get(7, extra_headers={"X-Trace": "t1"},
                                   extra_query={"lang": "fi"})
    assert got == {"query": {"caseId": "7", "lang": "fi"}, "trace": "t1"}


async def test_redirect_elsewhere_drops_every_extra_header(api_key: str) -> None:
    seen: list[dict[str, str]] = []

    async def elsewhere(request: web.Request) -> web.Response:
        seen.append(dict(request.headers))
        return web.json_response(ONE_CASE)

    async with serve({("GET", "/landing"): elsewhere}) as other:

        async def redirect(request: web.Request) -> web.Response:
            raise web.HTTPFound(other + "/landing")

        async with serve({("GET", "/api/v1/partner/invoice/case"): redirect}) as url:
            async with AsyncConfirmaClient(api_key=api_key, base_url=url) as client:
                await client.cases.get(
                    7, extra_headers={"Authorization": "Bearer extra-secret", "X-Trace": "t"}
                )
    # Any extra header may carry a credential the SDK cannot recognise: none goes there.
    assert "X-Trace" not in seen[0]
    assert "Authorization" not in seen[0] and "extra-secret" not in str(seen[0])


@pytest.mark.parametrize("own_session", [True, False], ids=["sdk-session", "caller-session"])
async def test_default_headers_reach_the_wire_once_and_a_call_header_replaces_one(
    own_session: bool,
) -> None:
    """The transport's default headers (Accept, User-Agent, ``default_headers``) are on
    every request, whoever owns the session, and a header the call names itself is sent
    instead of the default of that name, never next to it."""
    from yarl import URL

    from confirma_async._config import Secret, Timeout
    from confirma_async._core.transport import ApiKeyAuth, Transport

    seen: list[dict[str, list[str]]] = []

    async def handler(request: web.Request) -> web.Response:
        seen.append({name: request.headers.getall(name, []) for name in
                     ("X-Api-Key", "Accept", "User-Agent", "X-Env", "Content-Type")})
        return web.json_response({})

    async with serve({("GET", "/x"): handler, ("POST", "/x"): handler}) as url:
        session = None if own_session else aiohttp.ClientSession()
        transport = Transport(
            base_url=URL(url), auth=ApiKeyAuth(Secret("key-1")), timeout=Timeout(5),
            max_retries=0, max_concurrency=2, default_headers={"X-Env": "e1"},
            session=session,
        )
        try:
            await transport.request("GET", "/x")
            await transport.request("POST", "/x", json={"a": 1}, headers={"Accept": "text/x"})
        finally:
            await transport.aclose()
            if session is not None:
                await session.close()
    plain, custom = seen
    assert plain["X-Api-Key"] == ["key-1"] and plain["X-Env"] == ["e1"]
    assert plain["Accept"] == ["application/json"] and plain["Content-Type"] == []
    assert len(plain["User-Agent"]) == 1 and plain["User-Agent"][0].startswith("confirma-async/")
    assert custom["Accept"] == ["text/x"] and custom["Content-Type"] == ["application/json"]
    assert custom["X-Env"] == ["e1"] and custom["X-Api-Key"] == ["key-1"]


async def test_a_calls_repr_leaves_out_the_query() -> None:
    # The query may carry personal data (claims.search(ssn=...)); the call's repr is what
    # a traceback rendered with its locals shows.
    async with AsyncConfirmaClient(api_key="k" * 24, environment="staging") as client:
        transport = client._transport
        call = transport._prepare(
            "GET", "/api/v1/partner/invoice/case", {"ssn": "010101-123X"}, None, None, None,
            None, False, False, None, None,
        )
    assert "010101-123X" not in repr(call) and "/api/v1/partner/invoice/case" in repr(call)
