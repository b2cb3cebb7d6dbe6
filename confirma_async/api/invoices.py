"""Invoices: actions on invoices and their agency cases."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable, Mapping, Sequence
from contextlib import aclosing
from datetime import date

from .. import serde
from .._config import Timeout
from .._core.bulk import ProgressHook, StopPolicy, check_concurrency, run_bulk
from .._errors import ConfirmaValueError
from ..models.actions import ActionsReceipt, InvoiceAction
from ..models.bulk import TrackedInvoice
from ..models.cases import Case
from ..models.distribution import DistributionRecord
from ..models.invoices import SalesInvoiceRequest
from ..models.receipts import SubmissionReceipt
from ._resource import AsyncResource, request_options
from .cases import AsyncCases
from .distribution import AsyncDistribution

__all__ = ["AsyncInvoices", "ACTIONS_PATH", "INVOICE_PATH"]

ACTIONS_PATH = "/api/v1/partner/invoice/action"
INVOICE_PATH = "/api/v1/partner/invoice"


class AsyncInvoices(AsyncResource):
    """Submitting invoices and actions on them."""

    async def create_actions(
        self,
        actions: Sequence[InvoiceAction],
        *,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> ActionsReceipt:
        """Queue actions on invoices/cases (``POST /api/v1/partner/invoice/action``).

        The whole list is checked before anything is sent: an invalid value raises
        ``ConfirmaValueError`` naming its wire path (``actions[2].data.amount``). A POST is
        never retried once it may have reached the server, so an action is never queued
        twice by the SDK.
        """
        if isinstance(actions, (str, bytes)) or not isinstance(actions, Sequence):
            raise ConfirmaValueError("actions", "must be a list of InvoiceAction objects")
        if not actions:
            raise ConfirmaValueError("actions", "must contain at least one action")
        for index, action in enumerate(actions):
            if not isinstance(action, InvoiceAction) or type(action) is InvoiceAction:
                raise ConfirmaValueError(
                    f"actions[{index}]", "must be one of the InvoiceAction subclasses"
                )
            action.validate(f"actions[{index}]")
        body = {"actions": [serde.unstructure(action) for action in actions]}
        response = await self._call(
            "POST",
            ACTIONS_PATH,
            json=body,
            options=request_options(timeout, max_retries, extra_headers, extra_query),
        )
        response.require_json()  # an answer that is not JSON (a proxy's page) fails the call
        return ActionsReceipt(accepted=len(actions), request_id=response.request_id)

    # --- create an invoice ---------------------------------------------------------------

    async def create(
        self,
        invoice: SalesInvoiceRequest,
        *,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> SubmissionReceipt:
        """Submit a sales invoice for evaluation and distribution
        (``POST /api/v1/partner/invoice``).

        The whole tree is validated first: an invalid field raises ``ConfirmaValueError``
        naming its wire path (``invoice.parties.buyerParty.address.countryCode``) and
        nothing is sent. The response body is not documented: it is returned as-is in
        ``SubmissionReceipt.data``. Never retried once it may have reached the server.
        """
        if not isinstance(invoice, SalesInvoiceRequest):
            raise ConfirmaValueError("invoice", "must be a SalesInvoiceRequest")
        invoice.validate()
        return await self._post(
            INVOICE_PATH,
            body=serde.unstructure(invoice),
            cast_to=SubmissionReceipt,
            options=request_options(timeout, max_retries, extra_headers, extra_query),
        )

    # --- tracking (bulk) -------------------------------------------------------------

    async def track(
        self,
        *,
        from_date: date | None = None,
        to_date: date | None = None,
        invoice_number: int | None = None,
        concurrency: int | None = None,
        on_progress: ProgressHook | None = None,
        stop_on: StopPolicy | None = None,
        skip: Callable[[int], bool] | None = None,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> AsyncGenerator[TrackedInvoice, None]:
        """Every invoice's distribution record with its agency case, as each completes.

        Lists the distribution records (``GET /api/v1/partner/invoice/distribution``),
        then fetches the case details (``GET /api/v1/partner/invoice/case``) of those that
        carry a case id, ``concurrency`` at a time. Invoices without a case are yielded
        with ``case=None``; a failed case fetch is yielded with ``error`` set and never
        stops the others. A failure of the distribution listing itself is raised.
        ``on_progress(done, total, failed)`` counts invoices. ``skip(invoice_number)``
        returning true leaves an invoice out (nothing fetched, nothing yielded), e.g.
        ``skip=job.skip`` for a resumed ``confirma_async.jobs.Job``. ``stop_on`` as in
        ``cases.get_many``.
        """
        workers = check_concurrency(concurrency, self._transport.max_concurrency)
        # Checked once for the listing and every case fetch.
        options = request_options(timeout, max_retries, extra_headers, extra_query).checked()
        keywords = options.keywords()
        report = await AsyncDistribution(self._transport).list(
            from_date=from_date, to_date=to_date, invoice_number=invoice_number, **keywords
        )
        cases = AsyncCases(self._transport)

        async def fetch(record: DistributionRecord) -> Case | None:
            case_id = record.case_id
            if case_id is None:
                return None
            return await cases.get(case_id, **keywords)

        records = report.invoices
        if skip is not None:
            records = [record for record in records if not skip(record.invoice_number)]
        engine = run_bulk(
            records,
            fetch,
            TrackedInvoice,
            workers=workers,
            flight_key=_case_key,
            on_progress=on_progress,
            stop_on=stop_on,
        )
        async with aclosing(engine):
            async for _, tracked in engine:
                yield tracked


def _case_key(record: DistributionRecord) -> int | None:
    # Two invoices of one case share the fetch; invoices without a case fetch nothing.
    return record.case_id
