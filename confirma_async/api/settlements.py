"""Settlements: the agency's payouts with their allocations (payments.md §2).

The older "Retrieve settlements" page
(``developer-partnerapi.confirmafinance.com/retrieve-settlements-4083701e0``) shows the
path ``/api/v1/partner/settlements`` and says the call "retrieves settlement data from
selected time period, if omitted, returns data for the last 30 days". The query names
are INFERRED: the period as ``fromDate``/``toDate`` like the payments filter, and
``unfetchedOnly`` from the page prose; the parameter table was not captured. Correct
``SETTLEMENTS_QUERY`` if the service differs.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from .._config import Timeout
from .._errors import ConfirmaValueError
from ..models.settlements import SettlementReport
from ._resource import AsyncResource, check_date_range, request_options

__all__ = ["AsyncSettlements", "SETTLEMENTS_PATH", "SETTLEMENTS_QUERY"]

SETTLEMENTS_PATH = "/api/v1/partner/settlements"
#: INFERRED names (see the module docstring).
SETTLEMENTS_QUERY = {
    "from_date": "fromDate",
    "to_date": "toDate",
    "unfetched_only": "unfetchedOnly",
}


class AsyncSettlements(AsyncResource):
    """Authoritative settlement records (batched payouts to the creditor)."""

    async def list(
        self,
        *,
        from_date: date | None = None,
        to_date: date | None = None,
        unfetched_only: bool | None = None,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> SettlementReport:
        """Settlements of a period
        (``GET /api/v1/partner/settlements?fromDate=&toDate=&unfetchedOnly=``; the query
        names are inferred). Without a period the server returns the last 30 days.
        ``from_date``/``to_date`` are ``datetime.date`` values in order;
        ``unfetched_only=True`` returns only settlements this integration has not fetched
        before (incremental sync). ``None`` sends no filter. Bad input raises
        ``ConfirmaValueError`` and nothing is sent.

        The server marks what ``unfetched_only=True`` returns as fetched, so that call is
        treated like a write: it is never re-sent once it may have reached the server. If
        it fails after that (a dropped connection, a timeout, a body too large), the batch
        may already count as fetched: read it again with ``from_date``/``to_date``.
        """
        check_date_range("from_date", from_date, "to_date", to_date)
        if unfetched_only is not None and not isinstance(unfetched_only, bool):
            raise ConfirmaValueError("unfetched_only", "must be True, False or None")
        query = SETTLEMENTS_QUERY
        return await self._get(
            SETTLEMENTS_PATH,
            cast_to=SettlementReport,
            empty=SettlementReport,
            params={
                query["from_date"]: from_date,
                query["to_date"]: to_date,
                query["unfetched_only"]: unfetched_only,
            },
            options=request_options(timeout, max_retries, extra_headers, extra_query),
            # Fetching marks the batch as fetched: a second send could not return it again.
            idempotent=False if unfetched_only else None,
        )
