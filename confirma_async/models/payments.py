"""Payments and settlements (payments.md): read-only models.

Invoice numbers are strings here (integers in the invoice request). Payments are
preliminary; settlements are the authoritative payouts.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from attrs import field, frozen

from ._base import OpenEnum

__all__ = [
    "Payment",
    "Agency",
    "BreakdownType",
    "Beneficiary",
    "AllocationBreakdown",
    "Allocation",
    "Settlement",
    "SettlementReport",
]


@frozen
class Payment:
    """One payment the agency allocated to an invoice (``GET /payments`` array item).

    The example is cut after ``paymentDate``; the promised amount is read from
    ``amount`` and ``currency`` [inferred names] and is ``None`` when absent.
    """

    case_id: int | None = None
    invoice_number: str | None = None
    invoice_payment_reference: str | None = None
    original_payment_reference: str | None = None
    account_name: str | None = None
    booking_date: datetime | None = None
    payment_date: datetime | None = None
    amount: Decimal | None = None
    currency: str | None = None


class Agency(OpenEnum):
    """``settlements[].agency``; the docs show ``CASH-IN``."""

    CASH_IN = "CASH-IN"


class BreakdownType(OpenEnum):
    """``allocations[].breakdown[].type``."""

    CAPITAL = "CAPITAL"
    INTEREST = "INTEREST"
    FEES = "FEES"


@frozen
class Beneficiary:
    """``settlements[].beneficiary``: the account the settlement was paid to."""

    name: str | None = None
    iban: str | None = None
    bic: str | None = None


@frozen
class AllocationBreakdown:
    """``breakdown[]``: the part of an allocation booked to capital, interest or fees."""

    type: BreakdownType
    amount: Decimal


@frozen
class Allocation:
    """Money allocated to one invoice; ``allocated_total_amount`` = Σ ``breakdown``."""

    allocation_id: int
    allocated_total_amount: Decimal
    allocation_date: date | None = None
    currency: str | None = None
    case_id: int | None = None
    original_invoice_number: str | None = None
    original_payment_reference: str | None = None
    breakdown: list[AllocationBreakdown] = field(factory=list)


@frozen
class Settlement:
    """One payout batch; ``settlement_amount`` = Σ ``allocated_total_amount``.

    ``api_fetch_date`` is ``null`` in the only example, so its format is unknown: it
    stays the string the server sent.
    """

    settlement_id: int
    settlement_date: date | None = None
    agency: Agency | None = None
    remittance_reference: str | None = None
    beneficiary: Beneficiary | None = None
    settlement_amount: Decimal | None = None
    currency: str | None = None
    api_fetch_date: str | None = None
    allocations: list[Allocation] = field(factory=list)


@frozen
class SettlementReport:
    """The body of the settlements endpoint: ``{"createdAt": ..., "settlements": [...]}``."""

    created_at: datetime | None = None
    settlements: list[Settlement] = field(factory=list)
