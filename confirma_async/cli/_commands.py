"""The commands of ``confirma``, each a coroutine taking the parsed arguments.

Loaded only once a command runs (it imports the SDK). Bulk commands are jobs: the
``confirma_async.jobs`` bookkeeping decides what to fetch, records each result and gives
the summary and the exit code; ``StopPolicy`` stops them when nothing can succeed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

from .. import serde
from .._client import AsyncConfirmaClient
from .._config import ENVIRONMENTS
from .._core.bulk import BulkStoppedError, StopPolicy
from .._errors import (
    AuthenticationError,
    ConfirmaError,
    ConfirmaValueError,
    PermissionDeniedError,
)
from ..jobs import Job, JobFileError, as_record
from ..models import Case, DistributionRecord, InvoiceAction
from . import (
    API_KEY_ENV,
    BASE_URL_ENV,
    DEFAULT_CONCURRENCY,
    ENVIRONMENT_ENV,
    EXIT_FAILED,
    EXIT_OK,
    EXIT_STOPPED,
    EXIT_USAGE,
    UsageError,
    fail,
)
from ._output import Progress, Writer, pretty_json, render_table

__all__ = [
    "sandbox",
    "cases_get",
    "cases_bulk",
    "distribution_list",
    "distribution_bulk",
    "track",
    "actions_send",
    "load_actions",
    "read_ids",
]


def _client(args: argparse.Namespace, concurrency: int | None = None) -> AsyncConfirmaClient:
    key = os.environ.get(API_KEY_ENV)
    if not key:
        raise UsageError(f"set the {API_KEY_ENV} environment variable to your API key")
    base_url = args.base_url or os.environ.get(BASE_URL_ENV) or None
    environment = args.environment or os.environ.get(ENVIRONMENT_ENV) or "production"
    if environment not in ENVIRONMENTS:
        raise UsageError(f"--environment must be one of {', '.join(ENVIRONMENTS)}")
    return AsyncConfirmaClient(
        api_key=key,
        environment=environment,  # type: ignore[arg-type]
        base_url=base_url,
        timeout=args.timeout,
        max_retries=args.max_retries,
        max_concurrency=concurrency or DEFAULT_CONCURRENCY,
    )


def _error_text(error: ConfirmaError | None) -> str | None:
    return None if error is None else f"{type(error).__name__}: {error}"


def _read_text(source: str, what: str) -> str:
    if source == "-":
        return sys.stdin.read()
    try:
        with open(source, encoding="utf-8") as handle:
            return handle.read()
    except OSError as exc:
        raise UsageError(f"cannot read {what}{source}: {exc.strerror}") from None


def read_ids(source: str) -> list[int]:
    """Positive integers separated by newlines, spaces or commas; ``#`` starts a comment."""
    ids: list[int] = []
    for number, line in enumerate(_read_text(source, "--ids ").splitlines(), start=1):
        for token in line.split("#", 1)[0].replace(",", " ").split():
            if not token.isdigit() or int(token) < 1:
                raise UsageError(f"--ids line {number}: {token!r} is not a positive id")
            ids.append(int(token))
    return ids


# --- single calls --------------------------------------------------------------------------

CASE_HEADERS = ("caseId", "status", "stage", "currency", "capitalOutstanding",
                "interestOutstanding", "costsOutstanding", "totalOutstanding", "error")


def _case_row(case_id: int, case: Case | None, error: ConfirmaError | None) -> list[Any]:
    if case is None:
        return [case_id, None, None, None, None, None, None, None, _error_text(error)]
    b = case.balance
    return [case.case_id, case.summary.status, case.summary.stage, case.summary.currency,
            b and b.capital_outstanding, b and b.interest_outstanding, b and b.costs_outstanding,
            b and b.total_outstanding, None]


def _print_one(fmt: str, headers: Sequence[str], row: Sequence[Any], document: Any) -> None:
    """One result in any ``--format``."""
    if fmt == "json":
        print(pretty_json(document))
    elif fmt == "table":
        print(render_table(headers, [row]))
    else:
        writer = Writer(fmt, headers, sys.stdout)
        writer.row(row, document)
        writer.close()


async def cases_get(args: argparse.Namespace) -> int:
    async with _client(args) as client:
        case = await client.cases.get(args.case_id)
    _print_one(args.format, CASE_HEADERS, _case_row(args.case_id, case, None),
               serde.unstructure(case))
    return EXIT_OK


DISTRIBUTION_HEADERS = ("invoiceNumber", "distributionStatus", "distributionMethod",
                        "paymentControl", "caseId", "createdAt", "errors")


def _record_row(record: DistributionRecord) -> list[Any]:
    dates, control = record.dates, record.payment_control
    return [record.invoice_number, record.distribution_status, record.distribution_method,
            control and control.status, record.case_id, dates and dates.created_at,
            "; ".join(e.error_code or "" for e in record.errors) or None]


async def distribution_list(args: argparse.Namespace) -> int:
    async with _client(args) as client:
        report = await client.distribution.list(
            from_date=args.from_date, to_date=args.to_date, invoice_number=args.invoice_number)
    if args.format == "json":
        print(pretty_json(serde.unstructure(report)))
        return EXIT_OK
    writer = Writer(args.format, DISTRIBUTION_HEADERS, sys.stdout)
    for record in report.invoices:
        writer.row(_record_row(record), serde.unstructure(record))
    writer.close()
    return EXIT_OK


# --- bulk jobs -----------------------------------------------------------------------------

#: What a bulk command streams: each finished item with its csv/table row.
#: Each finished item: its key, its value (or ``None``), its error (or ``None``), its row.
Items = AsyncIterator[tuple[Any, Any, ConfirmaError | None, list[Any]]]
Produce = Callable[[AsyncConfirmaClient, Job, Progress, StopPolicy], Items]


async def _run_job(args: argparse.Namespace, label: str, headers: Sequence[str],
                   produce: Produce) -> int:
    """Run a bulk command as a job: record, summarise, and choose the exit code."""
    if args.out is not None and not args.resume and _non_empty(args.out):
        raise UsageError(f"--out {args.out} already holds results: add --resume to continue "
                         "that job, or choose another file")
    client = _client(args, args.concurrency)  # configuration errors before touching --out
    job = Job(args.out, resume=args.resume)
    try:
        job.open()
    except JobFileError as exc:
        raise UsageError(f"--out {exc}") from None
    except OSError as exc:
        raise UsageError(f"cannot open --out {args.out}: {exc.strerror}") from None
    if job.torn:
        print(f"confirma: {args.out}: dropped a torn last line (a write cut short by a crash); "
              "its item is fetched again", file=sys.stderr)
    writer = None if args.out is not None else Writer(args.format or "jsonl", headers, sys.stdout)
    progress = Progress(f"confirma {label}", enabled=args.progress, heartbeat=args.heartbeat)
    policy = StopPolicy(connection_failures=args.max_connection_failures or None)
    refused: ConfirmaError | None = None  # a 401/403: the job stopped, no item is to blame
    stopped: BulkStoppedError | None = None
    try:
        async with client:
            async for key, value, error, row in produce(client, job, progress, policy):
                job.write(key, value, error)
                if writer is not None:
                    writer.row(row, as_record(key, value, error))
    except BulkStoppedError as exc:
        stopped = exc
        refused = exc.cause if exc.reason == "auth" else None
    except (AuthenticationError, PermissionDeniedError) as exc:  # e.g. track's listing
        refused = exc
    finally:
        job.close()
        if writer is not None:
            writer.close()
        progress.finish()
        summary = job.summary()
        if refused is None or summary.done or summary.skipped:
            print(f"confirma: {label}: {summary}", file=sys.stderr)
    if refused is not None:
        fail(f"{refused}; check {API_KEY_ENV} and the environment / base URL. The job stopped "
             "at the first refusal; no item was recorded as failed")
        return EXIT_USAGE
    resume = f"run again with --resume --out {args.out}" if args.out else "run again"
    if stopped is not None:
        fail(f"{stopped}. The job stopped early; {resume} once the service is reachable")
        return EXIT_STOPPED
    if summary.transient:
        print(f"confirma: {summary.transient:,} item(s) failed transiently; {resume} to "
              "retry them", file=sys.stderr)
    return EXIT_OK if summary.ok else EXIT_FAILED


def _non_empty(path: str) -> bool:
    try:
        return os.path.getsize(path) > 0
    except OSError:
        return False


async def cases_bulk(args: argparse.Namespace) -> int:
    ids = read_ids(args.ids)

    async def produce(client: AsyncConfirmaClient, job: Job, progress: Progress,
                      policy: StopPolicy) -> Items:
        async for outcome in client.cases.iter_many(
            list(job.pending(ids)), concurrency=args.concurrency, on_progress=progress,
            stop_on=policy,
        ):
            yield (outcome.key, outcome.value, outcome.error,
                   _case_row(outcome.key, outcome.value, outcome.error))

    return await _run_job(args, "cases", CASE_HEADERS, produce)


async def distribution_bulk(args: argparse.Namespace) -> int:
    numbers = read_ids(args.ids)
    headers = (*DISTRIBUTION_HEADERS, "error")

    async def produce(client: AsyncConfirmaClient, job: Job, progress: Progress,
                      policy: StopPolicy) -> Items:
        async for outcome in client.distribution.iter_many(
            list(job.pending(numbers)), concurrency=args.concurrency, on_progress=progress,
            stop_on=policy,
        ):
            record = outcome.value
            if record is None:
                row = [outcome.key, *[None] * 6, _error_text(outcome.error)]
            else:
                row = [*_record_row(record), None]
            yield outcome.key, outcome.value, outcome.error, row

    return await _run_job(args, "distribution", headers, produce)


TRACK_HEADERS = ("invoiceNumber", "distributionStatus", "caseId", "caseStatus", "stage",
                 "currency", "totalOutstanding", "error")


async def track(args: argparse.Namespace) -> int:
    async def produce(client: AsyncConfirmaClient, job: Job, progress: Progress,
                      policy: StopPolicy) -> Items:
        async for tracked in client.invoices.track(
            from_date=args.from_date, to_date=args.to_date, concurrency=args.concurrency,
            on_progress=progress, stop_on=policy, skip=job.skip,
        ):
            record, case, error = tracked.distribution, tracked.case, tracked.error
            summary = case.summary if case else None
            balance = case.balance if case else None
            row = [record.invoice_number, record.distribution_status, record.case_id,
                   summary and summary.status, summary and summary.stage,
                   summary and summary.currency, balance and balance.total_outstanding,
                   _error_text(error)]
            value = {"distribution": record, "case": case}
            yield tracked.invoice_number, value, error, row

    return await _run_job(args, "track", TRACK_HEADERS, produce)


# --- actions -------------------------------------------------------------------------------

def load_actions(text: str) -> list[InvoiceAction]:
    """Actions from the documented JSON (``{"actions": [...]}`` or a bare list)."""
    try:
        document = serde.loads(text)
    except ValueError as exc:
        raise UsageError(f"the actions file is not valid JSON: {exc}") from None
    try:
        return serde.structure_actions(document)
    except ConfirmaValueError as exc:
        raise UsageError(str(exc)) from None


async def actions_send(args: argparse.Namespace) -> int:
    actions = load_actions(_read_text(args.file, ""))
    async with _client(args) as client:
        receipt = await client.invoices.create_actions(actions)
    if args.format is None:
        suffix = f" (request id {receipt.request_id})" if receipt.request_id else ""
        print(f"queued {receipt.accepted} action(s){suffix}")
    else:
        document = {"accepted": receipt.accepted, "requestId": receipt.request_id}
        _print_one(args.format, tuple(document), list(document.values()), document)
    return EXIT_OK


# --- the sandbox ---------------------------------------------------------------------------


async def sandbox(args: argparse.Namespace) -> int:
    from ..testing import FakeCollection, FakeConfirma

    # A key the user gave (flag or environment: possibly a real one) is accepted but never
    # printed; only a key the sandbox made up is shown.
    given = "--api-key" if args.api_key else API_KEY_ENV if os.environ.get(API_KEY_ENV) else None
    api_key = args.api_key or os.environ.get(API_KEY_ENV) or None
    fake = FakeConfirma(invoices=args.invoices, seed=args.seed, api_key=api_key,
                        host=args.host, port=args.port)
    fake.faults.latency = args.latency
    fake.faults.rate_limit = args.rate_limit or None  # 0 means no limit
    collection = FakeCollection(host=args.host) if args.collection else None
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):  # pragma: no cover - Windows
            pass
    async with fake:
        lines = [
            f"Confirma sandbox on {fake.url} ({args.invoices} invoices, today {fake.today})",
            f"  export {BASE_URL_ENV}={fake.url}",
            f"  export {API_KEY_ENV}={fake.api_key}" if given is None
            else f"  API key: the one given in {given} (not shown)",
            f"  partner provisioning token: {fake.provisioning_token}",
        ]
        if collection is not None:
            await collection.start()
            lines += [
                f"Collection sandbox on {collection.url}",
                f"  token URL {collection.token_url}, client id {collection.client_id}, "
                f"client secret {collection.client_secret}, audience {collection.audience}",
            ]
        lines.append("Press Ctrl-C to stop.")
        print("\n".join(lines), flush=True)
        try:
            while not stop.is_set():
                try:
                    await asyncio.wait_for(stop.wait(), timeout=args.day_seconds or None)
                except asyncio.TimeoutError:
                    fake.advance(1)
        finally:
            if collection is not None:
                await collection.close()
    return EXIT_OK
