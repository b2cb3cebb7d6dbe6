"""Resumable, fail-fast bulk jobs of the ``confirma`` command, run as real subprocesses.

Each test serves the sandbox from this process and counts, at the server, which ids the
command asked for, so "no request repeated for an id already done" is checked per id.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from confirma_async import serde
from confirma_async.testing import PATHS, FakeConfirma

MISSING = [7, 8, 9]  # ids the sandbox does not have: permanent 404s


class CountingFake(FakeConfirma):
    """The sandbox, noting the case id of every case-details request it receives."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.asked: list[int] = []

    async def _get_case(self, request: web.Request) -> web.Response:
        self.asked.append(int(request.query.get("caseId", "0")))
        return await super()._get_case(request)


@pytest.fixture
def fake() -> Iterator[CountingFake]:
    with CountingFake(invoices=300, seed=5) as server:
        yield server


@pytest.fixture
def ids(fake: CountingFake, tmp_path: Path) -> tuple[list[int], Path]:
    numbers = [*fake.cases, *MISSING]
    path = tmp_path / "ids.txt"
    path.write_text("\n".join(map(str, numbers)) + "\n", encoding="utf-8")
    return numbers, path


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "confirma_async", *args, "--max-retries", "0"]


def environ(fake: FakeConfirma | None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONFIRMA_")}
    if fake is not None:
        env.update(CONFIRMA_API_KEY=fake.api_key, CONFIRMA_BASE_URL=fake.url)
    env.update(extra)
    return env


def run(fake: FakeConfirma | None, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command(*args), capture_output=True, text=True,
                          env=environ(fake, **extra), timeout=60)


def records(path: Path) -> list[dict[str, Any]]:
    return [serde.loads(line) for line in path.read_bytes().splitlines() if line.strip()]


def complete_lines(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def start_and_stop_partway(fake: CountingFake, ids_file: Path, out: Path, sig: int,
                           after: int = 10) -> subprocess.CompletedProcess[str]:
    """Start a slow bulk job, send ``sig`` once ``after`` results are in ``out``."""
    fake.faults.latency = 0.05  # 2 workers -> about 40 ids/s: the job is far from done
    with subprocess.Popen(
        command("cases", "bulk", "--ids", str(ids_file), "--out", str(out),
                "--concurrency", "2"),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environ(fake),
    ) as process:
        deadline = time.monotonic() + 60
        while complete_lines(out) < after and process.poll() is None:
            assert time.monotonic() < deadline, "the job wrote nothing"
            time.sleep(0.005)
        process.send_signal(sig)
        stdout, stderr = process.communicate(timeout=60)
    fake.faults.latency = 0.0
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def assert_resumed_exactly_once(fake: CountingFake, numbers: list[int], out: Path) -> None:
    before = {r["key"] for r in records(out)}
    assert 0 < len(before) < len(numbers), "the job should have been stopped partway"
    asked_before = len(fake.asked)
    result = run(fake, "cases", "bulk", "--ids", str(out.parent / "ids.txt"),
                 "--out", str(out), "--resume")
    assert result.returncode == 1, result.stderr  # the missing ids failed (permanently)
    keys = [r["key"] for r in records(out)]
    assert sorted(keys) == sorted(numbers)  # exactly one line per id: none lost, none twice
    resumed = fake.asked[asked_before:]
    assert not before & set(resumed)  # no id that was done was asked for again
    assert set(resumed) == set(numbers) - before
    assert f"{len(before):,} skipped as already done" in result.stderr


# --- resuming a job that was killed ----------------------------------------------------------


def test_a_job_killed_with_sigkill_resumes_with_one_line_per_id(
    fake: CountingFake, ids: tuple[list[int], Path], tmp_path: Path
) -> None:
    """README: "a crash, `kill -9` or Ctrl-C loses at most the requests in flight"."""
    numbers, ids_file = ids
    out = tmp_path / "cases.jsonl"
    killed = start_and_stop_partway(fake, ids_file, out, signal.SIGKILL)
    assert killed.returncode == -signal.SIGKILL
    assert_resumed_exactly_once(fake, numbers, out)


def test_a_job_interrupted_with_ctrl_c_flushes_summarises_exits_130_and_resumes(
    fake: CountingFake, ids: tuple[list[int], Path], tmp_path: Path
) -> None:
    numbers, ids_file = ids
    out = tmp_path / "cases.jsonl"
    interrupted = start_and_stop_partway(fake, ids_file, out, signal.SIGINT)
    assert interrupted.returncode == 130, interrupted.stderr
    assert "skipped as already done" in interrupted.stderr  # the summary
    assert interrupted.stderr.rstrip().endswith("confirma: error: interrupted")
    assert "Traceback" not in interrupted.stderr
    assert out.read_bytes().endswith(b"\n")  # only whole lines
    assert_resumed_exactly_once(fake, numbers, out)


def test_sigterm_also_flushes_and_exits_143(
    fake: CountingFake, ids: tuple[list[int], Path], tmp_path: Path
) -> None:
    out = tmp_path / "cases.jsonl"
    stopped = start_and_stop_partway(fake, ids[1], out, signal.SIGTERM)
    assert stopped.returncode == 143, stopped.stderr
    assert "skipped as already done" in stopped.stderr
    assert len(records(out)) >= 10


# --- resuming a finished or failed job -------------------------------------------------------


def test_rerunning_a_finished_job_sends_no_request(
    fake: CountingFake, ids: tuple[list[int], Path], tmp_path: Path
) -> None:
    """README: "Re-running a finished job sends no request"."""
    numbers, ids_file = ids
    found = [n for n in numbers if n not in MISSING]
    ids_file.write_text(" ".join(map(str, found)), encoding="utf-8")
    out = tmp_path / "cases.jsonl"
    first = run(fake, "cases", "bulk", "--ids", str(ids_file), "--out", str(out))
    assert first.returncode == 0, first.stderr
    asked = fake.requests
    again = run(fake, "cases", "bulk", "--ids", str(ids_file), "--out", str(out), "--resume")
    assert again.returncode == 0, again.stderr
    assert fake.requests == asked
    assert f"0 done, {len(found):,} skipped as already done" in again.stderr
    assert len(records(out)) == len(found)


def test_exit_code_counts_failures_recorded_by_an_earlier_run(
    fake: CountingFake, ids: tuple[list[int], Path], tmp_path: Path
) -> None:
    """README: exit 1: "also failures recorded by an earlier run and skipped now"."""
    out = tmp_path / "cases.jsonl"
    first = run(fake, "cases", "bulk", "--ids", str(ids[1]), "--out", str(out))
    assert first.returncode == 1
    asked = fake.requests
    again = run(fake, "cases", "bulk", "--ids", str(ids[1]), "--out", str(out), "--resume")
    assert again.returncode == 1  # the 404s of the first run still count
    assert fake.requests == asked  # and are not asked for again: they are permanent
    assert "whole job:" in again.stderr and f"{len(MISSING)} failed" in again.stderr


def test_transient_failures_are_retried_by_resume_and_then_the_job_is_ok(
    fake: CountingFake, tmp_path: Path
) -> None:
    numbers = list(fake.cases)[:20]
    ids_file = tmp_path / "ids.txt"
    ids_file.write_text(",".join(map(str, numbers)), encoding="utf-8")
    out = tmp_path / "cases.jsonl"
    fake.faults.fail(PATHS["case"], 503, times=5)
    first = run(fake, "cases", "bulk", "--ids", str(ids_file), "--out", str(out),
                "--concurrency", "1")
    assert first.returncode == 1
    assert "5 item(s) failed transiently; run again with --resume" in first.stderr
    failed = {r["key"] for r in records(out) if "error" in r}
    assert len(failed) == 5
    asked = len(fake.asked)
    again = run(fake, "cases", "bulk", "--ids", str(ids_file), "--out", str(out), "--resume")
    assert again.returncode == 0, again.stderr
    assert sorted(fake.asked[asked:]) == sorted(failed)  # only the transient ones
    assert "whole job: 20 of 20 succeeded" in again.stderr


def test_a_torn_last_line_is_dropped_and_its_id_fetched_again(
    fake: CountingFake, tmp_path: Path
) -> None:
    numbers = list(fake.cases)[:6]
    ids_file = tmp_path / "ids.txt"
    ids_file.write_text("\n".join(map(str, numbers)), encoding="utf-8")
    out = tmp_path / "cases.jsonl"
    assert run(fake, "cases", "bulk", "--ids", str(ids_file), "--out", str(out)).returncode == 0
    lines = out.read_bytes().splitlines(keepends=True)
    torn_key = serde.loads(lines[-1])["key"]
    out.write_bytes(b"".join(lines[:-1]) + lines[-1][: len(lines[-1]) // 2])  # a crash mid-write
    asked = len(fake.asked)
    again = run(fake, "cases", "bulk", "--ids", str(ids_file), "--out", str(out), "--resume")
    assert again.returncode == 0, again.stderr
    assert "torn last line" in again.stderr
    assert fake.asked[asked:] == [torn_key]
    assert sorted(r["key"] for r in records(out)) == sorted(numbers)


def test_a_corrupt_line_before_the_last_is_a_usage_error_naming_it(
    fake: CountingFake, ids: tuple[list[int], Path], tmp_path: Path
) -> None:
    out = tmp_path / "cases.jsonl"
    out.write_bytes(b'{"key": 1, "value": {}}\n{"key": 2, "val\n{"key": 3, "value": {}}\n')
    result = run(fake, "cases", "bulk", "--ids", str(ids[1]), "--out", str(out), "--resume")
    assert result.returncode == 2
    assert "line 2 is not valid JSON" in result.stderr and fake.requests == 0


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--resume"], "--resume needs --out"),
        (["--out", "OUT", "--format", "csv"], "--out always writes JSON lines"),
        (["--out", "OUT"], "add --resume to continue"),
    ],
)
def test_job_option_misuse_is_a_usage_error_sending_nothing(
    fake: CountingFake, ids: tuple[list[int], Path], tmp_path: Path, extra: list[str],
    message: str,
) -> None:
    out = tmp_path / "existing.jsonl"
    out.write_text('{"key": 1, "value": {}}\n', encoding="utf-8")
    args = [str(out) if a == "OUT" else a for a in extra]
    result = run(fake, "cases", "bulk", "--ids", str(ids[1]), *args)
    assert result.returncode == 2 and message in result.stderr
    assert fake.requests == 0
    assert out.read_text(encoding="utf-8") == '{"key": 1, "value": {}}\n'


def test_the_output_file_is_readable_by_its_owner_only(
    fake: CountingFake, tmp_path: Path
) -> None:
    out = tmp_path / "cases.jsonl"
    run(fake, "cases", "bulk", "--ids", "-", "--out", str(out))  # no ids: an empty job
    assert out.exists() and out.stat().st_mode & 0o777 == 0o600


def test_track_resumes_by_invoice_number_asking_only_for_the_listing(
    fake: CountingFake, tmp_path: Path
) -> None:
    out = tmp_path / "tracked.jsonl"
    first = run(fake, "track", "--from", "2026-01-01", "--out", str(out))
    assert first.returncode == 0, first.stderr
    lines = records(out)
    assert sorted(r["key"] for r in lines) == sorted(fake.distribution)
    # Drop the last third, as if the run had been killed, and resume.
    kept = lines[: 2 * len(lines) // 3]
    out.write_bytes(b"".join(serde.dumps(r) + b"\n" for r in kept))
    asked, requests = len(fake.asked), fake.requests
    again = run(fake, "track", "--from", "2026-01-01", "--out", str(out), "--resume")
    assert again.returncode == 0, again.stderr
    assert sorted(r["key"] for r in records(out)) == sorted(fake.distribution)
    # Only the cases of the dropped invoices are asked for, plus the one listing.
    dropped = {r["value"]["distribution"]["paymentControl"]["caseId"] for r in lines[len(kept):]}
    assert set(fake.asked[asked:]) <= dropped - {None}
    assert fake.requests - requests == 1 + len(fake.asked) - asked


def test_distribution_bulk_writes_one_record_per_invoice(
    fake: CountingFake, tmp_path: Path
) -> None:
    numbers = [*list(fake.distribution)[:5], 99]
    out = tmp_path / "dist.jsonl"
    result = run(fake, "distribution", "bulk", "--ids", "-", "--out", str(out), "--resume")
    assert result.returncode == 0  # no ids at all: nothing to do, nothing failed
    result = subprocess.run(
        command("distribution", "bulk", "--ids", "-", "--out", str(out), "--resume"),
        input=" ".join(map(str, numbers)), capture_output=True, text=True, env=environ(fake),
        timeout=60)
    assert result.returncode == 1
    by_key = {r["key"]: r for r in records(out)}
    assert sorted(by_key) == sorted(numbers)
    assert by_key[99]["error"]["status"] == 404
    assert by_key[numbers[0]]["value"]["invoiceNumber"] == numbers[0]


# --- failing fast ----------------------------------------------------------------------------


def test_a_wrong_key_stops_the_job_at_once_with_exit_2(
    fake: CountingFake, ids: tuple[list[int], Path], tmp_path: Path
) -> None:
    """README: "a 401 or 403 stops the whole job at once (exit 2) with one message"."""
    out = tmp_path / "cases.jsonl"
    secret = "wrong-key-never-printed"
    result = run(fake, "cases", "bulk", "--ids", str(ids[1]), "--out", str(out),
                 "--concurrency", "4", CONFIRMA_API_KEY=secret)
    assert result.returncode == 2
    assert fake.requests <= 4  # one per worker at most, not one per id
    assert result.stderr.count("\n") == 1 and "401" in result.stderr
    assert secret not in result.stderr and "Traceback" not in result.stderr
    assert records(out) == []  # nothing written as if it were a failure of an id


def test_a_403_midway_stops_the_job_keeping_what_succeeded(
    fake: CountingFake, ids: tuple[list[int], Path], tmp_path: Path
) -> None:
    out = tmp_path / "cases.jsonl"
    numbers = list(fake.cases)[:30]
    ids_file = tmp_path / "some.txt"
    ids_file.write_text(" ".join(map(str, numbers)), encoding="utf-8")
    first = run(fake, "cases", "bulk", "--ids", str(ids_file), "--out", str(out))
    assert first.returncode == 0
    fake.faults.fail(PATHS["case"], 403)
    result = run(fake, "cases", "bulk", "--ids", str(ids[1]), "--out", str(out), "--resume",
                 "--concurrency", "2")
    assert result.returncode == 2
    assert "30 skipped as already done" in result.stderr  # the summary, then the error
    assert sorted(r["key"] for r in records(out)) == sorted(numbers)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_refused_port_trips_the_circuit_breaker_with_exit_3(
    ids: tuple[list[int], Path], tmp_path: Path
) -> None:
    """README: "N consecutive connection failures with no answer from the server in between
    stop the job (exit 3)"."""
    out = tmp_path / "cases.jsonl"
    result = run(None, "cases", "bulk", "--ids", str(ids[1]), "--out", str(out),
                 "--concurrency", "2", "--max-connection-failures", "5",
                 CONFIRMA_API_KEY="k", CONFIRMA_BASE_URL=f"http://127.0.0.1:{free_port()}")
    assert result.returncode == 3, result.stderr
    assert "5 consecutive connection failures" in result.stderr
    assert f"--resume --out {out}" in result.stderr
    lines = records(out)
    assert len(lines) <= 4  # the failure that tripped the breaker is its cause, not a line
    assert all(line["error"]["transient"] for line in lines)


def test_the_circuit_breaker_bounds_the_requests_a_dead_endpoint_receives(
    fake: CountingFake, ids: tuple[list[int], Path], tmp_path: Path
) -> None:
    fake.faults.reset(PATHS["case"])  # every request: a TCP reset, no answer
    result = run(fake, "cases", "bulk", "--ids", str(ids[1]), "--out",
                 str(tmp_path / "o.jsonl"), "--concurrency", "2", "--max-connection-failures",
                 "5")
    assert result.returncode == 3, result.stderr
    # At most the breaker's 5 plus the other worker's id, each sent once (--max-retries 0,
    # and the SDK owns every re-send): not one request per id.
    assert 5 <= fake.requests <= 5 + 2 - 1 < len(ids[0])


def test_without_the_breaker_every_id_is_tried(
    fake: CountingFake, tmp_path: Path
) -> None:
    numbers = list(fake.cases)[:30]
    fake.faults.reset(PATHS["case"])
    result = subprocess.run(
        command("cases", "bulk", "--ids", "-", "--max-connection-failures", "0"),
        input=" ".join(map(str, numbers)), capture_output=True, text=True, env=environ(fake),
        timeout=60)
    assert result.returncode == 1
    lines = [serde.loads(line) for line in result.stdout.splitlines()]
    assert sorted(line["key"] for line in lines) == numbers
    assert {line["error"]["type"] for line in lines} == {"APIConnectionError"}
    assert fake.requests >= len(numbers)


def test_an_out_file_that_cannot_be_created_is_a_usage_error(
    fake: CountingFake, ids: tuple[list[int], Path], tmp_path: Path
) -> None:
    out = tmp_path / "no-such-directory" / "cases.jsonl"
    result = run(fake, "cases", "bulk", "--ids", str(ids[1]), "--out", str(out))
    assert result.returncode == 2
    assert f"cannot open --out {out}: No such file or directory" in result.stderr
    assert fake.requests == 0
