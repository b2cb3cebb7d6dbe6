"""Accounting add-on: ledger, payment and invoice submissions and their sync status
(accounting.md).

Quirks kept as documented: ``POST /accounting/ledger`` sends ``{"ledgers": {...}}`` (one
object) while its status answers ``{"ledgers": [...]}``; the ledger status may answer
``204 No Content`` (an empty report). The accounting introduction says every data type
has a submission and a status endpoint, but the *invoice* pages were not captured: their
path (``ACCOUNTING_PATHS["invoice"]``, the status a GET on it like its twins), the
submission body and the status answer are INFERRED.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .. import serde
from .._config import Timeout
from .._errors import ConfirmaValueError
from ..models.accounting import (
    AccountingPayment,
    InvoiceStatusReport,
    LedgerDocument,
    LedgerStatusReport,
    PaymentStatusReport,
)
from ..models.invoices import SalesInvoiceRequest
from ..models.receipts import SubmissionReceipt
from ._resource import AsyncResource, request_options

__all__ = ["AsyncAccounting", "ACCOUNTING_PATHS"]

# One place for the paths. "invoice" is INFERRED (only the menu entry was captured); each
# status endpoint is a GET on its submission's path.
ACCOUNTING_PATHS = {
    "ledger": "/api/v1/partner/accounting/ledger",
    "payment": "/api/v1/partner/accounting/payment",
    "invoice": "/api/v1/partner/accounting/invoice",
}


class AsyncAccounting(AsyncResource):
    """Pushes ledger entries, payments and invoices to the client's accounting system."""

    async def submit_ledger(
        self,
        ledger: LedgerDocument,
        *,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> SubmissionReceipt:
        """Submit one ledger document (``POST /api/v1/partner/accounting/ledger``).

        Sent as ``{"ledgers": {...}}`` — a single object, as documented. Validated first
        (``ledgers.ledgerRows[1].amount`` ...); nothing is sent when invalid.
        """
        if not isinstance(ledger, LedgerDocument):
            raise ConfirmaValueError("ledgers", "must be a LedgerDocument")
        ledger.validate()
        return await self._post(
            ACCOUNTING_PATHS["ledger"],
            body={"ledgers": serde.unstructure(ledger)},
            cast_to=SubmissionReceipt,
            options=request_options(timeout, max_retries, extra_headers, extra_query),
        )

    async def ledger_status(
        self,
        *,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> LedgerStatusReport:
        """Sync status of submitted ledger data (``GET /api/v1/partner/accounting/ledger``).

        ``204 No Content`` reads as an empty report. The docs show a ``{}`` body example
        on this GET; no body is sent. Filters were not captured: use ``extra_query``.
        """
        return await self._get(
            ACCOUNTING_PATHS["ledger"],
            cast_to=LedgerStatusReport,
            empty=LedgerStatusReport,
            options=request_options(timeout, max_retries, extra_headers, extra_query),
        )

    async def submit_payments(
        self,
        payments: Sequence[AccountingPayment],
        *,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> SubmissionReceipt:
        """Submit payments (``POST /api/v1/partner/accounting/payment``) as
        ``{"payments": [...]}``. Every item is validated first (``payments[2].currency``).
        """
        if isinstance(payments, (str, bytes)) or not isinstance(payments, Sequence):
            raise ConfirmaValueError("payments", "must be a list of AccountingPayment")
        if not payments:
            raise ConfirmaValueError("payments", "must contain at least one payment")
        for index, payment in enumerate(payments):
            if not isinstance(payment, AccountingPayment):
                raise ConfirmaValueError(f"payments[{index}]", "must be an AccountingPayment")
            payment.validate(f"payments[{index}]")
        return await self._post(
            ACCOUNTING_PATHS["payment"],
            body={"payments": [serde.unstructure(p) for p in payments]},
            cast_to=SubmissionReceipt,
            options=request_options(timeout, max_retries, extra_headers, extra_query),
        )

    async def payment_status(
        self,
        *,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> PaymentStatusReport:
        """Sync status of submitted payments (``GET /api/v1/partner/accounting/payment``).

        An empty body (or 204) reads as an empty report. Filters were not captured: use
        ``extra_query``.
        """
        return await self._get(
            ACCOUNTING_PATHS["payment"],
            cast_to=PaymentStatusReport,
            empty=PaymentStatusReport,
            options=request_options(timeout, max_retries, extra_headers, extra_query),
        )

    async def submit_invoice(
        self,
        invoice: SalesInvoiceRequest | Mapping[str, Any],
        *,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> SubmissionReceipt:
        """Send an invoice to the accounting system
        (``POST /api/v1/partner/accounting/invoice`` — path and body INFERRED).

        The page was not captured. A ``SalesInvoiceRequest`` is validated and sent in its
        documented shape; a plain mapping is sent as given, for when the real body differs.
        """
        body: Any
        if isinstance(invoice, SalesInvoiceRequest):
            invoice.validate()
            body = serde.unstructure(invoice)
        elif isinstance(invoice, Mapping):
            body = serde.unstructure(dict(invoice))
        else:
            raise ConfirmaValueError("invoice", "must be a SalesInvoiceRequest or a mapping")
        return await self._post(
            ACCOUNTING_PATHS["invoice"],
            body=body,
            cast_to=SubmissionReceipt,
            options=request_options(timeout, max_retries, extra_headers, extra_query),
        )

    async def invoice_status(
        self,
        *,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> InvoiceStatusReport:
        """Sync status of invoices sent with ``submit_invoice``
        (``GET /api/v1/partner/accounting/invoice`` — path and answer INFERRED, like the
        ledger and payment twins: ``{"invoices": [...]}``).

        An empty body (or 204) reads as an empty report. Filters were not captured: use
        ``extra_query``.
        """
        return await self._get(
            ACCOUNTING_PATHS["invoice"],
            cast_to=InvoiceStatusReport,
            empty=InvoiceStatusReport,
            options=request_options(timeout, max_retries, extra_headers, extra_query),
        )
