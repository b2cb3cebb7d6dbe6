"""The benchmark payloads and the models others would write for them.

``case_dict`` is one realistic case-details response: the full documented shape (summary,
balance, one invoice with distribution and timeline, payments, events, actions, notes)
with realistic values, money as exact decimals. ``SEED_EXAMPLE`` is the docs' own example
(``tests/examples/invoice_case.response.v2.json``: placeholders, whole-number amounts).
The pydantic v2 models (``PEnvelope``) are what a user would write; the msgspec Structs
(``MEnvelope``: ``Decimal`` money, the exact decode floor) are built from the SDK's models.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, get_args, get_origin

import attrs
import msgspec
from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from confirma_async.models import CaseEnvelope

PLACEHOLDER = "987654321"
SEED_EXAMPLE = (
    Path(__file__).resolve().parents[1] / "tests" / "examples" / "invoice_case.response.v2.json"
).read_bytes()


def case_dict(case_id: int | str) -> dict[str, Any]:
    ts = "2026-10-0{}T09:1{}:22.123Z"
    return {
        "summary": {
            "caseId": case_id, "status": "OPEN", "stage": "REMINDER",
            "createdAt": "2026-10-01T08:00:00Z", "closedAt": None, "activeDays": 31,
            "creditor": "Demo Creditor Oy", "currency": "EUR", "agency": "CASH-IN",
        },
        "balance": {
            "capitalAmount": Decimal("1234.56"), "interestAmount": Decimal("12.34"),
            "costsAmount": Decimal("5.00"), "capitalPaid": Decimal("0.00"),
            "interestPaid": Decimal("0.00"), "costsPaid": Decimal("0.00"),
            "capitalOutstanding": Decimal("1234.56"), "interestOutstanding": Decimal("12.34"),
            "costsOutstanding": Decimal("5.00"), "totalOutstanding": Decimal("1251.90"),
            "asOf": "2026-11-01T00:00:00.000Z",
        },
        "invoices": [
            {
                "invoiceNumber": "251600123", "reference": "RF18 5390 0754 7034",
                "originalReference": None, "invoiceDate": "2026-09-01", "dueDate": "2026-09-15",
                "createdDate": "2026-09-01", "subject": "Consulting, August",
                "invoiceDocUrl": "https://files.example.com/invoices/251600123.pdf",
                "interestCalculation": "STATUTORY", "interestRate": Decimal("8.0"),
                "capitalAmount": Decimal("1234.56"), "capitalPaid": Decimal("0.00"),
                "interestAmount": Decimal("12.34"), "interestPaid": Decimal("0.00"),
                "distribution": {
                    "method": "EMAIL", "channel": "POSTNORD",
                    "distributedAt": "2026-09-01T09:00:00Z", "paymentControlEnabled": True,
                    "information": "Delivered", "updatedAt": "2026-09-01T09:00:00Z",
                },
                "timeline": [
                    {"type": "CREATED", "occurredAt": "2026-09-01T08:00:00Z"},
                    {"type": "DISTRIBUTED", "occurredAt": "2026-09-01T09:00:00Z"},
                    {"type": "OVERDUE", "occurredAt": "2026-09-16T00:00:00Z"},
                ],
            }
        ],
        "payments": [
            {
                "invoiceNumber": "251600123", "createdAt": f"2026-10-0{i}T10:00:00Z",
                "bankPaymentDate": f"2026-10-0{i}", "allocatedAt": f"2026-10-0{i}T12:00:00Z",
                "amount": Decimal("10.00"), "currency": "EUR", "description": "Partial payment",
                "method": "BANK_TRANSFER", "status": "ALLOCATED",
            }
            for i in (2, 3)
        ],
        "events": [
            {"title": "Reminder sent", "description": "First reminder", "state": 1,
             "occurredAt": ts.format(i, i)}
            for i in (1, 2, 3)
        ],
        "actions": [
            {"type": "COMMENT", "status": 1, "comment": "Customer called",
             "occurredAt": ts.format(i, i)}
            for i in (4, 5)
        ],
        "notes": [
            {"title": "Call", "content": "Promised to pay next week", "occuredAt": ts.format(6, 6)}
        ],
    }


# --- the pydantic v2 models a user would otherwise write ------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, frozen=True)


class PSummary(_Model):
    case_id: int
    status: str | None = None
    stage: str | None = None
    created_at: datetime | None = None
    closed_at: date | None = None
    active_days: int | None = None
    creditor: str | None = None
    currency: str | None = None
    agency: str | None = None


class PBalance(_Model):
    capital_amount: Decimal | None = None
    interest_amount: Decimal | None = None
    costs_amount: Decimal | None = None
    capital_paid: Decimal | None = None
    interest_paid: Decimal | None = None
    costs_paid: Decimal | None = None
    capital_outstanding: Decimal | None = None
    interest_outstanding: Decimal | None = None
    costs_outstanding: Decimal | None = None
    total_outstanding: Decimal | None = None
    as_of: datetime | None = None


class PInvoiceDistribution(_Model):
    method: str | None = None
    channel: str | None = None
    distributed_at: str | None = None
    payment_control_enabled: bool | None = None
    information: str | None = None
    updated_at: datetime | None = None


class PTimeline(_Model):
    type: str | None = None
    occurred_at: str | None = None


class PInvoice(_Model):
    invoice_number: str | None = None
    reference: str | None = None
    original_reference: str | None = None
    invoice_date: str | None = None
    due_date: str | None = None
    created_date: str | None = None
    subject: str | None = None
    invoice_doc_url: str | None = None
    interest_calculation: str | None = None
    interest_rate: Decimal | None = None
    capital_amount: Decimal | None = None
    capital_paid: Decimal | None = None
    interest_amount: Decimal | None = None
    interest_paid: Decimal | None = None
    distribution: PInvoiceDistribution | None = None
    timeline: list[PTimeline] = []


class PPayment(_Model):
    invoice_number: str | None = None
    created_at: str | None = None
    bank_payment_date: str | None = None
    allocated_at: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    description: str | None = None
    method: str | None = None
    status: str | None = None


class PEvent(_Model):
    title: str | None = None
    description: str | None = None
    state: int | None = None
    occurred_at: datetime | None = None


class PAction(_Model):
    type: str | None = None
    status: int | None = None
    comment: str | None = None
    occurred_at: datetime | None = None


class PNote(_Model):
    title: str | None = None
    content: str | None = None
    occured_at: datetime | None = None


class PCase(_Model):
    summary: PSummary
    balance: PBalance | None = None
    invoices: list[PInvoice] = []
    payments: list[PPayment] = []
    events: list[PEvent] = []
    actions: list[PAction] = []
    notes: list[PNote] = []


class PEnvelope(_Model):
    case: PCase | None = None
    cases: list[PCase] = []


# --- msgspec Structs of the same shape: the exact floor ----------------------------------


def _floor_type(tp: Any, made: dict[type, Any]) -> Any:
    if attrs.has(tp):
        if tp not in made:
            attrs.resolve_types(tp)
            fields = [
                (f.name, _floor_type(f.type, made))
                if f.default is attrs.NOTHING
                else (f.name, _floor_type(f.type, made), [] if get_origin(f.type) is list else None)
                for f in attrs.fields(tp)
            ]
            made[tp] = msgspec.defstruct(tp.__name__, fields, rename="camel", kw_only=True)
        return made[tp]
    args = get_args(tp)
    if get_origin(tp) is list:
        return list[_floor_type(args[0], made)]  # type: ignore[misc]
    if args:  # X | None
        return _floor_type(args[0], made) | None
    return tp


#: msgspec Structs with the SDK models' field names, types (``Decimal`` money: exact
#: digits; ``datetime``/``date`` where the SDK parses them), required and optional fields
#: and camelCase wire names; plain ``msgspec.Struct`` settings, as a user would write them.
MEnvelope: Any = _floor_type(CaseEnvelope, {})
