"""Retries against a real server on 127.0.0.1: what is retried, how often, and what not."""

from __future__ import annotations

import logging
import socket
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest

from confirma_async import (
    APIConnectionError,
    APITimeoutError,
    AsyncConfirmaClient,
    CommentAction,
    Hooks,
    RateLimitError,
    ResponseDecodeError,
    RetryEvent,
    RetryPolicy,
    ServerError,
)
from tests.faultserver import (
    ACTION_PATH,
    API_KEY,
    HTML_ERROR_PAGE,
    Fault,
    FaultServer,
    make_client,
    server,
)

__all__ = ["server"]

ACTION = CommentAction(invoice_number=123456789, case_id=12345, comment="called")


def first_attempts(fault: Fault, count: int = 1):  # type: ignore[no-untyped-def]
    return lambda hit: fault if hit.attempt <= count else None


async def test_get_is_retried_through_a_burst_of_503s(server: FaultServer) -> None:
    server.fault = first_attempts(Fault(status=503), count=2)
    async with make_client(server) as client:
        case = await client.cases.get(7)
    assert case.case_id == 7
    assert server.hits_for(7) == 3


async def test_get_gives_up_after_max_retries(server: FaultServer) -> None:
    server.fault = lambda hit: Fault(status=503)
    async with make_client(server, max_retries=2) as client:
        with pytest.raises(ServerError) as caught:
            await client.cases.get(7)
    assert caught.value.status == 503
    assert server.hits_for(7) == 3


async def test_default_max_retries_is_two(server: FaultServer) -> None:
    server.fault = lambda hit: Fault(status=500)
    async with make_client(server) as client:
        with pytest.raises(ServerError):
            await client.cases.get(7)
    assert server.hits_for(7) == 3


async def test_max_retries_zero_sends_once(server: FaultServer) -> None:
    server.fault = lambda hit: Fault(status=502)
    async with make_client(server, max_retries=0) as client:
        with pytest.raises(ServerError):
            await client.cases.get(7)
    assert server.hits_for(7) == 1


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
async def test_get_retries_each_transient_status(server: FaultServer, status: int) -> None:
    server.fault = first_attempts(Fault(status=status))
    async with make_client(server) as client:
        await client.cases.get(7)
    assert server.hits_for(7) == 2


@pytest.mark.parametrize("status", [400, 403, 404, 409, 422, 501])
async def test_get_does_not_retry_a_permanent_status(server: FaultServer, status: int) -> None:
    server.fault = lambda hit: Fault(status=status)
    async with make_client(server) as client:
        with pytest.raises(Exception):  # noqa: B017 - the class is checked by test_errors
            await client.cases.get(7)
    assert server.hits_for(7) == 1


async def test_retry_after_delta_seconds_is_waited_out(server: FaultServer) -> None:
    server.fault = first_attempts(Fault(status=429, headers={"Retry-After": "1"}))
    retries: list[RetryEvent] = []
    async with make_client(server, hooks=Hooks(on_retry=retries.append)) as client:
        await client.cases.get(7)
    assert [event.delay for event in retries] == [1.0]
    assert server.hits_for(7) == 2


async def test_retry_after_http_date_is_waited_out(server: FaultServer) -> None:
    when = datetime.now(timezone.utc) + timedelta(seconds=2)
    server.fault = first_attempts(
        Fault(status=503, headers={"Retry-After": format_datetime(when, usegmt=True)})
    )
    retries: list[RetryEvent] = []
    async with make_client(server, hooks=Hooks(on_retry=retries.append)) as client:
        await client.cases.get(7)
    assert len(retries) == 1
    # HTTP dates have whole seconds: the wait is what remains of the 2 s, rounded down.
    assert 0.0 < retries[0].delay <= 2.0
    assert server.hits_for(7) == 2


async def test_retry_after_beyond_the_cap_raises_rate_limit_error_at_once(
    server: FaultServer,
) -> None:
    server.fault = lambda hit: Fault(status=429, headers={"Retry-After": "3600"})
    async with make_client(server) as client:
        with pytest.raises(RateLimitError) as caught:
            await client.cases.get(7)
    assert caught.value.retry_after == 3600.0
    assert server.hits_for(7) == 1


async def test_retry_after_cap_is_configurable(server: FaultServer) -> None:
    server.fault = lambda hit: Fault(status=429, headers={"Retry-After": "2"})
    policy = RetryPolicy(backoff_base=0.001, backoff_cap=0.005, max_retry_after=1.0)
    async with make_client(server, retry_policy=policy) as client:
        with pytest.raises(RateLimitError) as caught:
            await client.cases.get(7)
    assert caught.value.retry_after == 2.0
    assert server.hits_for(7) == 1


async def test_exhausted_429_retries_raise_rate_limit_error_with_retry_after(
    server: FaultServer,
) -> None:
    server.fault = lambda hit: Fault(status=429, headers={"Retry-After": "0"})
    async with make_client(server) as client:
        with pytest.raises(RateLimitError) as caught:
            await client.cases.get(7)
    assert caught.value.retry_after == 0.0
    assert server.hits_for(7) == 3


async def test_connection_reset_is_retried_for_get(server: FaultServer) -> None:
    server.fault = first_attempts(Fault(reset=True))
    async with make_client(server) as client:
        case = await client.cases.get(7)
    assert case.case_id == 7
    assert server.hits_for(7) == 2


async def test_slow_response_past_the_attempt_timeout_is_retried(server: FaultServer) -> None:
    server.fault = first_attempts(Fault(delay=2.0))
    async with make_client(server, timeout=0.2) as client:
        case = await client.cases.get(7)
    assert case.case_id == 7
    assert server.hits_for(7) == 2


async def test_persistent_timeouts_raise_api_timeout_error(server: FaultServer) -> None:
    server.fault = lambda hit: Fault(delay=2.0)
    async with make_client(server, timeout=0.1) as client:
        with pytest.raises(APITimeoutError):
            await client.cases.get(7)
    assert server.hits_for(7) == 3


async def test_overall_deadline_stops_retries(server: FaultServer) -> None:
    server.fault = lambda hit: Fault(delay=2.0)
    policy = RetryPolicy(backoff_base=0.001, backoff_cap=0.005, deadline=0.3)
    async with make_client(server, timeout=0.2, max_retries=10, retry_policy=policy) as client:
        with pytest.raises(APITimeoutError):
            await client.cases.get(7)
    # 0.3 s of deadline fits one 0.2 s attempt and a cut-short second one, never eleven.
    assert server.hits_for(7) <= 2


async def test_html_error_page_is_retried_and_kept_out_of_the_message(
    server: FaultServer,
) -> None:
    server.fault = lambda hit: Fault(status=502, body=HTML_ERROR_PAGE, content_type="text/html")
    async with make_client(server) as client:
        with pytest.raises(ServerError) as caught:
            await client.cases.get(7)
    assert server.hits_for(7) == 3
    assert isinstance(caught.value.body, str) and "Bad Gateway" in caught.value.body
    assert "<html>" not in str(caught.value)


async def test_html_page_with_status_200_is_a_decode_error_not_retried(
    server: FaultServer,
) -> None:
    server.fault = lambda hit: Fault(status=200, body=HTML_ERROR_PAGE, content_type="text/html")
    async with make_client(server) as client:
        with pytest.raises(ResponseDecodeError):
            await client.cases.get(7)
    assert server.hits_for(7) == 1


async def test_post_is_not_retried_on_500(server: FaultServer) -> None:
    server.fault = lambda hit: Fault(status=500)
    async with make_client(server) as client:
        with pytest.raises(ServerError):
            await client.invoices.create_actions([ACTION])
    assert server.hits[("POST", ACTION_PATH, None)] == 1


async def test_post_is_not_retried_on_503_with_retry_after(server: FaultServer) -> None:
    server.fault = lambda hit: Fault(status=503, headers={"Retry-After": "0"})
    async with make_client(server) as client:
        with pytest.raises(ServerError):
            await client.invoices.create_actions([ACTION])
    assert server.hits[("POST", ACTION_PATH, None)] == 1


async def test_post_is_not_retried_after_a_reset(server: FaultServer) -> None:
    server.fault = lambda hit: Fault(reset=True)
    async with make_client(server) as client:
        with pytest.raises(APIConnectionError):
            await client.invoices.create_actions([ACTION])
    assert server.hits[("POST", ACTION_PATH, None)] == 1


async def test_post_is_not_retried_after_a_timeout(server: FaultServer) -> None:
    server.fault = lambda hit: Fault(delay=2.0)
    async with make_client(server, timeout=0.1) as client:
        with pytest.raises(APITimeoutError):
            await client.invoices.create_actions([ACTION])
    assert server.hits[("POST", ACTION_PATH, None)] == 1


async def test_post_is_retried_when_the_connection_was_refused() -> None:
    with socket.socket() as probe:  # a free port that nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    retries: list[RetryEvent] = []
    async with AsyncConfirmaClient(
        api_key=API_KEY,
        base_url=f"http://127.0.0.1:{port}",
        retry_policy=RetryPolicy(backoff_base=0.001, backoff_cap=0.005),
        hooks=Hooks(on_retry=retries.append),
    ) as client:
        with pytest.raises(APIConnectionError):
            await client.invoices.create_actions([ACTION])
    assert [event.attempt for event in retries] == [1, 2]
    assert all("before sending" in event.reason for event in retries)


async def test_retries_are_logged_with_attempt_and_reason_but_not_the_key(
    server: FaultServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.fault = first_attempts(Fault(status=503))
    caplog.set_level(logging.INFO, logger="confirma_async")
    async with make_client(server) as client:
        await client.cases.get(987654)
    retry_lines = [r.getMessage() for r in caplog.records if "retrying" in r.getMessage()]
    assert len(retry_lines) == 1
    assert "retry 1 of 2" in retry_lines[0] and "status 503" in retry_lines[0]
    assert all("987654" not in r.getMessage() for r in caplog.records)
    assert all(API_KEY not in r.getMessage() for r in caplog.records)



async def test_reset_of_a_reused_keep_alive_connection_is_retried_for_get(
    server: FaultServer,
) -> None:
    # The second request rides the pooled connection of the first; the server drops it
    # without answering, which is what a stale keep-alive connection looks like.
    # (aiohttp itself re-sends an idempotent request once in this case; the SDK's own
    # retry is the backstop. Either way the GET succeeds.)
    server.fault = lambda hit: Fault(reset=True) if hit.key == 2 and hit.attempt == 1 else None
    async with make_client(server) as client:
        await client.cases.get(1)
        case = await client.cases.get(2)
    assert case.case_id == 2
    assert server.hits_for(2) == 2


async def test_post_on_a_reused_keep_alive_connection_that_resets_is_not_retried(
    server: FaultServer,
) -> None:
    server.fault = lambda hit: Fault(reset=True) if hit.method == "POST" else None
    async with make_client(server) as client:
        await client.cases.get(1)
        with pytest.raises(APIConnectionError):
            await client.invoices.create_actions([ACTION])
    assert server.hits[("POST", ACTION_PATH, None)] == 1
