"""Distribution records: ``GET /api/v1/partner/invoice/distribution``."""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterable, Iterable, Mapping
from contextlib import aclosing
from datetime import date

from .._config import Timeout
from .._core.bulk import ProgressHook, StopPolicy, collect, iter_outcomes
from .._core.transport import QueryValue
from .._errors import ConfirmaValueError, NotFoundError, not_found
from ..models.bulk import BulkResult, Outcome
from ..models.distribution import DistributionRecord, DistributionReport
from ._resource import (
    AsyncResource,
    check_date_range,
    check_positive_int,
    many_calls,
    request_options,
)

__all__ = [
    "AsyncDistribution",
    "DISTRIBUTION_PATH",
    "DISTRIBUTION_QUERY",
    "DISTRIBUTION_V2_PATH",
]

DISTRIBUTION_PATH = "/api/v1/partner/invoice/distribution"
# "Retrieve distribution Information MV v2": only the menu entry (GET) was captured. The
# path is INFERRED (the v1 path under /api/v2/); correct it here if the service differs.
DISTRIBUTION_V2_PATH = "/api/v2/partner/invoice/distribution"
# Names echoed in ``metaData.filtersApplied``; the docs' parameter list was not captured.
DISTRIBUTION_QUERY = {
    "invoice_number": "invoiceNumber",
    "from_date": "fromInvDate",
    "to_date": "toInvDate",
    "fetch_type": "fetchType",
}


def _query(
    from_date: date | None,
    to_date: date | None,
    invoice_number: int | None,
    fetch_type: str | None,
) -> dict[str, QueryValue]:
    """Check the filters (nothing is sent when one is invalid) and name them for the wire."""
    check_date_range("from_date", from_date, "to_date", to_date)
    if invoice_number is not None:
        check_positive_int("invoice_number", invoice_number)
    if fetch_type is not None and (not isinstance(fetch_type, str) or not fetch_type):
        raise ConfirmaValueError("fetch_type", "must be a non-empty string")
    q = DISTRIBUTION_QUERY
    return {
        q["invoice_number"]: invoice_number,
        q["from_date"]: from_date,
        q["to_date"]: to_date,
        q["fetch_type"]: fetch_type,
    }


class AsyncDistribution(AsyncResource):
    """Delivery records of submitted invoices."""

    async def list(
        self,
        *,
        from_date: date | None = None,
        to_date: date | None = None,
        invoice_number: int | None = None,
        fetch_type: str | None = None,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> DistributionReport:
        """Distribution records by invoice date range or invoice number
        (``GET /api/v1/partner/invoice/distribution``). Without filters the service
        answers the last 30 days.
        """
        return await self._get(
            DISTRIBUTION_PATH,
            cast_to=DistributionReport,
            empty=DistributionReport.empty,
            params=_query(from_date, to_date, invoice_number, fetch_type),
            options=request_options(timeout, max_retries, extra_headers, extra_query),
        )

    async def get(
        self,
        invoice_number: int,
        *,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> DistributionRecord:
        """The distribution record of one invoice (``GET ...distribution?invoiceNumber=``).

        Raises ``NotFoundError`` naming the invoice when the service has no record of it
        (whether it answers 404 or an answer without that invoice).
        """
        check_positive_int("invoice_number", invoice_number)
        what = f"distribution record of invoice {invoice_number}"
        try:
            response = await self._call(
                "GET", DISTRIBUTION_PATH, params=_query(None, None, invoice_number, None),
                options=request_options(timeout, max_retries, extra_headers, extra_query),
            )
        except NotFoundError as exc:
            raise not_found(what, method="GET", path=DISTRIBUTION_PATH, answer=exc) from None
        report = self._cast(response, DistributionReport, DistributionReport.empty)
        for record in report.invoices:
            if record.invoice_number == invoice_number:
                return record
        raise not_found(
            what, method="GET", path=DISTRIBUTION_PATH, request_id=response.request_id
        )

    # --- bulk -----------------------------------------------------------------------

    @many_calls
    async def get_many(
        self,
        invoice_numbers: Iterable[int] | AsyncIterable[int],
        *,
        concurrency: int | None = None,
        on_progress: ProgressHook | None = None,
        stop_on: StopPolicy | None = None,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> BulkResult[int, DistributionRecord]:
        """Many invoices' distribution records, concurrently
        (``GET /api/v1/partner/invoice/distribution?invoiceNumber=``).

        ``succeeded`` and ``failed`` keep the input order; one failed invoice number never
        fails the batch. ``concurrency`` workers (default: the client's
        ``max_concurrency``) pull numbers lazily; the client-wide cap still applies.
        ``stop_on=StopPolicy()`` stops the call with ``BulkStoppedError`` after a 401/403
        or a run of connection failures.
        """
        return await self._bulk(
            collect, "invoice_numbers", invoice_numbers, self.get,
            concurrency=concurrency, on_progress=on_progress, stop_on=stop_on,
            options=request_options(timeout, max_retries, extra_headers, extra_query),
        )

    async def iter_many(
        self,
        invoice_numbers: Iterable[int] | AsyncIterable[int],
        *,
        concurrency: int | None = None,
        on_progress: ProgressHook | None = None,
        stop_on: StopPolicy | None = None,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> AsyncGenerator[Outcome[int, DistributionRecord], None]:
        """Like ``get_many`` but yields an ``Outcome`` per invoice number as each completes.

        Memory stays bounded by ``concurrency``; leaving the loop early (or cancelling)
        stops every worker and in-flight request.
        """
        outcomes = self._bulk(
            iter_outcomes, "invoice_numbers", invoice_numbers, self.get,
            concurrency=concurrency, on_progress=on_progress, stop_on=stop_on,
            options=request_options(timeout, max_retries, extra_headers, extra_query),
        )
        async with aclosing(outcomes):
            async for outcome in outcomes:
                yield outcome

    # --- "MV v2" (path inferred, see DISTRIBUTION_V2_PATH) ----------------------------------

    async def list_v2(
        self,
        *,
        from_date: date | None = None,
        to_date: date | None = None,
        invoice_number: int | None = None,
        fetch_type: str | None = None,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> DistributionReport:
        """Distribution records from "Retrieve distribution Information MV v2"
        (``GET /api/v2/partner/invoice/distribution`` — the path, the query names and the
        response shape are INFERRED from v1; only the menu entry was captured).
        """
        return await self._get(
            DISTRIBUTION_V2_PATH,
            cast_to=DistributionReport,
            empty=DistributionReport.empty,
            params=_query(from_date, to_date, invoice_number, fetch_type),
            options=request_options(timeout, max_retries, extra_headers, extra_query),
        )
