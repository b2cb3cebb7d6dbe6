"""A contract and its invoices, the principal claim: the request parts and the invoices
the agency lists for a claim.

Doc sections: claims.md §4.4 "Contract", §4.5 "Invoice (principal claim)" and §3.3
``GET /v1/claims/{claimNumber}/invoices`` (seed 004); public pages
``docs.riverty.com/back_in_flow/api_reference/create_a_claim`` and
``.../api_reference/get_invoices_for_a_claim``. Invoice numbers are strings in this API.
"""

from __future__ import annotations

import datetime as dt
from datetime import date
from decimal import Decimal
from typing import ClassVar

from attrs import field, frozen

from .._base import FrozenMapping, OpenEnum
from .._validate import RequestModel, at_least, in_enum, is_currency, is_known, not_before, rule
from ._rules import (
    AMOUNT,
    DESCRIPTION,
    IDENTIFIER,
    RATE,
    optional,
    to_code,
    to_date,
    to_decimal,
    to_opt_date,
    to_opt_decimal,
)

__all__ = [
    "InterestCalculationType",
    "ClaimType",
    "InterestCalculation",
    "AdditionalProperty",
    "ClaimInvoice",
    "InterestCalculationRequest",
    "ClaimInvoiceRequest",
    "ClaimContract",
]


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

    Schema "Invoice" (claims.md §4.5).
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


# --- the request parts (POST /v1/claims) ------------------------------------------------


def _to_interest_type(
    value: InterestCalculationType | str | None,
) -> InterestCalculationType | None:
    return in_enum(InterestCalculationType, value)  # type: ignore[no-any-return]


def _to_claim_type(value: ClaimType | str | None) -> ClaimType | None:
    return in_enum(ClaimType, value)  # type: ignore[no-any-return]


@frozen(kw_only=True)
class InterestCalculationRequest(RequestModel):
    """How the client calculated interest on an invoice."""

    _root: ClassVar[str] = "interestCalculation"

    type: InterestCalculationType | None = field(
        default=None, converter=_to_interest_type, metadata=optional()
    )
    rate: Decimal | None = field(
        default=None, converter=to_opt_decimal, metadata=optional(RATE)
    )
    last_calculation_date: dt.date | None = field(
        default=None, converter=to_opt_date, metadata=optional()
    )


@frozen(kw_only=True)
class ClaimInvoiceRequest(RequestModel):
    """One invoice of a contract: the principal claim.

    Schema "Invoice" (claims.md §4.5).
    """

    _root: ClassVar[str] = "invoice"

    invoice_number: str = field(metadata=rule(IDENTIFIER))
    invoice_date: dt.date = field(converter=to_date)
    remaining_amount: Decimal = field(converter=to_decimal, metadata=rule(AMOUNT))
    original_amount: Decimal = field(converter=to_decimal, metadata=rule(AMOUNT))
    currency: str = field(converter=to_code, metadata=rule(is_currency))
    reference_number: str | None = field(default=None, metadata=optional(IDENTIFIER))
    tax_rate: Decimal | None = field(
        default=None, converter=to_opt_decimal, metadata=optional(RATE)
    )
    due_date: dt.date | None = field(default=None, converter=to_opt_date, metadata=optional())
    placement_date: dt.date | None = field(
        default=None, converter=to_opt_date, metadata=optional()
    )
    interest_calculation: InterestCalculationRequest | None = field(
        default=None, metadata=optional()
    )
    dunning_date: dt.date | None = field(
        default=None, converter=to_opt_date, metadata=optional()
    )
    second_dunning_date: dt.date | None = field(
        default=None, converter=to_opt_date, metadata=optional()
    )
    claim_type: ClaimType | None = field(
        default=None, converter=_to_claim_type, metadata=optional(is_known)
    )
    legal_base: str | None = field(default=None, metadata=optional(IDENTIFIER))
    description: str | None = field(default=None, metadata=optional(DESCRIPTION))
    disputed: bool | None = field(default=None, metadata=optional())
    additional_properties: list[AdditionalProperty] = field(factory=list, metadata=optional())

    def cross_check(self) -> tuple[str, str] | None:
        if self.remaining_amount > self.original_amount:
            return "remainingAmount", "must not exceed originalAmount"
        return not_before(self, "invoice_date", "due_date") or not_before(
            self, "dunning_date", "second_dunning_date"
        )


@frozen(kw_only=True)
class ClaimContract(RequestModel):
    """A contract of the customer with the invoices that form the claim.

    Schema "Contract" (claims.md §4.4).
    """

    _root: ClassVar[str] = "contract"

    contract_number: str = field(metadata=rule(IDENTIFIER))
    invoices: list[ClaimInvoiceRequest] = field(metadata=rule(at_least(1)))
    start_date: dt.date | None = field(
        default=None, converter=to_opt_date, metadata=optional()
    )
    end_date: dt.date | None = field(default=None, converter=to_opt_date, metadata=optional())

    def cross_check(self) -> tuple[str, str] | None:
        return not_before(self, "start_date", "end_date")
