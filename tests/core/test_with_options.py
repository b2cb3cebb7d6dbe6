"""``client.with_options(...)``: views that share the session, the connection pool, the
limiter and the credentials, with their own per-call settings (async, sync, collection)."""

from __future__ import annotations

import asyncio
import gc
import threading
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web

from confirma_async import (
    AsyncConfirmaClient,
    ConfirmaClient,
    ConfirmaError,
    ConfirmaValueError,
    Hooks,
    RequestEvent,
    RetryPolicy,
    ServerError,
)
from confirma_async.collection import AsyncCollectionClient, CollectionClient
from confirma_async.testing import FakeCollection, FakeConfirma
from tests.servers import serve

FAST = RetryPolicy(backoff_base=0.001, backoff_cap=0.01)
CASES = "/api/v1/partner/invoice/case"
CASE = {"cases": []}


class Recorder:
    """A case endpoint that records, per request, the client's port and the API key, and how
    many requests were in flight at once; ``status`` is what it answers."""

    def __init__(self, status: int = 200) -> None:
        self.status = status
        self.ports: list[int] = []
        self.keys: list[str | None] = []
        self.in_flight = 0
        self.most_in_flight = 0
        self.hold: asyncio.Event | None = None

    async def handle(self, request: web.Request) -> web.StreamResponse:
        peer = request.transport.get_extra_info("peername") if request.transport else None
        self.ports.append(peer[1] if peer else -1)
        self.keys.append(request.headers.get("X-Api-Key"))
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            if self.hold is not None:
                await self.hold.wait()
            await asyncio.sleep(0)
            if self.status != 200:
                return web.json_response({"message": "busy"}, status=self.status)
            return web.json_response(CASE)
        finally:
            self.in_flight -= 1


@pytest.fixture
async def recorder() -> AsyncIterator[tuple[Recorder, str]]:
    rec = Recorder()
    async with serve({("GET", CASES): rec.handle}) as url:
        yield rec, url


async def test_a_view_reuses_its_clients_connections(recorder: tuple[Recorder, str]) -> None:
    rec, url = recorder
    async with AsyncConfirmaClient(api_key="k", base_url=url) as client:
        await client.cases.list(case_id=1)
        view = client.with_options(timeout=5, max_retries=0)
        await view.cases.list(case_id=1)
        await view.with_options(max_retries=1).cases.list(case_id=1)
    # One keep-alive connection served the client and both views: one pool.
    assert len(rec.ports) == 3 and len(set(rec.ports)) == 1


async def test_a_view_shares_its_clients_concurrency_limit(
    recorder: tuple[Recorder, str],
) -> None:
    rec, url = recorder
    rec.hold = asyncio.Event()
    async with AsyncConfirmaClient(api_key="k", base_url=url, max_concurrency=2) as client:
        view = client.with_options(max_retries=0)
        calls = [asyncio.create_task(c.cases.list(case_id=1))
                 for c in (client, view, client, view, view)]
        while rec.in_flight < 2:
            await asyncio.sleep(0.001)
        await asyncio.sleep(0.01)  # a third request would have arrived by now
        assert rec.in_flight == 2
        rec.hold.set()
        await asyncio.gather(*calls)
    assert rec.most_in_flight == 2 and len(rec.ports) == 5


async def test_view_settings_apply_to_the_view_only(recorder: tuple[Recorder, str]) -> None:
    rec, url = recorder
    rec.status = 503
    seen: list[RequestEvent] = []
    async with AsyncConfirmaClient(api_key="k", base_url=url, max_retries=1,
                                   retry_policy=FAST) as client:
        view = client.with_options(max_retries=3, hooks=Hooks(on_request=seen.append))
        with pytest.raises(ServerError):
            await view.cases.list(case_id=1)
        assert len(rec.ports) == 4 and [e.attempt for e in seen] == [1, 2, 3, 4]
        with pytest.raises(ServerError):
            await client.cases.list(case_id=1)
        assert len(rec.ports) == 4 + 2 and len(seen) == 4  # the client's own settings


async def test_set_api_key_switches_the_client_and_its_views(
    recorder: tuple[Recorder, str],
) -> None:
    rec, url = recorder
    async with AsyncConfirmaClient(api_key="old-key", base_url=url) as client:
        view = client.with_options(timeout=5)
        client.set_api_key("new-key")
        await view.cases.list(case_id=1)
        view.set_api_key("newer-key")
        await client.cases.list(case_id=1)
    assert rec.keys == ["new-key", "newer-key"]


async def test_closing_a_view_closes_only_the_view(recorder: tuple[Recorder, str]) -> None:
    rec, url = recorder
    async with AsyncConfirmaClient(api_key="k", base_url=url) as client:
        async with client.with_options(max_retries=0) as view:
            await view.cases.list(case_id=1)
        with pytest.raises(ConfirmaError, match="the client is closed"):
            await view.cases.list(case_id=1)
        await client.cases.list(case_id=1)
        other = client.with_options(max_retries=1)
        await other.cases.list(case_id=1)
    assert len(rec.ports) == 3 and len(set(rec.ports)) == 1  # the pool stayed open


async def test_closing_the_client_closes_its_views(recorder: tuple[Recorder, str]) -> None:
    _, url = recorder
    client = AsyncConfirmaClient(api_key="k", base_url=url)
    view = client.with_options(max_retries=0)
    await view.cases.list(case_id=1)
    await client.close()
    with pytest.raises(ConfirmaError, match="the client is closed"):
        await view.cases.list(case_id=1)


REFUSED = ["api_key", "base_url", "environment", "max_concurrency", "session", "proxy",
           "trust_env", "provisioning_token"]


@pytest.mark.parametrize("name", REFUSED)
def test_with_options_refuses_what_a_view_shares_by_name(name: str) -> None:
    client = AsyncConfirmaClient(api_key="k")
    with pytest.raises(ConfirmaValueError, match="cannot differ in with_options") as caught:
        client.with_options(**{name: "x"})
    assert caught.value.field == name


def test_with_options_names_an_unknown_option_and_lists_the_accepted_ones() -> None:
    client = AsyncConfirmaClient(api_key="k")
    with pytest.raises(ConfirmaValueError, match="not an option of with_options; it takes "
                                                 "timeout, max_retries, retry_policy") as caught:
        client.with_options(max_retry=1)
    assert caught.value.field == "max_retry"


@pytest.mark.parametrize(("name", "value"), [
    ("timeout", 0), ("max_retries", -1), ("max_retries", True), ("retry_policy", "fast"),
    ("hooks", print), ("log_bodies", "yes"), ("max_response_bytes", 0),
])
def test_with_options_checks_each_value(name: str, value: Any) -> None:
    client = AsyncConfirmaClient(api_key="k")
    with pytest.raises(ConfirmaValueError) as caught:
        client.with_options(**{name: value})
    assert caught.value.field.startswith(name)


def test_a_view_is_a_client_of_the_same_class_with_the_same_tree() -> None:
    client = AsyncConfirmaClient(api_key="k")
    view = client.with_options(max_retries=0)
    assert type(view) is AsyncConfirmaClient and view.base_url == client.base_url
    assert view.cases is not client.cases and view.cases._transport is view._transport
    assert view.onboarding._provisioning_token is client.onboarding._provisioning_token


# --- the sync client ------------------------------------------------------------------------


def _loop_threads() -> int:
    return sum(1 for t in threading.enumerate() if t.name == "confirma-async-loop")


def test_a_sync_view_runs_on_its_clients_loop_thread_and_closes_alone() -> None:
    with FakeConfirma(invoices=20) as fake:
        case_id = next(iter(fake.cases))
        before = _loop_threads()
        client = ConfirmaClient(api_key=fake.api_key, base_url=fake.url)
        view = client.with_options(max_retries=0, timeout=5)
        assert type(view) is ConfirmaClient and _loop_threads() == before + 1
        assert view.cases.get(case_id).summary.case_id == case_id
        view.close()
        view.close()
        assert _loop_threads() == before + 1
        with pytest.raises(ConfirmaError, match="the client is closed"):
            view.cases.get(case_id)
        assert client.cases.get(case_id).summary.case_id == case_id
        other = client.with_options(max_retries=1)
        client.close()
        assert _loop_threads() == before
        with pytest.raises(ConfirmaError, match="the client is closed"):
            other.cases.get(case_id)
        other.close()  # nothing left to close: harmless


def test_a_sync_view_keeps_its_client_alive() -> None:
    with FakeConfirma(invoices=20) as fake:
        case_id = next(iter(fake.cases))
        before = _loop_threads()
        view = ConfirmaClient(api_key=fake.api_key, base_url=fake.url).with_options(timeout=5)
        gc.collect()  # the client itself is no longer referenced by the test
        assert view.cases.get(case_id).summary.case_id == case_id
        del view
        gc.collect()
        assert _loop_threads() == before  # the client went with its last view


def test_sync_with_options_refuses_by_name_and_has_the_async_docs() -> None:
    with FakeConfirma(invoices=5) as fake, ConfirmaClient(
        api_key=fake.api_key, base_url=fake.url
    ) as client:
        with pytest.raises(ConfirmaValueError, match="max_concurrency: cannot differ"):
            client.with_options(max_concurrency=4)
    assert ConfirmaClient.with_options.__doc__ == AsyncConfirmaClient.with_options.__doc__


# --- the collection client ----------------------------------------------------------------


async def test_a_collection_view_shares_the_oauth_token() -> None:
    async with FakeCollection(claims=2) as fake, AsyncCollectionClient(
        base_url=fake.url, client_id=fake.client_id, client_secret=fake.client_secret,
        token_url=fake.token_url,
    ) as client:
        number = fake.claim_numbers()[0]
        await client.claims.list_invoices(number)
        view = client.with_options(max_retries=0, timeout=5)
        assert type(view) is AsyncCollectionClient
        await view.claims.list_invoices(number)
        await view.transactions.list(from_=fake.today, to=fake.today)
    assert fake.tokens_issued == 1


def test_a_sync_collection_view_works_and_closes_alone() -> None:
    import tests.collection.test_pagination as pages

    with pages.background_claims_server(total=4) as url:
        with CollectionClient(base_url=url, access_token="t0k") as client:
            view = client.with_options(max_retries=0)
            assert type(view) is CollectionClient
            assert len(list(view.claims.iter_invoices("DE-1", page_size=5))) == 4
            view.close()
            assert len(client.claims.list_invoices("DE-1").items) == 4


# --- what a type checker sees -------------------------------------------------------------

VIEW_TYPING = """\
from confirma_async import AsyncConfirmaClient, ConfirmaClient
from confirma_async.collection import CollectionClient

reveal_type(AsyncConfirmaClient(api_key="k").with_options(timeout=1))
reveal_type(ConfirmaClient(api_key="k").with_options(max_retries=0))
reveal_type(CollectionClient(base_url="https://x", access_token="t").with_options(hooks=None))
AsyncConfirmaClient(api_key="k").with_options(api_key="other")
ConfirmaClient(api_key="k").with_options(max_concurrency=4)
"""


def test_a_type_checker_keeps_the_class_and_flags_refused_options(tmp_path: Any) -> None:
    """README: "`with_options` refuses it with a `ConfirmaValueError` naming it (and `mypy`
    flags it)"."""
    from tests.test_user_typing import ROOT, run_mypy

    (tmp_path / "views.py").write_text(VIEW_TYPING, encoding="utf-8")
    result = run_mypy(str(tmp_path / "views.py"), cwd=ROOT, cache=tmp_path / "cache")
    lines = [line.split(": ", 1)[1] for line in result.stdout.splitlines()]
    assert lines == [
        'note: Revealed type is "confirma_async._client.AsyncConfirmaClient"',
        'note: Revealed type is "confirma_async._sync.ConfirmaClient"',
        'note: Revealed type is "confirma_async.collection._sync.CollectionClient"',
        'error: Argument "api_key" to "with_options" of "ClientViews" has incompatible type '
        '"str"; expected "Never"  [arg-type]',
        'error: Argument "max_concurrency" has incompatible type "int"; expected "Never"  '
        '[arg-type]',
    ]
