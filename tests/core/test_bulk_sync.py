"""The sync facade's bulk methods: same names, same results, plain calls and iterators."""

from __future__ import annotations

import itertools

import pytest

from confirma_async import ConfirmaClient, NotFoundError, TrackedInvoice
from confirma_async.testing import FakeConfirma

# The sandbox and the client are the pytest plugin's (confirma_fake, confirma_sync_client).
pytestmark = pytest.mark.confirma_fake(invoices=20, seed=4)


def test_sync_get_many_returns_bulk_result_in_input_order(
    confirma_fake: FakeConfirma, confirma_sync_client: ConfirmaClient
) -> None:
    first, second = confirma_fake.case_ids()[:2]
    missing = max(confirma_fake.case_ids()) + 1
    result = confirma_sync_client.cases.get_many([second, missing, first], concurrency=3)
    assert list(result.succeeded) == [second, first]
    assert isinstance(result.failed[missing], NotFoundError)


def test_sync_iter_many_is_a_plain_iterator_of_outcomes(
    confirma_fake: FakeConfirma, confirma_sync_client: ConfirmaClient
) -> None:
    numbers = confirma_fake.invoice_numbers()
    outcomes = confirma_sync_client.distribution.iter_many(numbers)
    assert sorted(o.key for o in outcomes if o.ok) == sorted(numbers)


def test_sync_iter_many_stops_cleanly_when_the_loop_breaks_early(
    confirma_fake: FakeConfirma, confirma_sync_client: ConfirmaClient
) -> None:
    endless = itertools.cycle(confirma_fake.case_ids())
    with confirma_sync_client.cases.iter_many(endless, concurrency=4) as outcomes:
        first = next(outcomes)
    assert first.ok
    case_id = confirma_fake.case_ids()[-1]
    assert confirma_sync_client.cases.get(case_id).case_id == case_id  # still usable


def test_sync_track_yields_tracked_invoices(
    confirma_fake: FakeConfirma, confirma_sync_client: ConfirmaClient
) -> None:
    tracked = list(confirma_sync_client.invoices.track())
    assert all(isinstance(t, TrackedInvoice) for t in tracked)
    cases = {t.invoice_number: t.case.case_id if t.case else None for t in tracked}
    world = confirma_fake.world.invoices
    assert cases == {n: world[n].case.case_id if world[n].case else None for n in cases}
    assert None in cases.values() and any(cases.values())  # with and without a case
