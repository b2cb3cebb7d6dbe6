"""Settlements: the agency's payouts with their allocations (payments.md §2).

The path is INFERRED: the stored copy of the page lost its URL; by analogy with payments
it is ``/api/v1/partner/settlements``. Correct ``SETTLEMENTS_PATH`` if the service differs.
"""

from __future__ import annotations

from collections.abc import Mapping

from .._config import Timeout
from .._errors import ConfirmaValueError
from ..models.payments import SettlementReport
from ._resource import AsyncResource

__all__ = ["AsyncSettlements", "SETTLEMENTS_PATH", "SETTLEMENTS_QUERY"]

SETTLEMENTS_PATH = "/api/v1/partner/settlements"
# ``unfetchedOnly`` is named in the page prose; the parameter table was not captured.
SETTLEMENTS_QUERY = {"unfetched_only": "unfetchedOnly"}


class AsyncSettlements(AsyncResource):
    """Authoritative settlement records (batched payouts to the creditor)."""

    async def list(
        self,
        *,
        unfetched_only: bool | None = None,
        timeout: float | Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> SettlementReport:
        """Settlements (``GET /api/v1/partner/settlements?unfetchedOnly=true|false``; the
        path is inferred). ``unfetched_only=True`` returns only settlements this
        integration has not fetched before (incremental sync); ``None`` sends no filter.
        """
        if unfetched_only is not None and not isinstance(unfetched_only, bool):
            raise ConfirmaValueError("unfetched_only", "must be True, False or None")
        response = await self._call(
            "GET",
            SETTLEMENTS_PATH,
            params={SETTLEMENTS_QUERY["unfetched_only"]: unfetched_only},
            timeout=timeout,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        if response.data is None:
            return SettlementReport()
        report: SettlementReport = self._decode(response, SettlementReport)
        return report
