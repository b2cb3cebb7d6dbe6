"""``FakeConfirma``: an aiohttp.web server on 127.0.0.1 that behaves like the Confirma API.

Every endpoint the SDK covers is served from a stateful, deterministic world (see
``_world.py``): invoices created through the API appear in distribution records and move
on as the simulated clock advances; actions change their case; payments and settlements
follow. Keys are checked (401), bodies validated (400 naming each bad field). Its routes
(``PATHS``) are the SDK's own endpoint constants (``_paths.py``).
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, Final

from aiohttp import web

from ._handlers import (
    accounting,
    cases,
    distribution,
    invoices,
    onboarding,
    operations,
    payments,
    sandbox,
    settlements,
)
from ._handlers.cases import case_json
from ._handlers.distribution import distribution_record
from ._http import error_response
from ._paths import PATHS
from ._server import FakeServer
from ._world import DEFAULT_TODAY, World

__all__ = ["FakeConfirma"]

#: How many invoices a sandbox seeds when neither ``invoices`` nor ``cases`` is given.
DEFAULT_INVOICES: Final = 50


class FakeConfirma(FakeServer):
    """A stateful in-process Confirma API for tests, demos and the CLI.

    ``async with FakeConfirma(invoices=100) as fake:`` (or plain ``with`` to run it in a
    background thread), then point a client at ``fake.url`` with ``fake.api_key``.

    - ``invoices``/``seed``/``today``: the deterministic synthetic data set, seeded over
      the ``history_days`` (120) before ``today``. 50 invoices unless told otherwise;
      roughly a third of them end up with an agency case (it varies with the seed: the
      rest are paid in time, have no payment control, or failed delivery).
    - ``cases``: instead of ``invoices``, ask for exactly this many agency cases; the
      sandbox seeds the smallest number of invoices that has them (``len(fake.cases)``).
    - ``advance(days)``: move the simulated clock (distribution, cases, settlements move).
    - ``pay(invoice_number, amount)``: the debtor pays the agency.
    - ``faults``: latency, injected errors, resets, hangs and a rate limit.
    - ``provisioning_token``: the partner token for ``POST /client``.
    - ``case_envelope="case"``: answer one case as ``{"case": {...}}`` (the older docs page).
    """

    def __init__(
        self,
        *,
        invoices: int | None = None,
        cases: int | None = None,
        seed: int = 1,
        api_key: str | None = None,
        provisioning_token: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        today: date | None = None,
        history_days: int = 120,
        case_envelope: str = "cases",
    ) -> None:
        super().__init__(host=host, port=port)
        if case_envelope not in ("cases", "case"):
            raise ValueError('case_envelope must be "cases" or "case"')
        #: ``"cases"`` answers ``{"cases": [...]}`` (newer docs page); ``"case"`` answers a
        #: single case as ``{"case": {...}}`` like the older page.
        self.case_envelope = case_envelope
        if invoices is not None and cases is not None:
            raise ValueError("give invoices or cases, not both")
        if (invoices or 0) < 0 or (cases or 0) < 0:
            raise ValueError("invoices and cases must not be negative")
        self.api_key = api_key or "sandbox-" + secrets.token_hex(12)
        self.provisioning_token = provisioning_token or "partner-" + secrets.token_hex(12)
        self.world = World(today=today or DEFAULT_TODAY, seed=seed)
        if cases is not None:
            invoices = self.world.invoices_for_cases(cases, days=history_days)
        self.world.seed(DEFAULT_INVOICES if invoices is None else invoices, days=history_days)
        #: Valid client keys -> client id. Renewing replaces a key; the old one stops working.
        self._keys: dict[str, str] = {self.api_key: "SANDBOX"}
        self._expired: set[str] = set()
        self.clients: list[dict[str, Any]] = []
        #: Every invoice action accepted, as the wire JSON it arrived in.
        self.actions: list[dict[str, Any]] = []
        #: Case id -> the case's wire JSON as the API would answer it now (read-only view).
        self.cases: Mapping[int, dict[str, Any]] = _View(
            self, self.world.cases, functools.partial(case_json, self.world))
        #: Invoice number -> its distribution record's wire JSON (read-only view).
        self.distribution: Mapping[int, dict[str, Any]] = _View(
            self, self.world.invoices, distribution_record)

    def __repr__(self) -> str:
        return f"FakeConfirma(url={self.url!r}, invoices={len(self.world.invoices)})"

    # --- state helpers for tests ------------------------------------------------------------

    @property
    def today(self) -> date:
        """The simulated date."""
        return self.world.today

    def advance(self, days: int = 1) -> None:
        """Move the simulated clock forward, running each day's jobs."""
        if days < 0:
            raise ValueError("days must not be negative")
        with self._lock:
            self.world.advance(days)

    def pay(self, invoice_number: int, amount: Decimal | str | int) -> None:
        """The debtor pays ``amount`` to the agency for ``invoice_number`` (today)."""
        with self._lock:
            self.world.agency_payment(invoice_number, Decimal(amount))

    def run_settlement(self) -> None:
        """Pay out all unsettled agency payments now (normally every Friday)."""
        with self._lock:
            self.world.run_settlement()

    def expire_api_key(self) -> None:
        """Mark the current key as expired: validate says so, other calls get 401."""
        with self._lock:
            self._expired.add(self.api_key)

    def case_ids(self) -> list[int]:
        """Every case id, in creation order."""
        with self._lock:
            return list(self.world.cases)

    def invoice_numbers(self) -> list[int]:
        """Every invoice number, in creation order (seeded ones from 251600000)."""
        with self._lock:
            return list(self.world.invoices)

    def case_json(self, case_id: int) -> dict[str, Any]:
        """The wire JSON of one case as the API would answer it now."""
        with self._lock:
            return case_json(self.world, self.world.cases[case_id])

    # --- routing and auth ---------------------------------------------------------------

    # The handlers live in _handlers/, one module per API area, as functions of
    # (fake, request); bound here as methods, so that a subclass may wrap one.
    _create_client = onboarding.create_client
    _validate = onboarding.validate_token
    _renew = onboarding.renew_token
    _create_invoice = invoices.create_invoice
    _actions = invoices.create_actions
    _get_case = cases.get_cases
    _distribution = distribution.get_distribution
    _payments = payments.get_payments
    _settlements = settlements.get_settlements
    _accounting_invoice = accounting.submit_invoices
    _accounting_invoice_status = accounting.invoice_status
    _submit_ledger = accounting.submit_ledger
    _ledger_status = accounting.ledger_status
    _submit_accounting_payments = accounting.submit_payments
    _accounting_payment_status = accounting.payment_status
    _finvoice = operations.finvoice_credentials
    _advance = sandbox.advance

    def _routes(self, app: web.Application) -> None:
        add = app.router
        add.add_post(PATHS["client"], self._create_client)
        add.add_get(PATHS["validate"], self._validate)
        add.add_get(PATHS["renew"], self._renew)
        add.add_post(PATHS["invoice"], self._create_invoice)
        add.add_post(PATHS["action"], self._actions)
        add.add_get(PATHS["case"], self._get_case)
        add.add_get(PATHS["distribution"], self._distribution)
        add.add_get(PATHS["distribution_v2"], self._distribution)
        add.add_get(PATHS["payments"], self._payments)
        add.add_get(PATHS["settlements"], self._settlements)
        add.add_post(PATHS["accounting_invoice"], self._accounting_invoice)
        add.add_get(PATHS["accounting_invoice"], self._accounting_invoice_status)
        add.add_post(PATHS["ledger"], self._submit_ledger)
        add.add_get(PATHS["ledger"], self._ledger_status)
        add.add_post(PATHS["accounting_payment"], self._submit_accounting_payments)
        add.add_get(PATHS["accounting_payment"], self._accounting_payment_status)
        add.add_get(PATHS["finvoice"], self._finvoice)
        add.add_post(PATHS["advance"], self._advance)

    async def _authenticate(self, request: web.Request) -> web.StreamResponse | None:
        key = request.headers.get("X-Api-Key", "")
        with self._lock:
            if request.path == PATHS["client"]:
                if secrets.compare_digest(key, self.provisioning_token):
                    return None
                if key in self._keys:
                    return error_response(
                        403, "creating clients needs the partner provisioning token")
                return error_response(401, "missing or invalid partner provisioning token")
            if key not in self._keys:
                return error_response(401, "missing or invalid API key")
            if key in self._expired and request.path not in (PATHS["validate"], PATHS["renew"]):
                return error_response(401, "the API key has expired; renew it")
        return None


class _View(Mapping[int, dict[str, Any]]):
    """A live, read-only mapping that renders world objects as wire JSON on access."""

    def __init__(self, fake: FakeConfirma, source: Mapping[int, Any],
                 render: Callable[[Any], dict[str, Any]]) -> None:
        self._fake, self._source, self._render = fake, source, render

    def __getitem__(self, key: int) -> dict[str, Any]:
        with self._fake._lock:
            return self._render(self._source[key])

    def __iter__(self) -> Iterator[int]:
        with self._fake._lock:
            return iter(list(self._source))

    def __len__(self) -> int:
        return len(self._source)
