"""The collection API's transaction feed (``collection/transactions.py``)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Final

from aiohttp import web

from .._checks import Checker
from .._http import invalid, json_response, query_date

if TYPE_CHECKING:
    from .._collection import FakeCollection

__all__ = ["list_transactions"]


_TYPE_FILTER: Final = {"confirmation": "CONFIRMATION", "rejection": "REJECTION",
                       "accountingdocument": "ACCOUNTING_DOCUMENT", "closing": "CLOSING"}


async def list_transactions(fake: FakeCollection, request: web.Request) -> web.Response:
    """GET /v1/transactions: every write's outcome, by date window and type."""
    c = Checker()
    start = query_date(c, request, "from", date_time=True)
    end = query_date(c, request, "to", date_time=True)
    kind = request.query.get("type")
    wanted = _TYPE_FILTER.get(kind.replace("_", "").lower()) if kind else None
    if kind and wanted is None:
        c.fail("type", "must be one of confirmation, rejection, accountingDocument, closing")
    if c:
        return invalid(c)
    with fake._lock:
        rows = []
        for tx in fake.transactions:
            payload: dict[str, Any] = next(v for v in tx.values() if isinstance(v, dict))
            day = date.fromisoformat(payload["date"])
            if (start and day < start) or (end and day > end):
                continue
            if wanted and tx["type"] != wanted:
                continue
            rows.append(tx)
    return json_response(rows)
