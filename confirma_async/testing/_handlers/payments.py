"""Received payments (``api/payments.py``): ``GET /payments``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

from .._checks import Checker
from .._http import invalid, json_response, query_window
from .._world import Payment, stamp

if TYPE_CHECKING:
    from .._fake import FakeConfirma

__all__ = ["get_payments", "payment_json"]


async def get_payments(fake: FakeConfirma, request: web.Request) -> web.Response:
    """GET /payments: agency payments in a date window."""
    c = Checker()
    start, end = query_window(c, request, "fromDate", "toDate")
    if c:
        return invalid(c)
    with fake._lock:
        rows = [
            payment_json(p) for p in fake.world.payments
            if (start is None or p.paid_on >= start) and (end is None or p.paid_on <= end)
        ]
    return json_response(rows)


def payment_json(p: Payment) -> dict[str, Any]:
    """The wire JSON of one received payment."""
    return {
        "caseId": p.case_id,
        "invoiceNumber": str(p.invoice.number),
        "invoicePaymentReference": p.invoice.payment_reference,
        "originalPaymentReference": p.original_reference,
        "accountName": p.account_name,
        "bookingDate": stamp(p.booked_on, 0),
        "paymentDate": stamp(p.paid_on, 0),
        "amount": p.amount,
        "currency": p.currency,
    }
