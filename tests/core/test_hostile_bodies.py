"""Hostile response bodies: typed errors, bounded time and bounded memory."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import pytest

from confirma_async import (
    APITimeoutError,
    AsyncConfirmaClient,
    ConfirmaClient,
    ConfirmaValueError,
    NotFoundError,
    ResponseDecodeError,
    ResponseTooLargeError,
    ServerError,
)
from confirma_async.collection import AsyncCollectionClient, CollectionClient, _auth
from tests.bodies import case_body, case_json
from tests.hostile import (
    CASE_PATH,
    FAST,
    KEY,
    Conn,
    HostileServer,
    Request,
    big_error,
    by_path,
    client_of,
    endless_chunked,
    gzip_bomb,
    head,
    ok_json,
    server,
    slow_drip,
)

__all__ = ["server"]  # the fixture, imported from tests.hostile

MiB = 1024 * 1024



def raw_json(text: str, headers: dict[str, str] | None = None) -> Any:
    async def script(conn: Conn, request: Request) -> None:
        await conn.respond(200, text.encode(), headers)

    return script


def case_with(summary_extra: str = "", balance: str = "{}") -> str:
    """A valid one-case body as text, with raw ``summary_extra`` appended to the summary and
    the fields of ``balance`` (raw JSON object text) replacing the default balance's."""
    case = case_json(7)
    summary = json.dumps(case["summary"])[:-1] + summary_extra + "}"
    given = set(re.findall(r'"(\w+)"\s*:', balance))
    rest = json.dumps({k: v for k, v in case["balance"].items() if k not in given})[1:-1]
    inner = balance.strip()[1:-1].strip()
    merged = "{" + ", ".join(part for part in (inner, rest) if part) + "}"
    return '{"cases": [{"summary": ' + summary + ', "balance": ' + merged + "}]}"


# --- item 6: numbers are bounded before any conversion -------------------------------------


@pytest.mark.parametrize("literal", ["1e1000000", "1E+101", "-1e400", "1e-101",
                                     "1" * 101, "-" + "9" * 101, "1." + "0" * 100])
async def test_out_of_range_number_is_a_decode_error_naming_the_field(
    server: HostileServer, literal: str
) -> None:
    """README: "Every number in a response is bounded before it is converted: at most 100
    digits and a decimal exponent within ±100; anything beyond is a `ResponseDecodeError`
    naming the field, on the typed decode path and on the general one alike." (issue 8,
    item 6: `1e1000000` stalled the event loop for 30 s.)"""
    server.script = raw_json(case_with(', "activeDays": ' + literal))
    async with client_of(server) as client:
        with pytest.raises(ResponseDecodeError) as caught:
            await client.cases.get(7)
    assert caught.value.json_path == "$.cases[0].summary.activeDays"
    assert "out of range" in str(caught.value)


async def test_numbers_at_the_bound_decode_exactly(server: HostileServer) -> None:
    """README: "at most 100 digits and a decimal exponent within ±100" — the bound itself
    is accepted, digit for digit."""
    big_int = "9" * 100
    money = "1." + "2" * 99  # 100 significant digits
    server.script = raw_json(case_with(', "activeDays": ' + big_int,
                                       '{"totalOutstanding": ' + money + "}"))
    async with client_of(server) as client:
        case = await client.cases.get(7)
    assert case.summary.active_days == int(big_int)
    assert case.balance.total_outstanding == Decimal(money)


async def test_out_of_range_number_in_raw_json_is_a_decode_error(
    server: HostileServer
) -> None:
    """README: "Every number in a response is bounded before it is converted" — also for
    the escape hatch that returns plain JSON."""
    server.script = raw_json('{"items": [1, {"amount": 1e1000000}]}')
    async with client_of(server) as client:
        with pytest.raises(ResponseDecodeError) as caught:
            await client.request("GET", "/api/v1/partner/anything")
    assert caught.value.json_path == "$.items[1].amount"


async def test_number_text_in_a_string_field_is_bounded_too(
    server: HostileServer
) -> None:
    """README: "Every number in a response is bounded before it is converted" — a number
    sent as a string is converted by the SDK, so it is bounded as well."""
    server.script = raw_json(case_with("", '{"totalOutstanding": "1e1000000"}'))
    async with client_of(server) as client:
        with pytest.raises(ResponseDecodeError) as caught:
            await client.cases.get(7)
    assert caught.value.json_path == "$.cases[0].balance.totalOutstanding"


# --- item 7: a size limit on decoded bytes -----------------------------------------------


async def test_endless_chunked_body_stops_at_max_response_bytes(server: HostileServer) -> None:
    """README: "Responses are limited to `max_response_bytes` (default 32 MiB) of decoded
    body, counted while streaming (...); past it the call raises `ResponseTooLargeError` (a
    `ResponseDecodeError`) and the connection is closed." (issue 8, item 7: the client grew
    to 7 GB.)"""
    server.script = by_path({CASE_PATH: endless_chunked}, ok_json({"cases": []}))
    async with client_of(server, max_response_bytes=MiB) as client:
        with pytest.raises(ResponseTooLargeError) as caught:
            await client.cases.get(7)
        assert isinstance(caught.value, ResponseDecodeError)
        assert server.connections == 1
        await client.request("GET", "/api/v1/partner/other")
    assert server.connections == 2  # the oversized answer's connection was not reused
    assert "max_response_bytes" in str(caught.value)


async def test_gzip_bomb_stops_at_the_default_limit(server: HostileServer) -> None:
    """README: "Responses are limited to `max_response_bytes` (default 32 MiB) of decoded
    body, counted while streaming (a gzip bomb stops at the limit)"."""
    server.script = gzip_bomb(40 * MiB)  # about 40 kB on the wire
    async with client_of(server) as client:
        with pytest.raises(ResponseTooLargeError):
            await client.request("GET", "/api/v1/partner/anything")


async def test_gzip_body_within_the_limit_is_decoded(server: HostileServer) -> None:
    """README: "counted while streaming" — on decoded bytes, so a body just under the limit
    passes however it was compressed."""
    server.script = gzip_bomb(MiB - 10)
    async with client_of(server, max_response_bytes=MiB) as client:
        data = await client.request("GET", "/api/v1/partner/anything")
    assert data == []


async def test_declared_content_length_over_the_limit_fails_before_reading(
    server: HostileServer,
) -> None:
    """README: "past it the call raises `ResponseTooLargeError`"."""

    async def promise_a_lot(conn: Conn, request: Request) -> None:
        await conn.send(head(200, {"Content-Type": "application/json",
                                   "Content-Length": str(200 * MiB)}))
        await server.release.wait()

    server.script = promise_a_lot
    async with client_of(server, max_response_bytes=MiB, timeout=5) as client:
        with pytest.raises(ResponseTooLargeError):
            await client.request("GET", "/api/v1/partner/anything")


@pytest.mark.parametrize(("limit", "fits"), [(1000, True), (999, False)])
async def test_a_declared_size_at_the_limit_is_read_and_one_byte_more_is_too_large(
    server: HostileServer, limit: int, fits: bool
) -> None:
    """README: "past it the call raises `ResponseTooLargeError`": a body of exactly
    ``max_response_bytes`` bytes (its ``Content-Length``) is read whole."""
    text = '"' + "a" * 998 + '"'  # 1,000 bytes of JSON
    server.script = raw_json(text)
    async with client_of(server, max_response_bytes=limit, max_retries=0) as client:
        if fits:
            assert await client.request("GET", "/api/v1/partner/anything") == "a" * 998
        else:
            with pytest.raises(ResponseTooLargeError):
                await client.request("GET", "/api/v1/partner/anything")


async def test_huge_error_body_is_truncated_on_the_exception(server: HostileServer) -> None:
    """README: "Error bodies kept on `APIStatusError.body` are read up to 64 KiB and cut
    there." (issue 8, item 7: a 200 MB error body was kept whole.)"""
    server.script = big_error(500, 8 * MiB)
    async with client_of(server, max_retries=0) as client:
        with pytest.raises(ServerError) as caught:
            await client.cases.get(7)
    body = caught.value.body
    assert isinstance(body, str) and len(body) == 64 * 1024  # cut there, not earlier


async def test_small_error_body_is_kept_whole(server: HostileServer) -> None:
    """README: "Error bodies kept on `APIStatusError.body` are read up to 64 KiB"."""
    server.script = ok_json({"message": "no such case", "code": 17}, status=404)
    async with client_of(server) as client:
        with pytest.raises(NotFoundError) as caught:
            await client.cases.list(case_id=7)
    assert caught.value.body == {"message": "no such case", "code": 17}


async def test_slow_drip_body_ends_at_the_attempt_timeout(server: HostileServer) -> None:
    """README: "`timeout` bounds each attempt" — a body trickling in byte by byte too."""
    server.script = slow_drip(server)
    async with client_of(server, timeout=0.3, max_retries=0) as client:
        with pytest.raises(APITimeoutError):
            await client.cases.get(7)


@pytest.mark.parametrize("value", [0, -1, 1.5, "1", True])
def test_max_response_bytes_must_be_a_positive_integer(value: Any) -> None:
    """README: "`max_response_bytes` | 32 MiB" — an option like the others, checked at
    construction on every client."""
    makers = [
        lambda: AsyncConfirmaClient(api_key=KEY, max_response_bytes=value),
        lambda: AsyncCollectionClient(base_url="https://c.example.com", access_token="t",
                                      max_response_bytes=value),
    ]
    for make in makers:
        with pytest.raises(ConfirmaValueError) as caught:
            make()
        assert caught.value.field == "max_response_bytes"


def test_sync_clients_take_max_response_bytes() -> None:
    """README: "`max_response_bytes` | 32 MiB" — the sync clients take it too."""
    with pytest.raises(ConfirmaValueError):
        ConfirmaClient(api_key=KEY, max_response_bytes=0)
    with pytest.raises(ConfirmaValueError):
        CollectionClient(base_url="https://c.example.com", access_token="t",
                         max_response_bytes=0)
    with ConfirmaClient(api_key=KEY, max_response_bytes=MiB):
        pass
    with CollectionClient(base_url="https://c.example.com", access_token="t",
                          max_response_bytes=MiB):
        pass


# --- item 8: every content failure is a ResponseDecodeError -----------------------------


DEEP = "[" * 100_000 + "]" * 100_000


async def test_deeply_nested_json_is_a_decode_error(server: HostileServer) -> None:
    """README: "Every failure caused by a response's content is a `ResponseDecodeError`
    (also JSON nested too deeply)"."""
    server.script = raw_json(DEEP)
    async with client_of(server) as client:
        with pytest.raises(ResponseDecodeError) as caught:
            await client.request("GET", "/api/v1/partner/anything")
    assert "nested too deeply" in str(caught.value)


async def test_bulk_keeps_every_other_result_when_one_body_is_too_deep(
    server: HostileServer
) -> None:
    """README: "bulk calls report it for that key and keep all the others." (issue 8,
    item 8: 4,337 of 5,000 results were lost.)"""

    async def answer(conn: Conn, request: Request) -> None:
        case_id = int(request.target.rsplit("caseId=", 1)[1].split("&")[0])
        if case_id == 13:
            await conn.respond(200, DEEP.encode())
        else:
            await conn.respond(200, case_body(case_id))

    server.script = answer
    async with client_of(server) as client:
        result = await client.cases.get_many(range(1, 41), concurrency=4)
    assert list(result.failed) == [13]
    assert isinstance(result.failed[13], ResponseDecodeError)
    assert len(result.succeeded) == 39


# --- item 9: token lifetimes -------------------------------------------------------------


def token_server(expires_in: str) -> Any:
    body = '{"access_token": "tok-1", "token_type": "Bearer", "expires_in": ' + expires_in + "}"
    return by_path({"/oauth/token": raw_json(body)},
                   ok_json({"items": [], "pagination": {}}))


def oauth_client(server: HostileServer) -> AsyncCollectionClient:
    return AsyncCollectionClient(
        base_url=server.url, client_id="cid", client_secret="secret-9",
        token_url=f"{server.url}/oauth/token", retry_policy=FAST,
    )


@pytest.mark.parametrize("expires_in", ["1e400", "1e50", "31536001", "-5", "1.5", '"soon"',
                                        "true", "Infinity", "NaN", "{}"])
async def test_nonsense_token_lifetime_is_a_decode_error(
    server: HostileServer, expires_in: str
) -> None:
    """README: "An OAuth token's `expires_in` must be a whole number of seconds between 0
    and one year; anything else (negative, fractional, too large, not a number) is a
    `ResponseDecodeError` at `$.expires_in`." (issue 8, item 9: `1e400` raised a bare
    `OverflowError`.)"""
    server.script = token_server(expires_in)
    async with oauth_client(server) as client:
        with pytest.raises(ResponseDecodeError) as caught:
            await client.claims.list_invoices("C1")
    assert caught.value.json_path == "$.expires_in"


async def test_long_token_lifetime_is_clamped_to_a_day(
    server: HostileServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """README: "The token is used for at most 24 hours, whatever the lifetime"."""
    now = [1000.0]
    monkeypatch.setattr(_auth, "_clock", lambda: now[0])
    server.script = token_server(str(30 * 86400))
    async with oauth_client(server) as client:
        await client.claims.list_invoices("C1")
        now[0] += 86400 - _auth.REFRESH_MARGIN - 1
        await client.claims.list_invoices("C1")
        assert server.count("POST", "/oauth/token") == 1
        now[0] += 2
        await client.claims.list_invoices("C1")
    assert server.count("POST", "/oauth/token") == 2


# --- item 14: cases.get's NotFoundError carries the request id ----------------------------


async def test_case_not_in_the_answer_is_not_found_with_the_request_id(
    server: HostileServer,
) -> None:
    """Issue 8, item 14: "`cases.get` on a 200 with no matching case raises `NotFoundError`
    without the response's `request_id`; carry it." """
    server.script = ok_json(case_body(8), {"X-Request-Id": "rq-14"})
    async with client_of(server) as client:
        with pytest.raises(NotFoundError) as caught:
            await client.cases.get(7)
    assert caught.value.request_id == "rq-14"
    assert caught.value.status == 404

