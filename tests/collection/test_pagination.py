"""Claims pagination: it pages until done and can never loop forever."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from aiohttp import web

from confirma_async import ConfirmaValueError
from confirma_async.collection import AsyncCollectionClient
from tests.servers import serve

PATH = "/v1/claims/{claim}/invoices"


def item(n: int) -> dict[str, Any]:
    return {"invoiceNumber": f"I{n}", "invoiceDate": "2024-01-02", "remainingAmount": 10.05,
            "originalAmount": 12.00, "currency": "EUR"}


def claims_app(total: int, *, pagination: str = "items-only", ignore_page: bool = False,
               log: list[dict[str, str]] | None = None, cap: int | None = None) -> Any:
    async def handler(request: web.Request) -> web.Response:
        assert request.headers["Authorization"] == "Bearer t0k"
        if log is not None:
            log.append(dict(request.query))
        page = 1 if ignore_page else int(request.query.get("page", "1"))
        size = int(request.query.get("pageSize", "10"))
        if cap is not None:  # a server that serves at most ``cap`` items a page
            size = min(size, cap)
        rows = [item(n) for n in range((page - 1) * size, min(page * size, total))]
        info: dict[str, Any] = {"totalItems": total, "additionalProperties": {}}
        if pagination == "full":
            info.update(pageSize=size, currentPage=page, totalPages=-(-total // size))
        elif pagination == "size-only":
            info = {"pageSize": size}
        elif pagination == "none":
            info = {}
        return web.json_response({"items": rows, "pagination": info})

    return handler


async def collect(url: str, **kwargs: Any) -> list[str]:
    async with AsyncCollectionClient(base_url=url, access_token="t0k") as client:
        return [i.invoice_number async for i in client.claims.iter_invoices("DE-S1", **kwargs)]


@pytest.mark.parametrize("pagination", ["items-only", "full", "none"])
async def test_iter_invoices_reads_every_item_once(pagination: str) -> None:
    log: list[dict[str, str]] = []
    async with serve({("GET", PATH): claims_app(23, pagination=pagination, log=log)}) as url:
        numbers = await collect(url, page_size=5)
    assert numbers == [f"I{n}" for n in range(23)]
    assert [q["page"] for q in log] == ["1", "2", "3", "4", "5"]


async def test_iter_invoices_stops_when_total_items_reached_on_a_full_page() -> None:
    log: list[dict[str, str]] = []
    async with serve({("GET", PATH): claims_app(10, log=log)}) as url:
        numbers = await collect(url, page_size=10)
    assert len(numbers) == 10
    assert len(log) == 1  # the seed's own shape: totalItems only, one full page


@pytest.mark.parametrize("pagination", ["items-only", "full", "size-only"])
@pytest.mark.parametrize("page_size", [10, 50])
async def test_a_server_serving_smaller_pages_than_asked_is_read_to_the_end(
    pagination: str, page_size: int
) -> None:
    # The claims docs give no maximum page size: a server that caps it and says so (a
    # total, or its own pageSize) must not end the iteration after its first page.
    async with serve({("GET", PATH): claims_app(12, pagination=pagination, cap=5)}) as url:
        numbers = await collect(url, page_size=page_size)
    assert numbers == [f"I{n}" for n in range(12)]


async def test_iter_invoices_never_loops_when_server_ignores_page() -> None:
    async with serve({("GET", PATH): claims_app(50, pagination="none", ignore_page=True)}) as url:
        numbers = await asyncio.wait_for(collect(url, page_size=10), timeout=10)
    assert numbers == [f"I{n}" for n in range(10)]


async def test_list_invoices_returns_one_page_with_pagination() -> None:
    async with serve({("GET", PATH): claims_app(23, pagination="full")}) as url:
        async with AsyncCollectionClient(base_url=url, access_token="t0k") as client:
            page = await client.claims.list_invoices("DE-S1", page=2, page_size=10)
    assert [i.invoice_number for i in page.items] == [f"I{n}" for n in range(10, 20)]
    assert page.pagination.total_pages == 3 and page.pagination.current_page == 2
    assert str(page.items[0].remaining_amount) == "10.05"


async def test_claim_number_is_path_escaped() -> None:
    seen: list[str] = []

    async def handler(request: web.Request) -> web.Response:
        seen.append(request.raw_path)
        return web.json_response({"items": [], "pagination": {"totalItems": 0}})

    async with serve({("GET", "/v1/claims/{claim}/invoices"): handler}) as url:
        async with AsyncCollectionClient(base_url=url, access_token="t0k") as client:
            await client.claims.list_invoices("DE S/1")
    assert seen[0].startswith("/v1/claims/DE%20S%2F1/invoices")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"claim_number": ""}, "claim_number"), ({"claim_number": "X", "page": 0}, "page"),
     ({"claim_number": "X", "page_size": -3}, "page_size")],
)
async def test_bad_paging_arguments_are_refused(kwargs: dict[str, Any], field: str) -> None:
    async with AsyncCollectionClient(base_url="https://c.example.com", access_token="t") as c:
        with pytest.raises(ConfirmaValueError) as info:
            await c.claims.list_invoices(**kwargs)
    assert info.value.field == field


def test_collection_client_requires_a_token() -> None:
    with pytest.raises(ConfirmaValueError) as info:
        AsyncCollectionClient(base_url="https://c.example.com")
    assert info.value.field == "access_token"


@contextmanager
def background_claims_server(total: int) -> Iterator[str]:
    """The claims server in its own loop thread, for the sync client tests."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    manager = serve({("GET", PATH): claims_app(total)})
    url = asyncio.run_coroutine_threadsafe(manager.__aenter__(), loop).result()
    try:
        yield url
    finally:
        asyncio.run_coroutine_threadsafe(manager.__aexit__(None, None, None), loop).result()
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()
