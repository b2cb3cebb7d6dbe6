"""The bulk engine: a bounded pool of workers pulling keys lazily from any iterable.

``run_bulk`` starts ``workers`` tasks (never one task per key). Each takes the next key
only when it is free, so a generator of a million ids is never materialised and memory
stays O(workers). Identical keys in flight at the same moment are fetched once (the
second waits for the first's answer). A ``ConfirmaError`` becomes that key's outcome and
never fails the batch; anything else (a bug, an exception from a user hook) stops every
worker and propagates. Closing or cancelling the iterator cancels all workers and their
in-flight requests and waits for them, so nothing is left behind.

With ``stop_on=StopPolicy()`` the engine gives up on every remaining key when nothing can
succeed any more (a 401/403, or a run of connection failures with no answer in between)
and raises ``BulkStoppedError``: every bulk method gets this from here, one place.

The client-wide ``max_concurrency`` is enforced below this layer by the transport's
limiter: workers beyond it simply wait for a slot.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import (
    AsyncIterable,
    AsyncIterator,
    Awaitable,
    Callable,
    Hashable,
    Iterable,
    Iterator,
)
from typing import Any, Final, Generic, Protocol, TypeGuard, TypeVar

import attrs

# BulkStoppedError lives with the other errors; it stays importable from here.
from .._errors import (
    APIConnectionError,
    AuthenticationError,
    BulkStoppedError,
    ClientClosedError,
    ConfirmaError,
    ConfirmaValueError,
    PermissionDeniedError,
    WrongEventLoopError,
)
from ..models.bulk import BulkResult, Outcome, make_outcome

__all__ = [
    "ProgressHook",
    "StopPolicy",
    "BulkStoppedError",
    "DEFAULT_CONNECTION_FAILURES",
    "run_bulk",
    "BulkRun",
    "iter_outcomes",
    "Outcomes",
    "collect",
    "check_concurrency",
    "check_keys",
    "length_hint",
]

K = TypeVar("K")
T = TypeVar("T")
V = TypeVar("V")
R = TypeVar("R")


class ProgressHook(Protocol):
    """``on_progress(done, total, failed)``; ``total`` is ``None`` when the keys have no len()."""

    def __call__(self, done: int, total: int | None, failed: int, /) -> None: ...


#: ``StopPolicy().connection_failures``: consecutive connection failures (each after the
#: transport's own retries) with no answer from the server in between that stop a call.
DEFAULT_CONNECTION_FAILURES: Final = 20


def _check_failures(_: object, __: object, value: object) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise ConfirmaValueError("connection_failures", "must be a positive integer or None")


@attrs.frozen
class StopPolicy:
    """When a bulk call gives up on every remaining key: ``get_many(ids, stop_on=StopPolicy())``.

    - ``auth``: a 401 or 403 on any key stops the call at once (the key or its rights are
      wrong, so no other key can succeed either).
    - ``connection_failures``: this many consecutive connection failures (refused, reset,
      DNS, TLS, timeouts; each counted after the transport's own retries) with no answer
      from the server in between stop the call: the endpoint is down. ``None``: never.

    The outcome that trips the policy is not reported as a key's failure; it is the
    ``cause`` of the ``BulkStoppedError`` raised instead.
    """

    auth: bool = True
    connection_failures: int | None = attrs.field(
        default=DEFAULT_CONNECTION_FAILURES, validator=_check_failures
    )


class _Breaker:
    """Applies a ``StopPolicy`` to outcomes in completion order."""

    __slots__ = ("policy", "run")

    def __init__(self, policy: StopPolicy) -> None:
        self.policy = policy
        self.run = 0  # consecutive connection failures so far

    def check(self, error: ConfirmaError | None) -> BulkStoppedError | None:
        policy = self.policy
        if policy.auth and isinstance(error, (AuthenticationError, PermissionDeniedError)):
            return BulkStoppedError(error, "auth")
        if not isinstance(error, APIConnectionError):
            self.run = 0  # the server answered: it is reachable
            return None
        self.run += 1
        limit = policy.connection_failures
        if limit is not None and self.run >= limit:
            return BulkStoppedError(error, "connection", failures=self.run)
        return None


def _for_this_key(exc: BaseException) -> TypeGuard[ConfirmaError]:
    """Whether ``exc`` is one key's failure. A closed client, or one used on another event
    loop, fails every key alike: the bulk call raises it once instead."""
    return isinstance(exc, ConfirmaError) and not isinstance(
        exc, (ClientClosedError, WrongEventLoopError)
    )


class _Crash(Generic[T]):
    __slots__ = ("exc",)

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


_DONE = object()


def check_concurrency(concurrency: int | None, default: int) -> int:
    """The worker count of one bulk call: ``concurrency`` or the client's cap."""
    if concurrency is None:
        return default
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise ConfirmaValueError("concurrency", "must be a positive integer")
    return concurrency


def check_keys(field: str, keys: object) -> None:
    """Keys must be an iterable (or async iterable) of keys, not a string or a single key."""
    if isinstance(keys, (str, bytes, bytearray)) or not isinstance(
        keys, (Iterable, AsyncIterable)
    ):
        raise ConfirmaValueError(field, "must be an iterable of keys (a list, a generator, ...)")


def length_hint(items: object) -> int | None:
    """``len(items)`` when the iterable knows it cheaply, else ``None``."""
    try:
        return len(items)  # type: ignore[arg-type]
    except TypeError:
        return None


def _identity(item: Any) -> Hashable:
    return item  # type: ignore[no-any-return]


def run_bulk(
    items: Iterable[T] | AsyncIterable[T],
    fetch: Callable[[T], Awaitable[V]],
    make: Callable[[T, V | None, ConfirmaError | None], R],
    *,
    workers: int,
    flight_key: Callable[[T], Hashable | None] = _identity,
    on_progress: ProgressHook | None = None,
    stop_on: StopPolicy | None = None,
) -> BulkRun[T, V, R]:
    """``(input index, make(item, value, error))`` for every item, as completed.

    ``flight_key(item)`` names what is being fetched; items with equal keys in flight at
    the same time share one fetch (``None`` opts an item out). ``stop_on`` raises
    ``BulkStoppedError`` (after the outcomes that finished before it) when its policy trips;
    no worker takes another item once it has. Close the run (``aclose()``, ``aclosing``)
    when leaving it early.
    """
    return BulkRun(items, fetch, make, workers=workers, flight_key=flight_key,
                   on_progress=on_progress, stop_on=stop_on)


class BulkRun(Generic[T, V, R]):
    """One bulk run: an async iterator of ``(input index, result)`` with ``aclose()``.

    A class rather than an async generator on purpose: the event loop closes every
    unfinished async generator at shutdown, all at once, and an inner generator being
    closed by its outer one at that moment fails to close ("already running"). The
    resources' public iterators are the only async generators in the chain.
    """

    def __init__(
        self,
        items: Iterable[T] | AsyncIterable[T],
        fetch: Callable[[T], Awaitable[V]],
        make: Callable[[T, V | None, ConfirmaError | None], R],
        *,
        workers: int,
        flight_key: Callable[[T], Hashable | None],
        on_progress: ProgressHook | None,
        stop_on: StopPolicy | None,
        sink: Callable[[int, T, V | None, ConfirmaError | None], None] | None = None,
    ) -> None:
        self._total = total = length_hint(items)
        if total is not None:
            workers = max(1, min(workers, total))
        self._workers = workers
        self._source_iter: Iterator[T] | None = None
        self._source_aiter: AsyncIterator[T] | None = None
        if isinstance(items, AsyncIterable):
            self._source_aiter = items.__aiter__()
        else:
            self._source_iter = iter(items)
        self._fetch = fetch
        self._make = make
        #: With a sink, workers hand each result straight to it (``collect``): no queue
        #: entry, no consumer wake-up and no result object per key.
        self._sink = sink
        self._flight_key = flight_key
        self._on_progress = on_progress
        # An async generator cannot be advanced by two tasks at once.
        self._pull_lock = asyncio.Lock()
        # Finished results wait for the consumer in ``queue``, at most ``workers`` of them
        # (``free`` slots; a worker finding none waits in ``slot_waiters``). The queue
        # itself is unbounded so that a worker never blocks on it: a worker's last word
        # (done, crashed, cancelled) must get through even when the consumer is gone, e.g.
        # an iterator left unclosed when ``asyncio.run`` cancels every task: a worker
        # blocked on a full queue there would hang the loop's shutdown.
        self._queue: asyncio.Queue[Any] = asyncio.Queue()
        self._free = workers
        self._slot_waiters: deque[asyncio.Future[None]] = deque()
        #: Keys being fetched; a future appears only once a second worker wants the key.
        self._in_flight: dict[
            Hashable, asyncio.Future[tuple[V | None, ConfirmaError | None]] | None
        ] = {}
        self._next_index = 0
        self._closing = False
        self._breaker = _Breaker(stop_on) if stop_on is not None else None
        self._stopped = False
        self._tasks: list[asyncio.Future[None]] | None = None
        self._running = 0
        self._done = 0
        self._failed = 0

    def __aiter__(self) -> BulkRun[T, V, R]:
        return self

    async def __anext__(self) -> tuple[int, R]:
        if self._tasks is None:
            self._tasks = [asyncio.ensure_future(self._work()) for _ in range(self._workers)]
            self._running = self._workers
            if self._on_progress is not None:
                self._on_progress(0, self._total, 0)
        queue = self._queue
        try:
            while self._running:
                entry = await queue.get()
                if entry is _DONE:
                    self._running -= 1
                    continue
                if isinstance(entry, _Crash):
                    raise entry.exc
                self._give_slot()
                index, result, is_failure = entry
                self._done += 1
                self._failed += is_failure
                if self._on_progress is not None:
                    self._on_progress(self._done, self._total, self._failed)
                return index, result
        except BaseException:
            await self.aclose()
            raise
        await self.aclose()
        raise StopAsyncIteration

    async def drain(self) -> None:
        """Run every item through the sink; raise what stopped the run, if anything."""
        async for _ in self:
            raise AssertionError("a run with a sink yields nothing")  # pragma: no cover

    async def aclose(self) -> None:
        """Cancel every worker and wait until they (and their requests) are gone."""
        self._closing = True
        tasks, self._tasks = self._tasks or [], []
        for task in tasks:
            task.cancel()
        # Wait for every worker (and the request it was running) to be gone before the
        # caller regains control: nothing leaks, nothing warns later.
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _wait_for_slot(self) -> None:
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._slot_waiters.append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self._give_slot()  # handed over just as this worker was cancelled: pass it on
            else:
                with contextlib.suppress(ValueError):  # _give_slot may have dropped it
                    self._slot_waiters.remove(waiter)
            raise

    def _give_slot(self) -> None:
        """The consumer took a result: its slot goes to a waiting worker, or back."""
        waiters = self._slot_waiters
        while waiters:
            waiter = waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return
        self._free += 1

    async def _pull_async(self) -> tuple[int, T] | None:
        async with self._pull_lock:
            try:
                item = await self._source_aiter.__anext__()  # type: ignore[union-attr]
            except StopAsyncIteration:
                return None
        index = self._next_index
        self._next_index += 1
        return index, item

    async def _work(self) -> None:
        queue = self._queue
        in_flight = self._in_flight
        fetch = self._fetch
        flight_key = self._flight_key
        source = self._source_iter
        sink = self._sink
        item: T
        value: V | None
        error: ConfirmaError | None
        try:
            while not self._stopped:
                if source is not None:
                    try:
                        item = next(source)
                    except StopIteration:
                        break
                    index = self._next_index
                    self._next_index = index + 1
                else:
                    pulled = await self._pull_async()
                    if pulled is None:
                        break
                    index, item = pulled
                key = flight_key(item)
                if key is None:
                    try:
                        value, error = await fetch(item), None
                    except ConfirmaError as exc:
                        if not _for_this_key(exc):
                            raise
                        value, error = None, exc
                elif key in in_flight:
                    shared = in_flight[key]
                    if shared is None:
                        shared = in_flight[key] = asyncio.get_running_loop().create_future()
                    # Shielded: this waiter being cancelled must not cancel the owner's fetch.
                    try:
                        value, error = await asyncio.shield(shared)
                    except asyncio.CancelledError:
                        if self._closing or not shared.cancelled():
                            raise
                        return  # the owner failed; its own report ends the bulk
                else:
                    in_flight[key] = None
                    try:
                        value, error = await fetch(item), None
                    except BaseException as exc:
                        if not _for_this_key(exc):
                            shared = in_flight.pop(key)
                            if shared is not None:
                                shared.cancel()
                            raise
                        value, error = None, exc
                    shared = in_flight.pop(key)
                    if shared is not None:
                        shared.set_result((value, error))
                breaker = self._breaker
                if breaker is not None and not self._stopped:
                    stop = breaker.check(error)
                    if stop is not None:
                        self._stopped = True  # set first: no worker pulls another item
                        queue.put_nowait(_Crash(stop))
                        return
                if sink is not None:
                    if self._stopped:
                        return  # finished after the stop: not part of what it reports
                    sink(index, item, value, error)
                    self._done += 1
                    if error is not None:
                        self._failed += 1
                    if self._on_progress is not None:
                        self._on_progress(self._done, self._total, self._failed)
                    continue
                if self._free:
                    self._free -= 1
                else:
                    await self._wait_for_slot()
                queue.put_nowait((index, self._make(item, value, error), error is not None))
        except asyncio.CancelledError as exc:
            if self._closing:
                raise
            # Cancelled from inside a fetch, or by the loop shutting down while the
            # consumer is gone: report it rather than let a consumer wait for a worker
            # that is gone.
            queue.put_nowait(_Crash(exc))
            return
        except BaseException as exc:
            queue.put_nowait(_Crash(exc))
            return
        queue.put_nowait(_DONE)


# --- the shapes resources return --------------------------------------------------------


def iter_outcomes(
    keys: Iterable[K] | AsyncIterable[K],
    fetch: Callable[[K], Awaitable[V]],
    *,
    workers: int,
    on_progress: ProgressHook | None = None,
    stop_on: StopPolicy | None = None,
) -> Outcomes[K, V]:
    """``Outcome`` per key in completion order (what ``iter_many`` yields)."""
    return Outcomes(run_bulk(
        keys, fetch, make_outcome, workers=workers, on_progress=on_progress, stop_on=stop_on
    ))


class Outcomes(Generic[K, V]):
    """The ``Outcome``s of a ``BulkRun`` without their input index; ``aclose()`` closes it."""

    __slots__ = ("_run",)

    def __init__(self, run: BulkRun[K, V, Outcome[K, V]]) -> None:
        self._run = run

    def __aiter__(self) -> Outcomes[K, V]:
        return self

    async def __anext__(self) -> Outcome[K, V]:
        return (await self._run.__anext__())[1]

    async def aclose(self) -> None:
        await self._run.aclose()


async def collect(
    keys: Iterable[K] | AsyncIterable[K],
    fetch: Callable[[K], Awaitable[V]],
    *,
    workers: int,
    on_progress: ProgressHook | None = None,
    stop_on: StopPolicy | None = None,
) -> BulkResult[K, V]:
    """Every key's outcome gathered into a ``BulkResult`` in input order (``get_many``).

    A ``BulkStoppedError`` carries what finished before the stop as ``partial``.
    """
    gathered: _Gathered[K, V] = _Gathered()
    engine: BulkRun[K, V, None] = BulkRun(
        keys, fetch, _no_result, workers=workers, flight_key=_identity,
        on_progress=on_progress, stop_on=stop_on, sink=gathered.add,
    )
    try:
        await engine.drain()
    except BulkStoppedError as stop:
        stop.partial = gathered.result()
        raise
    finally:
        await engine.aclose()
    return gathered.result()


def _no_result(key: Any, value: Any, error: Any) -> None:
    return None


_FAILED: Any = object()
_PENDING: Any = object()


class _Gathered(Generic[K, V]):
    """Results by input index, kept without an object per key until the ``BulkResult``
    is built: ``keys[i]`` and ``values[i]`` (``_FAILED`` with the error in ``errors[i]``)."""

    __slots__ = ("errors", "keys", "values")

    def __init__(self) -> None:
        self.keys: list[K] = []
        self.values: list[V] = []
        self.errors: dict[int, ConfirmaError] = {}

    def add(self, index: int, key: K, value: V | None, error: ConfirmaError | None) -> None:
        keys, values = self.keys, self.values
        if error is not None:
            self.errors[index] = error
            value = _FAILED
        if index == len(keys):  # results finish almost in input order
            keys.append(key)
            values.append(value)  # type: ignore[arg-type]
            return
        if index > len(keys):
            missing = index - len(keys) + 1
            keys.extend([_PENDING] * missing)
            values.extend([_PENDING] * missing)
        keys[index] = key
        values[index] = value  # type: ignore[assignment]

    def result(self) -> BulkResult[K, V]:
        result: BulkResult[K, V] = BulkResult()
        succeeded, failed, errors = result.succeeded, result.failed, self.errors
        for index, (key, value) in enumerate(zip(self.keys, self.values, strict=True)):
            if value is _PENDING or key in succeeded or key in failed:
                continue  # not finished (a stop), or a key given twice: its first position
            if value is _FAILED:
                failed[key] = errors[index]
            else:
                succeeded[key] = value
        return result
