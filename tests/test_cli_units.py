"""The CLI's pieces in-process: argument handling, the actions file, output formatting."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from confirma_async import DirectPaymentAction, DueDateAction, serde
from confirma_async.cli import UsageError, load_actions, main, pretty_json, render_table


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cases", "get", "not-a-number"]) == 2
    assert "positive integer" in capsys.readouterr().err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["track", "--help"]) == 0
    assert "--concurrency" in capsys.readouterr().out


def test_connection_options_are_accepted_before_and_after_the_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("CONFIRMA_API_KEY", raising=False)
    # Both parse; both then stop at the missing key (exit 2), not at the options.
    assert main(["--base-url", "http://127.0.0.1:9", "cases", "get", "1"]) == 2
    assert main(["cases", "get", "1", "--base-url", "http://127.0.0.1:9", "--no-progress"]) == 2
    assert capsys.readouterr().err.count("CONFIRMA_API_KEY") == 2


def test_pretty_json_writes_decimals_exactly() -> None:
    text = pretty_json({"amount": Decimal("1240.50"), "rows": [Decimal("0.10"), None]})
    assert '"amount": 1240.50' in text and "0.10" in text
    assert serde.loads(text) == {"amount": Decimal("1240.50"), "rows": [Decimal("0.10"), None]}


def test_render_table_right_aligns_numbers() -> None:
    table = render_table(("Currency", "Total"), [("EUR", Decimal("5.00")),
                                                  ("SEK", Decimal("1234.50"))])
    lines = table.splitlines()
    assert lines[2].endswith("   5.00") and lines[3].endswith("1234.50")


def test_load_actions_builds_the_action_classes() -> None:
    actions = load_actions(
        '{"actions": [{"code": "DUEDATE", "comment": "more time", "data": {"invoiceNumber": 1,'
        ' "caseId": 2, "dueDate": "2026-03-15"}}, {"code": "DIRECTPAYMENT", "data":'
        ' {"invoiceNumber": 1, "caseId": 2, "amount": 250.75, "currency": "SEK",'
        ' "paymentDate": "2026-02-09", "paymentMethod": "Bankgiro"}}]}'
    )
    assert actions[0] == DueDateAction(invoice_number=1, case_id=2, comment="more time",
                                       due_date=date(2026, 3, 15))
    assert isinstance(actions[1], DirectPaymentAction)
    assert actions[1].amount == Decimal("250.75")


def test_load_actions_accepts_the_docs_example() -> None:
    from .conftest import example_text

    actions = load_actions(example_text("invoice_action.request.json"))
    assert [a.code.value for a in actions] == [
        "COMMENT", "WITHDRAW", "DUEDATE", "PAYMENTPLAN", "OBJECTION", "PAUSE", "DIRECTPAYMENT"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[]", "at least one action"),
        ('[{"code": "NOPE", "data": {}}]', "actions[0].code"),
        ('[{"code": "PAUSE", "data": {"invoiceNumber": 1, "caseId": 2, "amount": 1}}]',
         "actions[0].data.amount: not a field"),
        ('[{"code": "DUEDATE", "data": {"invoiceNumber": 1, "caseId": 2,'
         ' "dueDate": "2026-02-30"}}]', "actions[0].data.dueDate"),
        ('[{"code": "COMMENT", "data": {"invoiceNumber": 1, "caseId": 2}}]',
         "actions[0].comment"),
        ("{not json", "not valid JSON"),
    ],
)
def test_load_actions_names_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_actions(text)
