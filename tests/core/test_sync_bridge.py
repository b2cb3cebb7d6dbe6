"""The one bridge from blocking code to an event loop (``confirma_async._bridge``): the
sync clients and the sandbox's ``with`` mode run on it, and one ``mirror`` declaration
makes both kinds of blocking twins."""

from __future__ import annotations

import inspect
import subprocess
import sys
import threading
from collections.abc import AsyncGenerator, AsyncIterator

from confirma_async import ConfirmaClient
from confirma_async._bridge import LoopThread, SyncIterator
from confirma_async._sync import SyncResource, mirror, mirror_iter
from confirma_async.testing import FakeConfirma


class AsyncThings:
    """An async resource of the test's own."""

    async def total(self, count: int) -> int:
        return sum(range(count))

    async def pairs(self, count: int) -> AsyncGenerator[tuple[int, str], None]:
        for index in range(count):
            yield index, str(index)

    async def nested(self) -> AsyncIterator[dict[str, list[int]]]:
        yield {"a": [1]}


class Things(SyncResource[AsyncThings]):
    total = mirror(AsyncThings.total)
    pairs = mirror_iter(AsyncThings.pairs)
    nested = mirror_iter(AsyncThings.nested)


def _threads(name: str) -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == name]


def test_one_mirror_declaration_makes_plain_and_iterator_twins() -> None:
    loop = LoopThread("bridge-test")
    try:
        things = Things(AsyncThings(), loop)
        assert things.total(5) == 10
        pairs = things.pairs(3)
        assert isinstance(pairs, SyncIterator)
        assert list(pairs) == [(0, "0"), (1, "1"), (2, "2")]
        assert Things.total(things, 4) == 6  # on the class: an unbound method
    finally:
        loop.stop()


def test_an_iterator_twin_names_the_plain_iterator_of_the_async_item_type() -> None:
    """Whatever the item type's own brackets and commas, the twin returns an Iterator of it."""
    assert inspect.signature(Things.pairs).return_annotation == "Iterator[tuple[int, str]]"
    assert inspect.signature(Things.nested).return_annotation == "Iterator[dict[str, list[int]]]"
    assert list(inspect.signature(Things.pairs).parameters) == ["self", "count"]
    loop = LoopThread("bridge-test")
    try:
        bound = inspect.signature(Things(AsyncThings(), loop).pairs)
        assert list(bound.parameters) == ["count"]
        assert bound.return_annotation == "Iterator[tuple[int, str]]"
    finally:
        loop.stop()


def test_the_loop_thread_is_a_named_daemon_thread_that_close_stops() -> None:
    client = ConfirmaClient(api_key="bridge-key", base_url="http://127.0.0.1:9")
    try:
        mine = [t for t in _threads("confirma-async-loop") if t.ident == client._runner._thread_id]
        assert len(mine) == 1 and mine[0].daemon
    finally:
        client.close()
    assert not mine[0].is_alive()


def test_a_script_that_never_closes_its_sync_client_still_exits() -> None:
    """A forgotten ``close()`` must not keep the interpreter from exiting (a daemon thread,
    closed by the client's finalizer at exit)."""
    script = (
        "from confirma_async import ConfirmaClient\n"
        "client = ConfirmaClient(api_key='k', base_url='http://127.0.0.1:9')\n"
        "print('started')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "started"
    assert "Unclosed" not in done.stderr and "Traceback" not in done.stderr


def test_the_sandbox_with_mode_serves_from_a_loop_thread_and_stops_it() -> None:
    with FakeConfirma(invoices=5) as fake:
        threads = _threads("confirma-fake")
        assert threads and all(thread.daemon for thread in threads)
        case_id = next(iter(fake.cases))
        with ConfirmaClient(api_key=fake.api_key, base_url=fake.url) as client:
            assert client.cases.get(case_id).summary.case_id == case_id
    assert not any(thread.is_alive() for thread in threads)
