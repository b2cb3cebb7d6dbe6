"""A client belongs to one event loop: another loop gets a clear error; the lifespan
pattern of the README closes every connection (under asyncio and uvloop).

These tests run their own event loops (none of pytest-asyncio's), against the sandbox
served from a thread.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import os
import re
import subprocess
import sys
import threading
import warnings
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import aiohttp
import pytest
from aiohttp import web

from confirma_async import AsyncConfirmaClient, ConfirmaError, WrongEventLoopError
from confirma_async.testing import FakeConfirma
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
T = TypeVar("T")
LoopFactory = Callable[[], asyncio.AbstractEventLoop]

LOOPS: dict[str, LoopFactory] = {"asyncio": asyncio.new_event_loop}
try:
    import uvloop
except ImportError:  # pragma: no cover - the dev extra installs it (not on Windows)
    pass
else:
    LOOPS["uvloop"] = uvloop.new_event_loop


def run(factory: LoopFactory, main: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` on a loop made by ``factory`` (uvloop too, on Python 3.10)."""
    loop = factory()
    try:
        return loop.run_until_complete(main)
    finally:
        try:
            loop.run_until_complete(loop.shutdown_asyncgens())
        finally:
            loop.close()


def leaks_after(action: Callable[[], object]) -> list[str]:
    """The ``ResourceWarning``s raised while ``action`` runs and its garbage is collected:
    unclosed transports, sockets, sessions."""
    found: list[str] = []
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        action()
        # A recorded warning keeps its source alive (an unclosed session keeps its
        # connector): collect until dropping the records frees nothing more.
        while True:
            gc.collect()
            if not seen:
                return found
            found += [str(w.message) for w in seen if issubclass(w.category, ResourceWarning)]
            seen.clear()


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeConfirma]:
    with FakeConfirma(cases=64) as running:
        yield running


def client_of(fake: FakeConfirma) -> AsyncConfirmaClient:
    return AsyncConfirmaClient(api_key=fake.api_key, base_url=fake.url)


# --- another event loop ---------------------------------------------------------------------


def test_a_module_level_client_under_a_second_asyncio_run_says_which_loop(
    fake: FakeConfirma,
) -> None:
    """README: "Another event loop gets `WrongEventLoopError` (...) before anything is
    sent, saying so and how to fix it" — a module-level client under a second
    `asyncio.run`."""
    client = client_of(fake)
    case_id = next(iter(fake.cases))
    assert asyncio.run(client.cases.get(case_id)).case_id == case_id
    sent = len(fake.request_log)
    with pytest.raises(WrongEventLoopError) as caught:
        asyncio.run(client.cases.get(case_id))
    error = caught.value
    assert isinstance(error, ConfirmaError) and isinstance(error, RuntimeError)
    assert error.owner_closed is True
    assert "belongs to another event loop" in str(error) and "which is closed now" in str(error)
    assert "Create one client per event loop" in str(error) and "lifespan" in str(error)
    assert len(fake.request_log) == sent  # nothing was sent
    # Its connections went with the first loop: closing now cannot reach them (README).
    leaks = leaks_after(lambda: (asyncio.run(client.close()), client.__dict__.clear()))
    assert any("nclosed" in leak for leak in leaks)


def test_a_view_shares_its_clients_event_loop(fake: FakeConfirma) -> None:
    """README: "Another event loop gets `WrongEventLoopError`" — also through a
    `with_options` view made before the first request: a view shares the client's
    connections, so it belongs to the same loop as the client, whichever binds first."""
    client = client_of(fake)
    view = client.with_options(timeout=5)
    case_id = next(iter(fake.cases))
    assert asyncio.run(view.cases.get(case_id)).case_id == case_id  # the view binds
    sent = len(fake.request_log)
    with pytest.raises(WrongEventLoopError):
        asyncio.run(client.cases.get(case_id))
    with pytest.raises(WrongEventLoopError):
        asyncio.run(client.with_options(max_retries=0).cases.get(case_id))
    assert len(fake.request_log) == sent  # nothing was sent
    leaks_after(lambda: (asyncio.run(client.close()), client.__dict__.clear()))


def test_a_client_used_by_two_live_loops_at_once_refuses_the_second(
    fake: FakeConfirma,
) -> None:
    """README: "Another event loop gets `WrongEventLoopError`" — one client shared by
    threads that each run their own loop; the owner keeps working, and `close()` from the
    other loop closes the connections on their own loop."""
    owner = asyncio.new_event_loop()
    thread = threading.Thread(target=owner.run_forever, daemon=True)
    thread.start()

    def on_owner(coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, owner).result(timeout=30)

    client = client_of(fake)
    case_ids = list(fake.cases)[:8]
    try:
        assert len(on_owner(client.cases.get_many(case_ids)).succeeded) == 8
        with pytest.raises(WrongEventLoopError) as caught:
            asyncio.run(client.cases.get(case_ids[0]))
        assert caught.value.owner_closed is False and "which is still open" in str(caught.value)
        assert on_owner(client.cases.get(case_ids[1])).case_id == case_ids[1]
        leaks = leaks_after(lambda: asyncio.run(client.close()))
        with pytest.raises(ConfirmaError, match="the client is closed"):
            on_owner(client.cases.get(case_ids[2]))
    finally:
        owner.call_soon_threadsafe(owner.stop)
        thread.join(timeout=30)
        owner.close()
    leaks += leaks_after(client.__dict__.clear)
    assert leaks == []


USER_TESTS = '''
import os

import pytest

from confirma_async import AsyncConfirmaClient, WrongEventLoopError

# Made once for the whole module; pytest-asyncio gives each test its own event loop.
client = AsyncConfirmaClient(api_key=os.environ["KEY"], base_url=os.environ["URL"])
CASE = int(os.environ["CASE"])


@pytest.mark.asyncio
async def test_first_uses_the_client():
    assert (await client.cases.get(CASE)).case_id == CASE


@pytest.mark.asyncio
async def test_second_is_told_why():
    with pytest.raises(WrongEventLoopError, match="Create one client per event loop"):
        await client.cases.get(CASE)
'''


def test_a_client_made_once_for_a_test_suite_is_refused_in_the_next_test(
    fake: FakeConfirma, tmp_path: Path
) -> None:
    """README: "(...) a client made once for a test suite while pytest-asyncio gives each
    test its own loop" gets `WrongEventLoopError` — run as a user's own test suite."""
    (tmp_path / "test_user.py").write_text(USER_TESTS, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\nasyncio_default_fixture_loop_scope = function\n", encoding="utf-8")
    env = {**os.environ, "KEY": fake.api_key, "URL": fake.url,
           "CASE": str(next(iter(fake.cases)))}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "-W", "ignore::ResourceWarning", "test_user.py"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"\b2 passed\b", result.stdout), result.stdout


# --- the lifespan pattern of the README ------------------------------------------------------


def readme_block(heading: str) -> dict[str, Any]:
    """The README block under ``heading``, run as written, with its client class pointed
    at the sandbox (the block reads only the environment for that)."""
    section = README[README.index(heading):]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match, heading
    namespace: dict[str, Any] = {"__name__": "readme"}
    exec(compile(match.group(1), heading, "exec"), namespace)
    return namespace


def pointed_at(fake: FakeConfirma, namespace: dict[str, Any]) -> dict[str, Any]:
    namespace["AsyncConfirmaClient"] = functools.partial(
        AsyncConfirmaClient, api_key=fake.api_key, base_url=fake.url)
    return namespace


@pytest.mark.parametrize("loop", list(LOOPS))
def test_the_lifespan_pattern_leaves_no_unclosed_transport(
    fake: FakeConfirma, loop: str
) -> None:
    """README: "Create one client per process and event loop, when the app starts, and
    close it when the app stops" — 64 connections opened in the lifespan, none left."""
    lifespan = pointed_at(fake, readme_block("## Using the client in a web service"))[
        "lifespan"]

    async def serve() -> int:
        async with lifespan(object()) as state:
            result = await state["confirma"].cases.get_many(list(fake.cases), concurrency=64)
        return len(result.succeeded)

    counts: list[int] = []
    assert leaks_after(lambda: counts.append(run(LOOPS[loop], serve()))) == []
    assert counts == [64]


@pytest.mark.parametrize("loop", list(LOOPS))
def test_a_client_dropped_without_close_leaves_its_connections_unclosed(
    fake: FakeConfirma, loop: str
) -> None:
    """README: "A client dropped without `close()` leaves every connection it opened — up
    to `max_concurrency`, 64 by default — as an unclosed transport when its loop ends"."""

    async def forget() -> None:
        client = client_of(fake)
        await client.cases.get_many(list(fake.cases), concurrency=64)

    leaks = leaks_after(lambda: run(LOOPS[loop], forget()))
    transports = [leak for leak in leaks
                  if leak.startswith(("unclosed transport", "unclosed resource"))]
    assert len(transports) == 64


@pytest.mark.parametrize("loop", list(LOOPS))
def test_the_aiohttp_cleanup_ctx_example_serves_and_closes(
    fake: FakeConfirma, loop: str
) -> None:
    """README: aiohttp's `cleanup_ctx` (...) made for this — the example app serves a case
    and closes its client on cleanup."""
    namespace = pointed_at(fake, readme_block("## Using the client in a web service"))
    case_id = next(iter(fake.cases))

    async def serve() -> Any:
        app = namespace["make_app"]()
        runner = web.AppRunner(app)
        await runner.setup()
        try:
            site = web.TCPSite(runner, "127.0.0.1", 0)
            await site.start()
            port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
            async with aiohttp.ClientSession() as session:
                async with session.get(f"http://127.0.0.1:{port}/cases/{case_id}") as resp:
                    answer = await resp.json()
            client = app[namespace["CONFIRMA"]]
        finally:
            await runner.cleanup()
        with pytest.raises(ConfirmaError, match="the client is closed"):
            await client.cases.get(case_id)
        return answer

    answers: list[Any] = []
    assert leaks_after(lambda: answers.append(run(LOOPS[loop], serve()))) == []
    assert answers[0]["case"] == case_id
