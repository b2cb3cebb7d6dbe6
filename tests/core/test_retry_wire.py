"""Retries against a real server on 127.0.0.1: what is retried, how often, and what not.

The faults come from the sandbox's own knobs (``fake.faults``) and every attempt is
counted in its request log; only a fault the knobs cannot express (an HTML error page)
uses the scriptable ``FaultServer``.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from typing import Any

import pytest

from confirma_async import (
    APIConnectionError,
    APITimeoutError,
    AsyncConfirmaClient,
    CommentAction,
    ConfirmaError,
    Hooks,
    RateLimitError,
    ResponseDecodeError,
    RetryEvent,
    RetryPolicy,
    ServerError,
)
from confirma_async.testing import PATHS, FakeConfirma
from tests.faultserver import (
    API_KEY,
    FAST_RETRIES,
    HTML_ERROR_PAGE,
    Fault,
    FaultServer,
    make_client,
    server,
)

__all__ = ["server"]

CASE = PATHS["case"]
ACTIONS = PATHS["action"]
ACTION = CommentAction(invoice_number=123456789, case_id=12345, comment="called")
#: A fault knob applied to a path: ``lambda faults, path, times: faults.fail(...)``.
Knob = Callable[..., None]


@pytest.fixture
async def fake() -> AsyncIterator[FakeConfirma]:
    # Served in the test's own loop: a request still hanging when the test ends is then
    # cancelled cleanly (a thread-served fake stops its loop with the handler pending).
    async with FakeConfirma(cases=3) as running:
        yield running


def client_of(fake: FakeConfirma, **options: Any) -> AsyncConfirmaClient:
    """A client of the sandbox with tiny backoff (tests never sleep for long)."""
    options.setdefault("retry_policy", FAST_RETRIES)
    return AsyncConfirmaClient(api_key=fake.api_key, base_url=fake.url, **options)


def attempts(fake: FakeConfirma, case_id: int | None = None, path: str = CASE,
             method: str = "GET") -> int:
    """Requests the sandbox received for ``path`` (and ``caseId``), faulted ones included."""
    return sum(1 for entry in fake.request_log.matching(path, method=method)
               if case_id is None or entry.query.get("caseId") == str(case_id))


def status(code: int, retry_after: str | None = None) -> Knob:
    return lambda faults, path, **where: faults.fail(path, code, retry_after=retry_after,
                                                    **where)


def reset() -> Knob:
    return lambda faults, path, **where: faults.reset(path, **where)


def hang(seconds: float = 2.0) -> Knob:
    return lambda faults, path, **where: faults.hang(path, seconds, **where)


TRANSIENT = [
    pytest.param(status(code), 1, {}, id=f"status-{code}")
    for code in (408, 429, 500, 502, 503, 504)
] + [
    pytest.param(status(503), 2, {}, id="a-burst-of-503s"),
    pytest.param(reset(), 1, {}, id="connection-reset"),
    pytest.param(hang(), 1, {"timeout": 0.2}, id="slow-past-the-attempt-timeout"),
]


@pytest.mark.parametrize(("knob", "times", "options"), TRANSIENT)
async def test_get_is_retried_through_a_transient_fault(
    fake: FakeConfirma, knob: Knob, times: int, options: dict[str, Any]
) -> None:
    case_id = fake.case_ids()[0]
    knob(fake.faults, CASE, times=times)
    async with client_of(fake, **options) as client:
        case = await client.cases.get(case_id)
    assert case.case_id == case_id
    assert attempts(fake, case_id) == times + 1


@pytest.mark.parametrize(
    ("code", "options", "sent"),
    [
        pytest.param(503, {"max_retries": 2}, 3, id="gives-up-after-max-retries"),
        pytest.param(500, {}, 3, id="default-max-retries-is-two"),
        pytest.param(502, {"max_retries": 0}, 1, id="max-retries-zero-sends-once"),
    ],
)
async def test_get_sends_one_attempt_plus_max_retries_then_gives_up(
    fake: FakeConfirma, code: int, options: dict[str, Any], sent: int
) -> None:
    fake.faults.fail(CASE, code)
    async with client_of(fake, **options) as client:
        with pytest.raises(ServerError) as caught:
            await client.cases.get(fake.case_ids()[0])
    assert caught.value.status == code
    assert attempts(fake) == sent


@pytest.mark.parametrize("code", [400, 403, 404, 409, 422, 501])
async def test_get_does_not_retry_a_permanent_status(fake: FakeConfirma, code: int) -> None:
    fake.faults.fail(CASE, code)
    async with client_of(fake) as client:
        with pytest.raises(ConfirmaError):  # the class is checked by test_error_tree
            await client.cases.get(fake.case_ids()[0])
    assert attempts(fake) == 1


async def test_retry_after_delta_seconds_is_waited_out(fake: FakeConfirma) -> None:
    fake.faults.fail(CASE, 429, retry_after="1", times=1)
    retries: list[RetryEvent] = []
    async with client_of(fake, hooks=Hooks(on_retry=retries.append)) as client:
        await client.cases.get(fake.case_ids()[0])
    assert [event.delay for event in retries] == [1.0]
    assert attempts(fake) == 2


async def test_retry_after_http_date_is_waited_out(fake: FakeConfirma) -> None:
    # 3 s ahead: whole seconds leave 2-3 s to wait, so a loaded machine that takes up to
    # 2 s to get the answer still sees a positive wait that only the date can explain.
    when = datetime.now(timezone.utc) + timedelta(seconds=3)
    fake.faults.fail(CASE, 503, retry_after=format_datetime(when, usegmt=True), times=1)
    retries: list[RetryEvent] = []
    async with client_of(fake, hooks=Hooks(on_retry=retries.append)) as client:
        await client.cases.get(fake.case_ids()[0])
    assert len(retries) == 1
    # HTTP dates have whole seconds: the wait is what remains of the 3 s, rounded down.
    assert 0.0 < retries[0].delay <= 3.0
    assert attempts(fake) == 2


@pytest.mark.parametrize(
    ("retry_after", "options"),
    [
        pytest.param("3600", {}, id="beyond-the-default-cap"),
        pytest.param("2", {"retry_policy": RetryPolicy(
            backoff_base=0.001, backoff_cap=0.005, max_retry_after=1.0)},
            id="beyond-a-configured-cap"),
    ],
)
async def test_retry_after_beyond_the_cap_raises_rate_limit_error_at_once(
    fake: FakeConfirma, retry_after: str, options: dict[str, Any]
) -> None:
    fake.faults.fail(CASE, 429, retry_after=retry_after)
    async with client_of(fake, **options) as client:
        with pytest.raises(RateLimitError) as caught:
            await client.cases.get(fake.case_ids()[0])
    assert caught.value.retry_after == float(retry_after)
    assert attempts(fake) == 1


async def test_exhausted_429_retries_raise_rate_limit_error_with_retry_after(
    fake: FakeConfirma,
) -> None:
    fake.faults.fail(CASE, 429, retry_after="0")
    async with client_of(fake) as client:
        with pytest.raises(RateLimitError) as caught:
            await client.cases.get(fake.case_ids()[0])
    assert caught.value.retry_after == 0.0
    assert attempts(fake) == 3


async def test_persistent_timeouts_raise_api_timeout_error(fake: FakeConfirma) -> None:
    fake.faults.hang(CASE, 2.0)
    async with client_of(fake, timeout=0.1) as client:
        with pytest.raises(APITimeoutError):
            await client.cases.get(fake.case_ids()[0])
    assert attempts(fake) == 3


async def test_overall_deadline_stops_retries(fake: FakeConfirma) -> None:
    fake.faults.hang(CASE, 2.0)
    policy = RetryPolicy(backoff_base=0.001, backoff_cap=0.005, deadline=0.3)
    async with client_of(fake, timeout=0.2, max_retries=10, retry_policy=policy) as client:
        with pytest.raises(APITimeoutError):
            await client.cases.get(fake.case_ids()[0])
    # 0.3 s of deadline fits one 0.2 s attempt and a cut-short second one, never eleven.
    assert attempts(fake) <= 2


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


@pytest.mark.parametrize(
    ("knob", "options", "error"),
    [
        pytest.param(status(500), {}, ServerError, id="500"),
        pytest.param(status(503, retry_after="0"), {}, ServerError, id="503-with-retry-after"),
        pytest.param(reset(), {}, APIConnectionError, id="a-reset"),
        pytest.param(hang(), {"timeout": 0.1}, APITimeoutError, id="a-timeout"),
    ],
)
async def test_post_is_not_retried_once_it_may_have_arrived(
    fake: FakeConfirma, knob: Knob, options: dict[str, Any], error: type[Exception]
) -> None:
    knob(fake.faults, ACTIONS, method="POST")
    async with client_of(fake, **options) as client:
        with pytest.raises(error):
            await client.invoices.create_actions([ACTION])
    assert attempts(fake, path=ACTIONS, method="POST") == 1


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
    fake: FakeConfirma, caplog: pytest.LogCaptureFixture
) -> None:
    case_id = fake.case_ids()[0]
    fake.faults.fail(CASE, 503, times=1)
    caplog.set_level(logging.INFO, logger="confirma_async")
    async with client_of(fake) as client:
        await client.cases.get(case_id)
    retry_lines = [r.getMessage() for r in caplog.records if "retrying" in r.getMessage()]
    assert len(retry_lines) == 1
    assert "retry 1 of 2" in retry_lines[0] and "status 503" in retry_lines[0]
    assert all(str(case_id) not in r.getMessage() for r in caplog.records)
    assert all(fake.api_key not in r.getMessage() for r in caplog.records)


async def test_reset_of_a_reused_keep_alive_connection_is_retried_for_get(
    fake: FakeConfirma,
) -> None:
    # The second request rides the pooled connection of the first; the server drops it
    # without answering, which is what a stale keep-alive connection looks like.
    # (aiohttp's own silent re-send is switched off: the SDK retries it as a counted
    # attempt, and the GET succeeds.)
    first, second = fake.case_ids()[:2]
    async with client_of(fake) as client:
        await client.cases.get(first)
        fake.faults.reset(CASE, times=1)
        case = await client.cases.get(second)
    assert case.case_id == second
    assert attempts(fake, second) == 2


async def test_post_on_a_reused_keep_alive_connection_that_resets_is_not_retried(
    fake: FakeConfirma,
) -> None:
    fake.faults.reset(ACTIONS, method="POST")
    async with client_of(fake) as client:
        await client.cases.get(fake.case_ids()[0])
        with pytest.raises(APIConnectionError):
            await client.invoices.create_actions([ACTION])
    assert attempts(fake, path=ACTIONS, method="POST") == 1
