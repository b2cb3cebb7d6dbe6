"""Invoices (``api/invoices.py``): create an invoice, queue actions on cases."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from aiohttp import web

from .. import _nordic
from .._checks import Checker
from .._http import error_response, invalid, json_body, json_response
from .._invoice_body import check_sales_invoice
from .._world import Case, Invoice

if TYPE_CHECKING:
    from .._fake import FakeConfirma

__all__ = ["ACTION_CODES", "create_invoice", "create_actions"]


ACTION_CODES: Final = ("COMMENT", "WITHDRAW", "DUEDATE", "PAYMENTPLAN", "OBJECTION", "PAUSE",
                       "DIRECTPAYMENT")


@json_body
async def create_invoice(
    fake: FakeConfirma, request: web.Request, body: dict[str, Any]
) -> web.Response:
    """POST /invoice: validate the body and add the invoice."""
    c = Checker()
    parsed = check_sales_invoice(c, body)
    if c:
        return invalid(c)
    with fake._lock:
        number = parsed["number"]
        if number in fake.world.invoices:
            return error_response(409, f"invoice {number} already exists", [
                {"field": "invoice.header.number", "message": "is already in use"}])
        invoice = Invoice(
            number=number, invoice_date=parsed["date"], due_date=parsed["dueDate"],
            currency=parsed["currency"], total=parsed["total"],
            buyer_name=parsed["buyerName"], buyer_email=parsed["email"],
            payment_reference=parsed["paymentReference"] or _nordic.rf_reference(number),
            method=parsed["method"], distribution_enabled=parsed["enabled"],
            payment_control=parsed["paymentControl"], created_on=fake.world.today,
            accounting=parsed["accounting"], e_invoice_address=parsed["eInvoice"],
        )
        fake.world.add_invoice(invoice)
    return json_response({"invoiceNumber": number, "status": invoice.status,
                          "message": "Invoice received"})


@json_body
async def create_actions(
    fake: FakeConfirma, request: web.Request, body: dict[str, Any]
) -> web.Response:
    """POST /invoice/action: all actions apply, or none (400/409)."""
    c = Checker()
    actions = c.array(body, "actions", "actions", min_items=1)
    with fake._lock:
        world = fake.world
        planned: list[tuple[str, Case, str, dict[str, Any]]] = []
        owed: dict[int, Decimal] = {}
        conflict: tuple[str, str] | None = None
        for index, action in enumerate(actions):
            at = f"actions[{index}]"
            if not isinstance(action, dict):
                c.fail(at, "must be an object")
                continue
            code = c.one_of(action, "code", f"{at}.code", ACTION_CODES)
            needs_comment = code in ("COMMENT", "OBJECTION")
            comment = c.text(action, "comment", f"{at}.comment", required=needs_comment,
                             max_length=2000, allow_empty=not needs_comment) or ""
            data = c.obj(action, "data", f"{at}.data")
            number = c.integer(data, "invoiceNumber", f"{at}.data.invoiceNumber")
            case_id = c.integer(data, "caseId", f"{at}.data.caseId")
            case = world.cases.get(case_id) if case_id is not None else None
            if case_id is not None and case is None:
                c.fail(f"{at}.data.caseId", f"no case {case_id}")
            if case is not None and number is not None and case.invoice.number != number:
                c.fail(f"{at}.data.invoiceNumber", f"is not the invoice of case {case_id}")
            if case is not None and case.status == "CLOSED" and conflict is None:
                conflict = (f"{at}.data.caseId", f"case {case_id} is closed")
            if code == "DUEDATE":
                new = c.day(data, "dueDate", f"{at}.data.dueDate")
                if new is not None and case is not None and new <= case.due_date:
                    c.fail(f"{at}.data.dueDate", "must be later than the current case due "
                           f"date {case.due_date.isoformat()}")
            if code == "DIRECTPAYMENT":
                c.text(data, "paymentMethod", f"{at}.data.paymentMethod", required=False)
                amount = c.money(data, "amount", f"{at}.data.amount")
                currency = c.currency(data, "currency", f"{at}.data.currency")
                paid_on = c.day(data, "paymentDate", f"{at}.data.paymentDate")
                c.text(data, "reference", f"{at}.data.reference", required=False)
                for name in ("outstandingCapitalAmount", "outstandingInterestAmount",
                             "outstandingCostsAmount"):
                    c.money(data, name, f"{at}.data.{name}", required=False, positive=False)
                if paid_on is not None and paid_on > world.today:
                    c.fail(f"{at}.data.paymentDate", "must not be in the future")
                if case is not None and currency is not None and currency != case.currency:
                    c.fail(f"{at}.data.currency", f"must be the case currency {case.currency}")
                if case is not None and amount is not None:
                    left = owed.get(case.case_id, case.total_outstanding(world.today))
                    if amount > left:
                        c.fail(f"{at}.data.amount",
                               f"exceeds the outstanding balance {left} {case.currency}")
                    else:
                        owed[case.case_id] = left - amount
            if code is not None and case is not None:
                planned.append((code, case, comment, data))
        if c:
            return invalid(c)
        if conflict is not None:
            return error_response(409, conflict[1], [{"field": conflict[0],
                                                      "message": conflict[1]}])
        for code, case, comment, data in planned:
            world.apply_action(code, case, comment, data)
        fake.actions.extend(actions)
    return json_response({})
