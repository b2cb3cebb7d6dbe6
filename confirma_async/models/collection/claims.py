"""Collection API (claims) response models: invoices (seed 004), costs, search results,
write receipts and the OAuth token answer. Request bodies live in ``claim_requests``,
the transaction feed in ``transactions``.

Enum values are open: their text is kept as sent, ``member`` matches it to a documented
value ignoring case (the collection docs mix cases). Identifiers (claim, invoice,
contract numbers) are strings in this API. The free-form ``additionalProperties``
objects the server sends (on invoice properties, ``pagination`` and the page itself) are
kept whole as read-only ``FrozenMapping``s.
"""

from __future__ import annotations

import datetime as dt
from datetime import date
from decimal import Decimal
from typing import Generic, TypeVar

from attrs import field, frozen

from .._base import FrozenMapping, OpenEnum

__all__ = [
    "InterestCalculationType",
    "ClaimType",
    "InterestCalculation",
    "AdditionalProperty",
    "ClaimInvoice",
    "Pagination",
    "Page",
    "AllocateTo",
    "CostType",
    "ClaimCost",
    "ClaimStatus",
    "ClaimSearchResult",
    "ClaimReceipt",
    "OAuthToken",
]

T = TypeVar("T")


class InterestCalculationType(OpenEnum):
    """``interestCalculation.type``: a fixed rate or one tied to a reference rate."""

    FIXED = "FIXED"
    REFERENCE = "REFERENCE"
    ABOVE_REFERENCE = "ABOVE_REFERENCE"
    EURIBOR_1 = "EURIBOR_1"
    EURIBOR_3 = "EURIBOR_3"


class ClaimType(OpenEnum):
    """``claimType`` of a claim invoice: principal claim or (non-)interest-bearing."""

    PRINCIPAL_CLAIM = "PRINCIPAL_CLAIM"
    INTEREST_BEARING_COMPENSATION = "INTEREST_BEARING_COMPENSATION"
    NON_INTEREST_BEARING_PRINCIPAL_CLAIM = "NON_INTEREST_BEARING_PRINCIPAL_CLAIM"


@frozen
class InterestCalculation:
    """``interestCalculation``: the interest rule of a claim invoice."""

    type: InterestCalculationType | None = None
    rate: Decimal | None = None
    last_calculation_date: date | None = None


@frozen
class AdditionalProperty:
    """One ``{"key", "value"}`` item of an invoice's ``additionalProperties`` array; the
    server adds a free-form ``additionalProperties`` object to each (``{}`` in the seed).
    """

    key: str
    value: str | None = None
    additional_properties: FrozenMapping = field(factory=FrozenMapping)


@frozen(kw_only=True)
class ClaimInvoice:
    """One principal-claim invoice of a claim (invoice numbers are strings here).

    Required: the invoice number, date, remaining and original amount and currency, what
    the minimal documented claim hand-over sends for every invoice and every item of the
    seed's response shows. The schema marks no invoice field required, so the rest (the
    seed example omits ``referenceNumber``, ``taxRate`` and ``claimType``) stay optional.
    """

    invoice_number: str
    reference_number: str | None = None
    invoice_date: date
    remaining_amount: Decimal
    original_amount: Decimal
    tax_rate: Decimal | None = None
    currency: str
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
    additional_properties: FrozenMapping = field(factory=FrozenMapping)


@frozen
class Page(Generic[T]):
    """One page: ``items``, ``pagination`` and the page's own free-form
    ``additionalProperties`` object."""

    items: list[T] = field(factory=list)
    pagination: Pagination = field(factory=Pagination)
    additional_properties: FrozenMapping = field(factory=FrozenMapping)


class AllocateTo(OpenEnum):
    """Where money is booked (a wish on payments; the agency may allocate differently)."""

    PRINCIPAL_CLAIM = "PRINCIPAL_CLAIM"
    CLIENT_COSTS = "CLIENT_COSTS"
    CLIENT_INTERESTS = "CLIENT_INTERESTS"


class CostType(OpenEnum):
    """``type`` of a claim cost item."""

    CHARGEBACK = "CHARGEBACK"
    REMINDER_FEE = "REMINDER_FEE"
    COMPENSATION = "COMPENSATION"
    INTEREST_BEARING_COMPENSATION = "INTEREST_BEARING_COMPENSATION"
    LOAN_FEE = "LOAN_FEE"
    COSTS_OF_TURNING_OFF = "COSTS_OF_TURNING_OFF"
    BLOCKING_FINE = "BLOCKING_FINE"


@frozen(kw_only=True)
class ClaimCost:
    """One cost item of a claim (``GET /v1/claims/{claimNumber}/costs``).

    Required: ``type``, ``currency`` and ``remaining_amount``; the cost page names only
    ``taxRate`` and ``invoiceNumber`` as nullable, and these three are what a cost is.
    """

    type: CostType
    currency: str
    remaining_amount: Decimal
    original_amount: Decimal | None = None
    tax_rate: Decimal | None = None
    date: dt.date | None = None
    description: str | None = None
    #: ``None`` when the cost is not tied to one invoice.
    invoice_number: str | None = None


class ClaimStatus(OpenEnum):
    """``status`` of a claim in search results."""

    IN_CREATION = "IN_CREATION"
    PROCESSING = "PROCESSING"
    PAUSED = "PAUSED"
    CLOSED = "CLOSED"
    REJECTED = "REJECTED"


@frozen(kw_only=True)
class ClaimSearchResult:
    """One hit of ``GET /v1/claims/search``.

    Required: the two identifiers, ``claim_number`` and ``customer_number`` (every claim
    has one customer). ``available_actions`` stays a list of strings: only
    ``CREATE_RECALL`` is documented.
    """

    claim_number: str
    customer_number: str
    invoice_numbers: list[str] = field(factory=list)
    customer_display_name: str | None = field(default=None, repr=False)
    status: ClaimStatus | None = None
    available_actions: list[str] = field(factory=list)
    ssn: str | None = field(default=None, repr=False)
    additional_properties: FrozenMapping = field(factory=FrozenMapping)


@frozen
class ClaimReceipt:
    """The answer to every write: the request was accepted for asynchronous processing.

    The outcome arrives later in ``transactions.list`` as a confirmation or rejection.
    """

    request_id: str


@frozen
class OAuthToken:
    """The OAuth2 token endpoint's answer; the token never shows in ``repr``."""

    access_token: str = field(repr=False, metadata={"wire": "access_token"})
    token_type: str | None = field(default=None, metadata={"wire": "token_type"})
    expires_in: int | None = field(default=None, metadata={"wire": "expires_in"})
    scope: str | None = None
