"""Bulk fetches against a real server on 127.0.0.1: isolation, order, laziness, caps."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import date

import pytest

from confirma_async import (
    BulkError,
    BulkResult,
    ConfirmaValueError,
    Hooks,
    NotFoundError,
    RequestEvent,
    ServerError,
    Success,
)
from tests.bodies import distribution_record_json
from tests.faultserver import (
    CASE_PATH,
    DISTRIBUTION_PATH,
    Fault,
    FaultServer,
    Hit,
    make_client,
    server,
)

__all__ = ["server"]


def not_found_every_tenth(hit: Hit) -> Fault | None:
    return Fault(status=404) if hit.key is not None and hit.key % 10 == 0 else None


async def test_get_many_returns_every_case(server: FaultServer) -> None:
    async with make_client(server) as client:
        result = await client.cases.get_many(range(1, 51), concurrency=8)
    assert list(result.succeeded) == list(range(1, 51))
    assert all(case.case_id == key for key, case in result.succeeded.items())
    assert result.failed == {}


async def test_permanent_404s_fail_only_their_own_keys(server: FaultServer) -> None:
    server.fault = not_found_every_tenth
    async with make_client(server) as client:
        result = await client.cases.get_many(range(1, 101), concurrency=16)
    assert list(result.failed) == list(range(10, 101, 10))
    assert all(isinstance(error, NotFoundError) for error in result.failed.values())
    assert list(result.succeeded) == [k for k in range(1, 101) if k % 10]
    assert all(server.hits_for(key) == 1 for key in result.failed)  # 404 is not retried


async def test_get_many_keeps_input_order_not_completion_order(server: FaultServer) -> None:
    # Early keys answer slowest, so completion order is the reverse of input order.
    server.fault = lambda hit: Fault(delay=(10 - (hit.key or 0)) * 0.01)
    async with make_client(server) as client:
        result = await client.cases.get_many([1, 2, 3, 4, 5, 6, 7, 8, 9], concurrency=9)
    assert list(result.succeeded) == [1, 2, 3, 4, 5, 6, 7, 8, 9]


async def test_iter_many_yields_in_completion_order(server: FaultServer) -> None:
    server.fault = lambda hit: Fault(delay=0.2) if hit.key == 1 else None
    async with make_client(server) as client:
        keys = [outcome.key async for outcome in client.cases.iter_many([1, 2, 3], concurrency=3)]
    assert sorted(keys) == [1, 2, 3]
    assert keys[-1] == 1


async def test_iter_many_outcomes_carry_value_or_error(server: FaultServer) -> None:
    server.fault = not_found_every_tenth
    async with make_client(server) as client:
        outcomes = {o.key: o async for o in client.cases.iter_many([9, 10], concurrency=2)}
    assert outcomes[9].ok and outcomes[9].value is not None and outcomes[9].error is None
    assert not outcomes[10].ok and outcomes[10].value is None
    assert isinstance(outcomes[10].error, NotFoundError)


async def test_raise_for_errors_raises_bulk_error_naming_counts(server: FaultServer) -> None:
    server.fault = not_found_every_tenth
    async with make_client(server) as client:
        result = await client.cases.get_many(range(1, 21))
    with pytest.raises(BulkError) as caught:
        result.raise_for_errors()
    assert set(caught.value.failed) == {10, 20}
    assert "2 of 20 keys failed: NotFoundError x2" in str(caught.value)
    assert isinstance(caught.value.__cause__, NotFoundError)


def test_raise_for_errors_is_silent_when_all_succeeded() -> None:
    BulkResult[int, str](succeeded={1: "a"}).raise_for_errors()


async def test_invalid_key_fails_only_that_key(server: FaultServer) -> None:
    async with make_client(server) as client:
        result = await client.cases.get_many([1, -5, 2])
    assert list(result.succeeded) == [1, 2]
    assert isinstance(result.failed[-5], ConfirmaValueError)


async def test_invalid_concurrency_is_refused_before_sending(server: FaultServer) -> None:
    async with make_client(server) as client:
        with pytest.raises(ConfirmaValueError, match="concurrency"):
            await client.cases.get_many([1], concurrency=0)
    assert server.requests == 0


async def test_identical_keys_in_flight_are_fetched_once(server: FaultServer) -> None:
    server.fault = lambda hit: Fault(delay=0.1)
    async with make_client(server) as client:
        outcomes = [o async for o in client.cases.iter_many([5, 5, 5, 6], concurrency=4)]
    assert sorted(o.key for o in outcomes) == [5, 5, 5, 6]
    assert all(o.ok for o in outcomes)
    assert server.hits_for(5) == 1


async def test_duplicate_keys_appear_once_in_bulk_result(server: FaultServer) -> None:
    async with make_client(server) as client:
        result = await client.cases.get_many([3, 1, 3, 2, 1])
    assert list(result.succeeded) == [3, 1, 2]


async def test_keys_are_pulled_lazily_from_a_generator(server: FaultServer) -> None:
    pulled = 0

    def ids() -> Iterator[int]:
        nonlocal pulled
        for key in range(1, 1_000_001):
            pulled += 1
            yield key

    async with make_client(server) as client:
        outcomes = client.cases.iter_many(ids(), concurrency=4)
        seen = 0
        async for _ in outcomes:
            seen += 1
            if seen == 20:
                break
        await outcomes.aclose()  # type: ignore[attr-defined]
    # Never the million: only what the workers took while 20 results were consumed.
    assert pulled <= 20 + 2 * 4 + 1


async def test_async_iterable_of_keys_is_accepted(server: FaultServer) -> None:
    async def ids() -> AsyncIterator[int]:
        for key in range(1, 31):
            await asyncio.sleep(0)
            yield key

    async with make_client(server) as client:
        result = await client.cases.get_many(ids(), concurrency=5)
    assert list(result.succeeded) == list(range(1, 31))


async def test_progress_reports_done_total_and_failed(server: FaultServer) -> None:
    server.fault = not_found_every_tenth
    calls: list[tuple[int, int | None, int]] = []
    async with make_client(server) as client:
        await client.cases.get_many(range(1, 31), on_progress=lambda *a: calls.append(a))
    assert calls[0] == (0, 30, 0)
    assert calls[-1] == (30, 30, 3)
    assert [c[0] for c in calls] == list(range(31))


async def test_progress_total_is_none_for_keys_without_len(server: FaultServer) -> None:
    calls: list[tuple[int, int | None, int]] = []
    async with make_client(server) as client:
        await client.cases.get_many(iter(range(1, 6)), on_progress=lambda *a: calls.append(a))
    assert calls[-1] == (5, None, 0)


async def test_client_max_concurrency_caps_one_bulk_call(server: FaultServer) -> None:
    server.fault = lambda hit: Fault(delay=0.02)
    async with make_client(server, max_concurrency=5) as client:
        await client.cases.get_many(range(1, 61), concurrency=50)
    assert server.max_in_flight == 5


async def test_client_max_concurrency_caps_all_callers_together(server: FaultServer) -> None:
    server.fault = lambda hit: Fault(delay=0.02)
    async with make_client(server, max_concurrency=6) as client:
        await asyncio.gather(
            client.cases.get_many(range(1, 41), concurrency=6),
            client.distribution.get_many(range(1, 41), concurrency=6),
            *(client.cases.get(key) for key in range(100, 120)),
        )
    assert server.max_in_flight == 6


async def test_bulk_concurrency_below_the_client_cap_is_respected(server: FaultServer) -> None:
    server.fault = lambda hit: Fault(delay=0.02)
    async with make_client(server, max_concurrency=20) as client:
        await client.cases.get_many(range(1, 41), concurrency=3)
    assert server.max_in_flight == 3


async def test_ten_thousand_keys_with_ten_percent_transient_faults_all_succeed(
    server: FaultServer,
) -> None:
    kinds = [
        Fault(status=503),
        Fault(status=500),
        Fault(status=429, headers={"Retry-After": "0"}),
        Fault(reset=True),
        Fault(status=502, body="<html>bad gateway</html>", content_type="text/html"),
    ]

    def transient(hit: Hit) -> Fault | None:
        key = hit.key or 0
        if key % 10 == 3 and hit.attempt == 1:
            return kinds[(key // 10) % len(kinds)]
        return None

    server.fault = transient
    async with make_client(server, max_concurrency=32) as client:
        result = await client.cases.get_many(range(1, 10_001))
    assert result.failed == {}
    assert len(result.succeeded) == 10_000
    assert server.hits_for(13) == 2


async def test_distribution_get_many_by_invoice_number(server: FaultServer) -> None:
    server.fault = lambda hit: Fault(status=503) if hit.key == 2 else None
    async with make_client(server, max_retries=1) as client:
        result = await client.distribution.get_many([1, 2, 3])
    assert list(result.succeeded) == [1, 3]
    assert result.succeeded[3].invoice_number == 3
    assert isinstance(result.failed[2], ServerError)
    assert server.hits_for(2, DISTRIBUTION_PATH) == 2


async def test_distribution_iter_many_yields_outcomes(server: FaultServer) -> None:
    async with make_client(server) as client:
        outcomes = [o async for o in client.distribution.iter_many(range(1, 11))]
    assert sorted(o.key for o in outcomes) == list(range(1, 11))
    assert all(isinstance(o, Success) and o.ok for o in outcomes)


def _row(number: int, case_id: int | None) -> dict[str, object]:
    return distribution_record_json(number, case_id)


async def test_track_pairs_each_invoice_with_its_case(server: FaultServer) -> None:
    server.distribution_rows = [_row(1, 101), _row(2, None), _row(3, 103), _row(4, 404)]
    server.fault = lambda hit: Fault(status=404) if hit.key == 404 else None
    async with make_client(server) as client:
        tracked = {
            t.invoice_number: t
            async for t in client.invoices.track(
                from_date=date(2026, 1, 1), to_date=date(2026, 1, 31)
            )
        }
    assert set(tracked) == {1, 2, 3, 4}
    assert tracked[1].case is not None and tracked[1].case.case_id == 101
    assert tracked[2].case is None and tracked[2].error is None
    assert tracked[3].case is not None and tracked[3].case.case_id == 103
    assert tracked[4].case is None and isinstance(tracked[4].error, NotFoundError)
    assert server.hits[("GET", CASE_PATH, None)] == 0  # only cases with an id are fetched


async def test_track_fetches_a_case_shared_by_two_invoices_once(server: FaultServer) -> None:
    server.distribution_rows = [_row(1, 77), _row(2, 77)]
    server.fault = lambda hit: Fault(delay=0.05) if hit.path == CASE_PATH else None
    async with make_client(server) as client:
        tracked = [t async for t in client.invoices.track(concurrency=2)]
    assert [t.case.case_id for t in tracked if t.case] == [77, 77]
    assert server.hits_for(77) == 1


async def test_track_reports_progress_per_invoice(server: FaultServer) -> None:
    server.distribution_rows = [_row(n, n + 100 if n % 2 else None) for n in range(1, 7)]
    calls: list[tuple[int, int | None, int]] = []
    async with make_client(server) as client:
        async for _ in client.invoices.track(on_progress=lambda *a: calls.append(a)):
            pass
    assert calls[-1] == (6, 6, 0)



async def test_no_keys_gives_an_empty_result(server: FaultServer) -> None:
    calls: list[tuple[int, int | None, int]] = []
    async with make_client(server) as client:
        result = await client.cases.get_many([], on_progress=lambda *a: calls.append(a))
    assert result.succeeded == {} and result.failed == {}
    assert calls == [(0, 0, 0)]
    assert server.requests == 0


@pytest.mark.parametrize("keys", ["12345", 12345, None])
async def test_keys_that_are_not_an_iterable_of_keys_are_refused(
    server: FaultServer, keys: object
) -> None:
    async with make_client(server) as client:
        with pytest.raises(ConfirmaValueError, match="case_ids"):
            await client.cases.get_many(keys)  # type: ignore[arg-type]
        with pytest.raises(ConfirmaValueError, match="invoice_numbers"):
            async for _ in client.distribution.iter_many(keys):  # type: ignore[arg-type]
                pass
    assert server.requests == 0


async def test_an_exception_from_the_key_iterable_stops_the_bulk_and_is_raised(
    server: FaultServer,
) -> None:
    def ids() -> Iterator[int]:
        yield from range(1, 20)
        raise RuntimeError("the id source broke")

    async with make_client(server) as client:
        with pytest.raises(RuntimeError, match="the id source broke"):
            await client.cases.get_many(ids(), concurrency=4)
        assert client._transport.limiter.in_flight == 0
        assert (await client.cases.get(1)).case_id == 1


async def test_an_exception_from_a_hook_stops_the_bulk_and_is_raised(
    server: FaultServer,
) -> None:
    def fail_on_tenth(event: RequestEvent) -> None:
        nonlocal seen
        seen += 1
        if seen == 10:
            raise RuntimeError("metrics backend down")

    seen = 0
    async with make_client(server, hooks=Hooks(on_request=fail_on_tenth)) as client:
        with pytest.raises(RuntimeError, match="metrics backend down"):
            await client.cases.get_many(range(1, 1000), concurrency=4)
    assert seen < 1000


async def test_an_exception_from_on_progress_stops_the_bulk_and_is_raised(
    server: FaultServer,
) -> None:
    def progress(done: int, total: int | None, failed: int) -> None:
        if done == 5:
            raise KeyError("progress bar closed")

    async with make_client(server) as client:
        with pytest.raises(KeyError):
            await client.cases.get_many(range(1, 1000), concurrency=4, on_progress=progress)
    assert server.requests < 1000
