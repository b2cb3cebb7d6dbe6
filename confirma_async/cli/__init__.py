"""``confirma``: the command line, a consumer of the public API like any user.

    confirma sandbox [--port P] [--invoices N]          serve the embedded sandbox
    confirma cases get ID                               one case
    confirma cases bulk --ids FILE|- [--out FILE [--resume]]
    confirma distribution list [--from D] [--to D]
    confirma distribution bulk --ids FILE|- [--out FILE [--resume]]
    confirma track [--from D] [--to D] [--out FILE [--resume]]
    confirma actions send FILE.json                     queue invoice actions

Configuration: ``CONFIRMA_API_KEY`` (never a flag: flags end up in shell history),
``--environment`` / ``CONFIRMA_ENVIRONMENT``, ``--base-url`` / ``CONFIRMA_BASE_URL``.
Bulk jobs (``cases bulk``, ``distribution bulk``, ``track``) are resumable with ``--out`` and
``--resume`` (``confirma_async.jobs``) and stop early when nothing can succeed.

This module and ``_output`` import only the standard library: the SDK (aiohttp, cattrs, the
models) loads in ``_commands`` once a command runs, so ``--help`` and ``--version`` are fast.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence
from datetime import date
from typing import Final

from .._version import __version__
from ._output import FORMATS, HEARTBEAT

__all__ = [
    "main",
    "UsageError",
    "EXIT_OK",
    "EXIT_FAILED",
    "EXIT_USAGE",
    "EXIT_STOPPED",
    "EXIT_INTERRUPTED",
]

#: Exit codes (the README's table).
EXIT_OK: Final = 0  # every item of the job (or the call) succeeded
EXIT_FAILED: Final = 1  # some items failed (also in an earlier run of a resumed job)
EXIT_USAGE: Final = 2  # usage, configuration or authentication (401/403) error
EXIT_STOPPED: Final = 3  # the circuit breaker stopped the job: the service was unreachable
EXIT_INTERRUPTED: Final = 130  # Ctrl-C (SIGINT), after flushing; SIGTERM gives 143

API_KEY_ENV: Final = "CONFIRMA_API_KEY"
BASE_URL_ENV: Final = "CONFIRMA_BASE_URL"
ENVIRONMENT_ENV: Final = "CONFIRMA_ENVIRONMENT"
# Mirrors of SDK defaults, so that building the parser imports nothing heavy
# (tests/cli/test_cli_help.py checks that they agree with the SDK).
ENVIRONMENTS: Final = ("production", "staging")
DEFAULT_TIMEOUT: Final = 30.0
DEFAULT_MAX_RETRIES: Final = 2
DEFAULT_CONCURRENCY: Final = 32
DEFAULT_CONNECTION_FAILURES: Final = 20


class UsageError(Exception):
    """Bad input from the command line or its files: exit code 2."""


# --- argument types ------------------------------------------------------------------------


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in YYYY-MM-DD form") from None


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive integer")
    return int(text)


def _non_negative(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a non-negative integer")
    return int(text)


def _non_negative_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:  # also refuses nan
        raise argparse.ArgumentTypeError(f"{text!r} is not a non-negative number")
    return value


# --- the parser ----------------------------------------------------------------------------


def _connection() -> argparse.ArgumentParser:
    # SUPPRESS: given before or after the command name, the option is kept either way.
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("connection")
    group.add_argument("--environment", choices=ENVIRONMENTS, default=argparse.SUPPRESS,
                       help=f"API environment (default: ${ENVIRONMENT_ENV}, else production)")
    group.add_argument("--base-url", default=argparse.SUPPRESS, metavar="URL",
                       help="API root URL; overrides --environment "
                            f"(default: ${BASE_URL_ENV}, else the environment's URL)")
    group.add_argument("--timeout", type=_non_negative_float, default=argparse.SUPPRESS,
                       metavar="SECONDS",
                       help=f"timeout of each attempt (default: {DEFAULT_TIMEOUT:g})")
    group.add_argument("--max-retries", type=_non_negative, default=argparse.SUPPRESS,
                       metavar="N", help="retries of a failed GET on connection errors, "
                                         f"timeouts, 408/429/5xx (default: {DEFAULT_MAX_RETRIES})")
    return parent


def _add_format(parser: argparse.ArgumentParser, default: str | None, what: str,
                shown: str | None = None) -> None:
    parser.add_argument("--format", choices=FORMATS, default=default,
                        help=f"how {what} is printed on stdout (default: {shown or default})")


def _add_job_options(parser: argparse.ArgumentParser, what: str) -> None:
    """The options every bulk job shares; ``what`` names its items."""
    parser.add_argument("--concurrency", type=_positive, default=DEFAULT_CONCURRENCY,
                        metavar="N", help="requests in flight at once (default: %(default)s)")
    # None, not "jsonl", so that an explicit --format next to --out can be refused.
    _add_format(parser, None, what, "jsonl: one record per item as it completes, the same "
                                    "JSON lines --out writes")
    job = parser.add_argument_group(
        "resumable job",
        "--out FILE appends one JSON line per finished item as it completes (flushed, "
        "fsynced at least every second and on exit); --resume continues that file. "
        "Exit codes: 0 every item of the job succeeded (the whole file, earlier runs "
        "included), 1 some failed, 2 usage or authentication error, 3 stopped by the "
        "circuit breaker, 130 interrupted (143 on SIGTERM).")
    job.add_argument("--out", metavar="FILE", default=None,
                     help="write the results to FILE as JSON lines instead of stdout "
                          "(default: stdout, in --format); a new file is readable by you "
                          "only; an existing non-empty FILE needs --resume")
    job.add_argument("--resume", action="store_true",
                     help="skip the items FILE already records as done (succeeded, or failed "
                          "permanently like a 404), fetch again the ones that failed "
                          "transiently (connection, timeout, 5xx, 429, 401/403) and append "
                          "the rest; a missing FILE starts a new job (default: off)")
    job.add_argument("--max-connection-failures", type=_non_negative,
                     default=DEFAULT_CONNECTION_FAILURES, metavar="N",
                     help="circuit breaker: stop the job (exit 3) after N consecutive "
                          "connection failures with no answer from the server in between; "
                          "0 never stops (default: %(default)s). A 401/403 always stops it "
                          "at once (exit 2)")
    shown = parser.add_argument_group("progress (on stderr)")
    shown.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                       help="a progress bar with done/total, rate, ETA and failures "
                            "(default: when stderr is a terminal); --no-progress also "
                            "silences the heartbeat")
    shown.add_argument("--heartbeat", type=_non_negative_float, default=HEARTBEAT,
                       metavar="SECONDS",
                       help="without a bar, one progress line every SECONDS; 0 for none "
                            "(default: %(default)g)")


def _add_bulk(
    group: argparse._SubParsersAction[argparse.ArgumentParser],
    connection: argparse.ArgumentParser,
    run: str,
    *,
    ids: str,
    what: str,
    help: str,
    description: str,
) -> None:
    """A bulk command over ids read from a file: ``cases bulk``, ``distribution bulk``."""
    bulk = group.add_parser("bulk", parents=[connection], help=help, description=description)
    bulk.add_argument("--ids", required=True, metavar="FILE|-",
                      help=f"{ids} separated by newlines, spaces or commas, '#' starts a "
                           "comment ('-' reads stdin; required)")
    _add_job_options(bulk, what)
    bulk.set_defaults(run=run)


def _add_window(parser: argparse.ArgumentParser) -> None:
    for flag, dest, end in (("--from", "from_date", "first"), ("--to", "to_date", "last")):
        parser.add_argument(flag, dest=dest, type=_date, metavar="YYYY-MM-DD",
                            help=f"{end} invoice date (default: the service's window)")


def build_parser() -> argparse.ArgumentParser:
    """The ``confirma`` argument parser (standard library only)."""
    connection = _connection()
    parser = argparse.ArgumentParser(
        prog="confirma", parents=[connection],
        description="Command line for the Confirma Finance Integrations API. "
                    f"The API key is read from ${API_KEY_ENV}.",
        epilog="Run 'confirma COMMAND [ACTION] --help' for the options of a command. Exit "
               "codes: 0 ok, 1 some items (or the call) failed, 2 usage, configuration or "
               "authentication error, 3 a bulk job stopped by its circuit breaker, 130 "
               "interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"confirma-async {__version__}",
                        help="print the version and exit")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sandbox = commands.add_parser(
        "sandbox", help="serve the embedded sandbox",
        description="Serve the embedded Confirma sandbox (and optionally the collection API "
                    "sandbox) on this machine until Ctrl-C.")
    sandbox.add_argument("--host", default="127.0.0.1",
                         help="address to listen on (default: %(default)s)")
    sandbox.add_argument("--port", type=_non_negative, default=0,
                         help="port to listen on; 0 picks a free one (default: %(default)s)")
    sandbox.add_argument("--invoices", type=_non_negative, default=2000, metavar="N",
                         help="synthetic invoices to seed (default: %(default)s)")
    sandbox.add_argument("--seed", type=int, default=1,
                         help="random seed of the synthetic data (default: %(default)s)")
    sandbox.add_argument("--api-key", default=None,
                         help=f"the sandbox's API key (default: ${API_KEY_ENV}, else a random "
                              "one, printed; a given key is never printed)")
    sandbox.add_argument("--collection", action="store_true",
                         help="also serve the collection (claims) API sandbox (default: off)")
    sandbox.add_argument("--latency", type=_non_negative_float, default=0.0, metavar="SECONDS",
                         help="delay added to every answer (default: %(default)g)")
    sandbox.add_argument("--rate-limit", type=_non_negative_float, default=0.0, metavar="RPS",
                         help="answer 429 above this many requests per second; 0 for no "
                              "limit (default: %(default)g)")
    sandbox.add_argument("--day-seconds", type=_non_negative_float, default=0.0,
                         metavar="SECONDS",
                         help="advance the simulated clock one day every SECONDS; 0 keeps "
                              "it still (default: %(default)g)")
    sandbox.set_defaults(run="sandbox")

    cases = commands.add_parser("cases", help="case details").add_subparsers(
        dest="action", required=True, metavar="ACTION")
    get = cases.add_parser("get", parents=[connection], help="one case",
                           description="Print the details of one agency case.")
    get.add_argument("case_id", type=_positive, metavar="ID", help="the agency case id")
    _add_format(get, "json", "the case")
    get.set_defaults(run="cases_get")
    _add_bulk(cases, connection, "cases_bulk", ids="case ids", what="each case",
              help="many cases, concurrently",
              description="Fetch the details of many cases concurrently, as a resumable job.")

    distribution = commands.add_parser("distribution", help="distribution records")
    dist = distribution.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = dist.add_parser("list", parents=[connection], help="records by invoice date",
                              description="List distribution records by invoice date (the "
                                          "service's default window: the last 30 days).")
    _add_window(listing)
    listing.add_argument("--invoice-number", type=_positive, metavar="N",
                         help="only this invoice (default: all in the window)")
    _add_format(listing, "table", "the records")
    listing.set_defaults(run="distribution_list")
    _add_bulk(dist, connection, "distribution_bulk", ids="invoice numbers",
              what="each invoice's record", help="many invoices' records, concurrently",
              description="Fetch the distribution records of many invoices concurrently, as "
                          "a resumable job.")

    track = commands.add_parser(
        "track", parents=[connection], help="every invoice with its case (distribution -> cases)",
        description="List the distribution records of a window and fetch the case of each "
                    "concurrently, as a resumable job (keyed by invoice number).")
    _add_window(track)
    _add_job_options(track, "each invoice with its case")
    track.set_defaults(run="track")

    actions = commands.add_parser("actions", help="invoice actions").add_subparsers(
        dest="action", required=True, metavar="ACTION")
    send = actions.add_parser("send", parents=[connection], help="queue actions from a JSON file",
                              description='Queue invoice actions from the documented '
                                          '{"actions": [...]} file; every action is checked '
                                          'before anything is sent.')
    send.add_argument("file", metavar="FILE.json|-", help="the actions file ('-' reads stdin)")
    _add_format(send, None, "the receipt", "one line of text")
    send.set_defaults(run="actions_send")
    return parser


def _normalise(args: argparse.Namespace) -> argparse.Namespace:
    defaults = {"environment": None, "base_url": None, "timeout": DEFAULT_TIMEOUT,
                "max_retries": DEFAULT_MAX_RETRIES}
    for name, value in defaults.items():
        if not hasattr(args, name):
            setattr(args, name, value)
    if args.timeout == 0:
        raise UsageError("--timeout must be positive")
    from_date, to_date = getattr(args, "from_date", None), getattr(args, "to_date", None)
    if from_date and to_date and from_date > to_date:
        raise UsageError("--from must not be after --to")
    if hasattr(args, "out"):
        if args.resume and args.out is None:
            raise UsageError("--resume needs --out FILE (the file to resume)")
        if args.out is not None and args.format is not None:
            raise UsageError("--out always writes JSON lines (what --resume reads); "
                             "drop --format, or leave out --out and redirect stdout")
    return args


# --- running -------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (the console script exits with it)."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # argparse: --help/--version (0) or a usage error (2)
        return int(exc.code or 0)
    import asyncio  # not at the top: 20 ms that --help and --version do not need

    try:
        args = _normalise(args)
        code: int = asyncio.run(_run(args))
        return code
    except UsageError as exc:
        fail(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:  # a second Ctrl-C while the first one was being handled
        fail("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:
        return _failure(exc)


async def _run(args: argparse.Namespace) -> int:
    """Run the command; Ctrl-C (or SIGTERM) cancels it so that it can flush and summarise."""
    import asyncio

    from . import _commands as commands  # the SDK loads here, not for --help

    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    received: list[int] = []

    def interrupt(sig: int) -> None:
        received.append(sig)
        loop.remove_signal_handler(sig)  # a second signal ends the process the usual way
        if task is not None:
            task.cancel()

    if args.run != "sandbox":  # the sandbox stops on its own signal handlers
        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(sig, interrupt, sig)
            except (NotImplementedError, RuntimeError):  # pragma: no cover - Windows
                pass
    try:
        code: int = await getattr(commands, args.run)(args)
        return code
    except asyncio.CancelledError:
        if not received:
            raise
        fail("interrupted")
        return EXIT_INTERRUPTED if received[0] == signal.SIGINT else 128 + received[0]


def _failure(exc: Exception) -> int:
    """One line on stderr for an error that ended a command; its exit code."""
    from .._errors import (
        AuthenticationError,
        ConfirmaError,
        ConfirmaValueError,
        PermissionDeniedError,
    )

    if isinstance(exc, ConfirmaValueError):
        fail(f"invalid configuration or input: {exc}")
        return EXIT_USAGE
    if isinstance(exc, (AuthenticationError, PermissionDeniedError)):
        fail(f"{exc}; check {API_KEY_ENV} and the environment / base URL")
        return EXIT_USAGE
    if isinstance(exc, ConfirmaError):
        fail(str(exc))
        for line in _field_errors(exc):
            print(f"  {line}", file=sys.stderr)
        return EXIT_FAILED
    # No tracebacks for users; CONFIRMA_DEBUG=1 shows them.
    if os.environ.get("CONFIRMA_DEBUG"):
        raise exc
    fail(f"unexpected {type(exc).__name__}: {exc}")
    return EXIT_FAILED


def fail(message: str) -> None:
    """``confirma: error: message`` on stderr."""
    print(f"confirma: error: {message}", file=sys.stderr)


def _field_errors(exc: Exception) -> list[str]:
    # The fields the server named (``APIStatusError.field_errors``: read from the usual
    # body shapes, control characters and escape sequences already removed).
    return [f"{violation.field}: {violation.message}" if violation.field else violation.message
            for violation in getattr(exc, "field_errors", ())]
