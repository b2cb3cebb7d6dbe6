"""Case details: ``GET /api/v1/partner/invoice/case``.

Doc section: invoices.md §3 "Retrieve case details" (seed 000, the newest page); public
pages ``retrieve-case-details-4344614e0`` and the older ``retrieve-case-details-4083664e0``.

Fields the docs show only as the placeholder ``"string"`` (``invoices[].invoiceDate``,
``payments[].createdAt`` ...) stay ``str``: no format is promised for them.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from attrs import field, frozen

__all__ = [
    "Case",
    "CaseSummary",
    "CaseBalance",
    "CaseInvoice",
    "CaseInvoiceDistribution",
    "TimelineEntry",
    "CasePayment",
    "CaseEvent",
    "CaseAction",
    "CaseNote",
    "CaseEnvelope",
]


@frozen
class CaseSummary:
    """``summary``: the case's id, status, currency and creation time, and its labels.

    ``closed_at`` is ``None`` while the case is open; the labels (``stage``,
    ``creditor``, ``agency``) and ``active_days`` are ``None`` when the server omits them.
    """

    case_id: int
    status: str
    currency: str
    created_at: datetime
    stage: str | None = None
    closed_at: date | None = None
    active_days: int | None = None
    creditor: str | None = None
    agency: str | None = None


@frozen
class CaseBalance:
    """``balance``: what the case owes and has paid, per part (capital, interest, costs).

    Every amount is an exact ``Decimal``; ``as_of`` (when the balance was computed) is
    ``None`` when the server omits it.
    """

    capital_amount: Decimal
    interest_amount: Decimal
    costs_amount: Decimal
    capital_paid: Decimal
    interest_paid: Decimal
    costs_paid: Decimal
    capital_outstanding: Decimal
    interest_outstanding: Decimal
    costs_outstanding: Decimal
    total_outstanding: Decimal
    as_of: datetime | None = None


@frozen
class CaseInvoiceDistribution:
    """``invoices[].distribution``: how and when the invoice was delivered (all optional)."""

    method: str | None = None
    channel: str | None = None
    distributed_at: str | None = None
    payment_control_enabled: bool | None = None
    information: str | None = None
    updated_at: datetime | None = None


@frozen
class TimelineEntry:
    """``invoices[].timeline[]``: one step of the invoice's life (``occurredAt`` as sent)."""

    type: str | None = None
    occurred_at: str | None = None


@frozen
class CaseInvoice:
    """``invoices[]``: one invoice of the case (its number is a string here).

    The dates are the server's text (the docs promise no format). ``reference``,
    ``original_reference`` and ``subject`` are ``null`` in the docs' example.
    """

    invoice_number: str
    invoice_date: str
    due_date: str
    created_date: str
    capital_amount: Decimal
    capital_paid: Decimal
    interest_amount: Decimal
    interest_paid: Decimal
    reference: str | None = None
    original_reference: str | None = None
    subject: str | None = None
    invoice_doc_url: str | None = None
    interest_calculation: str | None = None
    interest_rate: Decimal | None = None
    distribution: CaseInvoiceDistribution | None = None
    timeline: list[TimelineEntry] = field(factory=list)


@frozen
class CasePayment:
    """``payments[]``: one payment on the case, its amount and currency.

    The invoice number, the dates (the server's text) and the labels are ``None`` when
    the server omits them (e.g. a payment not allocated to an invoice yet).
    """

    amount: Decimal
    currency: str
    invoice_number: str | None = None
    created_at: str | None = None
    bank_payment_date: str | None = None
    allocated_at: str | None = None
    description: str | None = None
    method: str | None = None
    status: str | None = None


@frozen
class CaseEvent:
    """``events[]``: something that happened on the case (state codes are not documented)."""

    title: str | None = None
    description: str | None = None
    state: int | None = None
    occurred_at: datetime | None = None


@frozen
class CaseAction:
    """``actions[]``: an invoice action applied to the case (status codes not documented)."""

    type: str | None = None
    status: int | None = None
    comment: str | None = None
    occurred_at: datetime | None = None


@frozen
class CaseNote:
    """``notes[]``: a note on the case."""

    title: str | None = None
    content: str | None = None
    # The API spells this key "occuredAt" (sic); the attribute keeps the wire spelling.
    occured_at: datetime | None = None


@frozen
class Case:
    """One invoice's agency case: summary, balance, invoices, payments and history."""

    summary: CaseSummary
    balance: CaseBalance
    invoices: list[CaseInvoice] = field(factory=list)
    payments: list[CasePayment] = field(factory=list)
    events: list[CaseEvent] = field(factory=list)
    actions: list[CaseAction] = field(factory=list)
    notes: list[CaseNote] = field(factory=list)

    @property
    def case_id(self) -> int:
        """The agency case id (``summary.caseId``)."""
        return self.summary.case_id


@frozen
class CaseEnvelope:
    """The response body.

    The older docs page answers ``{"case": {...}}``, the newer ``{"cases": [...]}``.

    Schema "CaseDetails" (schemas.md §5).
    """

    case: Case | None = None
    cases: list[Case] = field(factory=list)

    def all(self) -> list[Case]:
        """Every case of the body, whichever shape it came in."""
        found: list[Case] = list(self.cases or ())
        if self.case is not None:
            found.insert(0, self.case)
        return found
