"""The accounting add-on (``api/accounting.py``): submissions and their sync status."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

from .._checks import Checker
from .._http import invalid, json_body, json_response
from .._world import ZERO, SyncRecord

if TYPE_CHECKING:
    from .._fake import FakeConfirma

__all__ = [
    "submit_invoices",
    "invoice_status",
    "submit_ledger",
    "ledger_status",
    "submit_payments",
    "payment_status",
]


@json_body
async def submit_invoices(
    fake: FakeConfirma, request: web.Request, body: dict[str, Any]
) -> web.Response:
    """POST /accounting/invoice (inferred): queue invoices for sync."""
    c = Checker()
    numbers: list[int] = []
    items = body.get("invoices") if "invoices" in body else [body]
    if not isinstance(items, list) or not items:
        c.fail("invoices", "must be a non-empty array")
        items = []
    with fake._lock:
        for index, item in enumerate(items):
            at = f"invoices[{index}]" if "invoices" in body else "invoice"
            raw = item.get("invoiceNumber") if isinstance(item, dict) else None
            if isinstance(item, dict) and raw is None and isinstance(item.get("invoice"), dict):
                raw = item["invoice"].get("header", {}).get("number")
            number = int(raw) if isinstance(raw, (int, str)) and str(raw).isdigit() else None
            if number is None:
                c.fail(f"{at}.invoiceNumber", "is required")
            elif number not in fake.world.invoices:
                c.fail(f"{at}.invoiceNumber", f"no invoice {number}")
            else:
                numbers.append(number)
        if c:
            return invalid(c)
        for number in numbers:
            fake.world.queue_accounting_invoice(number)
    return json_response({})


async def invoice_status(fake: FakeConfirma, request: web.Request) -> web.Response:
    """GET /accounting/invoice: the invoices' sync status (204 while none)."""
    # Inferred like its twins (the page was not captured): {"invoices": [...]}.
    return _sync_report(fake, "invoices", "invoice", fake.world.accounting_invoices)


@json_body
async def submit_ledger(
    fake: FakeConfirma, request: web.Request, body: dict[str, Any]
) -> web.Response:
    """POST /accounting/ledger: one ledger document (or a list)."""
    c = Checker()
    raw = body.get("ledgers")
    documents = raw if isinstance(raw, list) else [raw]
    if raw is None:
        c.fail("ledgers", "is required")
        documents = []
    records = []
    for index, doc in enumerate(documents):
        at = "ledgers" if not isinstance(raw, list) else f"ledgers[{index}]"
        if not isinstance(doc, dict):
            c.fail(at, "must be an object")
            continue
        ident = c.text(doc, "ledgerIdentifier", f"{at}.ledgerIdentifier", max_length=100)
        c.text(doc, "companyIdentifier", f"{at}.companyIdentifier")
        c.text(doc, "documentType", f"{at}.documentType")
        name = c.text(doc, "documentName", f"{at}.documentName")
        day = c.day(doc, "documentDate", f"{at}.documentDate")
        c.text(doc, "documentDescription", f"{at}.documentDescription", required=False,
               max_length=210, allow_empty=True)
        c.one_of(doc, "calculationMode", f"{at}.calculationMode", ("GROSS", "NET"))
        rows = c.array(doc, "ledgerRows", f"{at}.ledgerRows", min_items=1)
        total = ZERO
        for r, row in enumerate(rows):
            rat = f"{at}.ledgerRows[{r}]"
            c.day(row, "bookingDate", f"{rat}.bookingDate")
            c.text(row, "accountNumber", f"{rat}.accountNumber")
            c.money(row, "amount", f"{rat}.amount", signed=True)
            net = c.money(row, "netAmount", f"{rat}.netAmount", signed=True)
            c.number(row, "vatPercentage", f"{rat}.vatPercentage")
            flag = row.get("isVatRow") if isinstance(row, dict) else None
            if flag not in (0, 1) or isinstance(flag, bool):
                c.fail(f"{rat}.isVatRow", "must be 0 or 1")
            for d, dim in enumerate(c.array(row, "ledgerDimensions",
                                            f"{rat}.ledgerDimensions", required=False)):
                c.text(dim, "dimensionType", f"{rat}.ledgerDimensions[{d}].dimensionType")
                c.text(dim, "dimensionValue", f"{rat}.ledgerDimensions[{d}].dimensionValue")
            total += net or ZERO
        # Debits and credits balance on the net amounts (the VAT row carries the rest).
        if rows and total != 0 and not c:
            c.fail(f"{at}.ledgerRows",
                   f"net amounts must balance to zero (they sum to {total})")
        if ident and name and day:
            records.append((ident, name, day))
    if c:
        return invalid(c)
    with fake._lock:
        for ident, name, day in records:
            fake.world.ledgers.append(SyncRecord(ident, day, name, fake.world.today))
    return json_response({})


async def ledger_status(fake: FakeConfirma, request: web.Request) -> web.Response:
    """GET /accounting/ledger: the ledgers' sync status (204 while none)."""
    return _sync_report(fake, "ledgers", "ledger", fake.world.ledgers)


@json_body
async def submit_payments(
    fake: FakeConfirma, request: web.Request, body: dict[str, Any]
) -> web.Response:
    """POST /accounting/payment: payments for sync."""
    c = Checker()
    records = []
    for index, item in enumerate(c.array(body, "payments", "payments", min_items=1)):
        at = f"payments[{index}]"
        ident = c.text(item, "paymentIdentifier", f"{at}.paymentIdentifier", max_length=100)
        number = c.text(item, "invoiceNumber", f"{at}.invoiceNumber")
        day = c.day(item, "paymentDate", f"{at}.paymentDate")
        c.day(item, "bookingDate", f"{at}.bookingDate", required=False)
        c.money(item, "amount", f"{at}.amount")
        c.currency(item, "currency", f"{at}.currency")
        c.text(item, "targetIdentifier", f"{at}.targetIdentifier")
        c.text(item, "paymentReference", f"{at}.paymentReference", required=False)
        c.text(item, "sourceName", f"{at}.sourceName", required=False)
        if ident and number and day:
            records.append((ident, number, day))
    if c:
        return invalid(c)
    with fake._lock:
        for ident, number, day in records:
            fake.world.accounting_payments.append(
                SyncRecord(ident, day, ident, fake.world.today, invoice_number=number))
    return json_response({})


async def payment_status(fake: FakeConfirma, request: web.Request) -> web.Response:
    """GET /accounting/payment: the payments' sync status (204 while none)."""
    return _sync_report(fake, "payments", "payment", fake.world.accounting_payments)


def _sync_report(
    fake: FakeConfirma, key: str, kind: str, records: list[SyncRecord]
) -> web.Response:
    """A status endpoint's answer: ``{key: [...]}``, or 204 while nothing was sent."""
    with fake._lock:
        rows = [_sync_status(r, kind) for r in records]
    if not rows:
        return web.Response(status=204)
    return json_response({key: rows})


def _sync_status(record: SyncRecord, kind: str) -> dict[str, Any]:
    synced = record.synced_on is not None
    row: dict[str, Any] = {"sourceIdentifier": record.source_identifier}
    if kind == "payment":
        row["invoiceNumber"] = record.invoice_number
        row["paymentDate"] = record.document_date.isoformat()
    elif kind == "invoice":
        row["invoiceNumber"] = record.invoice_number
    else:
        row["documentDate"] = record.document_date.isoformat()
        row["documentName"] = record.name
        row["documentStatus"] = "Approved" if synced else "Pending"
    row["syncDate"] = record.synced_on.isoformat() if record.synced_on else None
    row["status"] = 1 if synced else 0
    row["description"] = "Successfully synced" if synced else "Pending"
    return row
