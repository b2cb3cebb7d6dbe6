"""``confirma_async.jobs``: the resumable-job file and its bookkeeping, without the CLI."""

from __future__ import annotations

import os
import re
import threading
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from confirma_async import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AsyncConfirmaClient,
    AuthenticationError,
    BadRequestError,
    ClientClosedError,
    ConfirmaError,
    ConfirmaValueError,
    ConflictError,
    NotFoundError,
    Outcome,
    PermissionDeniedError,
    RateLimitError,
    RedirectError,
    ResponseDecodeError,
    ServerError,
    UnprocessableEntityError,
    WrongEventLoopError,
    serde,
)
from confirma_async.jobs import FAILED, SUCCEEDED, TRANSIENT, Job, JobFileError, is_transient
from confirma_async.testing import FakeConfirma
from tests.conftest import ROOT


def missing(key: int) -> NotFoundError:
    return NotFoundError(f"case {key} not found", status=404)


def refused() -> APIConnectionError:
    return APIConnectionError("connection refused")


def lines(path: Path) -> list[dict[str, object]]:
    return [serde.loads(line) for line in path.read_bytes().splitlines()]


def write_job(path: Path) -> None:
    with Job(path) as job:
        job.record(Outcome(1, {"amount": Decimal("1.10")}))
        job.record(Outcome(2, error=missing(2)))
        job.record(Outcome(3, error=refused()))


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (APIConnectionError("refused"), True),
        (APITimeoutError("timed out"), True),
        (ServerError("503", status=503), True),
        (RateLimitError("429", status=429), True),
        (APIStatusError("408", status=408), True),
        (AuthenticationError("401", status=401), True),
        (PermissionDeniedError("403", status=403), True),
        (BadRequestError("400", status=400), False),
        (NotFoundError("404", status=404), False),
        (ConflictError("409", status=409), False),
        (UnprocessableEntityError("422", status=422), False),
        (ResponseDecodeError("not JSON"), False),
        (ConfirmaValueError("case_id", "must be a positive integer"), False),
        (APIStatusError("410", status=410), False),
        (RedirectError("302", status=302, location="https://elsewhere.example/"), False),
        (ServerError("599", status=599), True),
        # Not about the key: a later run must try it again, never skip it for ever.
        (ClientClosedError(), True),
        (WrongEventLoopError(owner_closed=True), True),
        (ConfirmaError("something the SDK cannot place"), True),
    ],
)
def test_which_failures_a_resumed_job_fetches_again(error: ConfirmaError, transient: bool) -> None:
    assert is_transient(error) is transient


def test_each_result_is_one_json_line_with_exact_decimals(tmp_path: Path) -> None:
    path = tmp_path / "job.jsonl"
    write_job(path)
    first, second, third = lines(path)
    assert first == {"key": 1, "value": {"amount": Decimal("1.10")}}
    assert second["key"] == 2 and second["error"] == {
        "type": "NotFoundError", "message": "case 2 not found", "status": 404,
        "requestId": None, "transient": False}
    assert third["error"]["transient"] is True  # type: ignore[index]


def test_every_line_is_on_disk_before_record_returns(tmp_path: Path) -> None:
    path = tmp_path / "job.jsonl"
    with Job(path) as job:
        job.record(Outcome(1, {"a": 1}))
        assert path.read_bytes() == b'{"key":1,"value":{"a":1}}\n'  # no buffering in-process


def test_resume_knows_which_keys_are_done(tmp_path: Path) -> None:
    path = tmp_path / "job.jsonl"
    write_job(path)
    with Job(path, resume=True) as job:
        assert dict(job.previous) == {1: SUCCEEDED, 2: FAILED, 3: TRANSIENT}
        assert list(job.pending([1, 2, 3, 4, 4, 1])) == [3, 4]  # done and repeated ones out
        job.record(Outcome(3, "ok"))
        job.record(Outcome(4, "ok"))
    summary = job.summary()
    assert (summary.succeeded, summary.skipped, summary.job_keys) == (2, 2, 4)
    assert (summary.job_succeeded, summary.job_failed, summary.ok) == (3, 1, False)
    assert len(lines(path)) == 5  # appended; the retried key's latest line wins


def test_the_summary_counts_failures_by_type_and_the_whole_job(tmp_path: Path) -> None:
    ticks = iter([10.0, 12.0])
    with Job(tmp_path / "job.jsonl", clock=lambda: next(ticks)) as job:
        assert list(job.pending([1, 2, 3, 4])) == [1, 2, 3, 4]
        job.record(Outcome(1, "ok"))
        job.record(Outcome(2, error=missing(2)))
        job.record(Outcome(3, error=refused()))
    summary = job.summary()
    assert dict(summary.failed) == {"NotFoundError": 1, "APIConnectionError": 1}
    assert (summary.done, summary.transient, summary.unfinished) == (3, 1, 1)
    assert summary.elapsed == 2.0 and summary.rate == 1.5
    assert str(summary) == (
        "3 done (1 succeeded, 2 failed: NotFoundError x1, APIConnectionError x1), "
        "0 skipped as already done, 2.0 s, 2/s; "
        "whole job: 1 of 4 succeeded, 2 failed, 1 not done yet")


def test_a_torn_last_line_is_dropped_and_cut_from_the_file(tmp_path: Path) -> None:
    path = tmp_path / "job.jsonl"
    write_job(path)
    whole = path.read_bytes()
    path.write_bytes(whole + b'{"key": 4, "value": {"amou')
    with Job(path, resume=True) as job:
        assert job.torn
        assert 4 not in job.previous
        job.record(Outcome(4, "again"))
    assert path.read_bytes() == whole + b'{"key":4,"value":"again"}\n'


def test_a_last_record_without_its_newline_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "job.jsonl"
    path.write_bytes(b'{"key": 1, "value": 1}\n{"key": 2, "value": 2}')
    with Job(path, resume=True) as job:
        assert not job.torn and dict(job.previous) == {1: SUCCEEDED, 2: SUCCEEDED}
        job.record(Outcome(3, 3))
    assert [line["key"] for line in lines(path)] == [1, 2, 3]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"key": 1}\n{"key": \n{"key": 3}\n', "line 2 is not valid JSON"),
        (b'{"key": 1}\n[1, 2]\n', 'line 2 is not a job record (no "key")'),
        (b'{"key": {"a": 1}}\n', 'line 1: "key" must be a number or a string'),
        (b'{"key": 1}\n{"nokey": 1}', 'line 2 is not a job record'),
    ],
)
def test_a_file_that_is_not_a_job_is_refused_naming_the_line(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "job.jsonl"
    path.write_bytes(content)
    with pytest.raises(JobFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Job(path, resume=True).open()
    assert path.read_bytes() == content  # left as it was


def test_a_non_empty_file_is_not_overwritten_without_resume(tmp_path: Path) -> None:
    path = tmp_path / "job.jsonl"
    write_job(path)
    before = path.read_bytes()
    with pytest.raises(JobFileError, match="already holds results"):
        Job(path).open()
    assert path.read_bytes() == before


def test_two_runs_cannot_append_to_one_file_at_once(tmp_path: Path) -> None:
    path = tmp_path / "job.jsonl"
    with Job(path, resume=True):
        with pytest.raises(JobFileError, match="another run is writing"):
            Job(path, resume=True).open()
    with Job(path, resume=True):  # free again once the first one closed
        pass


def test_a_new_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "job.jsonl"
    with Job(path):
        pass
    assert path.stat().st_mode & 0o777 == 0o600


def test_written_lines_are_fsynced_within_the_interval_and_on_close(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced = threading.Event()
    calls: list[int] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        calls.append(fd)
        synced.set()
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    job = Job(tmp_path / "job.jsonl", fsync_interval=0.01).open()
    calls.clear()  # the directory of the new file was synced on creation
    synced.clear()
    job.record(Outcome(1, 1))
    assert synced.wait(10), "the background fsync never ran"
    job.close()
    assert len(calls) >= 2  # the periodic one and the one on close


def test_bookkeeping_only_without_a_path() -> None:
    job = Job()
    with job:
        assert list(job.pending([5, 6])) == [5, 6]
        job.record(Outcome(5, "ok"))
        job.record(Outcome(6, error=missing(6)))
    assert job.summary().job_keys == 2 and not job.summary().ok


def readme_recipe() -> dict[str, Any]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Resumable jobs and failing fast"):]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match
    namespace: dict[str, Any] = {}
    exec(compile(match.group(1), "README.md", "exec"), namespace)
    return namespace


async def test_the_readme_recipe_resumes_and_then_sends_no_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """README: "calling it again resumes where the last call stopped"."""
    fetch_cases = readme_recipe()["fetch_cases"]
    path = str(tmp_path / "cases.jsonl")
    async with FakeConfirma(invoices=100, seed=2) as fake, AsyncConfirmaClient(
        api_key=fake.api_key, base_url=fake.url, max_retries=0
    ) as client:
        ids = list(fake.cases)
        assert await fetch_cases(client, ids[:10], path) is True
        requests = fake.requests
        assert await fetch_cases(client, [*ids, 7], path) is False  # 7: a permanent 404
        assert fake.requests - requests == len(ids) - 10 + 1
        requests = fake.requests
        assert await fetch_cases(client, [*ids, 7], path) is False  # 7 still counts
        assert fake.requests == requests  # finished: no request
    assert sorted(line["key"] for line in lines(Path(path))) == sorted([*ids, 7])
    assert f"{len(ids) + 1} skipped as already done" in capsys.readouterr().out


async def test_the_readme_recipe_stops_at_a_wrong_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fetch_cases = readme_recipe()["fetch_cases"]
    async with FakeConfirma(invoices=100, seed=2) as fake, AsyncConfirmaClient(
        api_key="wrong", base_url=fake.url, max_retries=0, max_concurrency=4
    ) as client:
        assert await fetch_cases(client, list(fake.cases), str(tmp_path / "c.jsonl")) is False
        assert fake.requests <= 4  # one per worker, not one per id
    assert "stopped: 401" in capsys.readouterr().out


async def test_track_skip_leaves_out_the_invoices_a_job_has_done(tmp_path: Path) -> None:
    path = tmp_path / "tracked.jsonl"
    async with FakeConfirma(invoices=60, seed=2) as fake, AsyncConfirmaClient(
        api_key=fake.api_key, base_url=fake.url, max_retries=0
    ) as client:
        numbers = list(fake.distribution)
        with Job(path) as job:
            for number in numbers[:20]:
                job.record(Outcome(number, {"done": True}))
        with Job(path, resume=True) as job:
            tracked = [t.invoice_number async for t in client.invoices.track(
                from_date=fake.today.replace(year=2000), skip=job.skip)]
    assert sorted(tracked) == sorted(numbers[20:])
    assert job.summary().skipped == 20


def test_a_closed_job_refuses_to_open_or_write_again(tmp_path: Path) -> None:
    # It used to count the records of a second ``with job:`` and write none of them.
    path = tmp_path / "job.jsonl"
    job = Job(path)
    with job:
        job.record(Outcome(1, {"a": 1}))
    with pytest.raises(JobFileError, match="this Job is closed"):
        job.open()
    with pytest.raises(JobFileError, match="this Job is closed"):
        job.record(Outcome(2, {"a": 2}))
    assert [line["key"] for line in lines(path)] == [1]
    with Job(path, resume=True) as again:  # the way to go on with the same file
        again.record(Outcome(2, {"a": 2}))
    assert [line["key"] for line in lines(path)] == [1, 2]


def test_writes_racing_close_are_either_on_disk_or_refused(tmp_path: Path) -> None:
    path = tmp_path / "job.jsonl"
    job = Job(path).open()
    written: list[int] = []
    refused: list[int] = []
    start = threading.Barrier(5)

    def writer(base: int) -> None:
        start.wait()
        for n in range(base, base + 400):
            try:
                job.record(Outcome(n, {"n": n}))
            except JobFileError:
                refused.append(n)
            else:
                written.append(n)

    threads = [threading.Thread(target=writer, args=(i * 1000,)) for i in range(4)]
    for thread in threads:
        thread.start()
    start.wait()
    job.close()
    for thread in threads:
        thread.join()
    assert sorted(line["key"] for line in lines(path)) == sorted(written)
    assert len(written) + len(refused) == 1600
