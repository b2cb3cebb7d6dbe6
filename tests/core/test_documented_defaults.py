"""The defaults the README's configuration table states are the ones a client gets, and
the ones that shape behaviour hold over the wire."""

from __future__ import annotations

import pytest

from confirma_async import AsyncConfirmaClient, RateLimitError, RetryPolicy, Timeout
from confirma_async._config import ERROR_BODY_LIMIT
from confirma_async.cli import DEFAULT_CONCURRENCY
from confirma_async.collection import _auth
from tests.hostile import Conn, HostileServer, Request, client_of, ok_json, sequence, server

__all__ = ["server"]  # the fixture, imported from tests.hostile

MiB = 1024 * 1024


def test_a_client_gets_the_documented_defaults() -> None:
    """README, "Configuration": `timeout` "30 s per attempt (connect 10 s)", `max_retries`
    `2`, `max_concurrency` `64`, `retry_policy`: "`backoff_base` 0.5 s, `backoff_cap` 8 s
    (full jitter), `max_retry_after` 60 s ..., `deadline` 180 s", `max_response_bytes`
    "32 MiB" ("error bodies on exceptions are cut at 64 KiB")."""
    client = AsyncConfirmaClient(api_key="k" * 24, environment="staging")
    transport = client._transport
    assert transport.timeout == Timeout(total=30.0, connect=10.0)
    assert transport.max_retries == 2
    assert transport.max_concurrency == 64 and transport.limiter.limit == 64
    policy = transport.retry_policy
    assert (policy.backoff_base, policy.backoff_cap) == (0.5, 8.0)
    assert (policy.max_retry_after, policy.deadline) == (60.0, 180.0)
    assert policy == RetryPolicy()
    assert transport.max_response_bytes == 32 * MiB
    assert ERROR_BODY_LIMIT == 64 * 1024


def test_the_oauth_and_cli_defaults_are_the_documented_ones() -> None:
    """README: a token "is renewed a minute (at most a tenth of its lifetime) before" it
    expires; the CLI's bulk commands "run `--concurrency` requests at once (default 32)"."""
    assert _auth.REFRESH_MARGIN == 60.0
    assert DEFAULT_CONCURRENCY == 32


async def test_a_retry_after_past_the_default_cap_is_not_slept(server: HostileServer) -> None:
    """README: "A `Retry-After` longer than `RetryPolicy.max_retry_after` (default 60 s) is
    not slept: the call raises `RateLimitError` at once, with the value in
    `retry_after`"."""
    server.script = ok_json({}, {"Retry-After": "61"}, status=429)
    async with client_of(server) as client:  # the default max_retry_after
        with pytest.raises(RateLimitError) as caught:
            await client.cases.get(7)
    assert caught.value.retry_after == 61
    assert len(server.requests) == 1


@pytest.mark.parametrize(("retry_after", "halved"), [("0", True), (None, False)])
async def test_a_503_halves_the_client_limit_only_with_retry_after(
    server: HostileServer, retry_after: str | None, halved: bool
) -> None:
    """README: "When the server answers 429 (or 503 with `Retry-After`), it halves the
    number of requests it lets in flight"."""
    headers = {} if retry_after is None else {"Retry-After": retry_after}

    async def unavailable(conn: Conn, request: Request) -> None:
        await conn.respond(503, {"message": "busy"}, headers)

    server.script = sequence(unavailable)
    async with client_of(server, max_retries=0, max_concurrency=16) as client:
        with pytest.raises(Exception):  # noqa: B017 - the status error is not the point
            await client.cases.get(7)
        assert client._transport.limiter.limit == (8 if halved else 16)
