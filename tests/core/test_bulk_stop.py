"""Fail fast: ``stop_on=StopPolicy()`` on every bulk method, against the sandbox and the engine."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from confirma_async import (
    APIConnectionError,
    APITimeoutError,
    AsyncConfirmaClient,
    AuthenticationError,
    BulkStoppedError,
    ConfirmaClient,
    ConfirmaError,
    ConfirmaValueError,
    NotFoundError,
    PermissionDeniedError,
    StopPolicy,
)
from confirma_async._core.bulk import DEFAULT_CONNECTION_FAILURES, collect, iter_outcomes
from confirma_async.testing import PATHS, FakeConfirma

# The sandbox is the pytest plugin's confirma_fake (served from its own loop thread).
pytestmark = pytest.mark.confirma_fake(invoices=200, seed=3)


@pytest.fixture
def fake(confirma_fake: FakeConfirma) -> FakeConfirma:
    return confirma_fake


def client(fake: FakeConfirma, api_key: str | None = None) -> AsyncConfirmaClient:
    return AsyncConfirmaClient(api_key=api_key or fake.api_key, base_url=fake.url, max_retries=0)


# --- 401/403 ---------------------------------------------------------------------------------


async def test_without_stop_on_a_wrong_key_fails_every_id_as_before(fake: FakeConfirma) -> None:
    ids = list(fake.cases)
    async with client(fake, "wrong") as c:
        result = await c.cases.get_many(ids, concurrency=4)
    assert len(result.failed) == len(ids) == fake.requests
    assert all(isinstance(e, AuthenticationError) for e in result.failed.values())


async def test_get_many_with_stop_on_stops_at_the_first_401(fake: FakeConfirma) -> None:
    """README: "a 401 or 403 on any key stops the call at once"."""
    async with client(fake, "wrong") as c:
        with pytest.raises(BulkStoppedError) as caught:
            await c.cases.get_many(list(fake.cases), concurrency=4, stop_on=StopPolicy())
    stop = caught.value
    assert stop.reason == "auth" and isinstance(stop.cause, AuthenticationError)
    assert stop.__cause__ is stop.cause and isinstance(stop, ConfirmaError)
    assert stop.partial is not None and not stop.partial.succeeded and not stop.partial.failed
    assert fake.requests <= 4  # one per worker at most
    assert "401" in str(stop)


async def test_iter_many_yields_what_finished_then_stops_at_a_403(fake: FakeConfirma) -> None:
    ids = list(fake.cases)
    fake.faults.fail(PATHS["case"], 403)
    seen = []
    async with client(fake) as c:
        with pytest.raises(BulkStoppedError) as caught:
            async for outcome in c.cases.iter_many(ids, concurrency=2, stop_on=StopPolicy()):
                seen.append(outcome)
    assert isinstance(caught.value.cause, PermissionDeniedError)
    assert caught.value.partial is None
    assert seen == [] and fake.requests <= 2


async def test_distribution_get_many_stops_at_a_401_reporting_no_number_as_failed(
    fake: FakeConfirma,
) -> None:
    numbers = list(fake.distribution)
    async with client(fake) as c:
        fake.faults.fail(PATHS["distribution"], 401, method="GET")
        with pytest.raises(BulkStoppedError) as caught:
            await c.distribution.get_many(numbers, concurrency=1, stop_on=StopPolicy())
    assert fake.requests == 1
    assert caught.value.partial is not None and not caught.value.partial.failed


async def test_track_with_stop_on_stops_at_a_401_on_the_cases(fake: FakeConfirma) -> None:
    fake.faults.fail(PATHS["case"], 401)
    async with client(fake) as c:
        with pytest.raises(BulkStoppedError):
            async for _ in c.invoices.track(concurrency=3, stop_on=StopPolicy()):
                pass
    assert fake.requests <= 1 + 3  # the listing, then one case per worker


async def test_stop_policy_auth_false_keeps_401s_as_outcomes(fake: FakeConfirma) -> None:
    ids = list(fake.cases)[:5]
    async with client(fake, "wrong") as c:
        result = await c.cases.get_many(ids, stop_on=StopPolicy(auth=False))
    assert len(result.failed) == 5


def test_the_sync_client_takes_stop_on_too() -> None:
    with FakeConfirma(invoices=50) as fake, ConfirmaClient(
        api_key="wrong", base_url=fake.url, max_retries=0
    ) as c:
        with pytest.raises(BulkStoppedError):
            c.cases.get_many(list(fake.cases), concurrency=2, stop_on=StopPolicy())
        assert fake.requests <= 2


# --- the circuit breaker ---------------------------------------------------------------------


async def test_consecutive_connection_failures_trip_the_breaker(fake: FakeConfirma) -> None:
    """README: "20 consecutive connection failures ... with no answer from the server in
    between stop it too"."""
    ids = list(fake.cases)
    fake.faults.reset(PATHS["case"])
    async with client(fake) as c:
        with pytest.raises(BulkStoppedError) as caught:
            await c.cases.get_many(ids, concurrency=2,
                                   stop_on=StopPolicy(connection_failures=5))
    stop = caught.value
    assert stop.reason == "connection" and stop.failures == 5
    assert isinstance(stop.cause, APIConnectionError)
    assert stop.partial is not None and len(stop.partial.failed) == 4  # the fifth is the cause
    assert "5 consecutive connection failures" in str(stop)
    # With max_retries=0 each id reaches the server once (the SDK owns every re-send):
    # bounded by the breaker and the other worker's id, not by the ids.
    assert 5 <= fake.requests <= 5 + 1 < len(ids)


def fetch_by_script(script: dict[int, ConfirmaError | None]) -> Callable[[int], Awaitable[int]]:
    async def fetch(key: int) -> int:
        await asyncio.sleep(0)
        error = script.get(key)
        if error is not None:
            raise error
        return key

    return fetch


def down() -> APIConnectionError:
    return APIConnectionError("connection refused", method="GET", path="/x")


async def test_a_success_between_failures_resets_the_breaker() -> None:
    script: dict[int, ConfirmaError | None] = {k: down() for k in range(20) if k % 3}
    result = await collect(range(20), fetch_by_script(script), workers=1,
                           stop_on=StopPolicy(connection_failures=3))
    assert len(result.failed) == len(script)  # never three in a row: no stop


async def test_any_answer_from_the_server_resets_the_breaker() -> None:
    script: dict[int, ConfirmaError | None] = {
        k: NotFoundError("gone", status=404) if k % 3 == 0 else down() for k in range(20)}
    result = await collect(range(20), fetch_by_script(script), workers=1,
                           stop_on=StopPolicy(connection_failures=3))
    assert len(result.failed) == 20


async def test_timeouts_count_as_connection_failures() -> None:
    script: dict[int, ConfirmaError | None] = {
        k: APITimeoutError("request timed out") for k in range(10)}
    with pytest.raises(BulkStoppedError) as caught:
        async for _ in iter_outcomes(range(10), fetch_by_script(script), workers=1,
                                     stop_on=StopPolicy(connection_failures=3)):
            pass
    assert isinstance(caught.value.cause, APITimeoutError)


async def test_connection_failures_none_never_trips() -> None:
    script: dict[int, ConfirmaError | None] = {k: down() for k in range(50)}
    result = await collect(range(50), fetch_by_script(script), workers=4,
                           stop_on=StopPolicy(connection_failures=None))
    assert len(result.failed) == 50


async def test_no_worker_takes_another_key_once_stopped() -> None:
    taken: list[int] = []

    async def fetch(key: int) -> int:
        taken.append(key)
        await asyncio.sleep(0.001 * (key % 3))
        if key == 4:
            raise AuthenticationError("401 Unauthorized", status=401)
        return key

    with pytest.raises(BulkStoppedError) as caught:
        await collect(range(1000), fetch, workers=3, stop_on=StopPolicy())
    assert max(taken) < 4 + 3  # the keys already pulled by the other workers, no more
    partial = caught.value.partial
    assert partial is not None and 4 not in partial.failed and 4 not in partial.succeeded


def test_the_default_policy_stops_on_auth_and_after_twenty_connection_failures() -> None:
    assert StopPolicy() == StopPolicy(auth=True, connection_failures=20)
    assert DEFAULT_CONNECTION_FAILURES == 20


@pytest.mark.parametrize("value", [0, -1, True, 2.5])
def test_stop_policy_refuses_a_threshold_that_is_not_a_positive_integer(value: object) -> None:
    with pytest.raises(ConfirmaValueError, match="connection_failures"):
        StopPolicy(connection_failures=value)  # type: ignore[arg-type]
