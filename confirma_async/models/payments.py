"""Received payments: ``GET /api/v1/partner/payments`` (payments.md §1, public page
``retrieve-payments-4083700e0``); read-only.

Invoice numbers are strings here (integers in the invoice request). Payments are
preliminary: settlements (``models.settlements``) are the authoritative payouts.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from attrs import frozen

__all__ = ["Payment"]


@frozen(kw_only=True)
class Payment:
    """One payment the agency allocated to an invoice (``GET /payments`` array item).

    Required (``ResponseDecodeError`` naming the path when absent): ``invoice_number``,
    the identifier that ties the payment to an invoice, and ``payment_date``; the
    introduction promises both per record and the example shows them. ``case_id`` stays
    optional: an invoice without payment control has no case (settlement allocations
    show ``caseId: null``). The example is cut after ``paymentDate``: the amount is read
    from ``amount`` and ``currency`` [inferred names] and is ``None`` when absent.

    Schema "Payment" (schemas.md §5).
    """

    case_id: int | None = None
    invoice_number: str
    invoice_payment_reference: str | None = None
    original_payment_reference: str | None = None
    account_name: str | None = None
    booking_date: datetime | None = None
    payment_date: datetime
    amount: Decimal | None = None
    currency: str | None = None
