"""``RetryPolicy.decide``: the retry decision alone, without a network."""

from __future__ import annotations

import ssl

import pytest

from confirma_async import (
    APIConnectionError,
    APITimeoutError,
    RateLimitError,
    RedirectError,
    ResponseDecodeError,
    ResponseTooLargeError,
    RetryPolicy,
    ServerError,
)
from confirma_async._core.retry import Retry
from confirma_async._errors import ConfirmaError

POLICY = RetryPolicy(backoff_base=0.5, backoff_cap=8.0, max_retry_after=60.0)
DROPPED = APIConnectionError("connection dropped before a complete answer (X)")
REFUSED = APIConnectionError("connection to h:1 failed: Connection refused",
                             may_have_reached_server=False)
CONNECT_TIMEOUT = APITimeoutError("connecting to h:1 timed out", may_have_reached_server=False)
TIMEOUT = APITimeoutError("timeout")


def decide(error: ConfirmaError, *, idempotent: bool = True, attempt: int = 1,
           max_retries: int = 2, retry_after: float | None = None,
           remaining: float = 100.0) -> Retry | None:
    return POLICY.decide(error, attempt=attempt, max_retries=max_retries,
                         idempotent=idempotent, retry_after=retry_after, remaining=remaining)


def status(code: int) -> ServerError:
    return ServerError("x", status=code)


@pytest.mark.parametrize("code", [408, 429, 500, 502, 503, 504])
def test_transient_status_of_a_get_is_retried_with_backoff(code: int) -> None:
    retry = decide(RateLimitError("x", status=code) if code == 429 else status(code))
    assert retry is not None and retry.reason == f"status {code}"
    assert 0 <= retry.delay <= POLICY.backoff_base


@pytest.mark.parametrize("code", [400, 401, 403, 404, 409, 422, 501])
def test_permanent_status_is_final(code: int) -> None:
    assert decide(status(code)) is None


@pytest.mark.parametrize(
    "error",
    [pytest.param(status(503), id="any-answer"), pytest.param(DROPPED, id="dropped"),
     pytest.param(TIMEOUT, id="timeout")],
)
def test_a_write_that_may_have_arrived_is_never_retried(error: ConfirmaError) -> None:
    assert decide(error, idempotent=False) is None


def test_retry_after_is_the_delay_and_beyond_the_cap_is_final() -> None:
    assert decide(status(503), retry_after=7.0) == Retry("status 503", 7.0)
    assert decide(status(503), retry_after=61.0) is None


def test_no_retry_past_the_deadline() -> None:
    assert decide(status(503), retry_after=5.0, remaining=5.0) is None
    assert decide(status(503), retry_after=5.0, remaining=5.1) is not None


@pytest.mark.parametrize("error", [DROPPED, TIMEOUT, REFUSED, CONNECT_TIMEOUT, status(503)])
@pytest.mark.parametrize("max_retries", [0, 1, 2, 5])
def test_max_retries_n_allows_exactly_n_plus_one_attempts(
    error: ConfirmaError, max_retries: int
) -> None:
    """README: "`max_retries=N` means at most N+1 requests reach the server for one call"."""
    attempts = 1
    while decide(error, attempt=attempts, max_retries=max_retries) is not None:
        attempts += 1
    assert attempts == max_retries + 1


@pytest.mark.parametrize(
    ("error", "reason"),
    [pytest.param(DROPPED, "connection dropped before a complete answer (X)", id="dropped"),
     pytest.param(TIMEOUT, "timeout", id="timeout")],
)
def test_a_get_that_lost_its_answer_is_retried_and_says_why(
    error: ConfirmaError, reason: str
) -> None:
    retry = decide(error)
    assert retry is not None and retry.reason == reason


@pytest.mark.parametrize("error", [REFUSED, CONNECT_TIMEOUT])
def test_a_write_that_never_left_is_retried(error: APIConnectionError) -> None:
    retry = decide(error, idempotent=False)
    assert retry is not None and "before sending" in retry.reason


def test_a_certificate_that_does_not_verify_is_final() -> None:
    error = APIConnectionError("TLS certificate verification failed",
                               may_have_reached_server=False)
    error.__cause__ = ssl.SSLCertVerificationError("self-signed certificate")
    assert decide(error) is None


@pytest.mark.parametrize(
    "error",
    [ResponseDecodeError("bad"), ResponseTooLargeError(10),
     RedirectError("302", status=302, location="/x"), ConfirmaError("closed")],
)
def test_content_and_redirect_errors_are_final(error: ConfirmaError) -> None:
    assert decide(error) is None
