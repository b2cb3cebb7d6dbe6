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
from collections.abc import (
    AsyncGenerator,
    AsyncIterable,
    AsyncIterator,
    Awaitable,
    Callable,
    Hashable,
    Iterable,
)
from typing import Any, Final, Generic, Literal, Protocol, TypeVar

import attrs

from .._errors import (
    APIConnectionError,
    AuthenticationError,
    ConfirmaError,
    ConfirmaValueError,
    PermissionDeniedError,
)
from ..models.bulk import BulkResult, Outcome, make_outcome

__all__ = [
    "ProgressHook",
    "StopPolicy",
    "BulkStoppedError",
    "DEFAULT_CONNECTION_FAILURES",
    "run_bulk",
    "iter_outcomes",
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


class BulkStoppedError(ConfirmaError):
    """A bulk call with ``stop_on=`` gave up on its remaining keys.

    ``cause`` is the error that stopped it (also chained as ``__cause__``); ``reason`` is
    ``"auth"`` or ``"connection"``. ``partial`` holds, for ``get_many``, the keys that
    finished before the stop (a ``BulkResult``); it is ``None`` for the iterators, which
    have already yielded theirs.
    """

    def __init__(
        self,
        cause: ConfirmaError,
        reason: Literal["auth", "connection"],
        *,
        failures: int = 1,
    ) -> None:
        self.cause = cause
        self.reason = reason
        self.failures = failures
        self.partial: BulkResult[Any, Any] | None = None
        self.__cause__ = cause
        if reason == "auth":
            text = f"stopped: the server refused the credentials: {cause}"
        else:
            text = (f"stopped after {failures} consecutive connection failures with no "
                    f"answer from the server: {cause}")
        super().__init__(text)


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


async def run_bulk(
    items: Iterable[T] | AsyncIterable[T],
    fetch: Callable[[T], Awaitable[V]],
    make: Callable[[T, V | None, ConfirmaError | None], R],
    *,
    workers: int,
    flight_key: Callable[[T], Hashable | None] = _identity,
    on_progress: ProgressHook | None = None,
    stop_on: StopPolicy | None = None,
) -> AsyncGenerator[tuple[int, R], None]:
    """Yield ``(input index, make(item, value, error))`` for every item, as completed.

    ``flight_key(item)`` names what is being fetched; items with equal keys in flight at
    the same time share one fetch (``None`` opts an item out). ``stop_on`` raises
    ``BulkStoppedError`` (after the outcomes that finished before it) when its policy trips;
    no worker takes another item once it has.
    """
    total = length_hint(items)
    if total is not None:
        workers = max(1, min(workers, total))
    source_iter: Iterable[T] | None = None
    source_aiter: AsyncIterator[T] | None = None
    if isinstance(items, AsyncIterable):
        source_aiter = items.__aiter__()
    else:
        source_iter = iter(items)
    pull_lock = asyncio.Lock()  # an async generator cannot be advanced by two tasks at once
    queue: asyncio.Queue[Any] = asyncio.Queue(maxsize=workers)
    in_flight: dict[Hashable, asyncio.Future[tuple[V | None, ConfirmaError | None]]] = {}
    next_index = 0
    closing = False
    breaker = _Breaker(stop_on) if stop_on is not None else None
    stopped = False

    async def pull() -> tuple[int, T] | None:
        nonlocal next_index
        item: T
        if source_aiter is not None:
            async with pull_lock:
                try:
                    item = await source_aiter.__anext__()
                except StopAsyncIteration:
                    return None
        else:
            try:
                item = next(source_iter)  # type: ignore[call-overload]
            except StopIteration:
                return None
        index = next_index
        next_index += 1
        return index, item

    async def fetch_one(item: T) -> tuple[V | None, ConfirmaError | None]:
        try:
            return await fetch(item), None
        except ConfirmaError as exc:
            return None, exc

    async def work() -> None:
        nonlocal stopped
        try:
            while not stopped:
                pulled = await pull()
                if pulled is None:
                    break
                index, item = pulled
                key = flight_key(item)
                shared = in_flight.get(key) if key is not None else None
                if shared is not None:
                    # Shielded: this waiter being cancelled must not cancel the owner's fetch.
                    try:
                        value, error = await asyncio.shield(shared)
                    except asyncio.CancelledError:
                        if closing or not shared.cancelled():
                            raise
                        return  # the owner failed; its own report ends the bulk
                elif key is None:
                    value, error = await fetch_one(item)
                else:
                    future: asyncio.Future[tuple[V | None, ConfirmaError | None]]
                    future = asyncio.get_running_loop().create_future()
                    in_flight[key] = future
                    try:
                        value, error = await fetch_one(item)
                    except BaseException:
                        future.cancel()
                        raise
                    finally:
                        del in_flight[key]
                    future.set_result((value, error))
                if breaker is not None and not stopped:
                    stop = breaker.check(error)
                    if stop is not None:
                        stopped = True  # set first: no worker pulls another item
                        await queue.put(_Crash(stop))
                        return
                await queue.put((index, make(item, value, error), error is not None))
        except asyncio.CancelledError as exc:
            if closing:
                raise
            # Cancelled from inside a fetch, not by us: report it rather than let the
            # consumer wait for a worker that is gone.
            await queue.put(_Crash(exc))
            return
        except BaseException as exc:
            await queue.put(_Crash(exc))
            return
        await queue.put(_DONE)

    tasks = [asyncio.ensure_future(work()) for _ in range(workers)]
    done = failed = 0
    try:
        if on_progress is not None:
            on_progress(0, total, 0)
        running = workers
        while running:
            entry = await queue.get()
            if entry is _DONE:
                running -= 1
                continue
            if isinstance(entry, _Crash):
                raise entry.exc
            index, result, is_failure = entry
            done += 1
            failed += is_failure
            if on_progress is not None:
                on_progress(done, total, failed)
            yield index, result
    finally:
        closing = True
        for task in tasks:
            task.cancel()
        # Wait for every worker (and the request it was running) to be gone before the
        # caller regains control: nothing leaks, nothing warns later.
        await asyncio.gather(*tasks, return_exceptions=True)


# --- the shapes resources return --------------------------------------------------------


async def iter_outcomes(
    keys: Iterable[K] | AsyncIterable[K],
    fetch: Callable[[K], Awaitable[V]],
    *,
    workers: int,
    on_progress: ProgressHook | None = None,
    stop_on: StopPolicy | None = None,
) -> AsyncGenerator[Outcome[K, V], None]:
    """``Outcome`` per key in completion order (what ``iter_many`` yields)."""
    engine = run_bulk(
        keys, fetch, make_outcome, workers=workers, on_progress=on_progress, stop_on=stop_on
    )
    try:
        async for _, outcome in engine:
            yield outcome
    finally:
        await engine.aclose()


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
    finished: list[tuple[int, Outcome[K, V]]] = []
    engine = run_bulk(
        keys, fetch, make_outcome, workers=workers, on_progress=on_progress, stop_on=stop_on
    )
    try:
        async for entry in engine:
            finished.append(entry)
    except BulkStoppedError as stop:
        stop.partial = _gather(finished)
        raise
    finally:
        await engine.aclose()
    return _gather(finished)


def _gather(finished: list[tuple[int, Outcome[K, V]]]) -> BulkResult[K, V]:
    finished.sort(key=_first)
    result: BulkResult[K, V] = BulkResult()
    succeeded, failed = result.succeeded, result.failed
    for _, outcome in finished:
        key = outcome.key
        if key in succeeded or key in failed:
            continue  # a key given twice is reported once, at its first position
        if outcome.ok:
            succeeded[key] = outcome.value
        else:
            failed[key] = outcome.error
    return result


def _first(entry: tuple[int, Any]) -> int:
    return entry[0]
