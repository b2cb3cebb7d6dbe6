"""The resource base (``api/_resource.py``): the per-call options as one value, the
``empty=`` answer of a body-less response, the receipt of an undocumented answer, and the
checks every resource shares. Over a real loopback server.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date, datetime, timezone
from typing import Any

import pytest
from aiohttp import web

from confirma_async import AsyncConfirmaClient, ConfirmaValueError, Timeout
from confirma_async.collection import AsyncCollectionClient
from confirma_async.models import (
    DistributionReport,
    LedgerStatusReport,
    SettlementReport,
    SubmissionReceipt,
)
from tests.conftest import example_json
from tests.servers import serve

Call = Callable[[AsyncConfirmaClient], Awaitable[Any]]


class Recorder:
    """Answers every request with ``status``/``body`` and keeps what it was sent."""

    def __init__(self, status: int = 204, body: bytes = b"") -> None:
        self.status = status
        self.body = body
        self.requests: list[tuple[str, str, dict[str, str], dict[str, str], bytes]] = []

    async def handle(self, request: web.Request) -> web.StreamResponse:
        self.requests.append((
            request.method, request.path, dict(request.query), dict(request.headers),
            await request.read(),
        ))
        return web.Response(
            status=self.status, body=self.body or None, content_type="application/json",
            headers={"X-Request-Id": "req-base-1"},
        )


@pytest.fixture
async def recorder() -> AsyncIterator[tuple[Recorder, str]]:
    server = Recorder()
    app_routes = {(method, "/{tail:.*}"): server.handle for method in ("GET", "POST")}
    async with serve(app_routes) as url:
        yield server, url


def _client(url: str) -> AsyncConfirmaClient:
    return AsyncConfirmaClient(api_key="k", base_url=url, max_retries=0)


@pytest.mark.parametrize(("call", "expected"), [
    (lambda c: c.cases.list(case_id=7), []),
    (lambda c: c.payments.list(), []),
    (lambda c: c.settlements.list(), SettlementReport()),
    (lambda c: c.distribution.list(), DistributionReport.empty()),
    (lambda c: c.distribution.list_v2(), DistributionReport.empty()),
    (lambda c: c.operations.finvoice_credentials("0112038-9"), []),
    (lambda c: c.accounting.ledger_status(), LedgerStatusReport()),
], ids=["cases", "payments", "settlements", "distribution", "distribution_v2",
        "finvoice_credentials", "ledger_status"])
async def test_a_body_less_answer_reads_as_the_methods_empty_value(
    call: Call, expected: Any, recorder: tuple[Recorder, str]
) -> None:
    server, url = recorder
    async with _client(url) as client:
        assert await call(client) == expected
    assert len(server.requests) == 1


async def test_extra_headers_and_extra_query_reach_the_wire_of_a_get_and_a_post(
    recorder: tuple[Recorder, str],
) -> None:
    server, url = recorder
    server.status, server.body = 200, b"[]"
    async with _client(url) as client:
        await client.payments.list(
            extra_headers={"X-Trace": "t-1"}, extra_query={"debug": "yes"}
        )
        await client.accounting.submit_invoice(
            {"invoiceNumber": 5}, extra_headers={"X-Trace": "t-2"}, extra_query={"dry": "1"}
        )
    (get_method, _, get_query, get_headers, _), (post_method, _, post_query, post_headers,
                                                 post_body) = server.requests
    assert (get_method, get_query["debug"], get_headers["X-Trace"]) == ("GET", "yes", "t-1")
    assert (post_method, post_query["dry"], post_headers["X-Trace"]) == ("POST", "1", "t-2")
    assert post_body == b'{"invoiceNumber":5}'


async def test_a_submission_receipt_keeps_the_undocumented_answer_as_plain_json(
    recorder: tuple[Recorder, str],
) -> None:
    server, url = recorder
    server.status, server.body = 201, b'{"id": 44, "state": "queued"}'
    async with _client(url) as client:
        receipt = await client.accounting.submit_invoice({"invoiceNumber": 5})
        raw = await client.with_raw_response.accounting.submit_invoice({"invoiceNumber": 5})
    assert receipt == SubmissionReceipt(
        status=201, request_id="req-base-1", data={"id": 44, "state": "queued"}
    )
    assert (raw.status, raw.request_id, raw.parse()) == (201, "req-base-1", receipt)


@pytest.mark.parametrize(("options", "field", "message"), [
    ({"timeout": -1}, "timeout", "must be a positive number of seconds"),
    # NaN passed ``<= 0`` and switched off the attempt timeout and the call's deadline.
    ({"timeout": float("nan")}, "timeout", "must be a positive number of seconds"),
    ({"timeout": float("inf")}, "timeout", "must be a positive number of seconds"),
    ({"timeout": "soon"}, "timeout", "must be a number of seconds or a Timeout"),
    ({"max_retries": -1}, "max_retries", "must be a non-negative integer"),
])
async def test_a_bad_per_call_option_is_refused_with_its_message_and_nothing_is_sent(
    options: dict[str, Any], field: str, message: str, recorder: tuple[Recorder, str]
) -> None:
    server, url = recorder
    async with _client(url) as client:
        for call in (
            lambda: client.payments.list(**options),
            lambda: client.accounting.submit_invoice({"invoiceNumber": 5}, **options),
            lambda: client.cases.get_many([1, 2], **options),
        ):
            with pytest.raises(ConfirmaValueError, match=f"^{field}: {message}$"):
                await call()
    assert server.requests == []


async def _drain(outcomes: Any) -> None:
    async for _ in outcomes:
        pass


@pytest.mark.parametrize("area", ["cases", "distribution"])
@pytest.mark.parametrize("method", ["get_many", "iter_many"])
@pytest.mark.parametrize(("keys", "options", "field"), [
    ("12", {"timeout": -1, "concurrency": 0}, "{keys}"),
    ([1, 2], {"timeout": -1, "concurrency": 0}, "timeout"),
    ([1, 2], {"max_retries": -1, "concurrency": 0}, "max_retries"),
    ([1, 2], {"concurrency": 0}, "concurrency"),
])
async def test_a_bulk_call_checks_its_keys_then_its_options_then_its_concurrency(
    area: str, method: str, keys: Any, options: dict[str, Any], field: str,
    recorder: tuple[Recorder, str],
) -> None:
    server, url = recorder
    keys_field = "case_ids" if area == "cases" else "invoice_numbers"
    async with _client(url) as client:
        bulk = getattr(getattr(client, area), method)
        with pytest.raises(ConfirmaValueError) as raised:
            if method == "get_many":
                await bulk(keys, **options)
            else:
                await _drain(bulk(keys, **options))
    assert raised.value.field == field.format(keys=keys_field)
    assert server.requests == []


@pytest.mark.parametrize("method", ["iter_invoices", "iter_costs"])
async def test_an_iterator_sends_its_options_with_every_page_it_fetches(method: str) -> None:
    """Claims' list/iter pairs share one helper: each page request carries the options."""
    items = example_json("claims_invoices_response.json")["items"][:4]
    if method == "iter_costs":
        cost = example_json("claims_fragment_costs.json")["costs"][0]
        items = [{**cost, "invoiceNumber": f"F{n}"} for n in range(4)]
    seen: list[tuple[str, str, str, str]] = []

    async def pages(request: web.Request) -> web.StreamResponse:
        query = request.query
        seen.append((query["page"], query["pageSize"], query["trace"], request.headers["X-T"]))
        first = int(query["page"]) * 2 - 2
        return web.json_response(
            {"items": items[first:first + 2], "pagination": {"totalItems": 4}}
        )

    suffix = "invoices" if method == "iter_invoices" else "costs"
    async with serve({("GET", f"/v1/claims/C-1/{suffix}"): pages}) as url:
        async with AsyncCollectionClient(base_url=url, access_token="t") as client:
            iterate = getattr(client.claims, method)
            got = [item async for item in iterate(
                "C-1", page_size=2, extra_query={"trace": "q"}, extra_headers={"X-T": "h"},
                max_retries=0, timeout=5,
            )]
    assert len(got) == 4
    assert seen == [("1", "2", "q", "h"), ("2", "2", "q", "h")]


JAN_2, JAN_1 = date(2026, 1, 2), date(2026, 1, 1)
UTC_NOON = datetime(2026, 1, 1, 12, tzinfo=timezone.utc)


@pytest.mark.parametrize(("call", "field", "message"), [
    (lambda c: c.payments.list(from_date=JAN_2, to_date=JAN_1),
     "from_date", "must not be after to_date"),
    (lambda c: c.settlements.list(from_date=JAN_2, to_date=JAN_1),
     "from_date", "must not be after to_date"),
    (lambda c: c.distribution.list(from_date=JAN_2, to_date=JAN_1),
     "from_date", "must not be after to_date"),
    (lambda c: c.distribution.list_v2(from_date=JAN_2, to_date=JAN_1),
     "from_date", "must not be after to_date"),
    (lambda c: c.invoices.track(from_date=JAN_2, to_date=JAN_1).__anext__(),
     "from_date", "must not be after to_date"),
    (lambda c: c.payments.list(to_date=UTC_NOON), "to_date", "must be a datetime.date"),
    (lambda c: c.settlements.list(from_date="2026-01-01"), "from_date",
     "must be a datetime.date"),
    (lambda c: c.distribution.list(to_date=UTC_NOON), "to_date", "must be a datetime.date"),
], ids=["payments", "settlements", "distribution", "distribution_v2", "track",
        "payments_datetime", "settlements_text", "distribution_datetime"])
async def test_every_date_window_is_checked_alike_and_nothing_is_sent(
    call: Call, field: str, message: str, recorder: tuple[Recorder, str]
) -> None:
    server, url = recorder
    async with _client(url) as client:
        with pytest.raises(ConfirmaValueError, match=f"^{field}: {message}$"):
            await call(client)
    assert server.requests == []


@pytest.mark.parametrize(("start", "end"), [
    (JAN_2, JAN_1),
    (UTC_NOON, UTC_NOON.replace(hour=11)),
])
async def test_a_reversed_transactions_window_names_to_and_nothing_is_sent(
    start: date, end: date
) -> None:
    sent: list[str] = []

    async def feed(request: web.Request) -> web.StreamResponse:
        sent.append(request.path_qs)
        return web.json_response([])

    async with serve({("GET", "/v1/transactions"): feed}) as url:
        async with AsyncCollectionClient(base_url=url, access_token="t") as client:
            with pytest.raises(ConfirmaValueError, match=r"^to: must not be before from_$"):
                await client.transactions.list(from_=start, to=end)
            # A date and a datetime are not compared: the server gets the window as given.
            assert await client.transactions.list(from_=JAN_2, to=UTC_NOON) == []
    assert len(sent) == 1


@pytest.mark.parametrize("field", ["total", "connect"])
@pytest.mark.parametrize("value", [float("nan"), float("inf"), 0, -2.5])
def test_a_timeout_that_never_fires_is_refused_when_built(field: str, value: float) -> None:
    with pytest.raises(ConfirmaValueError, match=rf"^timeout\.{field}: "):
        Timeout(**{field: value})
    with pytest.raises(ConfirmaValueError, match=r"^timeout: "):
        AsyncConfirmaClient(api_key="k" * 20, timeout=value)
