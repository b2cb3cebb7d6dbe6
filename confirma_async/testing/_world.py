"""The sandbox's business state: invoices, agency cases, payments, settlements, accounting.

No HTTP here. A simulated clock (``World.today``) drives the life of an invoice, one day
at a time (``World.advance``):

    RECEIVED --next day--> DISTRIBUTED (or FAILED: bouncing or missing address)
    DISTRIBUTED + payment control --due date passes unpaid--> case OPEN, stage REMINDER
    REMINDER --case due date passes--> stage COLLECTION (PAUSEd cases wait)
    any payment lowers the balance (costs, then interest, then capital); paid in full -> CLOSED
    agency payments are paid out in a settlement every Friday

Interest accrues daily on open, unpaused cases at the case rate (exact ``Decimal``).
Money is always ``Decimal`` with two places.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

import attrs

from . import _nordic

__all__ = ["World", "Invoice", "Case", "Payment", "Settlement", "CENT", "ZERO", "DEFAULT_TODAY"]

#: The sandbox's fixed "today", so that seeded data is the same on every machine and day.
DEFAULT_TODAY: Final = date(2026, 11, 1)
CENT: Final = Decimal("0.01")
ZERO: Final = Decimal("0.00")
AGENCY: Final = "CASH-IN"
BOUNCE_DOMAIN: Final = "bounce.example.com"
#: Reminder fee when a case opens, collection fee when it escalates (per currency).
REMINDER_FEE: Final = {"EUR": Decimal("5.00"), "SEK": Decimal("60.00"),
                       "NOK": Decimal("70.00"), "DKK": Decimal("50.00")}
COLLECTION_FEE: Final = {"EUR": Decimal("30.00"), "SEK": Decimal("350.00"),
                         "NOK": Decimal("350.00"), "DKK": Decimal("250.00")}
REMINDER_DAYS: Final = 14
FIRST_CASE_ID: Final = 480001
FIRST_SEEDED_INVOICE: Final = 251600000


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def stamp(day: date, hour: int = 9, minute: int = 0) -> str:
    """``2026-03-27T09:00:00Z``: the wire form of a sandbox timestamp."""
    return datetime.combine(day, time(hour, minute), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@attrs.define(eq=False)
class Invoice:
    number: int
    invoice_date: date
    due_date: date
    currency: str
    total: Decimal
    buyer_name: str
    buyer_email: str | None
    payment_reference: str
    method: str
    distribution_enabled: bool
    payment_control: bool
    created_on: date
    accounting: bool = False
    e_invoice_address: str | None = None
    status: str = "RECEIVED"
    message: str | None = None
    errors: list[dict[str, str]] = attrs.field(factory=list)
    distributed_on: date | None = None
    printed_on: date | None = None
    pc_status: str = "PENDING"
    pc_activated_on: date | None = None
    paid: Decimal = ZERO  # paid before a case existed
    case: Case | None = None
    timeline: list[dict[str, str]] = attrs.field(factory=list)


@attrs.define(eq=False)
class Case:
    case_id: int
    invoice: Invoice
    opened_on: date
    due_date: date
    rate: Decimal
    capital: Decimal
    costs: Decimal
    interest: Decimal = ZERO
    capital_paid: Decimal = ZERO
    interest_paid: Decimal = ZERO
    costs_paid: Decimal = ZERO
    status: str = "OPEN"
    stage: str = "REMINDER"
    closed_on: date | None = None
    booked_until: date = attrs.field(default=None)
    payment_plan: bool = False
    payments: list[dict[str, Any]] = attrs.field(factory=list)
    events: list[dict[str, Any]] = attrs.field(factory=list)
    actions: list[dict[str, Any]] = attrs.field(factory=list)
    notes: list[dict[str, Any]] = attrs.field(factory=list)

    def __attrs_post_init__(self) -> None:
        if self.booked_until is None:
            self.booked_until = self.opened_on

    @property
    def currency(self) -> str:
        return self.invoice.currency

    def pending_interest(self, today: date) -> Decimal:
        """Interest accrued since the last booking and not yet booked."""
        if self.status != "OPEN" or today <= self.booked_until:
            return ZERO
        days = (today - self.booked_until).days
        return _money(self.capital_outstanding * self.rate / 100 * days / 365)

    def book_interest(self, today: date) -> None:
        self.interest += self.pending_interest(today)
        self.booked_until = max(self.booked_until, today)

    @property
    def capital_outstanding(self) -> Decimal:
        return self.capital - self.capital_paid

    def interest_outstanding(self, today: date) -> Decimal:
        return self.interest + self.pending_interest(today) - self.interest_paid

    @property
    def costs_outstanding(self) -> Decimal:
        return self.costs - self.costs_paid

    def total_outstanding(self, today: date) -> Decimal:
        return self.capital_outstanding + self.interest_outstanding(today) + self.costs_outstanding

    def event(self, day: date, title: str, description: str, *, hour: int = 10) -> None:
        self.events.append({"title": title, "description": description, "state": 1,
                            "occurredAt": stamp(day, hour)})


@attrs.define(eq=False)
class Payment:
    """A payment allocated to an invoice: by the agency, or a direct payment registered."""

    payment_id: int
    invoice: Invoice
    case_id: int | None
    amount: Decimal
    currency: str
    paid_on: date
    booked_on: date
    capital: Decimal
    interest: Decimal
    fees: Decimal
    original_reference: str
    account_name: str
    method: str
    direct: bool = False
    settlement_id: int | None = None


@attrs.define(eq=False)
class Settlement:
    settlement_id: int
    day: date
    currency: str
    remittance_reference: str
    payments: list[Payment]
    fetched_at: str | None = None

    @property
    def amount(self) -> Decimal:
        return sum((p.amount for p in self.payments), ZERO)


@attrs.define(eq=False)
class SyncRecord:
    """A ledger document, accounting payment or invoice waiting to be synced to the
    accounting system."""

    source_identifier: str
    document_date: date
    name: str
    submitted_on: date
    invoice_number: str | None = None
    synced_on: date | None = None


class World:
    """All sandbox state and the rules that move it. Not thread-safe: the fake locks."""

    def __init__(self, *, today: date, seed: int, creditor: str = "Sandbox Creditor Oy") -> None:
        self.today = today
        self.seed_value = seed
        self.rng = random.Random(seed)
        self.creditor = creditor
        self.creditor_iban = _nordic.iban("FI", "40500000123456")
        self.invoices: dict[int, Invoice] = {}
        self.cases: dict[int, Case] = {}
        self.payments: list[Payment] = []
        self.settlements: list[Settlement] = []
        self.ledgers: list[SyncRecord] = []
        self.accounting_payments: list[SyncRecord] = []
        self.accounting_invoices: list[SyncRecord] = []
        self._next_case = FIRST_CASE_ID
        self._next_payment = 1
        self._next_allocation = 9001001
        self._scheduled_payments: dict[date, list[tuple[int, Decimal | None]]] = defaultdict(list)
        self._scheduled_actions: dict[date, list[tuple[int, str]]] = defaultdict(list)

    # --- seeding ------------------------------------------------------------------------

    def seed(self, count: int, *, days: int = 120) -> None:
        """Create ``count`` invoices dated over the last ``days`` days and live through them.

        Each invoice draws from its own random stream (the seed and its index), so the
        first ``n`` invoices of a bigger data set are the ``n`` invoices of a smaller one:
        more invoices never take a case away (see ``invoices_for_cases``).
        """
        end = self.today
        start = end - timedelta(days=days)
        by_day: dict[date, list[int]] = defaultdict(list)
        for index in range(count):
            by_day[start + timedelta(days=self._stream(index, 0).randrange(days))].append(index)
        self.today = start
        for offset in range(days + 1):
            day = start + timedelta(days=offset)
            if offset:
                self._run_day(day)
            for index in by_day.get(day, ()):
                self._seed_invoice(FIRST_SEEDED_INVOICE + index, day)
        self.today = end

    def _stream(self, index: int, part: int) -> random.Random:
        return random.Random(self.seed_value * 2**40 + index * 2 + part)

    def invoices_for_cases(self, cases: int, *, days: int = 120) -> int:
        """How many seeded invoices (this seed, clock and period) end with exactly ``cases``
        agency cases: the smallest such number.

        Whether an invoice gets a case depends only on its own random stream, so adding
        invoices adds at most one case each and never removes one.
        """
        if cases <= 0:
            return 0
        pool = cases * 4
        while pool <= 4_000_000:
            probe = World(today=self.today, seed=self.seed_value, creditor=self.creditor)
            probe.seed(pool, days=days)
            if len(probe.cases) >= cases:
                with_case = sorted(c.invoice.number for c in probe.cases.values())
                return with_case[cases - 1] - FIRST_SEEDED_INVOICE + 1
            pool *= 2
        raise ValueError(f"cannot seed {cases} cases over {days} days")

    def _seed_invoice(self, number: int, day: date) -> None:
        rng = self._stream(number - FIRST_SEEDED_INVOICE, 1)
        buyer = _nordic.company(rng)
        currency = buyer.currency
        due = day + timedelta(days=rng.choice((14, 14, 21, 30)))
        method = rng.choices(("EMAIL", "EINVOICE", "PRINT"), weights=(6, 3, 1))[0]
        email = buyer.email
        if method == "EMAIL" and rng.random() < 0.04:
            email = email.split("@")[0] + "@" + BOUNCE_DOMAIN
        invoice = Invoice(
            number=number, invoice_date=day, due_date=due, currency=currency,
            total=_nordic.amount(rng, currency), buyer_name=buyer.name, buyer_email=email,
            payment_reference=_nordic.rf_reference(number), method=method,
            distribution_enabled=True, payment_control=rng.random() < 0.92, created_on=day,
            e_invoice_address=f"0037{buyer.business_id.replace('-', '')[:8]}"
            if method == "EINVOICE" else None,
        )
        self._add_invoice(invoice)
        fate = rng.random()
        if fate < 0.5:  # pays on time
            when = day + timedelta(days=rng.randint(2, max(2, (due - day).days)))
            self._scheduled_payments[when].append((number, None))
        elif fate < 0.7:  # pays everything late
            self._scheduled_payments[due + timedelta(days=rng.randint(4, 45))].append(
                (number, None))
        elif fate < 0.8:  # pays part late
            part = _money(invoice.total * Decimal(rng.randint(30, 70)) / 100)
            self._scheduled_payments[due + timedelta(days=rng.randint(4, 30))].append(
                (number, part))
        if rng.random() < 0.12:
            code = rng.choice(("COMMENT", "COMMENT", "PAUSE", "OBJECTION", "WITHDRAW", "DUEDATE"))
            self._scheduled_actions[due + timedelta(days=rng.randint(3, 25))].append(
                (number, code))

    # --- invoices -----------------------------------------------------------------------

    def _add_invoice(self, invoice: Invoice) -> None:
        self.invoices[invoice.number] = invoice
        if not invoice.payment_control:
            invoice.pc_status = "NOT_ENABLED"
        invoice.timeline.append({"type": "CREATED", "occurredAt": stamp(invoice.created_on, 8)})

    def add_invoice(self, invoice: Invoice) -> None:
        """An invoice submitted through the API (today)."""
        self._add_invoice(invoice)
        if invoice.accounting:
            self.queue_accounting_invoice(invoice.number)

    def queue_accounting_invoice(self, number: int) -> None:
        """Send an invoice to the accounting system (synced the next day, like the rest)."""
        invoice = self.invoices[number]
        self.accounting_invoices.append(SyncRecord(
            str(number), invoice.invoice_date, str(number), self.today,
            invoice_number=str(number)))

    # --- the clock ----------------------------------------------------------------------

    def advance(self, days: int = 1) -> None:
        """Move the clock ``days`` days forward, running each day's jobs."""
        for _ in range(days):
            self._run_day(self.today + timedelta(days=1))

    def _run_day(self, day: date) -> None:
        self.today = day
        for invoice in self.invoices.values():
            if invoice.status == "RECEIVED" and invoice.created_on < day:
                self._distribute(invoice, day)
            if (
                invoice.case is None
                and invoice.pc_status == "ACTIVE"
                and invoice.due_date < day
                and invoice.total > invoice.paid
            ):
                self._open_case(invoice, day)
        for case in self.cases.values():
            if case.status == "OPEN" and case.stage == "REMINDER" and case.due_date < day:
                case.book_interest(day)
                case.stage = "COLLECTION"
                case.costs += COLLECTION_FEE.get(case.currency, Decimal("30.00"))
                case.event(day, "Transferred to collection",
                           "The case moved from the reminder phase to collection.")
                case.invoice.timeline.append({"type": "COLLECTION", "occurredAt": stamp(day, 10)})
        for number, part in self._scheduled_payments.pop(day, ()):
            invoice = self.invoices[number]
            if invoice.status == "FAILED" or (
                invoice.case is not None and invoice.case.status == "CLOSED"
            ):
                continue
            owed = self.outstanding(invoice)
            amount = owed if part is None else min(part, owed)
            if amount > 0:
                self.agency_payment(number, amount, day)
        for number, code in self._scheduled_actions.pop(day, ()):
            target = self.invoices[number].case
            if target is not None and target.status != "CLOSED":
                self._seeded_action(target, code, day)
        for record in self.ledgers + self.accounting_payments + self.accounting_invoices:
            if record.synced_on is None and record.submitted_on < day:
                record.synced_on = day
        if day.weekday() == 4:
            self.run_settlement(day)

    def _distribute(self, invoice: Invoice, day: date) -> None:
        if not invoice.distribution_enabled:
            invoice.status = "NOT_DISTRIBUTED"
            invoice.message = "Distribution disabled by the sender"
        elif invoice.method == "EMAIL" and not invoice.buyer_email:
            self._fail(invoice, "E-NO-ADDRESS", "No e-mail address for e-mail delivery")
        elif invoice.method == "EMAIL" and (invoice.buyer_email or "").endswith(
                "@" + BOUNCE_DOMAIN):
            self._fail(invoice, "E-BOUNCE", "Recipient mailbox rejected the message")
        elif invoice.method == "EINVOICE" and not invoice.e_invoice_address:
            self._fail(invoice, "E-NO-EINVOICE", "No e-invoice address for e-invoice delivery")
        else:
            invoice.status = "DISTRIBUTED"
            invoice.distributed_on = day
            if invoice.method == "PRINT":
                invoice.printed_on = day
            invoice.message = "Delivered"
            invoice.timeline.append({"type": "DISTRIBUTED", "occurredAt": stamp(day, 9)})
        if invoice.status != "FAILED" and invoice.payment_control:
            invoice.pc_status = "ACTIVE" if invoice.total > invoice.paid else "PAID"
            invoice.pc_activated_on = day

    def _fail(self, invoice: Invoice, code: str, description: str) -> None:
        invoice.status = "FAILED"
        invoice.message = description
        invoice.errors.append({"errorCode": code, "errorDescription": description,
                               "errorType": "DISTRIBUTION"})
        if invoice.payment_control:
            invoice.pc_status = "NOT_ACTIVE"

    def _open_case(self, invoice: Invoice, day: date) -> None:
        case = Case(
            case_id=self._next_case, invoice=invoice, opened_on=day,
            due_date=day + timedelta(days=REMINDER_DAYS),
            rate=Decimal("11.50") if invoice.currency == "EUR" else Decimal("10.00"),
            capital=invoice.total - invoice.paid,
            costs=REMINDER_FEE.get(invoice.currency, Decimal("5.00")),
        )
        self._next_case += 1
        self.cases[case.case_id] = case
        invoice.case = case
        invoice.pc_status = "CASE_OPEN"
        case.event(day, "Case opened", "The invoice is overdue; the agency opened a case.", hour=7)
        case.event(day, "Reminder sent", f"Payment reminder sent to {invoice.buyer_name}.")
        invoice.timeline.append({"type": "OVERDUE", "occurredAt": stamp(day, 7)})
        invoice.timeline.append({"type": "REMINDER", "occurredAt": stamp(day, 10)})

    def _seeded_action(self, case: Case, code: str, day: date) -> None:
        comments = {
            "COMMENT": "Customer called and promised to pay next week",
            "PAUSE": "Customer disputes delivery; pausing while we check",
            "OBJECTION": "Customer objects to the amount invoiced",
            "WITHDRAW": "Settled outside the agency",
            "DUEDATE": "Customer asked for more time",
        }
        self.apply_action(code, case, comments[code],
                          {"dueDate": (case.due_date + timedelta(days=14)).isoformat()}, day)

    # --- balances and payments ----------------------------------------------------------

    def outstanding(self, invoice: Invoice) -> Decimal:
        if invoice.case is not None:
            return invoice.case.total_outstanding(self.today)
        return invoice.total - invoice.paid

    def _allocate(self, invoice: Invoice, amount: Decimal, day: date) -> tuple[Decimal, ...]:
        """Lower the balance by ``amount``: costs first, then interest, then capital."""
        case = invoice.case
        if case is None:
            invoice.paid += amount
            if invoice.paid >= invoice.total and invoice.pc_status == "ACTIVE":
                invoice.pc_status = "PAID"
            return amount, ZERO, ZERO
        case.book_interest(day)
        fees = min(amount, case.costs_outstanding)
        interest = min(amount - fees, case.interest - case.interest_paid)
        capital = amount - fees - interest
        case.costs_paid += fees
        case.interest_paid += interest
        case.capital_paid += capital
        if case.total_outstanding(day) <= 0 and case.status != "CLOSED":
            case.status, case.stage, case.closed_on = "CLOSED", "PAID", day
            invoice.pc_status = "PAID"
            case.event(day, "Case closed", "The case was paid in full.", hour=16)
            invoice.timeline.append({"type": "PAID", "occurredAt": stamp(day, 16)})
        return capital, interest, fees

    def _record(self, invoice: Invoice, amount: Decimal, day: date, parts: tuple[Decimal, ...],
                *, reference: str, method: str, direct: bool) -> Payment:
        payment = Payment(
            payment_id=self._next_payment, invoice=invoice,
            case_id=invoice.case.case_id if invoice.case else None, amount=amount,
            currency=invoice.currency, paid_on=day, booked_on=day, capital=parts[0],
            interest=parts[1], fees=parts[2], original_reference=reference,
            account_name=invoice.buyer_name, method=method, direct=direct,
        )
        self._next_payment += 1
        self.payments.append(payment)
        if invoice.case is not None:
            invoice.case.payments.append({
                "invoiceNumber": str(invoice.number),
                "createdAt": stamp(day, 12),
                "bankPaymentDate": day.isoformat(),
                "allocatedAt": stamp(day, 12),
                "amount": amount,
                "currency": invoice.currency,
                "description": "Direct payment to the creditor" if direct
                else "Payment to the agency",
                "method": method,
                "status": "ALLOCATED",
            })
        return payment

    def agency_payment(self, number: int, amount: Decimal, day: date | None = None) -> Payment:
        """The debtor pays ``amount`` to the agency (it shows in payments, then settlements)."""
        invoice = self.invoices[number]
        day = day or self.today
        parts = self._allocate(invoice, amount, day)
        return self._record(invoice, amount, day, parts, reference=invoice.payment_reference,
                            method="BANK_TRANSFER", direct=False)

    def run_settlement(self, day: date | None = None) -> list[Settlement]:
        """Pay out every unsettled agency payment, one settlement per currency."""
        day = day or self.today
        by_currency: dict[str, list[Payment]] = defaultdict(list)
        for payment in self.payments:
            if not payment.direct and payment.settlement_id is None and payment.paid_on <= day:
                by_currency[payment.currency].append(payment)
        made = []
        for currency in sorted(by_currency):
            settlement = Settlement(
                settlement_id=int(f"{day:%Y%m%d}{len(self.settlements) + 1:04d}"),
                day=day, currency=currency,
                remittance_reference=str(self.rng.randint(10**12, 10**13 - 1)),
                payments=by_currency[currency],
            )
            for payment in settlement.payments:
                payment.settlement_id = settlement.settlement_id
            self.settlements.append(settlement)
            made.append(settlement)
        return made

    # --- actions ------------------------------------------------------------------------

    def apply_action(self, code: str, case: Case, comment: str, data: dict[str, Any],
                     day: date | None = None) -> None:
        """Carry out one (already validated) invoice action."""
        day = day or self.today
        invoice = case.invoice
        case.actions.append({"type": code, "status": 1, "comment": comment,
                             "occurredAt": stamp(day, 11)})
        if code == "COMMENT":
            case.notes.append({"title": "Comment", "content": comment,
                               "occuredAt": stamp(day, 11)})
        elif code == "WITHDRAW":
            case.book_interest(day)
            case.status, case.stage, case.closed_on = "CLOSED", "WITHDRAWN", day
            invoice.pc_status = "WITHDRAWN"
            case.event(day, "Case withdrawn", comment or "Withdrawn by the creditor.", hour=11)
        elif code == "PAUSE":
            case.book_interest(day)
            case.status = "PAUSED"
            case.event(day, "Case paused", comment or "Paused by the creditor.", hour=11)
        elif code == "DUEDATE":
            new = date.fromisoformat(str(data["dueDate"]))
            case.due_date = new
            case.event(day, "Case due date changed",
                       f"Case due date moved to {new.isoformat()}.", hour=11)
        elif code == "PAYMENTPLAN":
            case.payment_plan = True
            case.event(day, "Payment plan allowed",
                       comment or "The debtor may request a payment plan.", hour=11)
        elif code == "OBJECTION":
            case.event(day, "Objection registered", comment, hour=11)
            case.notes.append({"title": "Objection", "content": comment,
                               "occuredAt": stamp(day, 11)})
        elif code == "DIRECTPAYMENT":
            amount = Decimal(data["amount"])
            paid_on = date.fromisoformat(str(data["paymentDate"]))
            parts = self._allocate(invoice, amount, day)
            self._record(invoice, amount, paid_on, parts,
                         reference=str(data.get("reference") or ""),
                         method=str(data.get("paymentMethod") or "DIRECT"), direct=True)
            case.event(day, "Direct payment registered",
                       f"{amount} {invoice.currency} paid directly to the creditor.", hour=11)

    # --- queries ------------------------------------------------------------------------

    def distribution(self, start: date, end: date) -> Iterable[Invoice]:
        return (i for i in self.invoices.values() if start <= i.invoice_date <= end)
