"""Transactions: ``GET /v1/transactions``, the feed where every write's outcome appears.

Two parts of the wire are inferred, so the decoder also reads their likely variants
without dropping anything: the feed is documented as a bare array (an ``{"items": [...]}``
object is read too), and the key of a closing's detail is assumed to be ``closing``
(a CLOSING transaction without it takes its detail from its one other object member, or
from its own ``date``/``invoice`` members).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import Any

from .. import serde
from .._config import Timeout
from .._errors import ConfirmaValueError
from ..api._resource import AsyncResource, check_date_range, request_options
from ..models.collection.transactions import Transaction, TransactionType

__all__ = ["AsyncTransactions", "TRANSACTIONS_PATH"]

TRANSACTIONS_PATH = "/v1/transactions"
logger = logging.getLogger("confirma_async")

# The members a transaction documents; any other object member of a CLOSING transaction
# without "closing" is its detail under another name.
_TRANSACTION_KEYS = frozenset({
    "sortNumber", "id", "type", "customerNumber", "claimNumber",
    "confirmation", "rejection", "accountingDocument", "closing",
})
# The closing detail's own members, when the server puts them on the transaction itself.
_FLAT_CLOSING_KEYS = ("date", "invoice")

# The filter spelling the docs use (``type=confirmation|rejection|accountingDocument``);
# ``closing`` is inferred by analogy.
_TYPE_FILTER = {
    TransactionType.CONFIRMATION: "confirmation",
    TransactionType.REJECTION: "rejection",
    TransactionType.ACCOUNTING_DOCUMENT: "accountingDocument",
    TransactionType.CLOSING: "closing",
}


def _window_bound(name: str, value: dt.date | dt.datetime) -> str:
    """A date as ``YYYY-MM-DD``; an aware datetime as UTC ``YYYY-MM-DDTHH:MM:SSZ``."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ConfirmaValueError(name, "must be timezone-aware (e.g. tzinfo=timezone.utc)")
        utc = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return utc.isoformat(timespec="microseconds" if utc.microsecond else "seconds") + "Z"
    if isinstance(value, dt.date):
        return value.isoformat()
    raise ConfirmaValueError(name, "must be a date or a timezone-aware datetime")


def _type_filter(value: TransactionType | str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ConfirmaValueError("type", "must be a TransactionType or its name")
    kind = TransactionType(value.strip()).member
    if kind is None:
        allowed = ", ".join(member.value for member in TransactionType)
        raise ConfirmaValueError("type", f"must be one of {allowed}")
    return _TYPE_FILTER[kind]


def _feed_items(data: Any) -> Any:
    """The transactions of the feed: the documented bare array, or ``{"items": [...]}``."""
    if isinstance(data, Mapping) and isinstance(data.get("items"), list):
        items = data["items"]
        pagination = data.get("pagination")
        total = pagination.get("totalItems") if isinstance(pagination, Mapping) else None
        if isinstance(total, int) and total > len(items):
            logger.warning("transactions: the server reports %d items but sent %d; "
                           "narrow the window to read the rest", total, len(items))
        return items
    return data


def _keyed_closing(item: Any) -> Any:
    """A CLOSING transaction with its detail under ``closing``, wherever the server put it."""
    if not isinstance(item, Mapping) or item.get("closing") is not None:
        return item
    kind = item.get("type")
    if not isinstance(kind, str) or TransactionType(kind).member is not TransactionType.CLOSING:
        return item
    others = [k for k, v in item.items() if isinstance(v, Mapping)
              and k not in _TRANSACTION_KEYS and k not in _FLAT_CLOSING_KEYS]
    if len(others) == 1:
        return {**item, "closing": item[others[0]]}
    flat = {k: item[k] for k in _FLAT_CLOSING_KEYS if k in item}
    return {**item, "closing": flat} if flat else item


class AsyncTransactions(AsyncResource):
    """The transaction feed: confirmations, rejections, accounting documents, closings."""

    async def list(
        self,
        *,
        from_: dt.date | dt.datetime,
        to: dt.date | dt.datetime,
        type: TransactionType | str | None = None,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> list[Transaction]:
        """Transactions in the window ``from_`` .. ``to`` (``GET /v1/transactions``).

        ``type`` filters by kind (matched case-insensitively). The feed is not paged; sort
        by ``sort_number`` if order matters. Whether the bounds are inclusive is not
        documented.
        """
        start = _window_bound("from_", from_)
        end = _window_bound("to", to)
        check_date_range("from_", from_, "to", to, dates_only=False, blame_end=True)
        response = await self._call(
            "GET",
            TRANSACTIONS_PATH,
            params={"from": start, "to": end, "type": _type_filter(type)},
            options=request_options(timeout, max_retries, extra_headers, extra_query),
        )
        if response.empty:
            return []
        items = _feed_items(response.data)
        if isinstance(items, list):
            items = [_keyed_closing(item) for item in items]
        result: list[Transaction] = serde.structure(
            items, list[Transaction], status=response.status, request_id=response.request_id
        )
        return result
