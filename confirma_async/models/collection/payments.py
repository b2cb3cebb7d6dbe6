"""Money on an existing claim: payments to the client, credit waivers, recalls and
cancellations.

Doc sections: claims.md §3.5 ``POST .../payments``, §3.6 ``.../creditWaivers``, §3.7
``.../recalls``, §3.8 ``.../accountingDocuments/cancellations`` and §1.8 "Idempotency";
public pages ``docs.riverty.com/back_in_flow/api_reference/post_create_a_payment``,
``.../api_reference/create_a_credit_waiver``, ``.../api_reference/create_a_recall`` and
``.../api_reference/create_a_payment_cancellation``. Each write answers with a
``claims.ClaimReceipt``; its outcome arrives in the transaction feed.

The API's de-duplication keys, ``paymentNumber`` and ``creditWaiverNumber``, are
*required* here although the API makes them optional: with them a re-sent write is
processed only once by the agency.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import ClassVar

from attrs import field, frozen

from .._base import OpenEnum
from .._validate import RequestModel, in_enum, is_currency, is_known, rule
from ._rules import (
    AMOUNT,
    DESCRIPTION,
    IDENTIFIER,
    optional,
    to_code,
    to_date,
    to_decimal,
    to_opt_code,
    to_opt_date,
    to_opt_decimal,
)

__all__ = [
    "AllocateTo",
    "RecallType",
    "ClaimPaymentRequest",
    "ClaimCreditWaiverRequest",
    "ClaimRecallRequest",
    "ClaimCancellationRequest",
]


class AllocateTo(OpenEnum):
    """Where money is booked (a wish on payments; the agency may allocate differently)."""

    PRINCIPAL_CLAIM = "PRINCIPAL_CLAIM"
    CLIENT_COSTS = "CLIENT_COSTS"
    CLIENT_INTERESTS = "CLIENT_INTERESTS"


class RecallType(OpenEnum):
    """Why (part of) a claim is recalled."""

    PAYMENT = "PAYMENT"
    CREDIT_WAIVER = "CREDIT_WAIVER"
    INSOLVENCY = "INSOLVENCY"
    COMPANY_LIQUIDATED = "COMPANY_LIQUIDATED"
    RECALL = "RECALL"
    NO_DOCUMENTATION = "NO_DOCUMENTATION"
    CUSTOMER_DECEASED = "CUSTOMER_DECEASED"
    NO_GOODS_OR_SERVICE_TRANSFER = "NO_GOODS_OR_SERVICE_TRANSFER"
    STATUTE_BARRED = "STATUTE_BARRED"
    FRAUD = "FRAUD"
    CUSTOMER_INCAPABLE_OF_CONTRACTING = "CUSTOMER_INCAPABLE_OF_CONTRACTING"
    CUSTOMER_RELOCATED = "CUSTOMER_RELOCATED"
    SECOND_PLACEMENT = "SECOND_PLACEMENT"


def _to_allocate_to(value: AllocateTo | str | None) -> AllocateTo | None:
    return in_enum(AllocateTo, value)  # type: ignore[no-any-return]


def _to_recall_type(value: RecallType | str | None) -> RecallType | None:
    return in_enum(RecallType, value)  # type: ignore[no-any-return]


@frozen(kw_only=True)
class ClaimPaymentRequest(RequestModel):
    """A payment the debtor made to the client (``POST .../payments``).

    ``payment_number`` is required: the agency uses it to process a re-sent payment once.
    """

    _root: ClassVar[str] = "payment"

    invoice_number: str = field(metadata=rule(IDENTIFIER))
    payment_number: str = field(metadata=rule(IDENTIFIER))
    date: dt.date = field(converter=to_date)
    amount: Decimal = field(converter=to_decimal, metadata=rule(AMOUNT))
    currency: str = field(converter=to_code, metadata=rule(is_currency))
    contract_number: str | None = field(default=None, metadata=optional(IDENTIFIER))
    description: str | None = field(default=None, metadata=optional(DESCRIPTION))
    allocate_to: AllocateTo | None = field(
        default=None, converter=_to_allocate_to, metadata=optional(is_known)
    )


@frozen(kw_only=True)
class ClaimCreditWaiverRequest(RequestModel):
    """Debt the client forgives (``POST .../creditWaivers``); one waiver per request.

    ``credit_waiver_number`` is required: the agency uses it to process a re-sent waiver once.
    """

    _root: ClassVar[str] = "creditWaiver"

    invoice_number: str = field(metadata=rule(IDENTIFIER))
    credit_waiver_number: str = field(metadata=rule(IDENTIFIER))
    date: dt.date = field(converter=to_date)
    amount: Decimal = field(converter=to_decimal, metadata=rule(AMOUNT))
    currency: str = field(converter=to_code, metadata=rule(is_currency))
    contract_number: str | None = field(default=None, metadata=optional(IDENTIFIER))
    description: str | None = field(default=None, metadata=optional(DESCRIPTION))


@frozen(kw_only=True)
class ClaimRecallRequest(RequestModel):
    """A *partial* recall of one invoice (``POST .../recalls``).

    For a total recall call ``claims.create_recall(claim_number)`` without a request.
    """

    _root: ClassVar[str] = "recall"

    invoice_number: str = field(metadata=rule(IDENTIFIER))
    contract_number: str | None = field(default=None, metadata=optional(IDENTIFIER))
    type: RecallType | None = field(
        default=None, converter=_to_recall_type, metadata=optional(is_known)
    )
    date: dt.date | None = field(default=None, converter=to_opt_date, metadata=optional())
    description: str | None = field(default=None, metadata=optional(DESCRIPTION))
    amount: Decimal | None = field(
        default=None, converter=to_opt_decimal, metadata=optional(AMOUNT)
    )
    currency: str | None = field(
        default=None, converter=to_opt_code, metadata=optional(is_currency)
    )

    def cross_check(self) -> tuple[str, str] | None:
        if self.amount is not None and self.currency is None:
            return "currency", "is required when amount is given"
        return None


@frozen(kw_only=True)
class ClaimCancellationRequest(RequestModel):
    """Cancel an earlier payment or credit waiver (``POST .../accountingDocuments/cancellations``).

    ``reference_number`` is the ``paymentNumber`` or ``creditWaiverNumber`` to cancel.
    """

    _root: ClassVar[str] = "cancellation"

    reference_number: str = field(metadata=rule(IDENTIFIER))
    date: dt.date = field(converter=to_date)
    amount: Decimal = field(converter=to_decimal, metadata=rule(AMOUNT))
    currency: str = field(converter=to_code, metadata=rule(is_currency))
