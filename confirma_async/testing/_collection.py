"""``FakeCollection``: the collection agency's claims API (``/v1/claims/...``) with OAuth.

It serves the OAuth2 client-credentials token endpoint at ``/oauth/token`` and the claims
API behind ``Authorization: Bearer``. Writes answer ``202 {"requestId"}`` as documented and
their outcome appears in ``/v1/transactions`` (confirmations, rejections, accounting
documents, closings). Paged endpoints take ``page``/``pageSize``.
"""

from __future__ import annotations

import random
import secrets
import time
import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from aiohttp import web

from . import _nordic
from ._handlers import claims, oauth, transactions
from ._handlers.claims import Claim
from ._http import error_response
from ._paths import COLLECTION_PATHS
from ._server import FakeServer
from ._world import DEFAULT_TODAY

__all__ = ["FakeCollection"]


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

    # The handlers live in _handlers/ (oauth, claims, transactions) as functions of
    # (fake, request); bound here as methods, so that a subclass may wrap one.
    _token = oauth.grant_token
    _create_claim = claims.create_claim
    _search = claims.search_claims
    _invoices = claims.list_invoices
    _costs = claims.list_costs
    _payment = claims.create_payment
    _credit_waiver = claims.create_credit_waiver
    _recall = claims.create_recall
    _cancellation = claims.cancel_accounting_document
    _transactions = transactions.list_transactions

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
