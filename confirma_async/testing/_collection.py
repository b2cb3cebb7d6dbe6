"""``FakeCollection``: the collection agency's claims API (``/v1/claims/...``) with OAuth.

It serves the OAuth2 client-credentials token endpoint at ``/oauth/token`` and the claims
API behind ``Authorization: Bearer``. Writes answer ``202 {"requestId"}`` as documented and
their outcome appears in ``/v1/transactions`` (confirmations, rejections, accounting
documents, closings). Paged endpoints take ``page``/``pageSize``.
"""

from __future__ import annotations

import math
import random
import secrets
import time
import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Final

import attrs
from aiohttp import web

from . import _nordic
from ._checks import Checker
from ._http import error_response, invalid, json_response, query_date, query_int, read_json_body
from ._paths import CLAIM_NUMBER, COLLECTION_PATHS
from ._server import FakeServer
from ._world import DEFAULT_TODAY

__all__ = ["FakeCollection"]

MAX_PAGE_SIZE: Final = 100
ALLOCATE_TO: Final = ("PRINCIPAL_CLAIM", "CLIENT_COSTS", "CLIENT_INTERESTS")
RECALL_TYPES: Final = (
    "PAYMENT", "CREDIT_WAIVER", "INSOLVENCY", "COMPANY_LIQUIDATED", "RECALL", "NO_DOCUMENTATION",
    "CUSTOMER_DECEASED", "NO_GOODS_OR_SERVICE_TRANSFER", "STATUTE_BARRED", "FRAUD",
    "CUSTOMER_INCAPABLE_OF_CONTRACTING", "CUSTOMER_RELOCATED", "SECOND_PLACEMENT",
)
COST_TYPES: Final = ("CHARGEBACK", "REMINDER_FEE", "COMPENSATION", "INTEREST_BEARING_COMPENSATION",
                     "LOAN_FEE", "COSTS_OF_TURNING_OFF", "BLOCKING_FINE")
_TYPE_FILTER: Final = {"confirmation": "CONFIRMATION", "rejection": "REJECTION",
                       "accountingdocument": "ACCOUNTING_DOCUMENT", "closing": "CLOSING"}


@attrs.define(eq=False)
class Claim:
    claim_number: str
    customer_number: str
    customer_name: str
    contract_number: str
    invoices: list[dict[str, Any]]
    costs: list[dict[str, Any]]
    status: str = "PROCESSING"
    documents: dict[str, tuple[str, Decimal, str]] = attrs.field(factory=dict)


class FakeCollection(FakeServer):
    """A stateful in-process collection API with an OAuth2 token endpoint.

    ``async with FakeCollection(claims=20) as fake:`` then use ``fake.url`` as the API root,
    ``fake.token_url`` with ``fake.client_id`` / ``fake.client_secret`` / ``fake.audience``,
    or ``fake.issue_token()`` for a ready bearer token.
    ``sparse_pagination=True`` answers like the docs' example (``pagination`` holds only
    ``totalItems``).
    """

    def __init__(
        self,
        *,
        claims: int = 10,
        seed: int = 1,
        client_id: str | None = None,
        client_secret: str | None = None,
        audience: str = "https://api-test.example.com",
        token_ttl: int = 86400,
        sparse_pagination: bool = False,
        host: str = "127.0.0.1",
        port: int = 0,
        today: date | None = None,
    ) -> None:
        super().__init__(host=host, port=port)
        self.client_id = client_id or "sandbox-client-" + secrets.token_hex(4)
        self.client_secret = client_secret or secrets.token_urlsafe(24)
        self.audience = audience
        self.token_ttl = token_ttl
        self.sparse_pagination = sparse_pagination
        self.today = today or DEFAULT_TODAY
        #: How many tokens the token endpoint handed out.
        self.tokens_issued = 0
        self._tokens: dict[str, float] = {}
        self._rng = random.Random(seed)
        self.claims: dict[str, Claim] = {}
        self.transactions: list[dict[str, Any]] = []
        self._requests: list[dict[str, Any]] = []
        for _ in range(claims):
            self._seed_claim()

    def __repr__(self) -> str:
        return f"FakeCollection(url={self.url!r}, claims={len(self.claims)})"

    @property
    def token_url(self) -> str:
        """The OAuth2 token endpoint (``<url>/oauth/token``) for ``token_url=``."""
        return self.url + COLLECTION_PATHS["token"]

    # --- helpers for tests ----------------------------------------------------------------

    def issue_token(self, ttl: float | None = None) -> str:
        """A valid bearer token, as if fetched from the token endpoint."""
        with self._lock:
            token = "sandbox-token-" + secrets.token_urlsafe(24)
            self._tokens[token] = time.monotonic() + (self.token_ttl if ttl is None else ttl)
            self.tokens_issued += 1
            return token

    def revoke_tokens(self) -> None:
        """Make every issued token invalid (the next call gets 401)."""
        with self._lock:
            self._tokens.clear()

    def claim_numbers(self) -> list[str]:
        """Every claim number, in creation order."""
        with self._lock:
            return list(self.claims)

    # --- seeding ------------------------------------------------------------------------

    def _seed_claim(self) -> None:
        rng = self._rng
        company = _nordic.company(rng)
        index = len(self.claims) + 1
        claim_number = f"{company.country}-S{self.today:%y%m}{index:07d}"
        placement = self.today - timedelta(days=rng.randint(10, 200))
        count = rng.choice((1, 2, 3, 5, 8, 12, 25))
        invoices = []
        for n in range(count):
            invoice_day = placement - timedelta(days=rng.randint(40, 400))
            original = _nordic.amount(rng, company.currency)
            remaining = (original * Decimal(rng.randint(20, 100)) / 100).quantize(Decimal("0.01"))
            invoices.append({
                "invoiceNumber": f"I{rng.randint(10**7, 10**10)}",
                "referenceNumber": f"R{index:04d}{n:03d}",
                "invoiceDate": invoice_day.isoformat(),
                "remainingAmount": remaining,
                "originalAmount": original,
                "taxRate": Decimal("25.50") if company.country == "FI" else Decimal("25.00"),
                "currency": company.currency,
                "dueDate": (invoice_day + timedelta(days=14)).isoformat(),
                "placementDate": placement.isoformat(),
                "interestCalculation": {
                    "rate": Decimal(rng.randint(200, 1200)).scaleb(-2),
                    "type": rng.choice(("FIXED", "REFERENCE", "ABOVE_REFERENCE")),
                    "lastCalculationDate": (placement - timedelta(days=1)).isoformat(),
                },
                "dunningDate": (invoice_day + timedelta(days=21)).isoformat(),
                "secondDunningDate": (invoice_day + timedelta(days=35)).isoformat(),
                "claimType": "PRINCIPAL_CLAIM",
                "legalBase": "",
                "description": f"Invoice {n + 1} of contract C{index:06d}",
                "disputed": rng.random() < 0.1,
                "additionalProperties": [],
            })
        costs = [{
            "currency": company.currency,
            "remainingAmount": Decimal("5.00"),
            "originalAmount": Decimal("5.00"),
            "taxRate": None,
            "date": placement.isoformat(),
            "type": "REMINDER_FEE",
            "description": "Reminder fee",
            "invoiceNumber": inv["invoiceNumber"],
        } for inv in invoices[:2]]
        claim = Claim(claim_number, f"K{rng.randint(10**6, 10**7)}", company.name,
                      f"C{index:06d}", invoices, costs)
        self.claims[claim_number] = claim
        for inv in invoices:
            self._transaction(claim, "CONFIRMATION", "confirmation", placement, {
                "type": "INVOICE", "number": inv["invoiceNumber"],
                "contractNumber": claim.contract_number, "amount": inv["remainingAmount"],
                "currency": inv["currency"], "additionalProperties": {}})

    def _transaction(self, claim: Claim | None, kind: str, key: str, day: date,
                     body: dict[str, Any], *, customer: str | None = None) -> None:
        self.transactions.append({
            "sortNumber": len(self.transactions) + 1,
            "id": str(uuid.UUID(int=self._rng.getrandbits(128), version=4)),
            "type": kind,
            "customerNumber": claim.customer_number if claim else customer,
            "claimNumber": claim.claim_number if claim else None,
            key: {"date": day.isoformat(), **body},
        })

    # --- routing and auth ---------------------------------------------------------------

    def _routes(self, app: web.Application) -> None:
        add = app.router
        add.add_post(COLLECTION_PATHS["token"], self._token)
        add.add_post(COLLECTION_PATHS["claims"], self._create_claim)
        add.add_get(COLLECTION_PATHS["search"], self._search)
        add.add_get(COLLECTION_PATHS["invoices"], self._invoices)
        add.add_get(COLLECTION_PATHS["costs"], self._costs)
        add.add_post(COLLECTION_PATHS["payments"], self._payment)
        add.add_post(COLLECTION_PATHS["credit_waivers"], self._credit_waiver)
        add.add_post(COLLECTION_PATHS["recalls"], self._recall)
        add.add_post(COLLECTION_PATHS["cancellations"], self._cancellation)
        add.add_get(COLLECTION_PATHS["transactions"], self._transactions)

    async def _authenticate(self, request: web.Request) -> web.StreamResponse | None:
        if request.path == COLLECTION_PATHS["token"]:
            return None
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        with self._lock:
            expiry = self._tokens.get(token) if scheme.lower() == "bearer" else None
            if expiry is None or expiry < time.monotonic():
                self._tokens.pop(token, None)
                response = error_response(401, "missing, invalid or expired bearer token")
                response.headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
                return response
        return None

    async def _token(self, request: web.Request) -> web.Response:
        form = await request.post()
        if form.get("grant_type") != "client_credentials":
            return json_response({"error": "unsupported_grant_type",
                                  "error_description": "use grant_type=client_credentials"},
                                 status=400)
        if not (
            secrets.compare_digest(str(form.get("client_id", "")), self.client_id)
            and secrets.compare_digest(str(form.get("client_secret", "")), self.client_secret)
        ):
            return json_response({"error": "access_denied",
                                  "error_description": "Unauthorized"}, status=401)
        audience = form.get("audience")
        if audience is not None and audience != self.audience:
            return json_response({"error": "access_denied",
                                  "error_description": "Service not found"}, status=403)
        token = self.issue_token()
        return json_response({"access_token": token, "scope": "fullcontrol:users",
                              "expires_in": self.token_ttl, "token_type": "Bearer"})

    # --- reads --------------------------------------------------------------------------

    def _page(self, request: web.Request, items: list[Any]) -> web.Response:
        c = Checker()
        page = query_int(c, request, "page", blank_is_absent=False) or 1
        size = query_int(c, request, "pageSize", blank_is_absent=False) or 10
        if size > MAX_PAGE_SIZE:
            c.fail("pageSize", f"must be at most {MAX_PAGE_SIZE}")
        if c:
            return invalid(c)
        chunk = items[(page - 1) * size: page * size]
        pagination: dict[str, Any] = {"totalItems": len(items)}
        if not self.sparse_pagination:
            pagination.update(pageSize=size, currentPage=page,
                              totalPages=max(1, math.ceil(len(items) / size)))
        pagination["additionalProperties"] = {}
        return json_response({"items": chunk, "pagination": pagination,
                              "additionalProperties": {}})

    def _claim(self, request: web.Request) -> Claim | web.Response:
        claim = self.claims.get(request.match_info[CLAIM_NUMBER])
        if claim is None:
            return error_response(404, "claim not found")
        return claim

    async def _invoices(self, request: web.Request) -> web.Response:
        with self._lock:
            claim = self._claim(request)
            if isinstance(claim, web.Response):
                return claim
            return self._page(request, list(claim.invoices))

    async def _costs(self, request: web.Request) -> web.Response:
        with self._lock:
            claim = self._claim(request)
            if isinstance(claim, web.Response):
                return claim
            return self._page(request, list(claim.costs))

    async def _search(self, request: web.Request) -> web.Response:
        q = request.query
        with self._lock:
            found = []
            for claim in self.claims.values():
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
            return self._page(request, found)

    async def _transactions(self, request: web.Request) -> web.Response:
        c = Checker()
        start = query_date(c, request, "from", date_time=True)
        end = query_date(c, request, "to", date_time=True)
        kind = request.query.get("type")
        wanted = _TYPE_FILTER.get(kind.replace("_", "").lower()) if kind else None
        if kind and wanted is None:
            c.fail("type", "must be one of confirmation, rejection, accountingDocument, closing")
        if c:
            return invalid(c)
        with self._lock:
            rows = []
            for tx in self.transactions:
                payload: dict[str, Any] = next(v for v in tx.values() if isinstance(v, dict))
                day = date.fromisoformat(payload["date"])
                if (start and day < start) or (end and day > end):
                    continue
                if wanted and tx["type"] != wanted:
                    continue
                rows.append(tx)
        return json_response(rows)

    # --- writes -------------------------------------------------------------------------

    async def _accepted(self) -> web.Response:
        return json_response({"requestId": str(uuid.UUID(int=self._rng.getrandbits(128),
                                                          version=4))}, status=202)

    async def _create_claim(self, request: web.Request) -> web.Response:
        body = await read_json_body(request)
        if isinstance(body, web.Response):
            return body
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
        with self._lock:
            index = len(self.claims) + 1
            name = customer.get("companyName") or " ".join(
                str(customer.get(k, "")) for k in ("firstName", "lastName")).strip()
            claim = Claim(f"FI-S{self.today:%y%m}{index:07d}", str(customer_number), name,
                          invoices[0][0], [], [])
            for contract_number, inv in invoices:
                remaining, original = Decimal(inv["remainingAmount"]), Decimal(
                    inv["originalAmount"])
                payload = {"type": "INVOICE", "number": inv["invoiceNumber"],
                           "contractNumber": contract_number, "amount": remaining,
                           "currency": inv["currency"], "additionalProperties": {}}
                if remaining > original:
                    self._transaction(None, "REJECTION", "rejection", self.today,
                                      {**payload, "reason": "AMOUNT_TOO_HIGH",
                                       "description": "remainingAmount exceeds originalAmount"},
                                      customer=claim.customer_number)
                    continue
                claim.invoices.append({**inv, "placementDate": self.today.isoformat(),
                                       "claimType": inv.get("claimType", "PRINCIPAL_CLAIM"),
                                       "additionalProperties": inv.get("additionalProperties",
                                                                       [])})
                self._transaction(claim, "CONFIRMATION", "confirmation", self.today, payload)
            if claim.invoices:
                self.claims[claim.claim_number] = claim
            return await self._accepted()

    async def _money_document(self, request: web.Request, kind: str) -> web.Response:
        body = await read_json_body(request)
        if isinstance(body, web.Response):
            return body
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
        with self._lock:
            claim = self._claim(request)
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
                return await self._accepted()  # a resubmission is processed only once
            if reason is not None or invoice is None:
                self._transaction(claim, "REJECTION", "rejection", day,
                                  {**payload, "reason": reason})
                return await self._accepted()
            invoice["remainingAmount"] -= amount
            if document:
                claim.documents[document] = (invoice_number or "", amount, kind)
            self._transaction(claim, "CONFIRMATION", "confirmation", day, payload)
            self._transaction(claim, "ACCOUNTING_DOCUMENT", "accountingDocument", day, {
                "type": kind, "number": document or invoice_number, "originalType": None,
                "originalNumber": None, "amount": -amount, "currency": currency,
                "lineItems": [{"id": str(len(self.transactions)), "amount": -amount,
                               "allocateTo": "principalClaim", "invoiceNumber": invoice_number,
                               "contractNumber": claim.contract_number}]})
            self._close_if_settled(claim, day)
            return await self._accepted()

    async def _payment(self, request: web.Request) -> web.Response:
        return await self._money_document(request, "DIRECT_PAYMENT")

    async def _credit_waiver(self, request: web.Request) -> web.Response:
        return await self._money_document(request, "CREDIT_WAIVER")

    async def _recall(self, request: web.Request) -> web.Response:
        body = await read_json_body(request)
        if isinstance(body, web.Response):
            return body
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
        with self._lock:
            claim = self._claim(request)
            if isinstance(claim, web.Response):
                return claim
            day = self.today
            if claim.status == "CLOSED":
                self._transaction(claim, "REJECTION", "rejection", day, {
                    "type": "RECALL", "number": claim.claim_number, "amount": Decimal("0.00"),
                    "currency": _currency(claim), "reason": "CLAIM_NOT_PLAUSIBLE",
                    "description": "the claim is already closed"})
                return await self._accepted()
            chosen = claim.invoices if total else [
                i for i in claim.invoices if i["invoiceNumber"] == body.get("invoiceNumber")]
            for invoice in chosen:
                self._transaction(claim, "CONFIRMATION", "confirmation", day, {
                    "type": "RECALL", "number": invoice["invoiceNumber"],
                    "amount": invoice["remainingAmount"], "currency": invoice["currency"],
                    "additionalProperties": {}})
                invoice["remainingAmount"] = Decimal("0.00")
            if total or not any(i["remainingAmount"] > 0 for i in claim.invoices):
                claim.status = "CLOSED"
                self._transaction(claim, "CLOSING", "closing", day,
                                  {"type": "RECALLED_BY_CLIENT", "invoice": {}})
            return await self._accepted()

    async def _cancellation(self, request: web.Request) -> web.Response:
        body = await read_json_body(request)
        if isinstance(body, web.Response):
            return body
        c = Checker()
        reference = c.text(body, "referenceNumber", "referenceNumber", max_length=40)
        day = c.day(body, "date", "date")
        amount = c.money(body, "amount", "amount")
        currency = c.currency(body, "currency", "currency")
        if c:
            return invalid(c)
        assert reference is not None and day is not None and amount is not None
        with self._lock:
            claim = self._claim(request)
            if isinstance(claim, web.Response):
                return claim
            found = claim.documents.pop(reference, None)
            payload = {"type": "CANCELLATION", "number": reference, "amount": amount,
                       "currency": currency, "additionalProperties": {}}
            if found is None or found[1] != amount:
                self._transaction(claim, "REJECTION", "rejection", day,
                                  {**payload, "reason": "NO_ASSIGNMENT_POSSIBLE"})
                if found is not None:
                    claim.documents[reference] = found
                return await self._accepted()
            invoice_number, original, kind = found
            for invoice in claim.invoices:
                if invoice["invoiceNumber"] == invoice_number:
                    invoice["remainingAmount"] += original
            claim.status = "PROCESSING"
            self._transaction(claim, "CONFIRMATION", "confirmation", day, payload)
            self._transaction(claim, "ACCOUNTING_DOCUMENT", "accountingDocument", day, {
                "type": "CANCELLATION", "number": reference, "originalType": kind,
                "originalNumber": reference, "amount": original, "currency": currency,
                "lineItems": []})
            return await self._accepted()

    def _close_if_settled(self, claim: Claim, day: date) -> None:
        if claim.invoices and all(i["remainingAmount"] <= 0 for i in claim.invoices):
            claim.status = "CLOSED"
            self._transaction(claim, "CLOSING", "closing", day,
                              {"type": "FULL_PAYMENT", "invoice": {}})


def _currency(claim: Claim) -> str:
    return str(claim.invoices[0]["currency"]) if claim.invoices else "EUR"
