"""``FakeConfirma``: an aiohttp.web server on 127.0.0.1 that behaves like the Confirma API.

It serves case details, distribution records and invoice actions from a deterministic
synthetic data set, checks the API key, and validates action bodies.
"""

from __future__ import annotations

import random
import secrets
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from types import TracebackType
from typing import Any

from aiohttp import web

from .. import serde

__all__ = ["FakeConfirma"]

_STATUSES = ("DISTRIBUTED", "DISTRIBUTED", "DISTRIBUTED", "PRINTED", "FAILED")
_CURRENCIES = ("EUR", "EUR", "SEK", "NOK", "DKK")
_ACTION_CODES = frozenset(
    {"COMMENT", "WITHDRAW", "DUEDATE", "PAYMENTPLAN", "OBJECTION", "PAUSE", "DIRECTPAYMENT"}
)


class FakeConfirma:
    """``async with FakeConfirma(invoices=100) as fake:``; then ``fake.url``, ``fake.api_key``."""

    def __init__(
        self,
        *,
        invoices: int = 50,
        seed: int = 1,
        api_key: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        today: date | None = None,
    ) -> None:
        self.api_key = api_key or "sandbox-" + secrets.token_hex(8)
        self.host = host
        self.port = port
        self.today = today or date(2026, 11, 1)
        self.requests = 0
        self.distribution: dict[int, dict[str, Any]] = {}
        self.cases: dict[int, dict[str, Any]] = {}
        self.actions: list[dict[str, Any]] = []
        self._runner: web.AppRunner | None = None
        self._seed(invoices, random.Random(seed))

    # --- data ------------------------------------------------------------------------

    def _seed(self, count: int, rng: random.Random) -> None:
        for index in range(count):
            number = 251600000 + index
            invoice_date = self.today - timedelta(days=rng.randint(1, 90))
            due = invoice_date + timedelta(days=14)
            status = rng.choice(_STATUSES)
            overdue = status != "FAILED" and due < self.today and rng.random() < 0.6
            case_id = 10000 + index if overdue else None
            currency = rng.choice(_CURRENCIES)
            self.distribution[number] = {
                "invoiceNumber": number,
                "distributionStatus": status,
                "distributionMethod": rng.choice(("EMAIL", "EINVOICE", "PRINT")),
                "distributionMessage": "Delivery failed" if status == "FAILED" else None,
                "dates": {
                    "createdAt": f"{invoice_date.isoformat()}T08:00:00Z",
                    "printedAt": None,
                    "distributedAt": None if status == "FAILED" else f"{invoice_date}T09:00:00Z",
                    "paymentControlActivatedAt": f"{due}T00:00:00Z" if case_id else None,
                },
                "file": {"url": f"https://files.example.com/invoices/{number}.pdf"},
                "paymentControl": {
                    "enabled": True,
                    "agency": "CASH-IN",
                    "status": "CASE_OPEN" if case_id else "MONITORING",
                    "caseId": case_id,
                },
                "errors": (
                    [{"errorCode": "E100", "errorDescription": "Mailbox unavailable",
                      "errorType": "DISTRIBUTION"}]
                    if status == "FAILED"
                    else []
                ),
                "_invoiceDate": invoice_date,
            }
            if case_id is not None:
                capital = Decimal(rng.randint(2000, 250000)) / 100
                interest = (capital * Decimal("0.08") * rng.randint(1, 60) / 365).quantize(
                    Decimal("0.01")
                )
                costs = Decimal("5.00") * rng.randint(0, 3)
                self.cases[case_id] = self._case(
                    case_id, number, invoice_date, due, currency, capital, interest, costs
                )

    def _case(
        self,
        case_id: int,
        number: int,
        invoice_date: date,
        due: date,
        currency: str,
        capital: Decimal,
        interest: Decimal,
        costs: Decimal,
    ) -> dict[str, Any]:
        created = datetime.combine(due + timedelta(days=1), datetime.min.time(), timezone.utc)
        return {
            "summary": {
                "caseId": case_id,
                "status": "OPEN",
                "stage": "REMINDER",
                "createdAt": created.isoformat().replace("+00:00", "Z"),
                "closedAt": None,
                "activeDays": (self.today - due).days,
                "creditor": "Demo Creditor Oy",
                "currency": currency,
                "agency": "CASH-IN",
            },
            "balance": {
                "capitalAmount": capital,
                "interestAmount": interest,
                "costsAmount": costs,
                "capitalPaid": Decimal("0.00"),
                "interestPaid": Decimal("0.00"),
                "costsPaid": Decimal("0.00"),
                "capitalOutstanding": capital,
                "interestOutstanding": interest,
                "costsOutstanding": costs,
                "totalOutstanding": capital + interest + costs,
                "asOf": f"{self.today.isoformat()}T00:00:00.000Z",
            },
            "invoices": [
                {
                    "invoiceNumber": str(number),
                    "reference": None,
                    "originalReference": None,
                    "invoiceDate": invoice_date.isoformat(),
                    "dueDate": due.isoformat(),
                    "createdDate": invoice_date.isoformat(),
                    "subject": None,
                    "invoiceDocUrl": f"https://files.example.com/invoices/{number}.pdf",
                    "interestCalculation": "STATUTORY",
                    "interestRate": Decimal("8.0"),
                    "capitalAmount": capital,
                    "capitalPaid": Decimal("0.00"),
                    "interestAmount": interest,
                    "interestPaid": Decimal("0.00"),
                    "distribution": {
                        "method": "EMAIL",
                        "channel": "EMAIL",
                        "distributedAt": f"{invoice_date}T09:00:00Z",
                        "paymentControlEnabled": True,
                        "information": None,
                        "updatedAt": f"{invoice_date}T09:00:00Z",
                    },
                    "timeline": [{"type": "CREATED", "occurredAt": f"{invoice_date}T08:00:00Z"}],
                }
            ],
            "payments": [],
            "events": [],
            "actions": [],
            "notes": [],
        }

    # --- HTTP ------------------------------------------------------------------------

    def _app(self) -> web.Application:
        app = web.Application(middlewares=[self._auth])
        app.router.add_get("/api/v1/partner/invoice/case", self._get_case)
        app.router.add_get("/api/v1/partner/invoice/distribution", self._get_distribution)
        app.router.add_post("/api/v1/partner/invoice/action", self._post_actions)
        return app

    @web.middleware
    async def _auth(self, request: web.Request, handler: Any) -> web.StreamResponse:
        self.requests += 1
        if request.headers.get("X-Api-Key") != self.api_key:
            return _json({"message": "Unauthorized"}, status=401)
        response: web.StreamResponse = await handler(request)
        return response

    async def _get_case(self, request: web.Request) -> web.Response:
        case_id = _int_param(request, "caseId")
        if case_id is None:
            return _json({"cases": list(self.cases.values())})
        case = self.cases.get(case_id)
        if case is None:
            return _json({"message": "Case not found"}, status=404)
        return _json({"cases": [case]})

    async def _get_distribution(self, request: web.Request) -> web.Response:
        number = _int_param(request, "invoiceNumber")
        start = _date_param(request, "fromInvDate") or self.today - timedelta(days=30)
        end = _date_param(request, "toInvDate") or self.today
        if number is not None:
            rows = [r for r in (self.distribution.get(number),) if r is not None]
        else:
            rows = [r for r in self.distribution.values() if start <= r["_invoiceDate"] <= end]
        invoices = [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows]
        failed = sum(1 for r in invoices if r["distributionStatus"] == "FAILED")
        return _json(
            {
                "metaData": {
                    "totalCount": len(invoices),
                    "successfulCount": len(invoices) - failed,
                    "failedCount": failed,
                    "filtersApplied": {
                        "invoiceNumber": number,
                        "fromInvDate": start.isoformat(),
                        "toInvDate": end.isoformat(),
                        "fetchType": request.query.get("fetchType"),
                        "defaultLast30DaysApplied": "fromInvDate" not in request.query,
                    },
                },
                "invoices": invoices,
            }
        )

    async def _post_actions(self, request: web.Request) -> web.Response:
        try:
            body = serde.loads(await request.read())
            actions = body["actions"]
            assert isinstance(actions, list) and actions
            for index, action in enumerate(actions):
                if action.get("code") not in _ACTION_CODES:
                    return _json({"message": f"actions[{index}].code is invalid"}, status=400)
                data = action.get("data") or {}
                if int(data.get("caseId", 0)) not in self.cases:
                    return _json({"message": f"actions[{index}].data.caseId unknown"}, status=400)
        except (ValueError, KeyError, TypeError, AssertionError):
            return _json({"message": "body must be {\"actions\": [...]}"}, status=400)
        self.actions.extend(actions)
        return _json({})

    # --- lifecycle -------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self) -> FakeConfirma:
        runner = web.AppRunner(self._app(), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        await site.start()
        if self.port == 0:
            self.port = runner.addresses[0][1]
        self._runner = runner
        return self

    async def close(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def __aenter__(self) -> FakeConfirma:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


def _json(data: Any, *, status: int = 200) -> web.Response:
    return web.Response(body=serde.dumps(data), status=status, content_type="application/json")


def _int_param(request: web.Request, name: str) -> int | None:
    value = request.query.get(name)
    return int(value) if value and value.isdigit() else None


def _date_param(request: web.Request, name: str) -> date | None:
    value = request.query.get(name)
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
