"""Closing a sync client while other threads are calling it never leaves anyone blocked."""

from __future__ import annotations

import asyncio
import signal
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from confirma_async import ClientClosedError, ConfirmaClient, ConfirmaError, Hooks, RetryPolicy
from confirma_async.collection import CollectionClient
from tests.bodies import case_body
from tests.hostile import Conn, Request, threaded

KEY = "sync-close-key-42"
ONE_CASE = case_body(7)
PAGE = {"items": [], "pagination": {}}
TRIALS = 20
CALLERS = 6
#: A caller that has not returned this long after close() is blocked (the bug).
JOIN_TIMEOUT = 5.0


def slow(data: Any, delay: float = 0.02) -> Callable[[Conn, Request], Any]:
    async def script(conn: Conn, request: Request) -> None:
        await asyncio.sleep(delay)
        await conn.respond(200, data)

    return script


def hammer_then_close(client: Any, call: Callable[[], Any], requests: list[Any]) -> list[Any]:
    """CALLERS threads call in a tight loop while close() lands (so some calls are sent
    while the client shuts down); each makes one more call after close() has returned,
    then stops. Returns one example of each kind of exception the callers saw, plus
    "blocked" for every caller that never came back.
    """
    seen: dict[tuple[type, str], BaseException] = {}
    closed = threading.Event()

    def caller() -> None:
        while True:
            after_close = closed.is_set()
            try:
                call()
            except BaseException as exc:
                seen.setdefault((type(exc), str(exc)), exc)
            if after_close:
                return

    threads = [threading.Thread(target=caller, daemon=True) for _ in range(CALLERS)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + JOIN_TIMEOUT
    while len(requests) < CALLERS and time.monotonic() < deadline:
        time.sleep(0.002)  # wait until calls are really in flight
    client.close()
    closed.set()
    for thread in threads:
        thread.join(JOIN_TIMEOUT)
    return list(seen.values()) + ["blocked" for thread in threads if thread.is_alive()]


def assert_all_closed(endings: list[Any]) -> None:
    assert endings, "no call ended with an error: close() did not reach any caller"
    for ending in endings:
        assert ending != "blocked", "a caller was still blocked after close()"
        assert type(ending) is ClientClosedError, repr(ending)
        assert str(ending) == "the client is closed"


@pytest.mark.parametrize("trial", range(TRIALS))
def test_close_while_threads_call_returns_closed_to_every_caller(trial: int) -> None:
    """README: "After `close()`, every call of a sync client that is still running or comes
    later raises `ClientClosedError("the client is closed")` at once; no caller blocks."
    (issue 8, item 13: callers stayed blocked in 11 of 20 trials.)"""
    with threaded(slow(ONE_CASE)) as server:
        client = ConfirmaClient(api_key=KEY, base_url=server.url)
        endings = hammer_then_close(client, lambda: client.cases.get(7), server.requests)
        assert_all_closed(endings)
        with pytest.raises(ConfirmaError, match=r"^the client is closed$"):
            client.cases.get(7)


def test_iterator_in_progress_and_later_iterators_get_closed_too() -> None:
    """README: "every call of a sync client that is still running or comes later raises
    `ClientClosedError("the client is closed")`" — iterators included."""
    with threaded(slow(ONE_CASE)) as server:
        client = ConfirmaClient(api_key=KEY, base_url=server.url)
        outcomes = client.cases.iter_many(range(1, 1000), concurrency=4)
        next(outcomes)
        client.close()
        with pytest.raises(ConfirmaError, match=r"^the client is closed$"):
            next(outcomes)
        with pytest.raises(ConfirmaError, match=r"^the client is closed$"):
            client.cases.iter_many([1])
        with pytest.raises(ConfirmaError, match=r"^the client is closed$"):
            client.set_api_key("another-key")


@pytest.mark.parametrize("trial", range(5))
def test_collection_sync_client_closes_the_same_way(trial: int) -> None:
    """README: "After `close()`, every call of a sync client (...) raises
    `ClientClosedError("the client is closed")` at once" — the collection client too."""
    with threaded(slow(PAGE)) as server:
        client = CollectionClient(base_url=server.url, access_token="tok-1",
                                  retry_policy=RetryPolicy(backoff_base=0.001))
        endings = hammer_then_close(
            client, lambda: client.claims.list_invoices("C1"), server.requests
        )
        assert_all_closed(endings)
        with pytest.raises(ConfirmaError, match=r"^the client is closed$"):
            client.claims.list_invoices("C1")


def test_close_twice_and_close_after_garbage_collection_are_harmless() -> None:
    """README: "After `close()`, every call (...) raises `ConfirmaError`"; closing again
    is a no-op."""
    with threaded(slow(ONE_CASE, 0)) as server:
        client = ConfirmaClient(api_key=KEY, base_url=server.url)
        assert client.cases.get(7).summary.case_id == 7
        client.close()
        client.close()
        with pytest.raises(ConfirmaError, match=r"^the client is closed$"):
            client.cases.get(7)


def test_an_interrupted_call_cancels_its_request_and_the_client_carries_on() -> None:
    """Ctrl-C while a sync call waits stops the request in the loop thread too; the
    client stays usable."""
    with threaded(slow(ONE_CASE, 1)) as server:
        with ConfirmaClient(api_key=KEY, base_url=server.url, timeout=10) as client:
            previous = signal.signal(signal.SIGALRM, _interrupt)
            signal.setitimer(signal.ITIMER_REAL, 0.1)
            try:
                with pytest.raises(KeyboardInterrupt):
                    client.cases.get(7)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
            runner = client._runner

            def requests_left() -> list[asyncio.Task[Any]]:
                return runner.call_soon(lambda: [
                    task for task in asyncio.all_tasks(runner.loop)
                    if getattr(task.get_coro(), "__qualname__", "").startswith("AsyncCases.")
                ])

            deadline = time.monotonic() + 0.5  # the server would answer after 1 s
            while requests_left() and time.monotonic() < deadline:
                time.sleep(0.01)
            assert requests_left() == [] and runner._pending == {}
            assert client.cases.get(7).summary.case_id == 7


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def test_any_exception_raised_inside_a_call_reaches_the_caller_and_the_loop_lives_on() -> None:
    """A ``KeyboardInterrupt`` raised inside the call (here by a hook) is the caller's to
    handle; it must neither stop the client's loop thread nor leave the caller waiting."""

    def interrupt(event: Any) -> None:
        raise KeyboardInterrupt

    with threaded(slow(ONE_CASE, 0)) as server:
        with ConfirmaClient(api_key=KEY, base_url=server.url,
                            hooks=Hooks(on_request=interrupt)) as client:
            raised: list[BaseException] = []

            def call() -> None:
                try:
                    client.cases.get(7)
                except BaseException as exc:
                    raised.append(exc)

            caller = threading.Thread(target=call, daemon=True)
            caller.start()
            caller.join(JOIN_TIMEOUT)
            assert not caller.is_alive(), "the caller was left waiting"
            assert [type(exc) for exc in raised] == [KeyboardInterrupt]
            assert client.with_options(hooks=Hooks()).cases.get(7).summary.case_id == 7
