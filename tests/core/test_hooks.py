"""User hooks observe every attempt, response and retry, without keys or secrets."""

from __future__ import annotations

import pytest

from confirma_async import (
    AsyncConfirmaClient,
    ConfirmaValueError,
    Hooks,
    RequestEvent,
    ResponseEvent,
    RetryEvent,
    ServerError,
)
from confirma_async.testing import PATHS, FakeConfirma
from confirma_async.testing.pytest_plugin import TEST_RETRY_POLICY

CASE_PATH = PATHS["case"]


def client_of(fake: FakeConfirma, hooks: Hooks) -> AsyncConfirmaClient:
    return AsyncConfirmaClient(api_key=fake.api_key, base_url=fake.url, hooks=hooks,
                               retry_policy=TEST_RETRY_POLICY)


async def test_hooks_see_each_attempt_response_and_retry(confirma_fake: FakeConfirma) -> None:
    confirma_fake.faults.fail(CASE_PATH, 503, times=1)
    events: list[object] = []
    hooks = Hooks(on_request=events.append, on_response=events.append, on_retry=events.append)
    async with client_of(confirma_fake, hooks) as client:
        await client.cases.get(confirma_fake.case_ids()[0])
    kinds = [type(event).__name__ for event in events]
    assert kinds == ["RequestEvent", "ResponseEvent", "RetryEvent", "RequestEvent", "ResponseEvent"]
    first, failed, retry, second, ok = events
    assert isinstance(first, RequestEvent) and first.attempt == 1 and first.path == CASE_PATH
    assert isinstance(failed, ResponseEvent) and failed.status == 503
    assert isinstance(retry, RetryEvent) and retry.attempt == 1 and retry.status == 503
    assert isinstance(retry.error, ServerError) and retry.reason == "status 503"
    assert isinstance(second, RequestEvent) and second.attempt == 2
    assert isinstance(ok, ResponseEvent) and ok.status == 200 and ok.elapsed >= 0


async def test_hook_events_never_carry_the_key_or_the_api_key(
    confirma_fake: FakeConfirma,
) -> None:
    case_id, api_key = confirma_fake.case_ids()[0], confirma_fake.api_key
    events: list[object] = []
    hooks = Hooks(on_request=events.append, on_response=events.append)
    async with client_of(confirma_fake, hooks) as client:
        await client.cases.get(case_id)
    assert events and all(str(case_id) not in repr(e) and api_key not in repr(e)
                          for e in events)


async def test_an_exception_in_a_hook_reaches_the_caller(confirma_fake: FakeConfirma) -> None:
    def boom(event: RequestEvent) -> None:
        raise RuntimeError("hook failed")

    async with client_of(confirma_fake, Hooks(on_request=boom)) as client:
        with pytest.raises(RuntimeError, match="hook failed"):
            await client.cases.get(confirma_fake.case_ids()[0])
        assert client._transport.limiter.in_flight == 0


def test_hooks_must_be_a_hooks_object() -> None:
    with pytest.raises(ConfirmaValueError, match="hooks"):
        AsyncConfirmaClient(api_key="k", hooks=print)  # type: ignore[arg-type]


async def test_collection_client_hooks_see_the_token_request_and_the_call() -> None:
    from confirma_async import Hooks
    from confirma_async.collection import AsyncCollectionClient
    from confirma_async.testing import FakeCollection

    seen: list[tuple[str, str, int]] = []
    hooks = Hooks(on_response=lambda e: seen.append((e.method, e.path, e.status)))
    async with FakeCollection() as fake:
        claim = fake.claim_numbers()[0]
        async with AsyncCollectionClient(
            base_url=fake.url, client_id=fake.client_id, client_secret=fake.client_secret,
            token_url=fake.token_url, audience=fake.audience, hooks=hooks,
        ) as client:
            await client.claims.list_invoices(claim)
    token_path = fake.token_url.removeprefix(fake.url)
    assert seen[0] == ("POST", token_path, 200)
    assert seen[1][0] == "GET" and seen[1][1].endswith("/invoices") and seen[1][2] == 200
    assert fake.client_secret not in repr(seen)
