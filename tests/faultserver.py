"""A scriptable fault server on 127.0.0.1 for the faults the sandbox's knobs cannot express.

Use ``FakeConfirma``'s ``faults`` (statuses, Retry-After, resets, hangs, latency, rate
limit: ``confirma_async.testing.Faults``) where they say the same thing. This server is
for what they cannot: a fault chosen per key or per attempt, a custom body (an HTML
page), and counts of requests in flight and of clients that went away.

It answers the case-details and distribution endpoints for any id with a small valid
body, and lets a test script faults per request: ``server.fault = lambda hit: ...``
receives a ``Hit`` (method, path, key, attempt number for that key) and returns a
``Fault`` (or ``None`` for a normal answer). It also counts what the client did: hits
per key, requests in flight at once (and the maximum), disconnects seen while a
handler was still working.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import Counter
from collections.abc import AsyncIterator, Callable
from typing import Any

import attrs
import pytest
from aiohttp import web

from confirma_async import AsyncConfirmaClient, RetryPolicy
from tests import bodies

CASE_PATH = "/api/v1/partner/invoice/case"
DISTRIBUTION_PATH = "/api/v1/partner/invoice/distribution"
ACTION_PATH = "/api/v1/partner/invoice/action"
API_KEY = "fault-key-0123"

HTML_ERROR_PAGE = (
    "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
    "<body><h1>Bad Gateway</h1><p>upstream went away</p></body></html>"
)


@attrs.frozen
class Hit:
    method: str
    path: str
    #: caseId / invoiceNumber of the query, or None.
    key: int | None
    #: 1 for the first request of this (method, path, key), 2 for the next, ...
    attempt: int


@attrs.frozen
class Fault:
    """What to do instead of (or before) answering normally."""

    status: int | None = None
    headers: dict[str, str] = attrs.field(factory=dict)
    body: str | None = None
    content_type: str = "application/json"
    #: Seconds to wait before answering (normally, or with ``status``).
    delay: float = 0.0
    #: Drop the connection without answering.
    reset: bool = False
    #: Wait (watching for the client going away) until ``server.release`` is set.
    hang: bool = False


def case_body(case_id: int) -> dict[str, Any]:
    return bodies.case_body(case_id)


def distribution_body(invoice_number: int) -> dict[str, Any]:
    return bodies.distribution_body(
        bodies.distribution_record_json(invoice_number, case_id=invoice_number + 1))


class FaultServer:
    """``async with FaultServer() as server:`` then ``server.url``; see the module doc."""

    def __init__(self) -> None:
        self.fault: Callable[[Hit], Fault | None] = lambda hit: None
        self.hits: Counter[tuple[str, str, int | None]] = Counter()
        self.statuses: Counter[int] = Counter()
        self.requests = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.disconnects = 0
        self.release = asyncio.Event()
        #: Distribution rows served for a date-range query (no invoiceNumber).
        self.distribution_rows: list[dict[str, Any]] = []
        self.port = 0
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def hits_for(self, key: int, path: str = CASE_PATH, method: str = "GET") -> int:
        return self.hits[(method, path, key)]

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.requests += 1
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            return await self._answer(request)
        finally:
            self.in_flight -= 1

    async def _answer(self, request: web.Request) -> web.StreamResponse:
        raw_key = request.query.get("caseId") or request.query.get("invoiceNumber")
        key = int(raw_key) if raw_key and raw_key.isdigit() else None
        slot = (request.method, request.path, key)
        self.hits[slot] += 1
        hit = Hit(request.method, request.path, key, self.hits[slot])
        if request.method == "POST":
            await request.read()
        fault = self.fault(hit)
        if fault is not None:
            if fault.hang:
                while not self.release.is_set():
                    transport = request.transport
                    if transport is None or transport.is_closing():
                        self.disconnects += 1
                        break
                    await asyncio.sleep(0.005)
            if fault.delay:
                # Cut short when the server shuts down, so teardown never waits for it.
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(self.release.wait(), fault.delay)
            if fault.reset:
                if request.transport is not None:
                    request.transport.abort()
                raise asyncio.CancelledError  # aiohttp drops the handler quietly
            if fault.status is not None:
                self.statuses[fault.status] += 1
                return web.Response(
                    status=fault.status,
                    text=fault.body if fault.body is not None else '{"message": "fault"}',
                    content_type=fault.content_type,
                    headers=fault.headers,
                )
        self.statuses[200] += 1
        if request.path == CASE_PATH:
            if key is None:
                return _json({"cases": []})
            return _json(case_body(key))
        if request.path == DISTRIBUTION_PATH:
            if key is None:
                return _json(bodies.distribution_body(*self.distribution_rows))
            return _json(distribution_body(key))
        if request.path == ACTION_PATH:
            return _json({})
        return _json({"message": "no such path"}, status=404)

    async def __aenter__(self) -> FaultServer:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self.port = runner.addresses[0][1]
        self._runner = runner
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self.release.set()
        if self._runner is not None:
            await self._runner.cleanup()


def _json(data: Any, status: int = 200) -> web.Response:
    return web.Response(text=json.dumps(data), status=status, content_type="application/json")


# --- fixtures (import them into a test module to use them) -----------------------------

FAST_RETRIES = RetryPolicy(backoff_base=0.001, backoff_cap=0.005)


@pytest.fixture
async def server() -> AsyncIterator[FaultServer]:
    async with FaultServer() as running:
        yield running


def make_client(server: FaultServer, **options: Any) -> AsyncConfirmaClient:
    """A client of ``server`` with tiny backoff (tests never sleep for long)."""
    options.setdefault("retry_policy", FAST_RETRIES)
    return AsyncConfirmaClient(api_key=API_KEY, base_url=server.url, **options)
