"""The CLI's pieces in-process: argument handling, the actions file, output formatting."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from confirma_async import DirectPaymentAction, DueDateAction, serde
from confirma_async.cli import UsageError, main
from confirma_async.cli._commands import load_actions
from confirma_async.cli._output import Progress, pretty_json, render_table


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cases", "get", "not-a-number"]) == 2
    assert "positive integer" in capsys.readouterr().err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["track", "--help"]) == 0
    assert "--concurrency" in capsys.readouterr().out


def test_connection_options_are_accepted_before_and_after_the_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.delenv("CONFIRMA_API_KEY", raising=False)
    ids = tmp_path / "ids.txt"
    ids.write_text("1\n", encoding="utf-8")
    # Both parse; both then stop at the missing key (exit 2), not at the options.
    assert main(["--base-url", "http://127.0.0.1:9", "cases", "get", "1"]) == 2
    assert main(["cases", "bulk", "--ids", str(ids), "--base-url", "http://127.0.0.1:9",
                 "--no-progress", "--out", str(tmp_path / "out.jsonl")]) == 2
    assert not (tmp_path / "out.jsonl").exists()  # a usage error creates no --out file
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
    from tests.conftest import example_text

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


# --- progress on stderr --------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_shows_done_total_rate_eta_and_failures() -> None:
    clock, stream = Clock(), Terminal()
    bar = Progress("cases", stream=stream, clock=clock)
    clock.now += 2
    bar(100, 400, 3)
    bar.finish()
    drawn = stream.getvalue()
    assert drawn.startswith("\rcases [#######-----------------------] 100/400 (25%)")
    assert "50/s, ETA 6s, 3 failed" in drawn and drawn.endswith("\n")


def test_the_bar_is_redrawn_at_most_ten_times_a_second() -> None:
    clock, stream = Clock(), Terminal()
    bar = Progress("cases", stream=stream, clock=clock)
    for done in range(1, 50):
        bar(done, 1000, 0)  # drawn at once, then not again while no time passes
    clock.now += 0.15
    bar(50, 1000, 0)
    assert stream.getvalue().count("\r") == 2


def test_without_a_terminal_a_heartbeat_line_comes_at_most_every_interval() -> None:
    """README: "one heartbeat line every 5 seconds (`--heartbeat SECONDS`, 0 for none)"."""
    clock, stream = Clock(), io.StringIO()
    beat = Progress("confirma cases", stream=stream, clock=clock)
    assert beat.heartbeat == 5.0 and not beat.enabled
    for second in range(1, 13):
        clock.now += 1
        beat(second * 10, 200, 1)
    assert stream.getvalue().splitlines() == [
        "confirma cases: 50/200 (25%), 10/s, ETA 15s, 1 failed",
        "confirma cases: 100/200 (50%), 10/s, ETA 10s, 1 failed",
    ]
    beat.finish()
    assert "\r" not in stream.getvalue()


def test_no_progress_prints_nothing_at_all() -> None:
    clock, stream = Clock(), Terminal()
    quiet = Progress("cases", stream=stream, enabled=False, clock=clock)
    clock.now += 60
    quiet(10, None, 0)
    quiet.finish()
    assert stream.getvalue() == ""


def test_progress_without_a_total_shows_count_and_rate() -> None:
    clock = Clock()
    bar = Progress("track", stream=io.StringIO(), enabled=True, clock=clock)
    clock.now += 4
    bar(2000, None, 0)
    assert bar.status() == "2,000, 500/s, 0 failed"
    assert bar.status(clock.now + 3596) == "2,000, 1/s, 0 failed"
