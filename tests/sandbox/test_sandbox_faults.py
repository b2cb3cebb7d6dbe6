"""The sandbox's fault knobs and its thread mode, seen through the SDK."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from confirma_async import (
    APIConnectionError,
    APITimeoutError,
    AsyncConfirmaClient,
    AuthenticationError,
    ConfirmaClient,
    ConflictError,
    RateLimitError,
    RetryPolicy,
    ServerError,
)
from confirma_async.testing import PATHS, FakeConfirma

FAST = RetryPolicy(backoff_base=0.001, backoff_cap=0.01)


@pytest.fixture
async def fake() -> AsyncIterator[FakeConfirma]:
    async with FakeConfirma(invoices=20) as server:
        yield server


def client_for(fake: FakeConfirma, **options: object) -> AsyncConfirmaClient:
    settings: dict[str, object] = {"retry_policy": FAST, "max_retries": 0, **options}
    return AsyncConfirmaClient(api_key=fake.api_key, base_url=fake.url, **settings)  # type: ignore[arg-type]


async def test_injected_status_is_answered(fake: FakeConfirma) -> None:
    fake.faults.fail(PATHS["case"], 503)
    async with client_for(fake) as client:
        with pytest.raises(ServerError) as failed:
            await client.cases.get(fake.case_ids()[0])
    assert failed.value.status == 503


async def test_injected_status_with_times_heals_so_a_retry_succeeds(fake: FakeConfirma) -> None:
    fake.faults.fail(PATHS["case"], 500, times=2)
    async with client_for(fake, max_retries=2) as client:
        case = await client.cases.get(fake.case_ids()[0])
    assert case.case_id == fake.case_ids()[0]
    assert len(fake.request_log.matching(PATHS["case"], method="GET")) == 3


async def test_injected_fault_matches_only_its_method(fake: FakeConfirma) -> None:
    fake.faults.fail("/api/v1/partner/*", 500, method="POST")
    async with client_for(fake) as client:
        assert (await client.distribution.list()).invoices is not None


async def test_the_oldest_matching_rule_wins(fake: FakeConfirma) -> None:
    """README: "the oldest matching rule wins" — a later, narrower rule waits its turn."""
    fake.faults.fail("/api/v1/partner/*", 503, times=1)
    fake.faults.fail(PATHS["case"], 409)
    async with client_for(fake) as client:
        with pytest.raises(ServerError) as first:
            await client.cases.get(fake.case_ids()[0])
        with pytest.raises(ConflictError) as second:
            await client.cases.get(fake.case_ids()[0])
    assert (first.value.status, second.value.status) == (503, 409)


async def test_faults_come_before_the_key_check(fake: FakeConfirma) -> None:
    """README: "faults come before the key check" — a wrong key still gets the fault."""
    fake.faults.fail(PATHS["case"], 503)
    async with AsyncConfirmaClient(api_key="not-the-sandbox-key", base_url=fake.url,
                                   max_retries=0) as client:
        with pytest.raises(ServerError):
            await client.cases.get(1)
    fake.faults.clear()
    async with AsyncConfirmaClient(api_key="not-the-sandbox-key", base_url=fake.url,
                                   max_retries=0) as client:
        with pytest.raises(AuthenticationError):
            await client.cases.get(1)


async def test_connection_reset_surfaces_as_a_connection_error(fake: FakeConfirma) -> None:
    fake.faults.reset(PATHS["distribution"])
    async with client_for(fake) as client:
        with pytest.raises(APIConnectionError):
            await client.distribution.list()


async def test_hang_longer_than_the_timeout_is_a_timeout(fake: FakeConfirma) -> None:
    fake.faults.hang(PATHS["distribution"], seconds=5)
    async with client_for(fake, timeout=0.2) as client:
        with pytest.raises(APITimeoutError):
            await client.distribution.list()


async def test_latency_longer_than_the_timeout_is_a_timeout(fake: FakeConfirma) -> None:
    fake.faults.latency = 1.0
    async with client_for(fake, timeout=0.1) as client:
        with pytest.raises(APITimeoutError):
            await client.distribution.list()


async def test_rate_limit_answers_429_with_retry_after(fake: FakeConfirma) -> None:
    fake.faults.rate_limit = 2
    async with client_for(fake) as client:
        await client.distribution.list()
        await client.distribution.list()
        with pytest.raises(RateLimitError) as limited:
            await client.distribution.list()
    assert limited.value.retry_after is not None and 0 < limited.value.retry_after <= 1


async def test_rate_limited_client_gets_through_by_honouring_retry_after(
    fake: FakeConfirma,
) -> None:
    fake.faults.rate_limit = 50
    async with client_for(fake, max_retries=20) as client:
        for _ in range(60):
            await client.distribution.list(invoice_number=1)
    assert fake.requests > 60


async def test_clear_removes_every_fault(fake: FakeConfirma) -> None:
    fake.faults.fail("*", 500)
    fake.faults.rate_limit = 1
    fake.faults.clear()
    async with client_for(fake) as client:
        for _ in range(3):
            await client.distribution.list()


def test_plain_with_serves_from_a_thread_for_sync_code() -> None:
    with FakeConfirma(invoices=10) as fake, ConfirmaClient(
        api_key=fake.api_key, base_url=fake.url
    ) as client:
        case_id = fake.case_ids()[0]
        assert client.cases.get(case_id).case_id == case_id


def test_thread_mode_state_helpers_are_safe_to_call_while_serving() -> None:
    with FakeConfirma(invoices=10) as fake, ConfirmaClient(
        api_key=fake.api_key, base_url=fake.url
    ) as client:
        before = client.distribution.list().meta_data
        fake.advance(60)
        after = client.distribution.list().meta_data
    assert before is not None and after is not None
    assert after.filters_applied is not None and before.filters_applied is not None
    assert after.filters_applied.to_inv_date != before.filters_applied.to_inv_date


def test_a_stopped_thread_fake_refuses_connections() -> None:
    fake = FakeConfirma(invoices=0)
    with fake:
        url = fake.url
    with ConfirmaClient(api_key=fake.api_key, base_url=url, max_retries=0) as client:
        with pytest.raises(APIConnectionError):
            client.distribution.list()
