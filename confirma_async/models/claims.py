"""Collection API (claims) models: ``GET /v1/claims/{claimNumber}/invoices`` (seed 004).

Enum values are open and matched case-insensitively: the collection docs mix cases.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Generic, TypeVar

from attrs import field, frozen

from ._base import OpenEnum

__all__ = [
    "InterestCalculationType",
    "ClaimType",
    "InterestCalculation",
    "AdditionalProperty",
    "ClaimInvoice",
    "Pagination",
    "Page",
]

T = TypeVar("T")


class InterestCalculationType(OpenEnum):
    FIXED = "FIXED"
    REFERENCE = "REFERENCE"
    ABOVE_REFERENCE = "ABOVE_REFERENCE"
    EURIBOR_1 = "EURIBOR_1"
    EURIBOR_3 = "EURIBOR_3"


class ClaimType(OpenEnum):
    PRINCIPAL_CLAIM = "PRINCIPAL_CLAIM"
    INTEREST_BEARING_COMPENSATION = "INTEREST_BEARING_COMPENSATION"
    NON_INTEREST_BEARING_PRINCIPAL_CLAIM = "NON_INTEREST_BEARING_PRINCIPAL_CLAIM"


@frozen
class InterestCalculation:
    type: InterestCalculationType | None = None
    rate: Decimal | None = None
    last_calculation_date: date | None = None


@frozen
class AdditionalProperty:
    key: str
    value: str | None = None


@frozen
class ClaimInvoice:
    """One principal-claim invoice of a claim (invoice numbers are strings here)."""

    invoice_number: str
    reference_number: str | None = None
    invoice_date: date | None = None
    remaining_amount: Decimal | None = None
    original_amount: Decimal | None = None
    tax_rate: Decimal | None = None
    currency: str | None = None
    due_date: date | None = None
    placement_date: date | None = None
    interest_calculation: InterestCalculation | None = None
    dunning_date: date | None = None
    second_dunning_date: date | None = None
    claim_type: ClaimType | None = None
    legal_base: str | None = None
    description: str | None = None
    disputed: bool | None = None
    additional_properties: list[AdditionalProperty] = field(factory=list)


@frozen
class Pagination:
    """Page bookkeeping.

    The docs call all four fields required; the real example sends only ``totalItems``.
    """

    total_items: int | None = None
    page_size: int | None = None
    current_page: int | None = None
    total_pages: int | None = None


@frozen
class Page(Generic[T]):
    items: list[T] = field(factory=list)
    pagination: Pagination = field(factory=Pagination)
