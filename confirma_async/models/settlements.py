"""Settlements: ``GET /api/v1/partner/settlements`` (payments.md §2, public page
``retrieve-settlements-4083701e0``); read-only.

Settlements are the agency's authoritative payouts, each with the allocations it pays;
invoice numbers are strings here (integers in the invoice request). Received payments
(preliminary) are in ``models.payments``.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from attrs import field, frozen

from ._base import OpenEnum

__all__ = [
    "Agency",
    "BreakdownType",
    "Beneficiary",
    "AllocationBreakdown",
    "Allocation",
    "Settlement",
    "SettlementReport",
]


class Agency(OpenEnum):
    """``settlements[].agency``; the docs show ``CASH-IN`` (the older page ``CashIn``)."""

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


@frozen(kw_only=True)
class Allocation:
    """Money allocated to one invoice; ``allocated_total_amount`` = Σ ``breakdown``.

    Required: the ids, the amount with its date and currency, and the invoice number,
    shown non-null in both documented examples. ``case_id`` is ``null`` in the examples
    and ``original_payment_reference`` is absent from the older one. The older page
    calls the split ``events`` instead of ``breakdown``; whichever the server sends is
    kept under its own name.

    Schema "Allocation" (schemas.md §5).
    """

    allocation_id: int
    allocated_total_amount: Decimal
    allocation_date: date
    currency: str
    case_id: int | None = None
    original_invoice_number: str
    original_payment_reference: str | None = None
    breakdown: list[AllocationBreakdown] = field(factory=list)
    events: list[AllocationBreakdown] = field(factory=list)


@frozen(kw_only=True)
class Settlement:
    """One payout batch; ``settlement_amount`` = Σ ``allocated_total_amount``.

    Required: ``settlement_id``, ``settlement_date``, ``settlement_amount`` and
    ``currency``, non-null in both documented examples. The older page sends
    ``remittanceReference`` and ``beneficiary`` as ``null`` and no ``apiFetchDate``.
    ``api_fetch_date`` is ``null`` in the newer example, so its format is unknown: it
    stays the string the server sent.

    Schema "Settlement" (schemas.md §5).
    """

    settlement_id: int
    settlement_date: date
    agency: Agency | None = None
    remittance_reference: str | None = None
    beneficiary: Beneficiary | None = None
    settlement_amount: Decimal
    currency: str
    api_fetch_date: str | None = None
    allocations: list[Allocation] = field(factory=list)


@frozen
class SettlementReport:
    """The body of the settlements endpoint: ``{"createdAt": ..., "settlements": [...]}``.

    Schema "SettlementsResponse" (schemas.md §5).
    """

    created_at: datetime | None = None
    settlements: list[Settlement] = field(factory=list)
