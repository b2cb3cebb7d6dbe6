"""Claims of the collection API (``collection/claims.py``): the claim record, reads and writes.

Writes answer ``202 {"requestId"}``; their outcome is a transaction (confirmation,
rejection, accounting document, closing) in the feed.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

import attrs
from aiohttp import web

from .._checks import Checker
from .._http import error_response, invalid, json_body, json_response, query_int
from .._paths import CLAIM_NUMBER

if TYPE_CHECKING:
    from .._collection import FakeCollection

__all__ = [
    "Claim",
    "create_claim",
    "search_claims",
    "list_invoices",
    "list_costs",
    "create_payment",
    "create_credit_waiver",
    "create_recall",
    "cancel_accounting_document",
]


MAX_PAGE_SIZE: Final = 100
ALLOCATE_TO: Final = ("PRINCIPAL_CLAIM", "CLIENT_COSTS", "CLIENT_INTERESTS")
RECALL_TYPES: Final = (
    "PAYMENT", "CREDIT_WAIVER", "INSOLVENCY", "COMPANY_LIQUIDATED", "RECALL", "NO_DOCUMENTATION",
    "CUSTOMER_DECEASED", "NO_GOODS_OR_SERVICE_TRANSFER", "STATUTE_BARRED", "FRAUD",
    "CUSTOMER_INCAPABLE_OF_CONTRACTING", "CUSTOMER_RELOCATED", "SECOND_PLACEMENT",
)
COST_TYPES: Final = ("CHARGEBACK", "REMINDER_FEE", "COMPENSATION", "INTEREST_BEARING_COMPENSATION",
                     "LOAN_FEE", "COSTS_OF_TURNING_OFF", "BLOCKING_FINE")


@attrs.define(eq=False)
class Claim:
    """One claim as the collection fake keeps it (invoices and costs as wire JSON)."""

    claim_number: str
    customer_number: str
    customer_name: str
    contract_number: str
    invoices: list[dict[str, Any]]
    costs: list[dict[str, Any]]
    status: str = "PROCESSING"
    documents: dict[str, tuple[str, Decimal, str]] = attrs.field(factory=dict)


# --- reads ------------------------------------------------------------------------------


async def list_invoices(fake: FakeCollection, request: web.Request) -> web.Response:
    """GET /v1/claims/{claimNumber}/invoices: one page."""
    return _claim_page(fake, request, lambda claim: claim.invoices)


async def list_costs(fake: FakeCollection, request: web.Request) -> web.Response:
    """GET /v1/claims/{claimNumber}/costs: one page."""
    return _claim_page(fake, request, lambda claim: claim.costs)


async def search_claims(fake: FakeCollection, request: web.Request) -> web.Response:
    """GET /v1/claims/search: one page of claims matching the filters."""
    q = request.query
    with fake._lock:
        found = []
        for claim in fake.claims.values():
            numbers = [i["invoiceNumber"] for i in claim.invoices]
            if (
                ("claimNumber" in q and q["claimNumber"] != claim.claim_number)
                or ("customerNumber" in q and q["customerNumber"] != claim.customer_number)
                or ("contractNumber" in q and q["contractNumber"] != claim.contract_number)
                or ("invoiceNumber" in q and q["invoiceNumber"] not in numbers)
            ):
                continue
            found.append({
                "claimNumber": claim.claim_number,
                "customerNumber": claim.customer_number,
                "invoiceNumbers": numbers,
                "customerDisplayName": claim.customer_name,
                "status": claim.status,
                "availableActions": ["CREATE_RECALL"] if claim.status == "PROCESSING" else [],
                "additionalProperties": {},
            })
        return _page(fake, request, found)


def _page(fake: FakeCollection, request: web.Request, items: list[Any]) -> web.Response:
    """``items`` cut to the ``page``/``pageSize`` the query asks for."""
    c = Checker()
    page = query_int(c, request, "page", blank_is_absent=False) or 1
    size = query_int(c, request, "pageSize", blank_is_absent=False) or 10
    if size > MAX_PAGE_SIZE:
        c.fail("pageSize", f"must be at most {MAX_PAGE_SIZE}")
    if c:
        return invalid(c)
    chunk = items[(page - 1) * size: page * size]
    pagination: dict[str, Any] = {"totalItems": len(items)}
    if not fake.sparse_pagination:
        pagination.update(pageSize=size, currentPage=page,
                          totalPages=max(1, math.ceil(len(items) / size)))
    pagination["additionalProperties"] = {}
    return json_response({"items": chunk, "pagination": pagination,
                          "additionalProperties": {}})


def _claim_page(
    fake: FakeCollection, request: web.Request, part: Callable[[Claim], list[dict[str, Any]]]
) -> web.Response:
    """One page of ``part`` of the claim the path names (404 when there is none)."""
    with fake._lock:
        claim = _find_claim(fake, request)
        if isinstance(claim, web.Response):
            return claim
        return _page(fake, request, list(part(claim)))


def _find_claim(fake: FakeCollection, request: web.Request) -> Claim | web.Response:
    claim = fake.claims.get(request.match_info[CLAIM_NUMBER])
    if claim is None:
        return error_response(404, "claim not found")
    return claim


# --- writes -----------------------------------------------------------------------------


@json_body
async def create_claim(
    fake: FakeCollection, request: web.Request, body: dict[str, Any]
) -> web.Response:
    """POST /v1/claims: check the claim; each invoice is confirmed or rejected."""
    c = Checker()
    customer = c.obj(body, "customer", "customer")
    customer_number = c.text(customer, "customerNumber", "customer.customerNumber",
                             max_length=40)
    kind = c.one_of(customer, "type", "customer.type", ("PRIVATE", "COMPANY"))
    if kind == "COMPANY":
        c.text(customer, "companyName", "customer.companyName", max_length=256)
    elif kind == "PRIVATE":
        c.text(customer, "lastName", "customer.lastName", max_length=256)
    for index, address in enumerate(c.array(customer, "addresses", "customer.addresses",
                                            required=False)):
        at = f"customer.addresses[{index}]"
        c.country(address, "countryCode", f"{at}.countryCode")
        c.text(address, "city", f"{at}.city")
    contracts = c.array(body, "contracts", "contracts", min_items=1)
    invoices: list[tuple[str, dict[str, Any]]] = []
    for ci, contract in enumerate(contracts):
        at = f"contracts[{ci}]"
        contract_number = c.text(contract, "contractNumber", f"{at}.contractNumber",
                                 max_length=40)
        for ii, inv in enumerate(c.array(contract, "invoices", f"{at}.invoices",
                                         min_items=1)):
            iat = f"{at}.invoices[{ii}]"
            c.text(inv, "invoiceNumber", f"{iat}.invoiceNumber", max_length=40)
            c.day(inv, "invoiceDate", f"{iat}.invoiceDate")
            c.money(inv, "remainingAmount", f"{iat}.remainingAmount")
            c.money(inv, "originalAmount", f"{iat}.originalAmount")
            c.currency(inv, "currency", f"{iat}.currency")
            c.day(inv, "dueDate", f"{iat}.dueDate", required=False)
            invoices.append((contract_number or "", inv))
    for index, cost in enumerate(c.array(body, "costs", "costs", required=False)):
        c.one_of(cost, "type", f"costs[{index}].type", COST_TYPES)
        c.money(cost, "remainingAmount", f"costs[{index}].remainingAmount")
        c.currency(cost, "currency", f"costs[{index}].currency")
    c.text(body, "industry", "industry", required=False, max_length=20)
    if c:
        return invalid(c)
    with fake._lock:
        index = len(fake.claims) + 1
        name = customer.get("companyName") or " ".join(
            str(customer.get(k, "")) for k in ("firstName", "lastName")).strip()
        claim = Claim(f"FI-S{fake.today:%y%m}{index:07d}", str(customer_number), name,
                      invoices[0][0], [], [])
        for contract_number, inv in invoices:
            remaining, original = Decimal(inv["remainingAmount"]), Decimal(
                inv["originalAmount"])
            payload = {"type": "INVOICE", "number": inv["invoiceNumber"],
                       "contractNumber": contract_number, "amount": remaining,
                       "currency": inv["currency"], "additionalProperties": {}}
            if remaining > original:
                fake._transaction(None, "REJECTION", "rejection", fake.today,
                                  {**payload, "reason": "AMOUNT_TOO_HIGH",
                                   "description": "remainingAmount exceeds originalAmount"},
                                  customer=claim.customer_number)
                continue
            claim.invoices.append({**inv, "placementDate": fake.today.isoformat(),
                                   "claimType": inv.get("claimType", "PRINCIPAL_CLAIM"),
                                   "additionalProperties": inv.get("additionalProperties",
                                                                   [])})
            fake._transaction(claim, "CONFIRMATION", "confirmation", fake.today, payload)
        if claim.invoices:
            fake.claims[claim.claim_number] = claim
        return _accepted(fake)


@json_body
async def create_payment(
    fake: FakeCollection, request: web.Request, body: dict[str, Any]
) -> web.Response:
    """POST /v1/claims/{claimNumber}/payments."""
    return _money_document(fake, request, body, "DIRECT_PAYMENT")


@json_body
async def create_credit_waiver(
    fake: FakeCollection, request: web.Request, body: dict[str, Any]
) -> web.Response:
    """POST /v1/claims/{claimNumber}/creditWaivers."""
    return _money_document(fake, request, body, "CREDIT_WAIVER")


@json_body
async def create_recall(
    fake: FakeCollection, request: web.Request, body: dict[str, Any]
) -> web.Response:
    """POST /v1/claims/{claimNumber}/recalls: the whole claim (``{}``) or one invoice."""
    c = Checker()
    total = not body
    if not total:
        c.text(body, "invoiceNumber", "invoiceNumber", max_length=40)
        c.one_of(body, "type", "type", RECALL_TYPES)
        c.day(body, "date", "date", required=False)
        c.money(body, "amount", "amount", required=False)
        c.currency(body, "currency", "currency", required=False)
    if c:
        return invalid(c)
    with fake._lock:
        claim = _find_claim(fake, request)
        if isinstance(claim, web.Response):
            return claim
        day = fake.today
        if claim.status == "CLOSED":
            fake._transaction(claim, "REJECTION", "rejection", day, {
                "type": "RECALL", "number": claim.claim_number, "amount": Decimal("0.00"),
                "currency": _currency(claim), "reason": "CLAIM_NOT_PLAUSIBLE",
                "description": "the claim is already closed"})
            return _accepted(fake)
        chosen = claim.invoices if total else [
            i for i in claim.invoices if i["invoiceNumber"] == body.get("invoiceNumber")]
        for invoice in chosen:
            fake._transaction(claim, "CONFIRMATION", "confirmation", day, {
                "type": "RECALL", "number": invoice["invoiceNumber"],
                "amount": invoice["remainingAmount"], "currency": invoice["currency"],
                "additionalProperties": {}})
            invoice["remainingAmount"] = Decimal("0.00")
        if total or not any(i["remainingAmount"] > 0 for i in claim.invoices):
            claim.status = "CLOSED"
            fake._transaction(claim, "CLOSING", "closing", day,
                              {"type": "RECALLED_BY_CLIENT", "invoice": {}})
        return _accepted(fake)


@json_body
async def cancel_accounting_document(
    fake: FakeCollection, request: web.Request, body: dict[str, Any]
) -> web.Response:
    """POST /v1/claims/{claimNumber}/accountingDocuments/cancellations."""
    c = Checker()
    reference = c.text(body, "referenceNumber", "referenceNumber", max_length=40)
    day = c.day(body, "date", "date")
    amount = c.money(body, "amount", "amount")
    currency = c.currency(body, "currency", "currency")
    if c:
        return invalid(c)
    assert reference is not None and day is not None and amount is not None
    with fake._lock:
        claim = _find_claim(fake, request)
        if isinstance(claim, web.Response):
            return claim
        found = claim.documents.pop(reference, None)
        payload = {"type": "CANCELLATION", "number": reference, "amount": amount,
                   "currency": currency, "additionalProperties": {}}
        if found is None or found[1] != amount:
            fake._transaction(claim, "REJECTION", "rejection", day,
                              {**payload, "reason": "NO_ASSIGNMENT_POSSIBLE"})
            if found is not None:
                claim.documents[reference] = found
            return _accepted(fake)
        invoice_number, original, kind = found
        for invoice in claim.invoices:
            if invoice["invoiceNumber"] == invoice_number:
                invoice["remainingAmount"] += original
        claim.status = "PROCESSING"
        fake._transaction(claim, "CONFIRMATION", "confirmation", day, payload)
        fake._transaction(claim, "ACCOUNTING_DOCUMENT", "accountingDocument", day, {
            "type": "CANCELLATION", "number": reference, "originalType": kind,
            "originalNumber": reference, "amount": original, "currency": currency,
            "lineItems": []})
        return _accepted(fake)


def _accepted(fake: FakeCollection) -> web.Response:
    return json_response({"requestId": str(uuid.UUID(int=fake._rng.getrandbits(128),
                                                      version=4))}, status=202)


def _money_document(
    fake: FakeCollection, request: web.Request, body: dict[str, Any], kind: str
) -> web.Response:
    """A payment or credit waiver: confirmed and booked, or rejected with a reason."""
    number_key = "paymentNumber" if kind == "DIRECT_PAYMENT" else "creditWaiverNumber"
    c = Checker()
    invoice_number = c.text(body, "invoiceNumber", "invoiceNumber", max_length=40)
    document = c.text(body, number_key, number_key, required=False, max_length=40)
    c.text(body, "contractNumber", "contractNumber", required=False, max_length=40)
    day = c.day(body, "date", "date")
    c.text(body, "description", "description", required=False, max_length=256,
           allow_empty=True)
    amount = c.money(body, "amount", "amount")
    currency = c.currency(body, "currency", "currency")
    if kind == "DIRECT_PAYMENT":
        c.one_of(body, "allocateTo", "allocateTo", ALLOCATE_TO, required=False)
    if c:
        return invalid(c)
    assert amount is not None and day is not None and currency is not None
    with fake._lock:
        claim = _find_claim(fake, request)
        if isinstance(claim, web.Response):
            return claim
        payload: dict[str, Any] = {
            "type": kind, "number": document or invoice_number, "amount": amount,
            "currency": currency, "additionalProperties": {}}
        invoice = next((i for i in claim.invoices
                        if i["invoiceNumber"] == invoice_number), None)
        reason = None
        if invoice is None:
            reason = "NO_ASSIGNMENT_POSSIBLE"
        elif currency != invoice["currency"]:
            reason = "INCORRECT_CURRENCY"
        elif amount > invoice["remainingAmount"]:
            reason = "AMOUNT_TOO_HIGH"
        elif claim.status == "CLOSED":
            reason = "CLAIM_NOT_PLAUSIBLE"
        elif document and document in claim.documents:
            return _accepted(fake)  # a resubmission is processed only once
        if reason is not None or invoice is None:
            fake._transaction(claim, "REJECTION", "rejection", day,
                              {**payload, "reason": reason})
            return _accepted(fake)
        invoice["remainingAmount"] -= amount
        if document:
            claim.documents[document] = (invoice_number or "", amount, kind)
        fake._transaction(claim, "CONFIRMATION", "confirmation", day, payload)
        fake._transaction(claim, "ACCOUNTING_DOCUMENT", "accountingDocument", day, {
            "type": kind, "number": document or invoice_number, "originalType": None,
            "originalNumber": None, "amount": -amount, "currency": currency,
            "lineItems": [{"id": str(len(fake.transactions)), "amount": -amount,
                           "allocateTo": "principalClaim", "invoiceNumber": invoice_number,
                           "contractNumber": claim.contract_number}]})
        _close_if_settled(fake, claim, day)
        return _accepted(fake)


def _close_if_settled(fake: FakeCollection, claim: Claim, day: date) -> None:
    if claim.invoices and all(i["remainingAmount"] <= 0 for i in claim.invoices):
        claim.status = "CLOSED"
        fake._transaction(claim, "CLOSING", "closing", day,
                          {"type": "FULL_PAYMENT", "invoice": {}})


def _currency(claim: Claim) -> str:
    return str(claim.invoices[0]["currency"]) if claim.invoices else "EUR"
