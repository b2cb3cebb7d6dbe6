"""Validation of a ``SalesInvoiceRequest`` body (``POST /api/v1/partner/invoice``).

Follows the docs' data-validation rules; returns the few values the sandbox keeps.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final

from ._checks import Checker
from ._world import ZERO

__all__ = ["check_sales_invoice", "DISTRIBUTION_METHODS", "ENTITY_TYPES"]

DISTRIBUTION_METHODS: Final = ("EMAIL", "EINVOICE", "PRINT", "SMS")
ENTITY_TYPES: Final = ("BUSINESS", "CONSUMER", "PRIVATE", "PERSON")


def check_sales_invoice(c: Checker, body: dict[str, Any]) -> dict[str, Any]:
    """Validate a SalesInvoiceRequest; return the values the sandbox keeps."""
    processing = c.obj(body, "processing", "processing")
    payment_control = c.boolean(processing, "paymentControlEnabled",
                                "processing.paymentControlEnabled")
    for flag in ("manualApprovalEnabled", "accountingInvoiceEnabled", "showProductCodeEnabled"):
        c.boolean(processing, flag, f"processing.{flag}", required=False)
    distribution = c.obj(body, "distribution", "distribution")
    method = c.one_of(distribution, "method", "distribution.method", DISTRIBUTION_METHODS)
    enabled = c.boolean(distribution, "enabled", "distribution.enabled")
    invoice = c.obj(body, "invoice", "invoice")
    header = c.obj(invoice, "header", "invoice.header")
    number = c.integer(header, "number", "invoice.header.number")
    c.one_of(header, "type", "invoice.header.type", ("INVOICE", "CREDIT_NOTE"), required=False)
    day = c.day(header, "date", "invoice.header.date")
    due = c.day(header, "dueDate", "invoice.header.dueDate")
    if day is not None and due is not None and due < day:
        c.fail("invoice.header.dueDate", "must not be before invoice.header.date")
    currency = c.currency(header, "currencyCode", "invoice.header.currencyCode")
    c.language(header, "languageCode", "invoice.header.languageCode")
    for name in ("description", "additionalInformation"):
        c.text(header, name, f"invoice.header.{name}", required=False, allow_empty=True)
    refs = c.obj(invoice, "references", "invoice.references", required=False)
    c.day(refs, "orderDate", "invoice.references.orderDate", required=False)
    c.integer(refs, "creditedInvoiceNumber", "invoice.references.creditedInvoiceNumber",
              required=False)
    reference = c.text(refs, "payment", "invoice.references.payment", required=False)
    parties = c.obj(invoice, "parties", "invoice.parties")
    seller = c.obj(parties, "sellerParty", "invoice.parties.sellerParty")
    c.text(seller, "businessId", "invoice.parties.sellerParty.businessId")
    c.text(seller, "name", "invoice.parties.sellerParty.name")
    _check_address(c, seller, "invoice.parties.sellerParty.address", required=True)
    _check_contact(c, seller, "invoice.parties.sellerParty.contact")
    buyer = c.obj(parties, "buyerParty", "invoice.parties.buyerParty")
    c.one_of(buyer, "entityType", "invoice.parties.buyerParty.entityType", ENTITY_TYPES)
    buyer_name = c.text(buyer, "name", "invoice.parties.buyerParty.name")
    c.language(buyer, "languageCode", "invoice.parties.buyerParty.languageCode", required=False)
    c.boolean(buyer, "disableCollection", "invoice.parties.buyerParty.disableCollection",
              required=False)
    _check_address(c, buyer, "invoice.parties.buyerParty.address", required=True)
    emails = _check_contact(c, buyer, "invoice.parties.buyerParty.contact")
    recipient = c.obj(parties, "invoiceRecipientParty", "invoice.parties.invoiceRecipientParty",
                      required=False)
    at = "invoice.parties.invoiceRecipientParty"
    recipient_email = c.email(recipient, "email", f"{at}.email")
    c.language(recipient, "languageCode", f"{at}.languageCode", required=False)
    _check_address(c, recipient, f"{at}.address", required=False)
    e_invoice = None
    for party in (recipient, buyer):
        e_invoice = e_invoice or party.get("electronicInvoiceAccount")
    total = _invoice_total(c, invoice, number)
    return {
        "number": number, "date": day, "dueDate": due, "currency": currency, "total": total,
        "buyerName": buyer_name, "email": recipient_email or (emails[0] if emails else None),
        "paymentReference": reference, "method": method, "enabled": enabled,
        "paymentControl": payment_control,
        "accounting": processing.get("accountingInvoiceEnabled") is True,
        "eInvoice": e_invoice if isinstance(e_invoice, str) and e_invoice else None,
    }


def _check_address(c: Checker, party: dict[str, Any], at: str, *, required: bool) -> None:
    address = c.obj(party, "address", at, required=required)
    if not address or (not required and address.get("street") is None):
        return
    c.text(address, "street", f"{at}.street")
    for name in ("street2", "street3", "countryName"):
        c.text(address, name, f"{at}.{name}", required=False, allow_empty=True)
    postal = c.text(address, "postalCode", f"{at}.postalCode")
    c.text(address, "postalDistrict", f"{at}.postalDistrict")
    country = c.country(address, "countryCode", f"{at}.countryCode")
    c.postal_code(postal, country, f"{at}.postalCode")


def _check_contact(c: Checker, party: dict[str, Any], at: str) -> list[str]:
    contact = c.obj(party, "contact", at, required=False)
    found = []
    person = c.obj(contact, "contactPerson", f"{at}.contactPerson", required=False)
    for where, path in ((contact, f"{at}.email"), (person, f"{at}.contactPerson.email")):
        value = c.email(where, "email", path)
        if value:
            found.append(value)
    return found


_ROW_TOTALS: Final = ("totalAmount", "rowTotal", "grossAmount", "amount")


def _invoice_total(c: Checker, invoice: dict[str, Any], number: int | None) -> Decimal:
    """The invoice total: ``invoice.amounts`` or the sum of ``invoice.rows``.

    Amounts and rows are not in the captured docs; without them the sandbox derives a
    stable total from the invoice number.
    """
    amounts = invoice.get("amounts")
    if isinstance(amounts, dict):
        for key in ("totalAmount", "total", "grossAmount", "totalGross"):
            if key in amounts:
                value = c.money(amounts, key, f"invoice.amounts.{key}")
                return value if value is not None else ZERO
    rows = invoice.get("rows", invoice.get("invoiceRows"))
    if isinstance(rows, list) and rows:
        total = ZERO
        name = "rows" if "rows" in invoice else "invoiceRows"
        for index, row in enumerate(rows):
            found = next((k for k in _ROW_TOTALS if isinstance(row, dict) and k in row), None)
            if found is None:
                c.fail(f"invoice.{name}[{index}]", "needs a total (" + ", ".join(_ROW_TOTALS) + ")")
                continue
            total += c.money(row, found, f"invoice.{name}[{index}].{found}", signed=True) or ZERO
        return total
    return Decimal(100 + (number or 0) % 900) + Decimal("0.50")
