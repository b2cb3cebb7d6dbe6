"""``FakeConfirma``: an aiohttp.web server on 127.0.0.1 that behaves like the Confirma API.

Every endpoint the SDK covers is served from a stateful, deterministic world (see
``_world.py``): invoices created through the API appear in distribution records and move
on as the simulated clock advances; actions change their case; payments and settlements
follow. Keys are checked (401), bodies validated (400 naming each bad field). Its routes
(``PATHS``) are the SDK's own endpoint constants (``_paths.py``).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Final

from aiohttp import web

from ..models.operations import business_id_problem
from . import _nordic
from ._checks import Checker
from ._http import (
    error_response,
    invalid,
    invalid_one,
    json_response,
    query_date,
    query_int,
    read_json_body,
)
from ._invoice_body import check_sales_invoice
from ._paths import PATHS
from ._server import FakeServer
from ._world import (
    AGENCY,
    DEFAULT_TODAY,
    ZERO,
    Case,
    Invoice,
    Payment,
    Settlement,
    SyncRecord,
    World,
    stamp,
)

__all__ = ["FakeConfirma"]

#: How many invoices a sandbox seeds when neither ``invoices`` nor ``cases`` is given.
DEFAULT_INVOICES: Final = 50

ACTION_CODES: Final = ("COMMENT", "WITHDRAW", "DUEDATE", "PAYMENTPLAN", "OBJECTION", "PAUSE",
                       "DIRECTPAYMENT")
SERVICE_TYPES: Final = ("LIFECYCLE", "INTERMEDIATION", "COOP", "CO-OP")
FETCH_TYPES: Final = ("ALL", "SUCCESSFUL", "FAILED")
# Statuses counted as "successful" in distribution metaData.
_DELIVERED: Final = frozenset({"DISTRIBUTED"})


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
        self.cases: Mapping[int, dict[str, Any]] = _View(self, self.world.cases, self._case)
        #: Invoice number -> its distribution record's wire JSON (read-only view).
        self.distribution: Mapping[int, dict[str, Any]] = _View(
            self, self.world.invoices, self._distribution_record)

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
            return self._case(self.world.cases[case_id])

    # --- routing and auth ---------------------------------------------------------------

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

    # --- onboarding ---------------------------------------------------------------------

    async def _create_client(self, request: web.Request) -> web.Response:
        body = await read_json_body(request)
        if isinstance(body, web.Response):
            return body
        c = Checker()
        service = c.obj(body, "service", "service")
        c.one_of(service, "type", "service.type", SERVICE_TYPES)
        c.text(service, "partnerCode", "service.partnerCode")
        client = c.obj(body, "client", "client")
        c.text(client, "name", "client.name", max_length=200)
        c.text(client, "businessCode", "client.businessCode")
        c.text(client, "vatRegNbr", "client.vatRegNbr", required=False)
        c.text(client, "postalAddress", "client.postalAddress")
        country = c.country(client, "countryCode", "client.countryCode")
        c.postal_code(c.text(client, "postalCode", "client.postalCode"), country,
                      "client.postalCode")
        c.text(client, "postalDistrict", "client.postalDistrict")
        c.email(client, "email", "client.email")
        c.text(client, "telephone", "client.telephone", required=False, allow_empty=True)
        c.text(client, "website", "client.website", required=False, allow_empty=True)
        c.language(client, "languageCode", "client.languageCode")
        for index, contact in enumerate(c.array(body, "contacts", "contacts", required=False)):
            c.email(contact, "email", f"contacts[{index}].email")
        if c:
            return invalid(c)
        with self._lock:
            number = len(self.clients) + 1
            key = "sandbox-" + secrets.token_hex(12)
            answer = {
                "clientId": f"C{number:06d}",
                "customerCode": f"{70000 + number}",
                "paymentReferencePrefix": f"{9100 + number}",
                "apiKey": key,
                "status": "Developing",
            }
            self._keys[key] = answer["clientId"]
            self.clients.append({"request": body, **answer})
        return json_response(answer)

    async def _validate(self, request: web.Request) -> web.Response:
        key = request.headers.get("X-Api-Key", "")
        with self._lock:
            if key in self._expired:
                return json_response({"isValid": False, "message": "Token has expired"})
        return json_response({"isValid": True, "message": "Token is valid"})

    async def _renew(self, request: web.Request) -> web.Response:
        key = request.headers.get("X-Api-Key", "")
        with self._lock:
            client_id = self._keys.pop(key)
            self._expired.discard(key)
            new = "sandbox-" + secrets.token_hex(12)
            self._keys[new] = client_id
            if key == self.api_key:
                self.api_key = new
        return json_response({"Message": new})

    # --- invoices -----------------------------------------------------------------------

    async def _create_invoice(self, request: web.Request) -> web.Response:
        body = await read_json_body(request)
        if isinstance(body, web.Response):
            return body
        c = Checker()
        parsed = check_sales_invoice(c, body)
        if c:
            return invalid(c)
        with self._lock:
            number = parsed["number"]
            if number in self.world.invoices:
                return error_response(409, f"invoice {number} already exists", [
                    {"field": "invoice.header.number", "message": "is already in use"}])
            invoice = Invoice(
                number=number, invoice_date=parsed["date"], due_date=parsed["dueDate"],
                currency=parsed["currency"], total=parsed["total"],
                buyer_name=parsed["buyerName"], buyer_email=parsed["email"],
                payment_reference=parsed["paymentReference"] or _nordic.rf_reference(number),
                method=parsed["method"], distribution_enabled=parsed["enabled"],
                payment_control=parsed["paymentControl"], created_on=self.world.today,
                accounting=parsed["accounting"], e_invoice_address=parsed["eInvoice"],
            )
            self.world.add_invoice(invoice)
        return json_response({"invoiceNumber": number, "status": invoice.status,
                              "message": "Invoice received"})

    async def _actions(self, request: web.Request) -> web.Response:
        body = await read_json_body(request)
        if isinstance(body, web.Response):
            return body
        c = Checker()
        actions = c.array(body, "actions", "actions", min_items=1)
        with self._lock:
            world = self.world
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
            self.actions.extend(actions)
        return json_response({})

    async def _get_case(self, request: web.Request) -> web.Response:
        c = Checker()
        case_id = query_int(c, request, "caseId")
        number = query_int(c, request, "invoiceNumber")
        if c:
            return invalid(c)
        with self._lock:
            world = self.world
            if case_id is None and number is None:
                return json_response({"cases": [self._case(k) for k in world.cases.values()]})
            case = world.cases.get(case_id) if case_id is not None else None
            if number is not None:
                invoice = world.invoices.get(number)
                by_number = invoice.case if invoice is not None else None
                case = by_number if case_id is None or case is by_number else None
            if case is None:
                return error_response(404, "case not found")
            if self.case_envelope == "case":
                return json_response({"case": self._case(case)})
            return json_response({"cases": [self._case(case)]})

    async def _distribution(self, request: web.Request) -> web.Response:
        c = Checker()
        number = query_int(c, request, "invoiceNumber")
        start = query_date(c, request, "fromInvDate")
        end = query_date(c, request, "toInvDate")
        fetch = request.query.get("fetchType")
        if fetch is not None and fetch.upper() not in FETCH_TYPES:
            c.fail("fetchType", "must be one of " + ", ".join(FETCH_TYPES))
        if start is not None and end is not None and start > end:
            c.fail("fromInvDate", "must not be after toInvDate")
        if c:
            return invalid(c)
        with self._lock:
            world = self.world
            default = number is None and start is None and end is None
            if number is not None:
                found = world.invoices.get(number)
                rows = [found] if found is not None else []
            else:
                end = end or world.today
                start = start or end - timedelta(days=30)
                rows = list(world.distribution(start, end))
            if fetch is not None and fetch.upper() == "FAILED":
                rows = [r for r in rows if r.status == "FAILED"]
            elif fetch is not None and fetch.upper() == "SUCCESSFUL":
                rows = [r for r in rows if r.status in _DELIVERED]
            records = [self._distribution_record(r) for r in rows]
            delivered = sum(1 for r in rows if r.status in _DELIVERED)
            failed = sum(1 for r in rows if r.status == "FAILED")
        return json_response({
            "metaData": {
                "totalCount": len(records),
                "successfulCount": delivered,
                "failedCount": failed,
                "filtersApplied": {
                    "invoiceNumber": number,
                    "fromInvDate": start.isoformat() if start else None,
                    "toInvDate": end.isoformat() if end else None,
                    "fetchType": fetch,
                    "defaultLast30DaysApplied": default,
                },
            },
            "invoices": records,
        })

    # --- payments -----------------------------------------------------------------------

    async def _payments(self, request: web.Request) -> web.Response:
        c = Checker()
        start = query_date(c, request, "fromDate")
        end = query_date(c, request, "toDate")
        if start is not None and end is not None and start > end:
            c.fail("fromDate", "must not be after toDate")
        if c:
            return invalid(c)
        with self._lock:
            rows = [
                _payment(p) for p in self.world.payments
                if (start is None or p.paid_on >= start) and (end is None or p.paid_on <= end)
            ]
        return json_response(rows)

    async def _settlements(self, request: web.Request) -> web.Response:
        c = Checker()
        start = query_date(c, request, "fromDate")
        end = query_date(c, request, "toDate")
        if start is not None and end is not None and start > end:
            c.fail("fromDate", "must not be after toDate")
        flag = request.query.get("unfetchedOnly", "false").lower()
        if flag not in ("true", "false"):
            c.fail("unfetchedOnly", "must be true or false")
        if c:
            return invalid(c)
        with self._lock:
            if start is None and end is None:  # documented: the last 30 days
                start = self.world.today - timedelta(days=30)
            now = stamp(self.world.today, 12)
            chosen = [s for s in self.world.settlements
                      if (start is None or s.day >= start) and (end is None or s.day <= end)
                      and (flag == "false" or s.fetched_at is None)]
            body = {"createdAt": now, "settlements": [self._settlement(s) for s in chosen]}
            for settlement in chosen:
                settlement.fetched_at = settlement.fetched_at or now
        return json_response(body)

    # --- accounting ---------------------------------------------------------------------

    async def _accounting_invoice(self, request: web.Request) -> web.Response:
        body = await read_json_body(request)
        if isinstance(body, web.Response):
            return body
        c = Checker()
        numbers: list[int] = []
        items = body.get("invoices") if "invoices" in body else [body]
        if not isinstance(items, list) or not items:
            c.fail("invoices", "must be a non-empty array")
            items = []
        with self._lock:
            for index, item in enumerate(items):
                at = f"invoices[{index}]" if "invoices" in body else "invoice"
                raw = item.get("invoiceNumber") if isinstance(item, dict) else None
                if isinstance(item, dict) and raw is None and isinstance(item.get("invoice"), dict):
                    raw = item["invoice"].get("header", {}).get("number")
                number = int(raw) if isinstance(raw, (int, str)) and str(raw).isdigit() else None
                if number is None:
                    c.fail(f"{at}.invoiceNumber", "is required")
                elif number not in self.world.invoices:
                    c.fail(f"{at}.invoiceNumber", f"no invoice {number}")
                else:
                    numbers.append(number)
            if c:
                return invalid(c)
            for number in numbers:
                self.world.queue_accounting_invoice(number)
        return json_response({})

    async def _accounting_invoice_status(self, request: web.Request) -> web.Response:
        # Inferred like its twins (the page was not captured): {"invoices": [...]}.
        return self._sync_report("invoices", "invoice", self.world.accounting_invoices)

    def _sync_report(self, key: str, kind: str, records: list[SyncRecord]) -> web.Response:
        """A status endpoint's answer: ``{key: [...]}``, or 204 while nothing was sent."""
        with self._lock:
            rows = [_sync_status(r, kind) for r in records]
        if not rows:
            return web.Response(status=204)
        return json_response({key: rows})

    async def _submit_ledger(self, request: web.Request) -> web.Response:
        body = await read_json_body(request)
        if isinstance(body, web.Response):
            return body
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
        with self._lock:
            for ident, name, day in records:
                self.world.ledgers.append(SyncRecord(ident, day, name, self.world.today))
        return json_response({})

    async def _ledger_status(self, request: web.Request) -> web.Response:
        return self._sync_report("ledgers", "ledger", self.world.ledgers)

    async def _submit_accounting_payments(self, request: web.Request) -> web.Response:
        body = await read_json_body(request)
        if isinstance(body, web.Response):
            return body
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
        with self._lock:
            for ident, number, day in records:
                self.world.accounting_payments.append(
                    SyncRecord(ident, day, ident, self.world.today, invoice_number=number))
        return json_response({})

    async def _accounting_payment_status(self, request: web.Request) -> web.Response:
        return self._sync_report("payments", "payment", self.world.accounting_payments)

    # --- operations and sandbox control -------------------------------------------------

    async def _finvoice(self, request: web.Request) -> web.Response:
        # The documented shape (Operations overview): always an array of registry records
        # for the Business ID. The sandbox registry: every valid ID has one EDI address
        # (the Finnish OVT form "0037" + the ID's digits), except 0000000-0, which has none.
        business_id = request.query.get("businessId")
        if business_id is None:
            return invalid_one("businessId", "is required")
        problem = business_id_problem(business_id)
        if problem is not None:
            return invalid_one("businessId", problem)
        if business_id == "0000000-0":
            return json_response([])
        with self._lock:
            modified = stamp(self.world.today - timedelta(days=30), 9)
        return json_response([{
            "eInvoiceAddressName": f"Sandbox company {business_id}",
            "eInvoiceAddress": "0037" + business_id.replace("-", ""),
            "eInvoiceAddressType": "EDI",
            "eInvoiceOperatorId": "003799999999",
            "eInvoiceOperatorName": "Sandbox Operator Oy",
            "lastModified": modified,
        }])

    async def _advance(self, request: web.Request) -> web.Response:
        c = Checker()
        days = query_int(c, request, "days")
        if c:
            return invalid(c)
        self.advance(days or 1)
        return json_response({"today": self.today.isoformat()})

    # --- rendering ----------------------------------------------------------------------

    def _distribution_record(self, inv: Invoice) -> dict[str, Any]:
        case = inv.case
        return {
            "invoiceNumber": inv.number,
            "distributionStatus": inv.status,
            "distributionMethod": inv.method if inv.status != "RECEIVED" else None,
            "distributionMessage": inv.message,
            "dates": {
                "createdAt": stamp(inv.created_on, 8),
                "printedAt": stamp(inv.printed_on, 9) if inv.printed_on else None,
                "distributedAt": stamp(inv.distributed_on, 9) if inv.distributed_on else None,
                "paymentControlActivatedAt":
                    stamp(inv.pc_activated_on, 9) if inv.pc_activated_on else None,
            },
            "file": {"url": f"https://files.example.com/sandbox/invoices/{inv.number}.pdf"},
            "paymentControl": {
                "enabled": inv.payment_control,
                "agency": AGENCY if inv.payment_control else None,
                "status": inv.pc_status,
                "caseId": case.case_id if case is not None else None,
            },
            "errors": list(inv.errors),
        }

    def _case(self, case: Case) -> dict[str, Any]:
        today = self.world.today
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
                "creditor": self.world.creditor,
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

    def _settlement(self, s: Settlement) -> dict[str, Any]:
        return {
            "settlementId": s.settlement_id,
            "settlementDate": s.day.isoformat(),
            "agency": AGENCY,
            "remittanceReference": s.remittance_reference,
            "beneficiary": {"name": self.world.creditor, "iban": self.world.creditor_iban,
                            "bic": "OKOYFIHH"},
            "settlementAmount": s.amount,
            "currency": s.currency,
            "apiFetchDate": s.fetched_at,
            "allocations": [{
                "allocationId": 9001000 + p.payment_id,
                "allocatedTotalAmount": p.amount,
                "allocationDate": s.day.isoformat(),
                "currency": p.currency,
                "caseId": p.case_id,
                "originalInvoiceNumber": str(p.invoice.number),
                "originalPaymentReference": p.original_reference,
                "breakdown": [
                    {"type": "CAPITAL", "amount": p.capital},
                    {"type": "INTEREST", "amount": p.interest},
                    {"type": "FEES", "amount": p.fees},
                ],
            } for p in s.payments],
        }


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


_CHANNEL: Final = {"EMAIL": "EMAIL", "PRINT": "POSTNORD", "EINVOICE": "FINVOICE", "SMS": "SMS"}


def _payment(p: Payment) -> dict[str, Any]:
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
