"""Received payments: ``GET /api/v1/partner/payments`` (payments.md §1).

Preliminary data: allocations may still change until settlement (use settlements for
booking).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from .._config import Timeout
from ..models.payments import Payment
from ._resource import AsyncResource, check_date_range, request_options

__all__ = ["AsyncPayments", "PAYMENTS_PATH", "PAYMENTS_QUERY"]

PAYMENTS_PATH = "/api/v1/partner/payments"
# Named in the page prose ("fromDate - toDate"); the parameter table was not captured.
PAYMENTS_QUERY = {"from_date": "fromDate", "to_date": "toDate"}


class AsyncPayments(AsyncResource):
    """Payments the agency allocated to invoices."""

    async def list(
        self,
        *,
        from_date: date | None = None,
        to_date: date | None = None,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> list[Payment]:
        """Payments in a date window (``GET /api/v1/partner/payments?fromDate=&toDate=``).

        The body is a JSON array of payments (an empty body reads as no payments).
        """
        check_date_range("from_date", from_date, "to_date", to_date)
        return await self._get(
            PAYMENTS_PATH,
            cast_to=list[Payment],
            empty=list,
            params={PAYMENTS_QUERY["from_date"]: from_date, PAYMENTS_QUERY["to_date"]: to_date},
            options=request_options(timeout, max_retries, extra_headers, extra_query),
        )
