"""User hooks observe every attempt, response and retry, without keys or secrets."""

from __future__ import annotations

import pytest

from confirma_async import (
    ConfirmaValueError,
    Hooks,
    RequestEvent,
    ResponseEvent,
    RetryEvent,
    ServerError,
)
from tests.faultserver import API_KEY, CASE_PATH, Fault, FaultServer, make_client, server

__all__ = ["server"]


async def test_hooks_see_each_attempt_response_and_retry(server: FaultServer) -> None:
    server.fault = lambda hit: Fault(status=503) if hit.attempt == 1 else None
    events: list[object] = []
    hooks = Hooks(on_request=events.append, on_response=events.append, on_retry=events.append)
    async with make_client(server, hooks=hooks) as client:
        await client.cases.get(31337)
    kinds = [type(event).__name__ for event in events]
    assert kinds == ["RequestEvent", "ResponseEvent", "RetryEvent", "RequestEvent", "ResponseEvent"]
    first, failed, retry, second, ok = events
    assert isinstance(first, RequestEvent) and first.attempt == 1 and first.path == CASE_PATH
    assert isinstance(failed, ResponseEvent) and failed.status == 503
    assert isinstance(retry, RetryEvent) and retry.attempt == 1 and retry.status == 503
    assert isinstance(retry.error, ServerError) and retry.reason == "status 503"
    assert isinstance(second, RequestEvent) and second.attempt == 2
    assert isinstance(ok, ResponseEvent) and ok.status == 200 and ok.elapsed >= 0


async def test_hook_events_never_carry_the_key_or_the_api_key(server: FaultServer) -> None:
    events: list[object] = []
    hooks = Hooks(on_request=events.append, on_response=events.append)
    async with make_client(server, hooks=hooks) as client:
        await client.cases.get(31337)
    assert events and all("31337" not in repr(e) and API_KEY not in repr(e) for e in events)


async def test_an_exception_in_a_hook_reaches_the_caller(server: FaultServer) -> None:
    def boom(event: RequestEvent) -> None:
        raise RuntimeError("hook failed")

    async with make_client(server, hooks=Hooks(on_request=boom)) as client:
        with pytest.raises(RuntimeError, match="hook failed"):
            await client.cases.get(1)
        assert client._transport.limiter.in_flight == 0


def test_hooks_must_be_a_hooks_object() -> None:
    from confirma_async import AsyncConfirmaClient

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
