"""``confirma``: the command line, a consumer of the public API like any user.

    confirma sandbox [--port P] [--invoices N]        serve the embedded sandbox
    confirma cases get ID                             one case as JSON
    confirma cases bulk --ids FILE|- [--concurrency N] [--format jsonl|csv|table]
    confirma distribution list [--from D] [--to D]
    confirma track [--from D] [--to D]                distribution -> case details, concurrently
    confirma actions send FILE.json                   queue invoice actions

Configuration: ``CONFIRMA_API_KEY`` (never a flag: flags end up in shell history),
``--environment`` / ``CONFIRMA_ENVIRONMENT``, ``--base-url`` / ``CONFIRMA_BASE_URL``.
Exit codes: 0 ok, 1 some items (or the call) failed, 2 usage or configuration error.
Bulk work shows a progress bar on stderr when stderr is a terminal.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import signal
import sys
import time
from collections.abc import AsyncIterator, Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import IO, Any

import attrs

from . import serde
from ._config import API_KEY_ENV, ENVIRONMENTS
from ._errors import (
    APIStatusError,
    AuthenticationError,
    ConfirmaError,
    ConfirmaValueError,
    PermissionDeniedError,
)
from ._version import __version__
from .client import AsyncConfirmaClient
from .core.bulk import ProgressHook
from .models import (
    Case,
    CommentAction,
    DirectPaymentAction,
    DistributionRecord,
    DueDateAction,
    InvoiceAction,
    ObjectionAction,
    PauseAction,
    PaymentPlanAction,
    WithdrawAction,
)

__all__ = ["main", "Progress", "render_table", "iter_cases", "iter_tracked", "pretty_json"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
BASE_URL_ENV = "CONFIRMA_BASE_URL"
ENVIRONMENT_ENV = "CONFIRMA_ENVIRONMENT"
DEFAULT_CONCURRENCY = 32


class UsageError(Exception):
    """Bad input from the command line or its files: exit code 2."""


# --- output helpers ------------------------------------------------------------------------


def pretty_json(value: Any, indent: int = 0) -> str:
    """Indented JSON with Decimals written exactly (``serde.dumps`` for every leaf)."""
    pad = " " * indent
    if isinstance(value, dict) and value:
        items = [f'{pad}  {serde.dumps(k).decode()}: {pretty_json(v, indent + 2)}'
                 for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list) and value:
        items = [f"{pad}  {pretty_json(v, indent + 2)}" for v in value]
        return "[\n" + ",\n".join(items) + f"\n{pad}]"
    return serde.dumps(value).decode()


def render_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A plain aligned text table; numbers (Decimals included) are right-aligned."""
    body = [[_cell(v) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(headers)]
    numeric = [all(_is_number(r[i]) for r in body if r[i]) and any(r[i] for r in body)
               for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.rjust(w) if n else c.ljust(w)
                         for c, w, n in zip(cells, widths, numeric, strict=True)).rstrip()

    out = [line(headers), "  ".join("-" * w for w in widths)]
    out.extend(line(r) for r in body)
    return "\n".join(out)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


class Progress:
    """A one-line progress bar on a terminal stream; silent when not enabled."""

    def __init__(self, label: str, *, stream: IO[str] | None = None,
                 enabled: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.label = label
        self.started = time.perf_counter()
        self._last = 0.0
        self._drawn: tuple[int, int] | None = None
        self.done = 0
        self.total: int | None = None
        self.failed = 0

    def __call__(self, done: int, total: int | None, failed: int) -> None:
        self.done, self.total, self.failed = done, total, failed
        now = time.perf_counter()
        if self.enabled and (now - self._last >= 0.1 or (total is not None and done >= total)):
            self._last = now
            self._draw()

    def _draw(self) -> None:
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        rate = self.done / elapsed
        if self.total:
            filled = int(30 * self.done / self.total)
            bar = "#" * filled + "-" * (30 - filled)
            head = f"{self.label} [{bar}] {self.done}/{self.total} {100 * self.done // self.total}%"
        else:
            head = f"{self.label} {self.done}"
        self.stream.write(f"\r{head}  failed {self.failed}  {rate:,.0f}/s\x1b[K")
        self.stream.flush()
        self._drawn = (self.done, self.failed)

    def finish(self) -> None:
        if self.enabled:
            if self._drawn != (self.done, self.failed):
                self._draw()
            self.stream.write("\n")
            self.stream.flush()


# --- bulk work through the public API ------------------------------------------------------


async def iter_cases(
    client: AsyncConfirmaClient,
    case_ids: Sequence[int],
    *,
    concurrency: int,
    on_progress: ProgressHook | None = None,
) -> AsyncIterator[tuple[int, Case | None, ConfirmaError | None]]:
    """Case details of many ids as they complete (``cases.iter_many``)."""
    async for outcome in client.cases.iter_many(
        case_ids, concurrency=concurrency, on_progress=on_progress
    ):
        yield outcome.key, outcome.value, outcome.error


async def iter_tracked(
    client: AsyncConfirmaClient,
    *,
    from_date: date | None,
    to_date: date | None,
    concurrency: int,
    on_progress: ProgressHook | None = None,
) -> AsyncIterator[tuple[DistributionRecord, Case | None, ConfirmaError | None]]:
    """Every distribution record in the window with its case (``invoices.track``)."""
    async for tracked in client.invoices.track(
        from_date=from_date, to_date=to_date, concurrency=concurrency, on_progress=on_progress
    ):
        yield tracked.distribution, tracked.case, tracked.error


# --- commands ------------------------------------------------------------------------------


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
        max_concurrency=max(concurrency or DEFAULT_CONCURRENCY, 1),
    )


def _progress(args: argparse.Namespace, label: str) -> Progress:
    return Progress(label, enabled=args.progress)


async def _cases_get(args: argparse.Namespace) -> int:
    async with _client(args) as client:
        case = await client.cases.get(args.case_id)
    if args.format == "table":
        print(render_table(CASE_HEADERS, [_case_row(args.case_id, case, None)]))
    else:
        print(pretty_json(serde.unstructure(case)))
    return EXIT_OK


CASE_HEADERS = ("caseId", "status", "stage", "currency", "capitalOutstanding",
                "interestOutstanding", "costsOutstanding", "totalOutstanding", "error")


def _case_row(case_id: int, case: Case | None, error: ConfirmaError | None) -> list[Any]:
    if case is None:
        return [case_id, None, None, None, None, None, None, None, _error_text(error)]
    b = case.balance
    return [case.case_id, case.summary.status, case.summary.stage, case.summary.currency,
            b and b.capital_outstanding, b and b.interest_outstanding, b and b.costs_outstanding,
            b and b.total_outstanding, None]


def _error_text(error: ConfirmaError | None) -> str | None:
    if error is None:
        return None
    return f"{type(error).__name__}: {error}"


def _error_json(error: ConfirmaError) -> dict[str, Any]:
    found: dict[str, Any] = {"type": type(error).__name__, "message": str(error)}
    if isinstance(error, APIStatusError):
        found["status"] = error.status
        found["requestId"] = error.request_id
    return found


class _Writer:
    """Streams rows as jsonl, csv or an aligned table (fixed widths, so memory stays flat)."""

    def __init__(self, fmt: str, headers: Sequence[str], out: IO[str]) -> None:
        self.fmt, self.headers, self.out = fmt, headers, out
        self._csv = csv.writer(out, lineterminator="\n") if fmt == "csv" else None
        self._widths = [max(len(h), 12) for h in headers]
        if self._csv is not None:
            self._csv.writerow(headers)
        elif fmt == "table":
            self._line(list(headers))
            self._line(["-" * w for w in self._widths])

    def _line(self, cells: list[str]) -> None:
        text = "  ".join(c.ljust(w) for c, w in zip(cells, self._widths, strict=True))
        self.out.write(text.rstrip() + "\n")

    def row(self, values: Sequence[Any], document: Any) -> None:
        if self.fmt == "jsonl":
            self.out.write(serde.dumps(document).decode() + "\n")
        elif self._csv is not None:
            self._csv.writerow([_cell(v) for v in values])
        else:
            self._line([_cell(v) for v in values])


async def _cases_bulk(args: argparse.Namespace) -> int:
    ids = _read_ids(args.ids)
    progress = _progress(args, "cases")
    writer = _Writer(args.format, CASE_HEADERS, sys.stdout)
    failed = 0
    async with _client(args, args.concurrency) as client:
        async for case_id, case, error in iter_cases(
            client, ids, concurrency=args.concurrency, on_progress=progress
        ):
            failed += error is not None
            document = (serde.unstructure(case) if case is not None
                        else {"caseId": case_id, "error": _error_json(error)}  # type: ignore[arg-type]
                        )
            writer.row(_case_row(case_id, case, error), document)
    progress.finish()
    _summary(len(ids), failed)
    return EXIT_FAILED if failed else EXIT_OK


def _summary(total: int, failed: int) -> None:
    if failed:
        print(f"confirma: {failed} of {total} item(s) failed", file=sys.stderr)


def _read_ids(source: str) -> list[int]:
    if source == "-":
        text = sys.stdin.read()
    else:
        try:
            with open(source, encoding="utf-8") as handle:
                text = handle.read()
        except OSError as exc:
            raise UsageError(f"cannot read --ids {source}: {exc.strerror}") from None
    ids: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        for token in line.split("#", 1)[0].replace(",", " ").split():
            if not token.isdigit() or int(token) < 1:
                raise UsageError(f"--ids line {number}: {token!r} is not a positive case id")
            ids.append(int(token))
    return ids


DISTRIBUTION_HEADERS = ("invoiceNumber", "distributionStatus", "distributionMethod",
                        "paymentControl", "caseId", "createdAt", "errors")


def _record_row(record: DistributionRecord) -> list[Any]:
    dates, control = record.dates, record.payment_control
    return [record.invoice_number, record.distribution_status, record.distribution_method,
            control and control.status, record.case_id, dates and dates.created_at,
            "; ".join(e.error_code or "" for e in record.errors) or None]


async def _distribution_list(args: argparse.Namespace) -> int:
    async with _client(args) as client:
        report = await client.distribution.list(
            from_date=args.from_date, to_date=args.to_date, invoice_number=args.invoice_number)
    if args.format == "json":
        print(pretty_json(serde.unstructure(report)))
        return EXIT_OK
    writer = _Writer(args.format, DISTRIBUTION_HEADERS, sys.stdout)
    for record in report.invoices:
        writer.row(_record_row(record), serde.unstructure(record))
    return EXIT_OK


TRACK_HEADERS = ("invoiceNumber", "distributionStatus", "caseId", "caseStatus", "stage",
                 "currency", "totalOutstanding", "error")


async def _track(args: argparse.Namespace) -> int:
    progress = _progress(args, "track")
    writer = _Writer(args.format, TRACK_HEADERS, sys.stdout)
    total = failed = 0
    async with _client(args, args.concurrency) as client:
        async for record, case, error in iter_tracked(
            client, from_date=args.from_date, to_date=args.to_date,
            concurrency=args.concurrency, on_progress=progress,
        ):
            total += 1
            failed += error is not None
            summary = case.summary if case else None
            balance = case.balance if case else None
            row = [record.invoice_number, record.distribution_status, record.case_id,
                   summary and summary.status, summary and summary.stage,
                   summary and summary.currency, balance and balance.total_outstanding,
                   _error_text(error)]
            document: dict[str, Any] = {
                "distribution": serde.unstructure(record),
                "case": None if case is None else serde.unstructure(case),
                "error": None if error is None else _error_json(error),
            }
            writer.row(row, document)
    progress.finish()
    _summary(total, failed)
    return EXIT_FAILED if failed else EXIT_OK


ACTION_CLASSES: dict[str, type[InvoiceAction]] = {
    cls.code.value: cls
    for cls in (CommentAction, WithdrawAction, DueDateAction, PaymentPlanAction,
                ObjectionAction, PauseAction, DirectPaymentAction)
}
_ACTION_FIELDS = {
    "invoiceNumber": "invoice_number", "caseId": "case_id", "dueDate": "due_date",
    "amount": "amount", "currency": "currency", "paymentDate": "payment_date",
    "paymentMethod": "payment_method", "reference": "reference",
    "outstandingCapitalAmount": "outstanding_capital_amount",
    "outstandingInterestAmount": "outstanding_interest_amount",
    "outstandingCostsAmount": "outstanding_costs_amount",
}


def load_actions(text: str) -> list[InvoiceAction]:
    """Actions from the documented JSON (``{"actions": [...]}`` or a bare list)."""
    try:
        document = serde.loads(text)
    except ValueError as exc:
        raise UsageError(f"the actions file is not valid JSON: {exc}") from None
    items = document.get("actions") if isinstance(document, dict) else document
    if not isinstance(items, list) or not items:
        raise UsageError('the actions file must hold {"actions": [...]} with at least one action')
    actions = []
    for index, item in enumerate(items):
        at = f"actions[{index}]"
        if not isinstance(item, dict):
            raise UsageError(f"{at}: must be an object")
        cls = ACTION_CLASSES.get(str(item.get("code", "")).upper())
        if cls is None:
            raise UsageError(f"{at}.code: must be one of {', '.join(ACTION_CLASSES)}")
        data = item.get("data")
        if not isinstance(data, dict):
            raise UsageError(f"{at}.data: must be an object")
        allowed = {f.name for f in attrs.fields(cls)}
        kwargs: dict[str, Any] = {}
        for key, value in data.items():
            name = _ACTION_FIELDS.get(key)
            if name is None or name not in allowed:
                raise UsageError(f"{at}.data.{key}: not a field of a {cls.code.value} action")
            kwargs[name] = value
        if "comment" in item:
            kwargs["comment"] = item["comment"]
        for field in attrs.fields(cls):
            if field.default is attrs.NOTHING and field.name not in kwargs:
                where = "comment" if field.name == "comment" else f"data.{serde.camel(field.name)}"
                raise UsageError(f"{at}.{where}: is required for a {cls.code.value} action")
        try:
            actions.append(cls(**kwargs))
        except ConfirmaValueError as exc:
            where = "comment" if exc.field == "comment" else f"data.{serde.camel(exc.field)}"
            raise UsageError(f"{at}.{where}: {str(exc).split(': ', 1)[-1]}") from None
        except TypeError as exc:
            raise UsageError(f"{at}.data: {exc}") from None
    return actions


async def _actions_send(args: argparse.Namespace) -> int:
    if args.file == "-":
        text = sys.stdin.read()
    else:
        try:
            with open(args.file, encoding="utf-8") as handle:
                text = handle.read()
        except OSError as exc:
            raise UsageError(f"cannot read {args.file}: {exc.strerror}") from None
    actions = load_actions(text)
    async with _client(args) as client:
        receipt = await client.invoices.create_actions(actions)
    suffix = f" (request id {receipt.request_id})" if receipt.request_id else ""
    print(f"queued {receipt.accepted} action(s){suffix}")
    return EXIT_OK


async def _sandbox(args: argparse.Namespace) -> int:
    from .testing import FakeCollection, FakeConfirma

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
            f"  export {API_KEY_ENV}={fake.api_key}",
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


# --- argument parsing ----------------------------------------------------------------------


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in YYYY-MM-DD form") from None


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive integer")
    return int(text)


def _non_negative_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a non-negative number")
    return value


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    group = common.add_argument_group("connection")
    group.add_argument("--environment", choices=sorted(ENVIRONMENTS), default=argparse.SUPPRESS,
                       help=f"API environment (default: ${ENVIRONMENT_ENV} or production)")
    group.add_argument("--base-url", default=argparse.SUPPRESS, metavar="URL",
                       help=f"API root URL, overrides --environment (default: ${BASE_URL_ENV})")
    group.add_argument("--timeout", type=_non_negative_float, default=argparse.SUPPRESS,
                       metavar="SECONDS", help="per-attempt timeout (default 30)")
    group.add_argument("--max-retries", type=int, default=argparse.SUPPRESS, metavar="N",
                       help="retries of failed GETs (default 2)")
    group.add_argument("--progress", action=argparse.BooleanOptionalAction,
                       default=argparse.SUPPRESS,
                       help="progress bar on stderr (default: when stderr is a terminal)")

    parser = argparse.ArgumentParser(
        prog="confirma", parents=[common],
        description="Command line for the Confirma Finance Integrations API. "
                    f"The API key is read from ${API_KEY_ENV}.",
    )
    parser.add_argument("--version", action="version", version=f"confirma-async {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sandbox = commands.add_parser("sandbox", parents=[common], help="serve the embedded sandbox")
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--port", type=int, default=0, help="0 picks a free port")
    sandbox.add_argument("--invoices", type=int, default=2000, metavar="N")
    sandbox.add_argument("--seed", type=int, default=1)
    sandbox.add_argument("--api-key", default=None,
                         help=f"the sandbox's key (default: ${API_KEY_ENV} or a random one)")
    sandbox.add_argument("--collection", action="store_true",
                         help="also serve the collection (claims) API sandbox")
    sandbox.add_argument("--latency", type=_non_negative_float, default=0.0, metavar="SECONDS")
    sandbox.add_argument("--rate-limit", type=_non_negative_float, default=None, metavar="RPS")
    sandbox.add_argument("--day-seconds", type=_non_negative_float, default=0.0,
                         metavar="SECONDS",
                         help="advance the simulated clock one day every SECONDS")
    sandbox.set_defaults(run=_sandbox)

    cases = commands.add_parser("cases", help="case details").add_subparsers(
        dest="action", required=True, metavar="ACTION")
    get = cases.add_parser("get", parents=[common], help="one case")
    get.add_argument("case_id", type=_positive, metavar="ID")
    get.add_argument("--format", choices=("json", "table"), default="json")
    get.set_defaults(run=_cases_get)
    bulk = cases.add_parser("bulk", parents=[common], help="many cases, concurrently")
    bulk.add_argument("--ids", required=True, metavar="FILE|-",
                      help="case ids separated by newlines, spaces or commas ('-' = stdin)")
    bulk.add_argument("--concurrency", type=_positive, default=DEFAULT_CONCURRENCY, metavar="N")
    bulk.add_argument("--format", choices=("jsonl", "csv", "table"), default="jsonl")
    bulk.set_defaults(run=_cases_bulk)

    distribution = commands.add_parser("distribution", help="distribution records")
    dist = distribution.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = dist.add_parser("list", parents=[common], help="records by invoice date")
    listing.add_argument("--from", dest="from_date", type=_date, metavar="YYYY-MM-DD")
    listing.add_argument("--to", dest="to_date", type=_date, metavar="YYYY-MM-DD")
    listing.add_argument("--invoice-number", type=_positive, metavar="N")
    listing.add_argument("--format", choices=("jsonl", "csv", "table", "json"), default="table")
    listing.set_defaults(run=_distribution_list)

    track = commands.add_parser("track", parents=[common],
                                help="every invoice with its case (distribution -> cases)")
    track.add_argument("--from", dest="from_date", type=_date, metavar="YYYY-MM-DD")
    track.add_argument("--to", dest="to_date", type=_date, metavar="YYYY-MM-DD")
    track.add_argument("--concurrency", type=_positive, default=DEFAULT_CONCURRENCY, metavar="N")
    track.add_argument("--format", choices=("jsonl", "csv", "table"), default="jsonl")
    track.set_defaults(run=_track)

    actions = commands.add_parser("actions", help="invoice actions").add_subparsers(
        dest="action", required=True, metavar="ACTION")
    send = actions.add_parser("send", parents=[common], help="queue actions from a JSON file")
    send.add_argument("file", metavar="FILE.json|-")
    send.set_defaults(run=_actions_send)
    return parser


def _normalise(args: argparse.Namespace) -> argparse.Namespace:
    defaults = {"environment": None, "base_url": None, "timeout": 30.0, "max_retries": 2,
                "progress": None}
    for name, value in defaults.items():
        if not hasattr(args, name):
            setattr(args, name, value)
    if args.timeout == 0:
        raise UsageError("--timeout must be positive")
    if args.max_retries < 0:
        raise UsageError("--max-retries must not be negative")
    from_date, to_date = getattr(args, "from_date", None), getattr(args, "to_date", None)
    if from_date and to_date and from_date > to_date:
        raise UsageError("--from must not be after --to")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (the console script exits with it)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return int(exc.code or 0)
    try:
        args = _normalise(args)
        code: int = asyncio.run(args.run(args))
        return code
    except UsageError as exc:
        _fail(str(exc))
        return EXIT_USAGE
    except ConfirmaValueError as exc:
        _fail(f"invalid configuration or input: {exc}")
        return EXIT_USAGE
    except (AuthenticationError, PermissionDeniedError) as exc:
        _fail(f"{exc}; check {API_KEY_ENV} and the environment / base URL")
        return EXIT_USAGE
    except ConfirmaError as exc:
        _fail(str(exc))
        for line in _field_errors(exc):
            print(f"  {line}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        _fail("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # no tracebacks for users; CONFIRMA_DEBUG=1 shows them
        if os.environ.get("CONFIRMA_DEBUG"):
            raise
        _fail(f"unexpected {type(exc).__name__}: {exc}")
        return EXIT_FAILED


def _fail(message: str) -> None:
    print(f"confirma: error: {message}", file=sys.stderr)


def _field_errors(exc: ConfirmaError) -> list[str]:
    # The sandbox (and, we hope, the service) names each bad field in the error body.
    body = getattr(exc, "body", None)
    errors = body.get("errors") if isinstance(body, dict) else None
    if not isinstance(errors, list):
        return []
    return [f"{e.get('field')}: {e.get('message')}" for e in errors if isinstance(e, dict)]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
