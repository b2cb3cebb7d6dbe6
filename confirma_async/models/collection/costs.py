"""The client's costs and interests on a claim: handed over with the claim, and the
costs the agency lists for it.

Doc sections: claims.md §4.6 "Cost", §4.7 "Interest" and §3.4
``GET /v1/claims/{claimNumber}/costs``; public pages
``docs.riverty.com/back_in_flow/documentation/the_cost_object``,
``.../documentation/the_interest_object`` and
``.../api_reference/get_the_costs_for_a_claim``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import ClassVar

from attrs import field, frozen

from .._base import OpenEnum
from .._validate import RequestModel, in_enum, is_currency, is_known, not_before, rule
from ._rules import (
    AMOUNT,
    DESCRIPTION,
    IDENTIFIER,
    RATE,
    optional,
    to_code,
    to_decimal,
    to_opt_date,
    to_opt_decimal,
)

__all__ = [
    "CostType",
    "ClaimCost",
    "ClaimCostRequest",
    "ClaimInterestRequest",
]


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

    Schema "Cost" (claims.md §4.6).
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


# --- the request parts (POST /v1/claims) ------------------------------------------------


def _to_cost_type(value: CostType | str) -> CostType:
    return in_enum(CostType, value)  # type: ignore[no-any-return]


@frozen(kw_only=True)
class ClaimCostRequest(RequestModel):
    """A client cost handed over with the claim (reminder fee, chargeback, ...).

    Schema "Cost" (claims.md §4.6).
    """

    _root: ClassVar[str] = "cost"

    type: CostType = field(converter=_to_cost_type, metadata=rule(is_known))
    remaining_amount: Decimal = field(converter=to_decimal, metadata=rule(AMOUNT))
    original_amount: Decimal = field(converter=to_decimal, metadata=rule(AMOUNT))
    currency: str = field(converter=to_code, metadata=rule(is_currency))
    date: dt.date | None = field(default=None, converter=to_opt_date, metadata=optional())
    tax_rate: Decimal | None = field(
        default=None, converter=to_opt_decimal, metadata=optional(RATE)
    )
    description: str | None = field(default=None, metadata=optional(DESCRIPTION))
    #: Leave unset when the cost is not tied to one invoice.
    invoice_number: str | None = field(default=None, metadata=optional(IDENTIFIER))


@frozen(kw_only=True)
class ClaimInterestRequest(RequestModel):
    """Interest the client calculated for an invoice over a period.

    Schema "Interest" (claims.md §4.7).
    """

    _root: ClassVar[str] = "interest"

    invoice_number: str = field(metadata=rule(IDENTIFIER))
    remaining_amount: Decimal = field(converter=to_decimal, metadata=rule(AMOUNT))
    original_amount: Decimal = field(converter=to_decimal, metadata=rule(AMOUNT))
    currency: str = field(converter=to_code, metadata=rule(is_currency))
    from_date: dt.date | None = field(
        default=None, converter=to_opt_date, metadata=optional()
    )
    to_date: dt.date | None = field(default=None, converter=to_opt_date, metadata=optional())
    capitalized: bool | None = field(default=None, metadata=optional())
    description: str | None = field(default=None, metadata=optional(DESCRIPTION))

    def cross_check(self) -> tuple[str, str] | None:
        return not_before(self, "from_date", "to_date")
