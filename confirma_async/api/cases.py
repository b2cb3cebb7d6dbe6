"""Case details: ``GET /api/v1/partner/invoice/case``."""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterable, Iterable, Mapping
from contextlib import aclosing

from .._config import Timeout
from .._core.bulk import ProgressHook, StopPolicy, collect, iter_outcomes
from .._errors import NotFoundError, not_found
from ..models.bulk import BulkResult, Outcome
from ..models.cases import Case, CaseEnvelope
from ._resource import AsyncResource, check_positive_int, many_calls, request_options

__all__ = ["AsyncCases", "CASES_PATH", "CASES_QUERY"]

CASES_PATH = "/api/v1/partner/invoice/case"
# Query names are not in the docs (ARCHITECTURE §3): kept here so a correction is one line.
CASES_QUERY = {"case_id": "caseId", "invoice_number": "invoiceNumber"}


class AsyncCases(AsyncResource):
    """Agency cases of submitted invoices."""

    async def list(
        self,
        *,
        case_id: int | None = None,
        invoice_number: int | None = None,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> list[Case]:
        """Case details matching the filters (``GET /api/v1/partner/invoice/case``).

        Accepts both response shapes: ``{"case": {...}}`` and ``{"cases": [...]}``.
        """
        if case_id is not None:
            check_positive_int("case_id", case_id)
        if invoice_number is not None:
            check_positive_int("invoice_number", invoice_number)
        envelope = await self._get(
            CASES_PATH,
            cast_to=CaseEnvelope,
            empty=CaseEnvelope,
            params={CASES_QUERY["case_id"]: case_id, CASES_QUERY["invoice_number"]: invoice_number},
            options=request_options(timeout, max_retries, extra_headers, extra_query),
        )
        return envelope.all()

    async def get(
        self,
        case_id: int,
        *,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> Case:
        """One case by its agency case id (``GET /api/v1/partner/invoice/case?caseId=``).

        Raises ``NotFoundError`` naming the case id when the server has no such case
        (whether it answers 404 or an answer without that case).
        """
        check_positive_int("case_id", case_id)
        try:
            response = await self._call(
                "GET",
                CASES_PATH,
                params={CASES_QUERY["case_id"]: case_id},
                options=request_options(timeout, max_retries, extra_headers, extra_query),
            )
        except NotFoundError as exc:
            raise not_found(f"case {case_id}", method="GET", path=CASES_PATH, answer=exc) from None
        # Either envelope; an empty answer has no case.
        for case in self._cast(response, CaseEnvelope, CaseEnvelope).all():
            if case.summary.case_id == case_id:
                return case
        raise not_found(
            f"case {case_id}", method="GET", path=CASES_PATH, request_id=response.request_id
        )

    # --- bulk -----------------------------------------------------------------------

    @many_calls
    async def get_many(
        self,
        case_ids: Iterable[int] | AsyncIterable[int],
        *,
        concurrency: int | None = None,
        on_progress: ProgressHook | None = None,
        stop_on: StopPolicy | None = None,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> BulkResult[int, Case]:
        """Many cases by id, concurrently (``GET /api/v1/partner/invoice/case?caseId=``).

        ``succeeded`` and ``failed`` keep the input order; one failed id (e.g. a
        ``NotFoundError``) never fails the batch. ``concurrency`` workers (default: the
        client's ``max_concurrency``) pull ids lazily; the client-wide cap still applies.
        ``on_progress(done, total, failed)`` is called after each id. With
        ``stop_on=StopPolicy()`` a 401/403, or a run of connection failures, stops the call
        with ``BulkStoppedError`` instead of failing every remaining id.
        """
        return await self._bulk(
            collect, "case_ids", case_ids, self.get,
            concurrency=concurrency, on_progress=on_progress, stop_on=stop_on,
            options=request_options(timeout, max_retries, extra_headers, extra_query),
        )

    async def iter_many(
        self,
        case_ids: Iterable[int] | AsyncIterable[int],
        *,
        concurrency: int | None = None,
        on_progress: ProgressHook | None = None,
        stop_on: StopPolicy | None = None,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> AsyncGenerator[Outcome[int, Case], None]:
        """Like ``get_many`` but yields an ``Outcome`` per id as each completes.

        Memory stays bounded by ``concurrency`` however many ids the iterable produces.
        Leaving the loop early (or cancelling) stops every worker and in-flight request.
        """
        outcomes = self._bulk(
            iter_outcomes, "case_ids", case_ids, self.get,
            concurrency=concurrency, on_progress=on_progress, stop_on=stop_on,
            options=request_options(timeout, max_retries, extra_headers, extra_query),
        )
        async with aclosing(outcomes):
            async for outcome in outcomes:
                yield outcome
