"""Case details: ``GET /api/v1/partner/invoice/case`` (seed 000).

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
    case_id: int
    status: str | None = None
    stage: str | None = None
    created_at: datetime | None = None
    closed_at: date | None = None
    active_days: int | None = None
    creditor: str | None = None
    currency: str | None = None
    agency: str | None = None


@frozen
class CaseBalance:
    capital_amount: Decimal | None = None
    interest_amount: Decimal | None = None
    costs_amount: Decimal | None = None
    capital_paid: Decimal | None = None
    interest_paid: Decimal | None = None
    costs_paid: Decimal | None = None
    capital_outstanding: Decimal | None = None
    interest_outstanding: Decimal | None = None
    costs_outstanding: Decimal | None = None
    total_outstanding: Decimal | None = None
    as_of: datetime | None = None


@frozen
class CaseInvoiceDistribution:
    method: str | None = None
    channel: str | None = None
    distributed_at: str | None = None
    payment_control_enabled: bool | None = None
    information: str | None = None
    updated_at: datetime | None = None


@frozen
class TimelineEntry:
    type: str | None = None
    occurred_at: str | None = None


@frozen
class CaseInvoice:
    invoice_number: str | None = None
    reference: str | None = None
    original_reference: str | None = None
    invoice_date: str | None = None
    due_date: str | None = None
    created_date: str | None = None
    subject: str | None = None
    invoice_doc_url: str | None = None
    interest_calculation: str | None = None
    interest_rate: Decimal | None = None
    capital_amount: Decimal | None = None
    capital_paid: Decimal | None = None
    interest_amount: Decimal | None = None
    interest_paid: Decimal | None = None
    distribution: CaseInvoiceDistribution | None = None
    timeline: list[TimelineEntry] = field(factory=list)


@frozen
class CasePayment:
    invoice_number: str | None = None
    created_at: str | None = None
    bank_payment_date: str | None = None
    allocated_at: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    description: str | None = None
    method: str | None = None
    status: str | None = None


@frozen
class CaseEvent:
    title: str | None = None
    description: str | None = None
    state: int | None = None
    occurred_at: datetime | None = None


@frozen
class CaseAction:
    type: str | None = None
    status: int | None = None
    comment: str | None = None
    occurred_at: datetime | None = None


@frozen
class CaseNote:
    title: str | None = None
    content: str | None = None
    # The API spells this key "occuredAt" (sic); the attribute keeps the wire spelling.
    occured_at: datetime | None = None


@frozen
class Case:
    """One invoice's agency case: summary, balance, invoices, payments and history."""

    summary: CaseSummary
    balance: CaseBalance | None = None
    invoices: list[CaseInvoice] = field(factory=list)
    payments: list[CasePayment] = field(factory=list)
    events: list[CaseEvent] = field(factory=list)
    actions: list[CaseAction] = field(factory=list)
    notes: list[CaseNote] = field(factory=list)

    @property
    def case_id(self) -> int:
        return self.summary.case_id


@frozen
class CaseEnvelope:
    """The response body.

    The older docs page answers ``{"case": {...}}``, the newer ``{"cases": [...]}``.
    """

    case: Case | None = None
    cases: list[Case] = field(factory=list)

    def all(self) -> list[Case]:
        found: list[Case] = list(self.cases or ())
        if self.case is not None:
            found.insert(0, self.case)
        return found
