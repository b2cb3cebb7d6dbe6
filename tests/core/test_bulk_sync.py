"""The sync facade's bulk methods: same names, same results, plain calls and iterators."""

from __future__ import annotations

from confirma_async import ConfirmaClient, NotFoundError, TrackedInvoice
from tests.bodies import distribution_record_json
from tests.faultserver import API_KEY, FAST_RETRIES, Fault, threaded_server


def test_sync_get_many_returns_bulk_result_in_input_order() -> None:
    with threaded_server() as server:
        server.fault = lambda hit: Fault(status=404) if hit.key == 3 else None
        with ConfirmaClient(api_key=API_KEY, base_url=server.url, retry_policy=FAST_RETRIES) as c:
            result = c.cases.get_many([5, 3, 1], concurrency=3)
    assert list(result.succeeded) == [5, 1]
    assert isinstance(result.failed[3], NotFoundError)


def test_sync_iter_many_is_a_plain_iterator_of_outcomes() -> None:
    with threaded_server() as server:
        with ConfirmaClient(api_key=API_KEY, base_url=server.url, retry_policy=FAST_RETRIES) as c:
            keys = sorted(o.key for o in c.distribution.iter_many(range(1, 21)) if o.ok)
    assert keys == list(range(1, 21))


def test_sync_iter_many_stops_cleanly_when_the_loop_breaks_early() -> None:
    with threaded_server() as server:
        with ConfirmaClient(api_key=API_KEY, base_url=server.url, retry_policy=FAST_RETRIES) as c:
            with c.cases.iter_many(iter(range(1, 1_000_000)), concurrency=4) as outcomes:
                first = next(outcomes)
            assert first.ok
            assert c.cases.get(42).case_id == 42  # the client is still usable


def test_sync_track_yields_tracked_invoices() -> None:
    with threaded_server() as server:
        server.distribution_rows = [
            distribution_record_json(1, case_id=11),
            distribution_record_json(2),
        ]
        with ConfirmaClient(api_key=API_KEY, base_url=server.url, retry_policy=FAST_RETRIES) as c:
            tracked = sorted(c.invoices.track(), key=lambda t: t.invoice_number)
    assert all(isinstance(t, TrackedInvoice) for t in tracked)
    assert tracked[0].case is not None and tracked[0].case.case_id == 11
    assert tracked[1].case is None
