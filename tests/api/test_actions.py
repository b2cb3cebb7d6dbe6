"""Invoice actions: the check before sending and the exact documented wire shape."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from aioresponses import aioresponses

from confirma_async import (
    AsyncConfirmaClient,
    CommentAction,
    ConfirmaValueError,
    DirectPaymentAction,
    DueDateAction,
    InvoiceAction,
    ObjectionAction,
    PauseAction,
    PaymentPlanAction,
    WithdrawAction,
    serde,
)
from tests.conftest import example_text

ACTION_URL = "https://integrations.confirmafinance.com/api/v1/partner/invoice/action"
IDS: dict[str, Any] = {"invoice_number": 123456789, "case_id": 12345}


def documented_actions() -> list[InvoiceAction]:
    """The seven actions of the documented example, built with the SDK."""
    return [
        CommentAction(**IDS, comment="Customer requested extension"),
        WithdrawAction(
            **IDS, comment="Customer requested to withdraw the case with the invoice number"
        ),
        DueDateAction(
            **IDS,
            comment="Customer requested extension for the case due date (not invoice due date)",
            due_date=date(2026, 3, 15),
        ),
        PaymentPlanAction(
            **IDS, comment="Customer allows option to generate an payment plan for this case"
        ),
        ObjectionAction(**IDS, comment="Customer sends a objection to the case with comment"),
        PauseAction(**IDS, comment="Customer would like to pause the case proceedings"),
        DirectPaymentAction(
            **IDS,
            comment="Payment received via bank transfer",
            payment_method="Bankgiro",
            amount=Decimal("250.75"),
            currency="SEK",
            payment_date=date(2026, 2, 9),
            reference="BANKREF-88921",
            outstanding_capital_amount=Decimal("0"),
            outstanding_interest_amount=Decimal("0"),
            outstanding_costs_amount=Decimal("0"),
        ),
    ]


def test_action_body_matches_the_documented_example() -> None:
    body = {"actions": [serde.unstructure(a) for a in documented_actions()]}
    sent = serde.loads(serde.dumps(body))
    assert sent == serde.loads(example_text("invoice_action.request.json"))


def test_direct_payment_amount_is_written_as_an_exact_number_literal() -> None:
    action = DirectPaymentAction(**IDS, amount=Decimal("0.10"), currency="EUR",
                                 payment_date=date(2026, 1, 1))
    assert b'"amount":0.10' in serde.dumps(serde.unstructure(action))


async def test_create_actions_posts_the_documented_body(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.post(ACTION_URL, payload={}, headers={"X-Request-Id": "abc"})
        async with AsyncConfirmaClient(api_key=api_key) as client:
            receipt = await client.invoices.create_actions(documented_actions())
        ((_, calls),) = mocked.requests.items()
    assert receipt.accepted == 7 and receipt.request_id == "abc"
    assert calls[0].kwargs["headers"]["Content-Type"] == "application/json"
    assert serde.loads(calls[0].kwargs["data"]) == serde.loads(
        example_text("invoice_action.request.json")
    )


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: CommentAction(invoice_number=0, case_id=1, comment="x"),
         "actions[0].data.invoiceNumber"),
        (lambda: CommentAction(invoice_number=1, case_id=-5, comment="x"),
         "actions[0].data.caseId"),
        (lambda: CommentAction(invoice_number=True, case_id=1, comment="x"),
         "actions[0].data.invoiceNumber"),
        (lambda: CommentAction(invoice_number="12", case_id=1, comment="x"),
         "actions[0].data.invoiceNumber"),
        (lambda: CommentAction(invoice_number=1, case_id=1, comment="  "), "actions[0].comment"),
        (lambda: ObjectionAction(invoice_number=1, case_id=1, comment=""), "actions[0].comment"),
        (lambda: DueDateAction(invoice_number=1, case_id=1, due_date="2026-02-30"),
         "actions[0].data.dueDate"),
        (lambda: DueDateAction(invoice_number=1, case_id=1,
                               due_date=datetime(2026, 1, 1)), "actions[0].data.dueDate"),
        (lambda: _payment(amount=Decimal("0")), "actions[0].data.amount"),
        (lambda: _payment(amount=Decimal("-1.00")), "actions[0].data.amount"),
        (lambda: _payment(amount=Decimal("10.005")), "actions[0].data.amount"),
        (lambda: _payment(amount=250.75), "actions[0].data.amount"),
        (lambda: _payment(amount="NaN"), "actions[0].data.amount"),
        (lambda: _payment(currency="XYZ"), "actions[0].data.currency"),
        (lambda: _payment(currency="EURO"), "actions[0].data.currency"),
        (lambda: _payment(payment_date="9.2.2026"), "actions[0].data.paymentDate"),
        (lambda: _payment(outstanding_costs_amount=Decimal("-0.01")),
         "actions[0].data.outstandingCostsAmount"),
    ],
)
async def test_invalid_action_is_refused_naming_the_field_and_nothing_is_sent(
    api_key: str, build: Any, field: str
) -> None:
    with aioresponses() as mocked:
        async with AsyncConfirmaClient(api_key=api_key) as client:
            with pytest.raises(ConfirmaValueError) as info:
                await client.invoices.create_actions([build()])
        assert mocked.requests == {}
    assert info.value.field == field
    assert field in str(info.value)
    assert isinstance(info.value, ValueError)


def test_an_action_checks_itself_from_its_own_root() -> None:
    """``validate()`` runs the same check at once; the path starts inside the action."""
    with pytest.raises(ConfirmaValueError) as info:
        _payment(amount=Decimal("10.005")).validate()
    assert info.value.field == "data.amount"
    assert _payment().validate().amount == Decimal("10.00")


async def test_the_second_bad_action_is_named_by_its_index(api_key: str) -> None:
    with aioresponses() as mocked:
        async with AsyncConfirmaClient(api_key=api_key) as client:
            with pytest.raises(ConfirmaValueError) as info:
                await client.invoices.create_actions([_payment(), _payment(currency="EURO")])
        assert mocked.requests == {}
    assert info.value.field == "actions[1].data.currency"


def _payment(**overrides: Any) -> DirectPaymentAction:
    values: dict[str, Any] = {**IDS, "amount": Decimal("10.00"), "currency": "EUR",
                              "payment_date": date(2026, 1, 1)}
    values.update(overrides)
    return DirectPaymentAction(**values)


def test_money_accepts_strings_and_ints_exactly() -> None:
    assert _payment(amount="250.75").amount == Decimal("250.75")
    assert _payment(amount=12).amount == Decimal("12")
    assert _payment(currency="sek").currency == "SEK"


@pytest.mark.parametrize(
    ("actions", "field"),
    [([], "actions"), ("COMMENT", "actions"),
     ([CommentAction(invoice_number=1, case_id=1, comment="ok"), {"code": "PAUSE"}],
      "actions[1]"),
     ([InvoiceAction(invoice_number=1, case_id=1)], "actions[0]")],
)
async def test_bad_action_list_sends_nothing(api_key: str, actions: Any, field: str) -> None:
    with aioresponses() as mocked:
        async with AsyncConfirmaClient(api_key=api_key) as client:
            with pytest.raises(ConfirmaValueError) as info:
                await client.invoices.create_actions(actions)
        assert mocked.requests == {}
    assert info.value.field == field


async def test_post_is_not_retried_after_a_server_error(api_key: str) -> None:
    with aioresponses() as mocked:
        mocked.post(ACTION_URL, status=500, repeat=True)
        async with AsyncConfirmaClient(api_key=api_key, max_retries=3) as client:
            with pytest.raises(Exception, match="500"):
                await client.invoices.create_actions(documented_actions()[:1])
        ((_, calls),) = mocked.requests.items()
    assert len(calls) == 1


def test_actions_are_immutable() -> None:
    action = documented_actions()[0]
    with pytest.raises(AttributeError):
        action.case_id = 5  # type: ignore[misc]


def test_action_code_is_per_class() -> None:
    codes = [a.code.value for a in documented_actions()]
    assert codes == ["COMMENT", "WITHDRAW", "DUEDATE", "PAYMENTPLAN", "OBJECTION", "PAUSE",
                     "DIRECTPAYMENT"]
    assert re.fullmatch(r"[A-Z]+", codes[0])
