"""The sync facade against a real aiohttp server on 127.0.0.1, and its public surface."""

from __future__ import annotations

import asyncio
import inspect
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from confirma_async import AsyncConfirmaClient, CommentAction, ConfirmaClient, NotFoundError
from confirma_async._sync import SyncIterator, SyncResource, _Mirror, _SubResource
from confirma_async.api._resource import AsyncResource
from confirma_async.collection import AsyncCollectionClient, CollectionClient
from confirma_async.testing import FakeConfirma

# The sandbox is the pytest plugin's confirma_fake (served from its own loop thread).
pytestmark = pytest.mark.confirma_fake(invoices=300)


@pytest.fixture
def fake(confirma_fake: FakeConfirma) -> FakeConfirma:
    return confirma_fake


def test_sync_client_reads_cases_from_a_plain_script(fake: FakeConfirma) -> None:
    case_id = next(iter(fake.cases))
    with ConfirmaClient(api_key=fake.api_key, base_url=fake.url) as client:
        case = client.cases.get(case_id)
        assert case.summary.case_id == case_id
        assert case.balance is not None
        expected = fake.cases[case_id]["balance"]["totalOutstanding"]
        assert case.balance.total_outstanding == expected
        with pytest.raises(NotFoundError):
            client.cases.get(999999999)


def test_sync_client_is_safe_from_many_threads(fake: FakeConfirma) -> None:
    ids = list(fake.cases)[:60]
    with ConfirmaClient(api_key=fake.api_key, base_url=fake.url) as client:
        with ThreadPoolExecutor(max_workers=12) as pool:
            found = list(pool.map(lambda i: client.cases.get(i).summary.case_id, ids))
    assert found == ids


def test_sync_client_works_inside_a_running_event_loop(fake: FakeConfirma) -> None:
    case_id = next(iter(fake.cases))

    async def notebook_cell() -> int:
        # Like a notebook: plain blocking calls made from a coroutine on a running loop.
        with ConfirmaClient(api_key=fake.api_key, base_url=fake.url) as client:
            return client.cases.get(case_id).summary.case_id

    assert asyncio.run(notebook_cell()) == case_id


def test_sync_client_sends_actions_and_close_twice_is_harmless(fake: FakeConfirma) -> None:
    case_id = next(k for k, v in fake.cases.items() if v["summary"]["status"] == "OPEN")
    # The sandbox checks that the invoice number is the case's own.
    invoice_number = int(fake.cases[case_id]["invoices"][0]["invoiceNumber"])
    client = ConfirmaClient(api_key=fake.api_key, base_url=fake.url)
    receipt = client.invoices.create_actions(
        [CommentAction(invoice_number=invoice_number, case_id=case_id, comment="Called customer")]
    )
    client.close()
    client.close()
    assert receipt.accepted == 1
    assert fake.actions[-1]["comment"] == "Called customer"


def _loop_threads() -> int:
    return sum(1 for t in threading.enumerate() if t.name == "confirma-async-loop")


def test_sync_client_stops_its_loop_thread_on_close(fake: FakeConfirma) -> None:
    before = _loop_threads()
    client = ConfirmaClient(api_key=fake.api_key, base_url=fake.url)
    assert _loop_threads() == before + 1
    client.cases.list(case_id=next(iter(fake.cases)))
    client.close()
    assert _loop_threads() == before


def test_sync_iterator_pages_through_claim_invoices() -> None:
    import tests.collection.test_pagination as pages

    with pages.background_claims_server(total=23) as url:
        with CollectionClient(base_url=url, access_token="t0k") as client:
            iterator = client.claims.iter_invoices("DE-1", page_size=5)
            assert isinstance(iterator, SyncIterator)
            numbers = [i.invoice_number for i in iterator]
    assert numbers == [f"I{n}" for n in range(23)]


# --- the surface walk -------------------------------------------------------------------

PAIRS = [(AsyncConfirmaClient, ConfirmaClient), (AsyncCollectionClient, CollectionClient)]


def _public_async_methods(cls: type) -> dict[str, Any]:
    return {
        name: fn
        for name, fn in inspect.getmembers(cls)
        if not name.startswith("_")
        and (inspect.iscoroutinefunction(fn) or inspect.isasyncgenfunction(fn))
    }


def _resources(cls: type) -> dict[str, type]:
    hints = inspect.get_annotations(cls, eval_str=True)
    return {name: hint for name, hint in hints.items()
            if inspect.isclass(hint) and issubclass(hint, AsyncResource)}


def _walk(async_cls: type, sync_cls: type, where: str) -> list[str]:
    problems: list[str] = []
    for name, fn in _public_async_methods(async_cls).items():
        if name == "close":
            if not callable(getattr(sync_cls, "close", None)):
                problems.append(f"{where}.close missing")
            continue
        twin = sync_cls.__dict__.get(name)
        kind = "mirror_iter" if inspect.isasyncgenfunction(fn) else "mirror"
        if not isinstance(twin, _Mirror) or twin.iterates != (kind == "mirror_iter"):
            problems.append(f"{where}.{name}: no {kind} twin")
            continue
        if twin.fn is not fn:
            problems.append(f"{where}.{name}: twin wraps {twin.fn.__qualname__}")
    for name, hint in _resources(async_cls).items():
        twin = sync_cls.__dict__.get(name)
        if not isinstance(twin, _SubResource):
            problems.append(f"{where}.{name}: resource not mirrored")
            continue
        problems += _walk(hint, twin.cls, f"{where}.{name}")
    return problems


def test_surface_walk_reaches_nested_resources() -> None:
    assert set(_resources(AsyncConfirmaClient)) >= {"cases", "distribution", "invoices"}
    assert set(_resources(AsyncCollectionClient)) >= {"claims"}


@pytest.mark.parametrize(("async_cls", "sync_cls"), PAIRS)
def test_every_public_coroutine_has_a_sync_twin(async_cls: type, sync_cls: type) -> None:
    assert _walk(async_cls, sync_cls, sync_cls.__name__) == []


@pytest.mark.parametrize(("async_cls", "sync_cls"), PAIRS)
def test_sync_constructor_mirrors_async_constructor(async_cls: type, sync_cls: type) -> None:
    async_params = dict(inspect.signature(async_cls.__init__).parameters)
    async_params.pop("session")  # the sync facade owns its loop and session
    assert dict(inspect.signature(sync_cls.__init__).parameters) == async_params


def _sync_objects(fake: FakeConfirma) -> Iterator[tuple[str, Any, Any]]:
    with ConfirmaClient(api_key=fake.api_key, base_url=fake.url) as client:
        target = client._target
        stack: list[tuple[str, Any, Any]] = [("client", client, target)]
        while stack:
            where, sync_obj, async_obj = stack.pop()
            yield where, sync_obj, async_obj
            for name in dir(type(sync_obj)):
                value = type(sync_obj).__dict__.get(name)
                if isinstance(value, _SubResource):
                    stack.append((f"{where}.{name}", getattr(sync_obj, name),
                                  getattr(async_obj, name)))


def test_sync_methods_have_the_async_signature(fake: FakeConfirma) -> None:
    checked = 0
    for where, sync_obj, async_obj in _sync_objects(fake):
        for name in _public_async_methods(type(async_obj)):
            if name == "close":
                continue
            sync_sig = inspect.signature(getattr(sync_obj, name))
            async_sig = inspect.signature(getattr(async_obj, name))
            assert sync_sig.parameters == async_sig.parameters, f"{where}.{name}"
            checked += 1
    assert checked >= 5


def test_surface_walk_detects_a_missing_twin() -> None:
    class Broken(SyncResource[Any]):
        pass

    from confirma_async.api.cases import AsyncCases

    assert _walk(AsyncCases, Broken, "Broken") == [
        "Broken.get: no mirror twin",
        "Broken.get_many: no mirror twin",
        "Broken.iter_many: no mirror_iter twin",
        "Broken.list: no mirror twin",
    ]


def test_calling_the_sync_client_from_its_own_loop_raises_instead_of_deadlocking(
    fake: FakeConfirma,
) -> None:
    from confirma_async import ConfirmaError
    from confirma_async._core.hooks import Hooks

    clients: list[ConfirmaClient] = []
    inner_errors: list[BaseException] = []

    def on_request(event: object) -> None:
        try:
            clients[0].cases.list(case_id=1)  # runs in the client's own loop thread
        except ConfirmaError as exc:
            inner_errors.append(exc)

    case_id = next(iter(fake.cases))
    with ConfirmaClient(api_key=fake.api_key, base_url=fake.url,
                        hooks=Hooks(on_request=on_request)) as client:
        clients.append(client)
        assert client.cases.get(case_id).summary.case_id == case_id
    assert len(inner_errors) == 1
    assert "own event loop" in str(inner_errors[0])


def test_sync_iterator_closed_early_closes_the_async_side(fake: FakeConfirma) -> None:
    ids = list(fake.cases)[:20]
    with ConfirmaClient(api_key=fake.api_key, base_url=fake.url) as client:
        with client.cases.iter_many(ids, concurrency=2) as outcomes:
            first = next(outcomes)
        assert first.ok
        with pytest.raises(StopIteration):
            next(outcomes)
        assert client.cases.get(ids[0]).summary.case_id == ids[0]  # still usable
