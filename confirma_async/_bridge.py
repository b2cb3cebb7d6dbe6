"""One event-loop thread that blocking code calls into: the sync clients' and the thread
mode of the sandbox fakes. anyio's blocking portal owns the thread and the loop's life;
a call crosses to the loop once and back once (``LoopThread.run``)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import queue
import threading
import weakref
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from typing import Any, TypeVar, cast

from anyio.from_thread import start_blocking_portal

from ._errors import ClientClosedError, ConfirmaError

__all__ = ["LoopThread", "SyncIterator", "closed_error"]

R = TypeVar("R")
T = TypeVar("T")

_CLOSED = object()
_END = object()


def closed_error() -> ClientClosedError:
    return ClientClosedError()


class LoopThread:
    """A daemon thread running an asyncio loop, started and stopped by anyio's
    ``start_blocking_portal``.

    ``run`` is the hot path and does not go through the portal: ``call_soon_threadsafe``
    starts the call's task, which puts its outcome into the caller's ``SimpleQueue`` (a
    C-level wait) the moment it ends. ``portal.call`` takes two hops per call, and
    ``run_coroutine_threadsafe`` one, but through a ``concurrent.futures.Future`` with its
    condition variable and a chain of callbacks. Rarer calls (``call_soon``) use the portal.
    """

    def __init__(self, name: str) -> None:
        self._portal_context = start_blocking_portal("asyncio", name=name)
        self.portal = self._portal_context.__enter__()
        self.loop = self.portal.call(asyncio.get_running_loop)
        self._thread_id = self.portal.call(threading.get_ident)
        self._lock = threading.Lock()
        self._stopped = False
        #: Calls waiting for the loop, each by its answer queue, with its task once started
        #: (``None`` before); stop() answers and cancels them so no caller stays blocked.
        self._pending: dict[queue.SimpleQueue[Any], asyncio.Task[Any] | None] = {}
        #: Open iterators; stop() ends their async side while the loop still runs.
        self.iterators: weakref.WeakSet[SyncIterator[Any]] = weakref.WeakSet()

    @property
    def stopped(self) -> bool:
        return self._stopped

    def _check_caller(self) -> None:
        if threading.get_ident() == self._thread_id:
            # Blocking here would wait on the loop that has to do the work: a deadlock.
            raise ConfirmaError(
                "a sync client cannot be called from its own event loop (e.g. from a hook); "
                "use the async client there"
            )

    def run(self, coro: Coroutine[Any, Any, R]) -> R:
        """Run a coroutine on the loop and wait for its result."""
        answer: queue.SimpleQueue[Any] = queue.SimpleQueue()
        try:
            self._check_caller()
            with self._lock:  # stop() either sees this call in _pending or refuses it
                if self._stopped:
                    raise closed_error()
                self._pending[answer] = None
                self.loop.call_soon_threadsafe(self._start, coro, answer)
        except BaseException:
            self._pending.pop(answer, None)
            coro.close()  # never started: no "was never awaited" warning
            raise
        try:
            done = answer.get()
        except BaseException:
            # Ctrl-C (or any interruption) in the caller also stops the request.
            self._abandon(answer)
            raise
        if done is _CLOSED:
            raise closed_error()
        with self._lock:
            self._pending.pop(answer, None)
        ok, value = done
        if ok:
            return cast(R, value)
        if isinstance(value, asyncio.CancelledError):
            if self._stopped:
                raise closed_error() from None
            raise concurrent.futures.CancelledError() from None
        try:
            raise value
        finally:
            del value, done  # no reference cycle through this frame

    def _start(self, coro: Coroutine[Any, Any, Any], answer: queue.SimpleQueue[Any]) -> None:
        """In the loop thread: start the call's task, unless it was given up meanwhile."""
        with self._lock:
            if answer not in self._pending:  # its caller was interrupted, or stop() ran
                coro.close()
                return
            self._pending[answer] = self.loop.create_task(_answer(coro, answer))

    def _abandon(self, answer: queue.SimpleQueue[Any]) -> None:
        with self._lock:
            task = self._pending.pop(answer, None)
        if task is not None:
            with contextlib.suppress(RuntimeError):  # the loop has already stopped
                self.loop.call_soon_threadsafe(task.cancel)

    def call_soon(self, fn: Callable[[], R]) -> R:
        """Run a plain function in the loop thread and return its result."""
        self._check_caller()
        if self._stopped:
            raise closed_error()
        try:
            return self.portal.call(fn)
        except RuntimeError:
            if self._stopped:  # the portal stopped while this call was on its way
                raise closed_error() from None
            raise

    def stop(self, closer: Callable[[], Coroutine[Any, Any, None]] | None = None) -> None:
        """Answer every waiting caller, end the open iterators, run ``closer`` on the
        loop, then stop the loop and join its thread. Idempotent."""
        if threading.get_ident() == self._thread_id:
            raise ConfirmaError("a sync client cannot be closed from its own event loop")
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
            pending, self._pending = self._pending, {}
        # Every caller still waiting returns now (with "the client is closed"); the loop
        # cancels the requests themselves before the session closes, and never starts a
        # call that had not started yet.
        for answer, task in pending.items():
            answer.put(_CLOSED)
            if task is not None:
                self.loop.call_soon_threadsafe(task.cancel)
        try:
            for iterator in list(self.iterators):
                self.portal.call(_end, iterator._source)
            if closer is not None:
                self.portal.call(closer)
        finally:
            self._portal_context.__exit__(None, None, None)


async def _answer(coro: Coroutine[Any, Any, Any], answer: queue.SimpleQueue[Any]) -> None:
    """Run a call's coroutine and put ``(True, result)`` or ``(False, exception)`` into
    its caller's queue the moment it ends (a done-callback would wait a loop turn)."""
    try:
        result = await coro
    except BaseException as exc:  # the caller raises it, whatever it is
        answer.put((False, exc))
    else:
        answer.put((True, result))


async def _end(source: AsyncIterator[Any]) -> None:
    """Close an iterator's async side (its workers and requests) when the thread stops."""
    aclose = getattr(source, "aclose", None)
    if aclose is not None:
        with contextlib.suppress(Exception):  # e.g. still unwinding a cancelled __next__
            await aclose()


class SyncIterator(Iterator[T]):
    """A plain iterator over an async iterator that lives in a ``LoopThread``'s loop.

    Closing it (or leaving a ``with`` block, or garbage collection) closes the async side.
    """

    #: Whatever must stay alive while the iterator is in use (the sync client's lifetime).
    keepalive: object = None

    def __init__(self, runner: LoopThread, source: AsyncIterator[T]) -> None:
        self._runner = runner
        self._source = source
        self._done = False
        runner.iterators.add(self)

    def __iter__(self) -> SyncIterator[T]:
        return self

    def __next__(self) -> T:
        if self._done:
            raise StopIteration
        item = self._runner.run(_next_or_end(self._source))
        if item is _END:
            self._done = True
            raise StopIteration
        return item  # type: ignore[return-value]

    def close(self) -> None:
        if self._done or self._runner.stopped:
            self._done = True  # a stopped thread has already ended the async side
            return
        self._done = True
        aclose = getattr(self._source, "aclose", None)
        if aclose is not None:
            self._runner.run(aclose())

    def __enter__(self) -> SyncIterator[T]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __del__(self) -> None:
        # Never blocks: the collector may run this in any thread, also while that thread
        # holds the loop thread's lock inside ``run`` (waiting for it would deadlock). The
        # async side is closed on the loop, soon.
        if self._done or self._runner.stopped:
            return
        self._done = True
        with contextlib.suppress(RuntimeError):  # the loop has stopped meanwhile
            self._runner.loop.call_soon_threadsafe(_end_soon, self._source)


_ending: set[asyncio.Task[None]] = set()  # tasks are only weakly held by the loop


def _end_soon(source: AsyncIterator[Any]) -> None:
    task = asyncio.get_running_loop().create_task(_end(source))
    _ending.add(task)
    task.add_done_callback(_ending.discard)


async def _next_or_end(source: AsyncIterator[T]) -> T | object:
    try:
        return await source.__anext__()
    except StopAsyncIteration:
        return _END
