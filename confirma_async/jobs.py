"""Resumable bulk jobs: every finished key becomes one JSON line that a later run resumes from.

    from confirma_async import StopPolicy
    from confirma_async.jobs import Job

    with Job("cases.jsonl", resume=True) as job:
        async for outcome in client.cases.iter_many(job.pending(case_ids), stop_on=StopPolicy()):
            job.record(outcome)
    print(job.summary())

The file holds one record per line, ``{"key": 480001, "value": {...}}`` for a success or
``{"key": 7, "error": {"type": ..., "message": ..., "status": ..., "transient": false}}``
for a failure (``confirma track`` writes its distribution record as ``value`` next to a
failed case's ``error``). A key is *done* when its latest line is a success or a permanent
failure; a transient failure (no connection, timeout, 5xx, 408, 429, and 401/403, which a
corrected key may cure) is fetched again by the next run. Lines are appended and flushed
as each key finishes and synced to disk (``fsync``) at least every second and on close, so
a crash loses at most the requests in flight; a torn last line from a crash is dropped on
resume.

This module uses the public API like any user (the ``confirma`` command line is built on
it); it is not needed for ordinary bulk calls.
"""

from __future__ import annotations

import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from decimal import Decimal
from types import TracebackType
from typing import IO, Any, Final

import attrs

from . import serde
from ._core.bulk import StopPolicy
from ._errors import (
    APIStatusError,
    BulkStoppedError,
    ConfirmaError,
    ConfirmaValueError,
    JobFileError,
    ResponseDecodeError,
)
from .models.bulk import Outcome

try:  # advisory lock: two runs must not append to one file at once (POSIX only)
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "Job",
    "JobSummary",
    "JobFileError",
    "is_transient",
    "as_record",
    "error_record",
    "StopPolicy",
    "BulkStoppedError",
    "SUCCEEDED",
    "FAILED",
    "TRANSIENT",
]

#: The status of a key as its latest line records it.
SUCCEEDED: Final = "succeeded"
FAILED: Final = "failed"  # permanently: a later run skips it
TRANSIENT: Final = "transient"  # a later run fetches it again

#: Seconds between ``fsync`` calls while lines are being written.
FSYNC_INTERVAL: Final = 1.0


def is_transient(error: ConfirmaError) -> bool:
    """Whether fetching the key again may succeed. Permanent: the server's answer about
    this key (400, 404, 409, 422, any other 4xx but 401/403/408/429, a redirect), a bad
    key, an undecodable answer. Everything else may pass: no connection, a timeout, 5xx,
    408, 429, 401/403 (a corrected key may cure them), a closed client, and any error the
    SDK cannot place (a later run tries again rather than skip the key for ever)."""
    if isinstance(error, (ConfirmaValueError, ResponseDecodeError)):
        return False
    if isinstance(error, APIStatusError):
        return error.status in _TRANSIENT_4XX or error.status >= 500
    return True


_TRANSIENT_4XX: Final = frozenset({401, 403, 408, 429})


def error_record(error: ConfirmaError) -> dict[str, Any]:
    """An error as it is written to the job file (no body: bodies can hold personal data)."""
    found: dict[str, Any] = {"type": type(error).__name__, "message": str(error)}
    if isinstance(error, APIStatusError):
        found["status"] = error.status
        found["requestId"] = error.request_id
    found["transient"] = is_transient(error)
    return found


def as_record(key: Any, value: Any = None, error: ConfirmaError | None = None) -> dict[str, Any]:
    """One job-file record, JSON-ready: ``key``, then ``value`` (models as their wire JSON)
    and/or ``error``."""
    record: dict[str, Any] = {"key": key}
    if value is not None:
        record["value"] = serde.unstructure(value)
    if error is not None:
        record["error"] = error_record(error)
    return record


@attrs.frozen
class JobSummary:
    """What a job did in this run, and where the whole job stands.

    This run: ``succeeded``, ``failed`` (error type -> count; ``transient`` of them will be
    fetched again by a resumed run), ``skipped`` (already done in the file), ``elapsed``
    seconds. The whole job (every key in the file plus every key given to this run, each at
    its latest line): ``job_keys``, ``job_succeeded``, ``job_failed``; the rest were not
    finished (an interrupted or stopped run).
    """

    succeeded: int
    failed: Mapping[str, int]
    transient: int
    skipped: int
    elapsed: float
    job_keys: int
    job_succeeded: int
    job_failed: int

    @property
    def done(self) -> int:
        """Keys finished in this run."""
        return self.succeeded + sum(self.failed.values())

    @property
    def rate(self) -> float:
        """Keys finished per second in this run."""
        return self.done / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def unfinished(self) -> int:
        """Keys of the job with no line yet."""
        return self.job_keys - self.job_succeeded - self.job_failed

    @property
    def ok(self) -> bool:
        """Every key of the whole job succeeded."""
        return self.job_succeeded == self.job_keys

    def __str__(self) -> str:
        failed = sum(self.failed.values())
        text = f"{self.done:,} done"
        if self.done:
            text += f" ({self.succeeded:,} succeeded, {failed:,} failed"
            if failed:
                kinds = ", ".join(f"{name} x{count}" for name, count in
                                  Counter(self.failed).most_common())
                text += f": {kinds}"
            text += ")"
        text += f", {self.skipped:,} skipped as already done, {self.elapsed:.1f} s"
        if self.done:
            text += f", {self.rate:,.0f}/s"
        if self.job_keys != self.done:  # earlier runs, or keys not reached: the whole job
            text += f"; whole job: {self.job_succeeded:,} of {self.job_keys:,} succeeded"
            if self.job_failed:
                text += f", {self.job_failed:,} failed"
            if self.unfinished:
                text += f", {self.unfinished:,} not done yet"
        return text


class Job:
    """The bookkeeping of one bulk job, kept in a JSON-lines file (or in memory only).

    ``Job(path, resume=True)`` reads what ``path`` already records (a missing file starts a
    new job) and appends to it; ``resume=False`` refuses a non-empty existing file rather
    than mix two jobs. ``Job()`` without a path keeps only the counts. Use it as a context
    manager (or call ``open()`` / ``close()``); ``close()`` syncs the file to disk.

    ``pending(keys)`` / ``skip(key)`` leave out the keys already done and keys given twice;
    ``record(outcome)`` appends one line; ``summary()`` counts this run and the whole job.
    The methods may be called from different threads (e.g. with the sync client).
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        resume: bool = False,
        fsync_interval: float = FSYNC_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.path = None if path is None else os.fspath(path)
        self.resume = resume
        self.fsync_interval = fsync_interval
        #: True when a torn last line (from a crash mid-write) was dropped on opening.
        self.torn = False
        self._clock = clock
        self._lock = threading.Lock()
        self._status: dict[Hashable, str] = {}  # key -> status at its latest line
        self._previous: dict[Hashable, str] = {}
        self._seen: set[Hashable] = set()  # keys given to (or recorded by) this run
        self._skipped = 0
        self._succeeded = 0
        self._failed: Counter[str] = Counter()
        self._transient = 0
        self._fd: int | None = None
        self._closed = False
        self._dirty = False
        self._stop_sync = threading.Event()
        self._syncer: threading.Thread | None = None
        self._started: float | None = None
        self._ended: float | None = None

    def __repr__(self) -> str:
        return f"Job(path={self.path!r}, resume={self.resume})"

    # --- lifecycle --------------------------------------------------------------------

    def open(self) -> Job:
        """Read the file (when resuming), drop a torn last line, and open it for appending.

        A closed ``Job`` does not open again (``JobFileError``): resume the file with a new
        ``Job(path, resume=True)``.
        """
        if self._closed:
            raise self._closed_error()
        if self._started is not None:
            return self
        if self.path is not None:
            self._open_file(self.path)
        self._started = self._clock()
        return self

    def close(self) -> None:
        """Flush and ``fsync`` the file, and stop the clock of ``summary()``. Idempotent;
        a later ``write`` raises ``JobFileError``."""
        if self._ended is None and self._started is not None:
            self._ended = self._clock()
        if self._syncer is not None:
            self._stop_sync.set()
            self._syncer.join()
            self._syncer = None
        with self._lock:  # a write in another thread either finishes first or is refused
            self._closed = True
            fd, self._fd = self._fd, None
        if fd is not None:
            try:
                os.fsync(fd)
            finally:
                os.close(fd)  # also releases the lock

    def _closed_error(self) -> JobFileError:
        return JobFileError(
            str(self.path) if self.path is not None else "job",
            "this Job is closed; resume the file with a new Job(path, resume=True)",
        )

    def __enter__(self) -> Job:
        return self.open()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- which keys to fetch ----------------------------------------------------------

    @property
    def previous(self) -> Mapping[Hashable, str]:
        """Each key in the file when it was opened -> ``SUCCEEDED``, ``FAILED`` or ``TRANSIENT``."""
        return self._previous

    def skip(self, key: Hashable) -> bool:
        """True when ``key`` is already done (counted as skipped) or was given before in this
        run; False when it is to be fetched (it then belongs to the job)."""
        with self._lock:
            if key in self._seen:
                return True
            self._seen.add(key)
            if self._status.get(key) in (SUCCEEDED, FAILED):
                self._skipped += 1
                return True
            return False

    def pending(self, keys: Iterable[Any]) -> Iterator[Any]:
        """The keys still to fetch, lazily, in their order (see ``skip``)."""
        skip = self.skip
        for key in keys:
            if not skip(key):
                yield key

    # --- results ----------------------------------------------------------------------

    def record(self, outcome: Outcome[Any, Any]) -> None:
        """Append ``outcome`` (``key`` with ``value`` or ``error``) as one flushed line."""
        self.write(outcome.key, outcome.value, outcome.error)

    def write(self, key: Any, value: Any = None, error: ConfirmaError | None = None) -> None:
        """Append one finished key as a flushed line: its ``value`` and/or its ``error``
        (``confirma track`` keeps a failed case's distribution record as its value)."""
        line = b""
        if self._fd is not None:
            line = serde.dumps(as_record(key, value, error)) + b"\n"
        status = SUCCEEDED if error is None else TRANSIENT if is_transient(error) else FAILED
        with self._lock:
            if self._closed:
                raise self._closed_error()
            if line and self._fd is not None:
                _write_all(self._fd, line)
                self._dirty = True
            self._seen.add(key)
            self._status[key] = status
            if error is None:
                self._succeeded += 1
            else:
                self._failed[type(error).__name__] += 1
                self._transient += status == TRANSIENT

    def summary(self) -> JobSummary:
        """Counts of this run and of the whole job (see ``JobSummary``)."""
        with self._lock:
            keys = self._seen.union(self._status)
            statuses = Counter(self._status.get(key) for key in keys)
            started = self._started if self._started is not None else self._clock()
            ended = self._ended if self._ended is not None else self._clock()
            return JobSummary(
                succeeded=self._succeeded,
                failed=dict(self._failed),
                transient=self._transient,
                skipped=self._skipped,
                elapsed=max(ended - started, 0.0),
                job_keys=len(keys),
                job_succeeded=statuses[SUCCEEDED],
                job_failed=statuses[FAILED] + statuses[TRANSIENT],
            )

    # --- the file ---------------------------------------------------------------------

    def _open_file(self, path: str) -> None:
        flags = os.O_RDWR | os.O_CREAT | os.O_APPEND | getattr(os, "O_CLOEXEC", 0)
        created = not os.path.exists(path)
        # Results hold personal data (names, addresses): a new file is the user's alone.
        fd = os.open(path, flags, 0o600)
        try:
            if fcntl is not None:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    raise JobFileError(path, "another run is writing to this file") from None
            if os.fstat(fd).st_size:
                if not self.resume:
                    raise JobFileError(
                        path, "already holds results; resume it or choose another file")
                with os.fdopen(os.dup(fd), "rb") as handle:
                    cut, needs_newline = self._read(path, handle)
                if cut is not None:
                    os.ftruncate(fd, cut)
                    self.torn = True
                elif needs_newline:  # a whole last record whose newline never made it
                    _write_all(fd, b"\n")
            if created:
                _sync_directory(path)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        self._syncer = threading.Thread(target=self._sync_loop, name="confirma-job-fsync",
                                        daemon=True)
        self._syncer.start()

    def _read(self, path: str, handle: IO[bytes]) -> tuple[int | None, bool]:
        """Load the statuses; return where to cut a torn last line (or ``None``) and whether
        the last line lacks its newline."""
        offset = 0
        number = 0
        needs_newline = False
        for line in handle:
            number += 1
            start, offset = offset, offset + len(line)
            if not line.strip():
                continue
            complete = line.endswith(b"\n")
            try:
                record = serde.loads(line)
            except ValueError:
                if not complete:
                    self._previous = dict(self._status)
                    return start, False  # torn by a crash mid-write: that key is not done
                raise JobFileError(path, f"line {number} is not valid JSON") from None
            if not isinstance(record, dict) or "key" not in record:
                raise JobFileError(path, f"line {number} is not a job record (no \"key\")")
            key = record["key"]
            if not isinstance(key, (int, str, Decimal)):
                raise JobFileError(path, f"line {number}: \"key\" must be a number or a string")
            self._status[key] = _status_of(record)
            needs_newline = not complete
        self._previous = dict(self._status)
        return None, needs_newline

    def _sync_loop(self) -> None:
        # close() joins this thread before closing the file, so the fd stays valid here.
        while not self._stop_sync.wait(self.fsync_interval):
            with self._lock:
                fd, dirty, self._dirty = self._fd, self._dirty, False
            if fd is not None and dirty:
                os.fsync(fd)  # outside the lock: record() never waits for the disk


def _status_of(record: Mapping[str, Any]) -> str:
    error = record.get("error")
    if error is None:
        return SUCCEEDED
    # A failure without the flag (written by something else) is retried: safer than losing it.
    transient = error.get("transient", True) if isinstance(error, Mapping) else True
    return TRANSIENT if transient is not False else FAILED


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _sync_directory(path: str) -> None:
    # A new file's directory entry must reach the disk too, or a crash can lose the file.
    try:
        fd = os.open(os.path.dirname(os.path.abspath(path)), os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some filesystems refuse
        pass
    finally:
        os.close(fd)
