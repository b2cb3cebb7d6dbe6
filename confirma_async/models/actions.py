"""Invoice actions: the body items of ``POST /api/v1/partner/invoice/action`` (seed 003).

One class per action code. Values are checked when the object is built, so an invalid
action can never reach the wire. The converter writes the documented
``{"code": ..., "comment": ..., "data": {"invoiceNumber": ..., "caseId": ..., ...}}`` shape.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from attrs import field, frozen

from ._base import OpenEnum
from ._validate import non_empty_text, optional, positive_id, text, to_currency, to_date, to_money

__all__ = [
    "ActionCode",
    "InvoiceAction",
    "CommentAction",
    "WithdrawAction",
    "DueDateAction",
    "PaymentPlanAction",
    "ObjectionAction",
    "PauseAction",
    "DirectPaymentAction",
]


class ActionCode(OpenEnum):
    """``code`` of an invoice action: which action the service performs."""

    COMMENT = "COMMENT"
    WITHDRAW = "WITHDRAW"
    DUEDATE = "DUEDATE"
    PAYMENTPLAN = "PAYMENTPLAN"
    OBJECTION = "OBJECTION"
    PAUSE = "PAUSE"
    DIRECTPAYMENT = "DIRECTPAYMENT"


# Named converters: the attrs mypy plugin only understands named functions here.
_due_date = to_date("due_date")
_payment_date = to_date("payment_date")
_amount = to_money("amount")
_currency = to_currency("currency")
_capital = to_money("outstanding_capital_amount", allow_zero=True)
_interest = to_money("outstanding_interest_amount", allow_zero=True)
_costs = to_money("outstanding_costs_amount", allow_zero=True)


def _to_due_date(value: Any) -> date:
    return _due_date(value)


def _to_payment_date(value: Any) -> date:
    return _payment_date(value)


def _to_amount(value: Any) -> Decimal:
    return _amount(value)


def _to_currency(value: Any) -> str:
    return _currency(value)


def _to_capital(value: Any) -> Decimal | None:
    return None if value is None else _capital(value)


def _to_interest(value: Any) -> Decimal | None:
    return None if value is None else _interest(value)


def _to_costs(value: Any) -> Decimal | None:
    return None if value is None else _costs(value)


@frozen(kw_only=True)
class InvoiceAction:
    """Base of the seven actions. ``invoice_number`` and ``case_id`` address the case."""

    code: ClassVar[ActionCode]

    invoice_number: int = field(validator=positive_id)
    case_id: int = field(validator=positive_id)
    comment: str = field(default="", validator=text)

    def data_fields(self) -> dict[str, Any]:
        """The action-specific values, by attribute name (``None`` values are left out)."""
        return {}


@frozen(kw_only=True)
class CommentAction(InvoiceAction):
    """Attach a comment to the case."""

    code: ClassVar[ActionCode] = ActionCode.COMMENT
    comment: str = field(validator=non_empty_text)


@frozen(kw_only=True)
class WithdrawAction(InvoiceAction):
    """Withdraw the case for this invoice."""

    code: ClassVar[ActionCode] = ActionCode.WITHDRAW


@frozen(kw_only=True)
class DueDateAction(InvoiceAction):
    """Move the *case* due date (not the invoice due date)."""

    code: ClassVar[ActionCode] = ActionCode.DUEDATE
    due_date: date = field(converter=_to_due_date)

    def data_fields(self) -> dict[str, Any]:
        return {"due_date": self.due_date}


@frozen(kw_only=True)
class PaymentPlanAction(InvoiceAction):
    """Allow a payment plan to be generated for the case."""

    code: ClassVar[ActionCode] = ActionCode.PAYMENTPLAN


@frozen(kw_only=True)
class ObjectionAction(InvoiceAction):
    """Register the debtor's objection; the comment says what it is."""

    code: ClassVar[ActionCode] = ActionCode.OBJECTION
    comment: str = field(validator=non_empty_text)


@frozen(kw_only=True)
class PauseAction(InvoiceAction):
    """Pause the case proceedings."""

    code: ClassVar[ActionCode] = ActionCode.PAUSE


@frozen(kw_only=True)
class DirectPaymentAction(InvoiceAction):
    """Record a payment the creditor received directly (e.g. a bank transfer)."""

    code: ClassVar[ActionCode] = ActionCode.DIRECTPAYMENT
    amount: Decimal = field(converter=_to_amount)
    currency: str = field(converter=_to_currency)
    payment_date: date = field(converter=_to_payment_date)
    payment_method: str | None = field(default=None, validator=optional(non_empty_text))
    reference: str | None = field(default=None, validator=optional(non_empty_text))
    outstanding_capital_amount: Decimal | None = field(
        default=None, converter=_to_capital
    )
    outstanding_interest_amount: Decimal | None = field(
        default=None, converter=_to_interest
    )
    outstanding_costs_amount: Decimal | None = field(
        default=None, converter=_to_costs
    )

    def data_fields(self) -> dict[str, Any]:
        values = {
            "payment_method": self.payment_method,
            "amount": self.amount,
            "currency": self.currency,
            "payment_date": self.payment_date,
            "reference": self.reference,
            "outstanding_capital_amount": self.outstanding_capital_amount,
            "outstanding_interest_amount": self.outstanding_interest_amount,
            "outstanding_costs_amount": self.outstanding_costs_amount,
        }
        return {k: v for k, v in values.items() if v is not None}
