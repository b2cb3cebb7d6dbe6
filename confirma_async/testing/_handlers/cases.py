"""Case details (``api/cases.py``): ``GET /invoice/case`` and the case JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from aiohttp import web

from .._checks import Checker
from .._http import error_response, invalid, json_response, query_int
from .._world import AGENCY, Case, World, stamp

if TYPE_CHECKING:
    from .._fake import FakeConfirma

__all__ = ["get_cases", "case_json"]

#: Distribution method -> the channel case details name for it.
_CHANNEL: Final = {"EMAIL": "EMAIL", "PRINT": "POSTNORD", "EINVOICE": "FINVOICE", "SMS": "SMS"}


async def get_cases(fake: FakeConfirma, request: web.Request) -> web.Response:
    """GET /invoice/case: by caseId and/or invoiceNumber, or all."""
    c = Checker()
    case_id = query_int(c, request, "caseId")
    number = query_int(c, request, "invoiceNumber")
    if c:
        return invalid(c)
    with fake._lock:
        world = fake.world
        if case_id is None and number is None:
            return json_response({"cases": [case_json(world, k) for k in world.cases.values()]})
        case = world.cases.get(case_id) if case_id is not None else None
        if number is not None:
            invoice = world.invoices.get(number)
            by_number = invoice.case if invoice is not None else None
            case = by_number if case_id is None or case is by_number else None
        if case is None:
            return error_response(404, "case not found")
        if fake.case_envelope == "case":
            return json_response({"case": case_json(world, case)})
        return json_response({"cases": [case_json(world, case)]})


def case_json(world: World, case: Case) -> dict[str, Any]:
    """The wire JSON of ``case`` as the API would answer it now."""
    today = world.today
    inv = case.invoice
    interest = case.interest + case.pending_interest(today)
    ended = case.closed_on or today
    return {
        "summary": {
            "caseId": case.case_id,
            "status": case.status,
            "stage": case.stage,
            "createdAt": stamp(case.opened_on, 7),
            "closedAt": case.closed_on.isoformat() if case.closed_on else None,
            "activeDays": (ended - case.opened_on).days,
            "creditor": world.creditor,
            "currency": case.currency,
            "agency": AGENCY,
        },
        "balance": {
            "capitalAmount": case.capital,
            "interestAmount": interest,
            "costsAmount": case.costs,
            "capitalPaid": case.capital_paid,
            "interestPaid": case.interest_paid,
            "costsPaid": case.costs_paid,
            "capitalOutstanding": case.capital_outstanding,
            "interestOutstanding": interest - case.interest_paid,
            "costsOutstanding": case.costs_outstanding,
            "totalOutstanding": case.total_outstanding(today),
            "asOf": stamp(today, 0),
        },
        "invoices": [{
            "invoiceNumber": str(inv.number),
            "reference": inv.payment_reference,
            "originalReference": None,
            "invoiceDate": inv.invoice_date.isoformat(),
            "dueDate": inv.due_date.isoformat(),
            "createdDate": inv.created_on.isoformat(),
            "subject": None,
            "invoiceDocUrl": f"https://files.example.com/sandbox/invoices/{inv.number}.pdf",
            "interestCalculation": "FIXED",
            "interestRate": case.rate,
            "capitalAmount": case.capital,
            "capitalPaid": case.capital_paid,
            "interestAmount": interest,
            "interestPaid": case.interest_paid,
            "distribution": {
                "method": inv.method,
                "channel": _CHANNEL.get(inv.method, inv.method),
                "distributedAt": stamp(inv.distributed_on, 9) if inv.distributed_on else None,
                "paymentControlEnabled": inv.payment_control,
                "information": inv.message,
                "updatedAt": stamp(inv.distributed_on or inv.created_on, 9),
            },
            "timeline": list(inv.timeline),
        }],
        "payments": list(case.payments),
        "events": list(case.events),
        "actions": list(case.actions),
        "notes": list(case.notes),
    }

