"""Inferred wire shapes read in their variants without losing records (issue 10, item 6).

The costs endpoint is assumed to page like the invoices endpoint, and a closing's detail
is assumed to sit under ``closing``. The other shapes a server may send instead: a bare
array of costs, a costs object without ``pagination``, a transaction feed wrapped in
``{"items": [...]}``, a CLOSING transaction whose detail has another key or none.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from aioresponses import aioresponses
from yarl import URL

from confirma_async import serde
from confirma_async.collection import AsyncCollectionClient
from confirma_async.models import ClosingType, Transaction

BASE = "https://collection.example.com"
COSTS_URL = re.compile(r"^https://collection\.example\.com/v1/claims/C1/costs\?.*$")
FEED_URL = re.compile(r"^https://collection\.example\.com/v1/transactions\?.*$")
WINDOW = {"from_": date(2024, 9, 1), "to": date(2024, 9, 30)}


def cost(n: int) -> dict[str, Any]:
    return {"type": "REMINDER_FEE", "currency": "EUR", "remainingAmount": Decimal(n) + 1,
            "originalAmount": Decimal(n) + 1, "date": "2024-05-22", "invoiceNumber": f"I{n}"}


@pytest.fixture
def mocked() -> Iterator[aioresponses]:
    with aioresponses() as m:
        yield m


def client() -> AsyncCollectionClient:
    return AsyncCollectionClient(base_url=BASE, access_token="token-1")


def pages_asked(mocked: aioresponses) -> list[str]:
    return [URL(str(url)).query["page"] for (_, url), calls in mocked.requests.items()
            for _ in calls]


# --- costs ----------------------------------------------------------------------------------


async def test_list_costs_reads_a_bare_array_whole(mocked: aioresponses) -> None:
    mocked.get(COSTS_URL, body=serde.dumps([cost(n) for n in range(3)]))
    async with client() as c:
        page = await c.claims.list_costs("C1")
    assert [item.invoice_number for item in page.items] == ["I0", "I1", "I2"]
    assert page.pagination.total_items is None


async def test_iter_costs_reads_a_short_bare_array_in_one_request(mocked: aioresponses) -> None:
    mocked.get(COSTS_URL, body=serde.dumps([cost(n) for n in range(3)]))
    async with client() as c:
        costs = [item async for item in c.claims.iter_costs("C1", page_size=10)]
    assert [item.invoice_number for item in costs] == ["I0", "I1", "I2"]
    assert pages_asked(mocked) == ["1"]


async def test_iter_costs_reads_a_long_unpaged_array_once(mocked: aioresponses) -> None:
    """README: "costs sent as a bare array or as an object without `pagination` (one page,
    or page after page until a short or repeated one)"."""
    # A server that ignores paging answers every page with all 25 costs.
    mocked.get(COSTS_URL, body=serde.dumps([cost(n) for n in range(25)]), repeat=True)
    async with client() as c:
        costs = [item async for item in c.claims.iter_costs("C1", page_size=10)]
    assert [item.invoice_number for item in costs] == [f"I{n}" for n in range(25)]
    assert pages_asked(mocked) == ["1", "2"]  # page 2 repeats page 1: the end


async def test_iter_costs_follows_pages_of_objects_without_pagination(
    mocked: aioresponses,
) -> None:
    rows = [cost(n) for n in range(25)]
    for number, chunk in enumerate((rows[:10], rows[10:20], rows[20:]), start=1):
        mocked.get(f"{BASE}/v1/claims/C1/costs?page={number}&pageSize=10",
                   body=serde.dumps({"items": chunk}))
    async with client() as c:
        costs = [item async for item in c.claims.iter_costs("C1", page_size=10)]
    assert [item.invoice_number for item in costs] == [f"I{n}" for n in range(25)]


async def test_iter_costs_reads_an_unpaged_object_once(mocked: aioresponses) -> None:
    mocked.get(COSTS_URL, body=serde.dumps({"items": [cost(n) for n in range(12)]}), repeat=True)
    async with client() as c:
        costs = [item async for item in c.claims.iter_costs("C1", page_size=5)]
    assert [item.invoice_number for item in costs] == [f"I{n}" for n in range(12)]


# --- transactions ---------------------------------------------------------------------------


def closing(**detail_placement: Any) -> dict[str, Any]:
    return {"sortNumber": 4, "id": "t4", "type": "CLOSING", "customerNumber": "K1",
            "claimNumber": "C1", **detail_placement}


DETAIL = {"date": "2024-09-30", "type": "RECALLED_BY_CLIENT", "invoice": {"invoiceNumber": "I1"}}


async def feed(mocked: aioresponses, body: Any) -> list[Transaction]:
    mocked.get(FEED_URL, body=serde.dumps(body))
    async with client() as c:
        return await c.transactions.list(**WINDOW)


async def test_closing_under_the_inferred_key_decodes(mocked: aioresponses) -> None:
    (transaction,) = await feed(mocked, [closing(closing=DETAIL)])
    assert transaction.closing is not None
    assert transaction.closing.type is ClosingType.RECALLED_BY_CLIENT


async def test_closing_detail_under_another_key_is_kept(mocked: aioresponses) -> None:
    (transaction,) = await feed(mocked, [closing(closingDocument=DETAIL)])
    assert transaction.closing is not None
    assert transaction.closing.type is ClosingType.RECALLED_BY_CLIENT
    assert transaction.closing.date == date(2024, 9, 30)
    assert transaction.closing.invoice == {"invoiceNumber": "I1"}
    assert transaction.detail is transaction.closing


async def test_closing_detail_on_the_transaction_itself_is_kept(mocked: aioresponses) -> None:
    flat = closing(date="2024-09-30", invoice={"invoiceNumber": "I1"})
    (transaction,) = await feed(mocked, [flat])
    assert transaction.closing is not None
    assert transaction.closing.date == date(2024, 9, 30)
    assert transaction.closing.invoice == {"invoiceNumber": "I1"}


async def test_unkeyed_closing_keeps_every_record_of_the_feed(mocked: aioresponses) -> None:
    confirmation = {"sortNumber": 1, "id": "t1", "type": "CONFIRMATION",
                    "confirmation": {"date": "2024-09-01", "type": "INVOICE", "number": "I1"}}
    body = [confirmation, closing(closingDocument=DETAIL), closing(), closing(closing=DETAIL)]
    transactions = await feed(mocked, body)
    assert [t.sort_number for t in transactions] == [1, 4, 4, 4]
    assert transactions[0].closing is None and transactions[0].confirmation is not None
    assert transactions[2].closing is None  # nothing to take: kept without detail


async def test_a_feed_wrapped_in_items_decodes(mocked: aioresponses) -> None:
    body = {"items": [closing(closing=DETAIL)]}
    (transaction,) = await feed(mocked, body)
    assert transaction.id == "t4"


async def test_a_wrapped_feed_that_reports_more_items_says_so(
    mocked: aioresponses, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="confirma_async")
    body = {"items": [closing(closing=DETAIL)], "pagination": {"totalItems": 3}}
    assert len(await feed(mocked, body)) == 1
    assert "reports 3 items but sent 1" in caplog.text


async def test_an_empty_feed_body_is_no_transactions(mocked: aioresponses) -> None:
    mocked.get(FEED_URL, status=204, body=b"")
    async with client() as c:
        assert await c.transactions.list(**WINDOW) == []
