"""Invoice actions: the body items of ``POST /api/v1/partner/invoice/action``, and the
receipt ``invoices.create_actions`` returns.

Doc section: invoices.md §2 "Create an Invoice Action" (seed 003); public page
``create-an-invoice-action-4083662e0``.

One class per action code. ``invoices.create_actions`` checks every action before it
sends anything (``validate()`` runs the same check at once): an invalid value is named by
its wire path, ``actions[0].data.amount``. The converter writes the documented
``{"code": ..., "comment": ..., "data": {"invoiceNumber": ..., "caseId": ..., ...}}`` shape
and reads it back into the class of each ``code``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from attrs import field, frozen

from ._base import OpenEnum
from ._validate import (
    RequestModel,
    Rule,
    in_code,
    in_date,
    in_number,
    is_currency,
    is_number,
    is_positive_int,
    is_text,
    rule,
)

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
    "ActionsReceipt",
    "action_class",
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


def _data(*checks: Rule) -> dict[str, Any]:
    # Every value but the comment is sent inside the action's "data" object.
    return rule(*checks, under="data")


_non_empty = is_text(non_empty=True)
_amount = is_number(places=2, positive=True)
_outstanding = is_number(places=2, non_negative=True)


@frozen(kw_only=True)
class InvoiceAction(RequestModel):
    """Base of the seven actions. ``invoice_number`` and ``case_id`` address the case.

    Schema "InvoiceAction" (invoices.md §2).
    """

    code: ClassVar[ActionCode]

    invoice_number: int = field(metadata=_data(is_positive_int))
    case_id: int = field(metadata=_data(is_positive_int))
    comment: str = ""

    def data_fields(self) -> dict[str, Any]:
        """The action-specific values, by attribute name (``None`` values are left out)."""
        return {}


@frozen(kw_only=True)
class CommentAction(InvoiceAction):
    """Attach a comment to the case."""

    code: ClassVar[ActionCode] = ActionCode.COMMENT
    comment: str = field(metadata=rule(_non_empty))


@frozen(kw_only=True)
class WithdrawAction(InvoiceAction):
    """Withdraw the case for this invoice."""

    code: ClassVar[ActionCode] = ActionCode.WITHDRAW


@frozen(kw_only=True)
class DueDateAction(InvoiceAction):
    """Move the *case* due date (not the invoice due date)."""

    code: ClassVar[ActionCode] = ActionCode.DUEDATE
    due_date: date = field(converter=in_date, metadata=_data())

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
    comment: str = field(metadata=rule(_non_empty))


@frozen(kw_only=True)
class PauseAction(InvoiceAction):
    """Pause the case proceedings."""

    code: ClassVar[ActionCode] = ActionCode.PAUSE


@frozen(kw_only=True)
class DirectPaymentAction(InvoiceAction):
    """Record a payment the creditor received directly (e.g. a bank transfer)."""

    code: ClassVar[ActionCode] = ActionCode.DIRECTPAYMENT
    amount: Decimal = field(converter=in_number, metadata=_data(_amount))
    currency: str = field(converter=in_code, metadata=_data(is_currency))
    payment_date: date = field(converter=in_date, metadata=_data())
    payment_method: str | None = field(default=None, metadata=_data(_non_empty))
    reference: str | None = field(default=None, metadata=_data(_non_empty))
    outstanding_capital_amount: Decimal | None = field(
        default=None, converter=in_number, metadata=_data(_outstanding)
    )
    outstanding_interest_amount: Decimal | None = field(
        default=None, converter=in_number, metadata=_data(_outstanding)
    )
    outstanding_costs_amount: Decimal | None = field(
        default=None, converter=in_number, metadata=_data(_outstanding)
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


_BY_CODE: dict[ActionCode, type[InvoiceAction]] = {
    cls.code: cls
    for cls in (CommentAction, WithdrawAction, DueDateAction, PaymentPlanAction,
                ObjectionAction, PauseAction, DirectPaymentAction)
}


def action_class(code: str) -> type[InvoiceAction] | None:
    """The class of an action ``code``, spelled in any case (``"duedate"`` ->
    ``DueDateAction``), or ``None`` for a code the SDK does not know."""
    member = ActionCode(code.strip()).member if code.strip() else None
    return None if member is None else _BY_CODE[member]


@frozen
class ActionsReceipt:
    """What ``invoices.create_actions`` returns: the service queued the actions as pending.

    The endpoint's response was not captured in the docs; ``accepted`` is the number of
    actions sent and ``request_id`` the ``X-Request-Id`` header, for support tickets.
    """

    accepted: int
    request_id: str | None
