"""Transactions: ``GET /v1/transactions``, the feed where every write's outcome appears."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from .._config import Timeout
from .._errors import ConfirmaValueError
from ..api._resource import AsyncResource
from ..models.claims_transactions import Transaction, TransactionType

__all__ = ["AsyncTransactions", "TRANSACTIONS_PATH"]

TRANSACTIONS_PATH = "/v1/transactions"

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


def _comparable(a: dt.date, b: dt.date) -> bool:
    return isinstance(a, dt.datetime) == isinstance(b, dt.datetime)


class AsyncTransactions(AsyncResource):
    """The transaction feed: confirmations, rejections, accounting documents, closings."""

    async def list(
        self,
        *,
        from_: dt.date | dt.datetime,
        to: dt.date | dt.datetime,
        type: TransactionType | str | None = None,
        timeout: float | Timeout | None = None,
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
        if _comparable(from_, to) and to < from_:
            raise ConfirmaValueError("to", "must not be before from_")
        response = await self._call(
            "GET",
            TRANSACTIONS_PATH,
            params={"from": start, "to": end, "type": _type_filter(type)},
            timeout=timeout,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        result: list[Transaction] = self._decode(response, list[Transaction])
        return result
