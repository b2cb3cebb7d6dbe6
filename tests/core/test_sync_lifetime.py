"""A sync client stays open while anything reached from it is in use (a resource, a bound
method, an iterator, a raw view), closes once all of it is gone, and its iterators'
finalizer never blocks the thread that runs it."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from confirma_async import ConfirmaClient
from confirma_async.testing import FakeConfirma


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeConfirma]:
    with FakeConfirma(cases=4) as fake:
        yield fake


def _client(fake: FakeConfirma) -> ConfirmaClient:
    return ConfirmaClient(api_key=fake.api_key, base_url=fake.url)


def _case_ids(fake: FakeConfirma) -> list[int]:
    with _client(fake) as client:
        return [case.summary.case_id for case in client.cases.list()]


def test_a_resource_of_a_dropped_client_still_works(fake: FakeConfirma) -> None:
    case_id = _case_ids(fake)[0]
    assert _client(fake).cases.get(case_id).summary.case_id == case_id
    cases = _client(fake).cases
    gc.collect()
    assert cases.get(case_id).summary.case_id == case_id
    get = _client(fake).cases.get
    gc.collect()
    assert get(case_id).summary.case_id == case_id
    raw = _client(fake).with_raw_response.cases.get
    gc.collect()
    assert raw(case_id).status == 200


def test_an_iterator_of_a_dropped_client_runs_to_its_end(fake: FakeConfirma) -> None:
    ids = _case_ids(fake)
    outcomes = _client(fake).cases.iter_many(ids)
    gc.collect()
    assert sorted(outcome.key for outcome in outcomes if outcome.ok) == sorted(ids)


def test_the_client_closes_once_nothing_reached_from_it_is_left() -> None:
    with FakeConfirma(cases=1) as fake:
        client = _client(fake)
        thread_id = client._runner._thread_id
        cases = client.cases
        get = cases.get
        del client, cases
        gc.collect()
        assert _alive(thread_id)  # ``get`` still holds the client
        del get
        gc.collect()
        assert not _alive(thread_id)


def _alive(thread_id: int | None) -> bool:
    return any(t.ident == thread_id and t.is_alive() for t in threading.enumerate())


def test_an_iterator_finalizer_never_waits_for_the_loop_threads_lock(
    fake: FakeConfirma,
) -> None:
    # The collector can finalize an iterator in a thread that holds this lock inside
    # ``run``; a finalizer that waited for it (to close the async side) deadlocked.
    client = _client(fake)
    iterator = client.cases.iter_many(_case_ids(fake))
    next(iterator)
    lock = client._runner._lock
    finalizer = threading.Thread(target=iterator.__del__)
    with lock:
        finalizer.start()
        finalizer.join(timeout=10)
        blocked = finalizer.is_alive()
    finalizer.join()
    assert not blocked
    client.close()  # the async side was closed on the loop: nothing left to end
