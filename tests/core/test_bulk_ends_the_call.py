"""A bulk call on a closed client, or on a client of another event loop, raises that error
once: it is not one failure per key (which a resumable job would record as permanent)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from confirma_async import (
    AsyncConfirmaClient,
    ClientClosedError,
    ConfirmaClient,
    WrongEventLoopError,
)
from confirma_async.testing import FakeConfirma


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeConfirma]:
    with FakeConfirma(cases=2) as fake:
        yield fake


async def test_get_many_on_a_closed_client_raises_once(fake: FakeConfirma) -> None:
    """README: "`ClientClosedError` — a call on a closed client (nothing sent; a bulk call
    raises either of these two once instead of failing every key)"."""
    client = AsyncConfirmaClient(api_key=fake.api_key, base_url=fake.url)
    await client.close()
    sent = len(fake.request_log)
    with pytest.raises(ClientClosedError, match=r"^the client is closed$"):
        await client.cases.get_many(range(1, 1001), concurrency=8)
    with pytest.raises(ClientClosedError):
        async for _ in client.distribution.iter_many(range(1, 50)):
            pass
    assert len(fake.request_log) == sent


def test_get_many_on_a_client_of_another_event_loop_raises_once(fake: FakeConfirma) -> None:
    owner = asyncio.new_event_loop()
    client = AsyncConfirmaClient(api_key=fake.api_key, base_url=fake.url)
    try:
        owner.run_until_complete(client.cases.list())  # binds the client to ``owner``
        sent = len(fake.request_log)

        async def bulk() -> None:
            await client.cases.get_many(range(1, 501))

        with pytest.raises(WrongEventLoopError):
            asyncio.run(bulk())
        assert len(fake.request_log) == sent
    finally:
        owner.run_until_complete(client.close())
        owner.close()


def test_the_sync_bulk_on_a_closed_client_raises_once(fake: FakeConfirma) -> None:
    client = ConfirmaClient(api_key=fake.api_key, base_url=fake.url)
    client.close()
    with pytest.raises(ClientClosedError):
        client.cases.get_many([1, 2, 3])


async def test_a_failing_key_is_still_one_failure_among_the_others(
    fake: FakeConfirma,
) -> None:
    async with AsyncConfirmaClient(api_key=fake.api_key, base_url=fake.url) as client:
        ids = [case.summary.case_id for case in await client.cases.list()]
        result = await client.cases.get_many([*ids, 999_999])
    assert sorted(result.succeeded) == sorted(ids)
    assert list(result.failed) == [999_999]
