"""The ``confirma`` command line, run as a subprocess against the sandbox."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from confirma_async import ConfirmaClient, serde
from confirma_async.testing import PATHS, FakeConfirma
from tests.hostile import ok_json, threaded

# The sandbox is the pytest plugin's confirma_fake (served from its own loop thread).
pytestmark = pytest.mark.confirma_fake(invoices=40, seed=5)


@pytest.fixture
def fake(confirma_fake: FakeConfirma) -> FakeConfirma:
    return confirma_fake


def run(fake: FakeConfirma | None, *args: str, stdin: str | None = None,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("CONFIRMA_")}
    if fake is not None:
        environ.update(CONFIRMA_API_KEY=fake.api_key, CONFIRMA_BASE_URL=fake.url)
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "confirma_async", *args, "--max-retries", "0"],
        input=stdin, capture_output=True, text=True, env=environ, timeout=60,
    )


def jsonl(text: str) -> list[Any]:
    return [serde.loads(line) for line in text.splitlines() if line.strip()]


def open_case(fake: FakeConfirma) -> dict[str, Any]:
    return next(c for c in fake.cases.values() if c["summary"]["status"] == "OPEN")


# --- configuration and errors --------------------------------------------------------------


def test_help_lists_every_command() -> None:
    result = run(None, "--help")
    assert result.returncode == 0
    for command in ("sandbox", "cases", "distribution", "track", "actions"):
        assert command in result.stdout


def test_missing_api_key_is_a_configuration_error() -> None:
    result = run(None, "cases", "get", "1", "--base-url", "http://127.0.0.1:9")
    assert result.returncode == 2
    assert "CONFIRMA_API_KEY" in result.stderr and "Traceback" not in result.stderr


def test_wrong_api_key_exits_2_and_never_prints_the_key(fake: FakeConfirma) -> None:
    secret = "do-not-print-this-key-42"
    result = run(fake, "cases", "get", "1", env={"CONFIRMA_API_KEY": secret})
    assert result.returncode == 2
    assert "401" in result.stderr
    assert secret not in result.stderr + result.stdout


def test_plain_http_to_a_remote_host_is_a_configuration_error(fake: FakeConfirma) -> None:
    result = run(fake, "cases", "get", "1", "--base-url", "http://example.com")
    assert result.returncode == 2
    assert "base_url" in result.stderr and "Traceback" not in result.stderr


def test_unknown_environment_is_a_usage_error(fake: FakeConfirma) -> None:
    result = run(fake, "cases", "get", "1", "--environment", "moon")
    assert result.returncode == 2


def test_unreachable_server_fails_without_a_traceback() -> None:
    result = run(None, "cases", "get", "1", env={
        "CONFIRMA_API_KEY": "k", "CONFIRMA_BASE_URL": "http://127.0.0.1:9"})
    assert result.returncode == 1
    assert result.stderr.startswith("confirma: error:") and "Traceback" not in result.stderr


# --- cases ---------------------------------------------------------------------------------


def test_cases_get_prints_the_case_with_exact_decimals(fake: FakeConfirma) -> None:
    case = open_case(fake)
    result = run(fake, "cases", "get", str(case["summary"]["caseId"]))
    assert result.returncode == 0
    printed = serde.loads(result.stdout)
    assert printed["balance"]["totalOutstanding"] == case["balance"]["totalOutstanding"]
    assert isinstance(printed["balance"]["totalOutstanding"], Decimal)
    assert printed["summary"]["caseId"] == case["summary"]["caseId"]


def test_cases_get_of_an_unknown_case_exits_1(fake: FakeConfirma) -> None:
    result = run(fake, "cases", "get", "42")
    assert result.returncode == 1
    assert "404" in result.stderr


def test_cases_bulk_writes_one_jsonl_line_per_id(fake: FakeConfirma) -> None:
    ids = list(fake.cases)[:10]
    result = run(fake, "cases", "bulk", "--ids", "-", "--concurrency", "4",
                 stdin="\n".join(map(str, ids)))
    assert result.returncode == 0, result.stderr
    lines = jsonl(result.stdout)
    assert sorted(line["key"] for line in lines) == sorted(ids)
    by_id = {line["key"]: line["value"] for line in lines}
    assert all(by_id[i]["summary"]["caseId"] == i for i in ids)
    assert all(by_id[i]["balance"]["totalOutstanding"]
               == fake.cases[i]["balance"]["totalOutstanding"] for i in ids)


def test_cases_bulk_with_a_missing_case_reports_it_and_exits_1(
    fake: FakeConfirma, tmp_path: Path
) -> None:
    good = list(fake.cases)[:3]
    ids = tmp_path / "ids.txt"
    ids.write_text("# case ids\n" + ", ".join(map(str, good)) + "\n7\n", encoding="utf-8")
    result = run(fake, "cases", "bulk", "--ids", str(ids))
    assert result.returncode == 1
    failures = [line for line in jsonl(result.stdout) if "error" in line]
    assert [(f["key"], f["error"]["status"], f["error"]["transient"]) for f in failures] == [
        (7, 404, False)]
    assert "1 failed: NotFoundError x1" in result.stderr


def test_cases_bulk_csv_has_a_header_and_exact_amounts(fake: FakeConfirma) -> None:
    case = open_case(fake)
    result = run(fake, "cases", "bulk", "--ids", "-", "--format", "csv",
                 stdin=str(case["summary"]["caseId"]))
    header, row = result.stdout.splitlines()
    assert header.split(",")[0] == "caseId" and "totalOutstanding" in header
    values = dict(zip(header.split(","), row.split(","), strict=True))
    assert Decimal(values["totalOutstanding"]) == case["balance"]["totalOutstanding"]


def test_cases_bulk_table_is_aligned_text(fake: FakeConfirma) -> None:
    ids = list(fake.cases)[:2]
    result = run(fake, "cases", "bulk", "--ids", "-", "--format", "table",
                 stdin=" ".join(map(str, ids)))
    lines = result.stdout.splitlines()
    assert lines[0].startswith("caseId") and set(lines[1]) <= {"-", " "}
    assert len(lines) == 4


def test_cases_bulk_with_a_bad_id_is_a_usage_error_naming_the_line(fake: FakeConfirma) -> None:
    result = run(fake, "cases", "bulk", "--ids", "-", stdin="480001\nabc\n")
    assert result.returncode == 2
    assert "line 2" in result.stderr and fake.requests == 0


def test_progress_bar_goes_to_stderr_only_when_asked(fake: FakeConfirma) -> None:
    ids = "\n".join(map(str, list(fake.cases)[:5]))
    quiet = run(fake, "cases", "bulk", "--ids", "-", stdin=ids)
    shown = run(fake, "cases", "bulk", "--ids", "-", "--progress", stdin=ids)
    assert "[" not in quiet.stderr
    assert "5/5 (100%)" in shown.stderr
    assert len(jsonl(shown.stdout)) == 5


# --- distribution and track ----------------------------------------------------------------


def test_distribution_list_honours_the_date_window(fake: FakeConfirma) -> None:
    result = run(fake, "distribution", "list", "--from", "2026-10-01", "--to", "2026-10-31",
                 "--format", "jsonl")
    assert result.returncode == 0
    expected = [n for n, r in fake.distribution.items()
                if "2026-10-01" <= r["dates"]["createdAt"][:10] <= "2026-10-31"]
    assert sorted(r["invoiceNumber"] for r in jsonl(result.stdout)) == sorted(expected)


def test_distribution_list_refuses_a_reversed_window(fake: FakeConfirma) -> None:
    result = run(fake, "distribution", "list", "--from", "2026-10-31", "--to", "2026-10-01")
    assert result.returncode == 2


def test_track_pairs_every_invoice_with_its_case(fake: FakeConfirma) -> None:
    result = run(fake, "track", "--from", "2026-01-01", "--to", "2026-11-01")
    assert result.returncode == 0, result.stderr
    rows = jsonl(result.stdout)
    assert len(rows) == len(fake.distribution)
    for row in rows:
        value = row["value"]
        assert row["key"] == value["distribution"]["invoiceNumber"]
        case_id = value["distribution"]["paymentControl"]["caseId"]
        assert (value["case"] or {}).get("summary", {}).get("caseId") == case_id


def test_track_with_failing_case_details_exits_1(fake: FakeConfirma) -> None:
    fake.faults.fail(PATHS["case"], 503)
    result = run(fake, "track", "--from", "2026-01-01", "--to", "2026-11-01", "--format", "csv")
    assert result.returncode == 1
    assert "ServerError" in result.stdout and "failed" in result.stderr


# --- actions -------------------------------------------------------------------------------


def write_actions(tmp_path: Path, actions: list[dict[str, Any]]) -> str:
    path = tmp_path / "actions.json"
    path.write_text(json.dumps({"actions": actions}), encoding="utf-8")
    return str(path)


def test_actions_send_queues_the_documented_file_format(
    fake: FakeConfirma, tmp_path: Path
) -> None:
    case = open_case(fake)
    data = {"invoiceNumber": int(case["invoices"][0]["invoiceNumber"]),
            "caseId": case["summary"]["caseId"]}
    path = write_actions(tmp_path, [
        {"code": "COMMENT", "comment": "Customer called", "data": data},
        {"code": "WITHDRAW", "comment": "Settled", "data": data},
    ])
    result = run(fake, "actions", "send", path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("queued 2 action(s)")
    assert fake.cases[data["caseId"]]["summary"]["status"] == "CLOSED"


def test_actions_send_checks_fields_before_sending(fake: FakeConfirma, tmp_path: Path) -> None:
    path = write_actions(tmp_path, [{"code": "DIRECTPAYMENT", "data": {
        "invoiceNumber": 1, "caseId": 2, "amount": 1.005, "currency": "EUR",
        "paymentDate": "2026-10-01"}}])
    result = run(fake, "actions", "send", path)
    assert result.returncode == 2
    assert "actions[0].data.amount" in result.stderr and fake.requests == 0


def test_actions_send_lists_the_fields_the_server_refused(
    fake: FakeConfirma, tmp_path: Path
) -> None:
    path = write_actions(tmp_path, [{"code": "PAUSE", "data": {"invoiceNumber": 1,
                                                               "caseId": 999999}}])
    result = run(fake, "actions", "send", path)
    assert result.returncode == 1
    assert "actions[0].data.caseId" in result.stderr


# --- the sandbox command -------------------------------------------------------------------


def test_sandbox_command_serves_until_terminated() -> None:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("CONFIRMA_")}
    with subprocess.Popen(
        [sys.executable, "-m", "confirma_async", "sandbox", "--invoices", "5",
         "--api-key", "sandbox-cli-test", "--collection"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=environ,
    ) as process:
        try:
            assert process.stdout is not None
            first = process.stdout.readline()
            lines = [process.stdout.readline() for _ in range(5)]
            url = next(line.split("=", 1)[1].strip() for line in lines
                       if "CONFIRMA_BASE_URL" in line)
            with ConfirmaClient(api_key="sandbox-cli-test", base_url=url) as client:
                assert client.distribution.list().meta_data is not None
            assert "5 invoices" in first
            assert any(line.startswith("Collection sandbox on http://127.0.0.1:")
                       for line in lines)
        finally:
            process.terminate()
            process.wait(timeout=30)
    assert process.returncode == 0


def test_the_fields_a_server_refused_reach_the_terminal_without_escape_sequences() -> None:
    """README: "one-line errors without tracebacks or keys" — and a server's field errors
    cannot move the cursor, clear the screen or retitle the terminal."""
    body = {"message": "bad\x1b[2J request", "errors": [
        {"field": "caseId\x1b]0;pwned\x07", "message": "is \x1b[31mclosed\x1b[0m"}]}
    with threaded(ok_json(body, status=400)) as server:
        result = run(None, "cases", "get", "7",
                     env={"CONFIRMA_API_KEY": "k" * 24, "CONFIRMA_BASE_URL": server.url})
    assert result.returncode == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "caseId" in result.stderr and "closed" in result.stderr


@pytest.mark.parametrize("how", ["environment", "flag"])
def test_the_sandbox_never_prints_a_key_it_was_given(how: str) -> None:
    """A key in `CONFIRMA_API_KEY` (or `--api-key`) may be a real one: the sandbox accepts
    it and says so, without writing it to a terminal or a CI log."""
    key = "live-key-that-must-not-be-printed"
    environ = {k: v for k, v in os.environ.items() if not k.startswith("CONFIRMA_")}
    flags = ["--api-key", key] if how == "flag" else []
    if how == "environment":
        environ["CONFIRMA_API_KEY"] = key
    with subprocess.Popen(
        [sys.executable, "-m", "confirma_async", "sandbox", "--invoices", "2", *flags],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environ,
    ) as process:
        try:
            assert process.stdout is not None
            banner = [process.stdout.readline() for _ in range(5)]
            url = next(line.split("=", 1)[1].strip() for line in banner
                       if "CONFIRMA_BASE_URL" in line)
            with ConfirmaClient(api_key=key, base_url=url) as client:
                assert client.distribution.list().meta_data is not None
        finally:
            process.terminate()
            out, err = process.communicate(timeout=30)
    assert key not in "".join(banner) + out + err
    assert any("not shown" in line for line in banner)
