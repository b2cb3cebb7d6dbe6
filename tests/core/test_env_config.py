"""Configuration from the environment: ``CONFIRMA_BASE_URL``, ``CONFIRMA_ENVIRONMENT`` and
``CONFIRMA_LOG``, honoured by the clients themselves (explicit arguments win)."""

from __future__ import annotations

import logging
import sys
import warnings
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from aiohttp import web

from confirma_async import (
    AsyncConfirmaClient,
    ConfirmaClient,
    ConfirmaValueError,
    RetryPolicy,
    _config,
)
from confirma_async.collection import AsyncCollectionClient
from tests.servers import serve

PRODUCTION = "https://integrations.confirmafinance.com"
STAGING = "https://staging-integrations.confirmafinance.com"
SANDBOX = "http://127.0.0.1:8080"
ENV_NAMES = ("CONFIRMA_BASE_URL", "CONFIRMA_ENVIRONMENT", "CONFIRMA_LOG")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(("env", "kwargs", "expected"), [
    ({}, {}, PRODUCTION),
    ({"CONFIRMA_ENVIRONMENT": "staging"}, {}, STAGING),
    ({"CONFIRMA_BASE_URL": SANDBOX}, {}, SANDBOX),
    ({"CONFIRMA_BASE_URL": SANDBOX, "CONFIRMA_ENVIRONMENT": "staging"}, {}, SANDBOX),
    ({"CONFIRMA_BASE_URL": SANDBOX}, {"environment": "production"}, PRODUCTION),
    ({"CONFIRMA_ENVIRONMENT": "staging"}, {"environment": "production"}, PRODUCTION),
    ({"CONFIRMA_ENVIRONMENT": "staging"}, {"base_url": SANDBOX}, SANDBOX),
    ({"CONFIRMA_BASE_URL": STAGING}, {"base_url": SANDBOX}, SANDBOX),
    ({"CONFIRMA_BASE_URL": "  ", "CONFIRMA_ENVIRONMENT": ""}, {}, PRODUCTION),
])
def test_the_api_root_comes_from_arguments_then_the_environment(
    env: dict[str, str], kwargs: dict[str, Any], expected: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """README: "An explicit argument always wins over a variable; `base_url` wins over
    `environment`"."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert AsyncConfirmaClient(api_key="k", **kwargs).base_url == expected


def test_the_sync_client_reads_the_same_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONFIRMA_ENVIRONMENT", "staging")
    with ConfirmaClient(api_key="k") as client:
        assert client.base_url == STAGING


@pytest.mark.parametrize(("name", "value", "message"), [
    ("CONFIRMA_ENVIRONMENT", "moon", "must be one of production, staging"),
    ("CONFIRMA_ENVIRONMENT", "Staging", "must be one of production, staging"),
    ("CONFIRMA_BASE_URL", "http://api.example.com", "must use https"),
    ("CONFIRMA_BASE_URL", "ftp://api.example.com", "unsupported scheme"),
    ("CONFIRMA_BASE_URL", "integrations.confirmafinance.com", "must be an absolute URL"),
])
def test_a_bad_variable_is_refused_naming_the_variable(
    name: str, value: str, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfirmaValueError, match=message) as caught:
        AsyncConfirmaClient(api_key="k")
    assert caught.value.field == name
    assert str(caught.value).startswith(f"{name}: ")


def test_an_explicit_argument_hides_a_bad_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONFIRMA_BASE_URL", "http://api.example.com")
    monkeypatch.setenv("CONFIRMA_ENVIRONMENT", "moon")
    assert AsyncConfirmaClient(api_key="k", environment="staging").base_url == STAGING


def test_the_collection_client_never_reads_the_confirma_root(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CONFIRMA_BASE_URL", SANDBOX)
    client = AsyncCollectionClient(base_url="https://collection.example.com", access_token="t")
    assert client.base_url == "https://collection.example.com"


# --- CONFIRMA_LOG -------------------------------------------------------------------------


@pytest.fixture
def fresh_logging() -> Iterator[logging.Logger]:
    """A process where no client has looked at CONFIRMA_LOG yet; restored afterwards."""
    logger = logging.getLogger("confirma_async")
    level, handlers, checked = logger.level, list(logger.handlers), _config._log_checked
    _config._log_checked = False
    yield logger
    logger.handlers[:] = handlers
    logger.setLevel(level)
    _config._log_checked = checked


def _env_handlers(logger: logging.Logger) -> list[logging.Handler]:
    return [h for h in logger.handlers if isinstance(h, _config._EnvLogHandler)]


@pytest.mark.parametrize(("value", "level"), [("debug", logging.DEBUG), (" INFO ", logging.INFO)])
def test_confirma_log_adds_one_stderr_handler_at_that_level(
    value: str, level: int, fresh_logging: logging.Logger, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CONFIRMA_LOG", value)
    AsyncConfirmaClient(api_key="k")
    AsyncConfirmaClient(api_key="k")
    AsyncCollectionClient(base_url="https://collection.example.com", access_token="t")
    (handler,) = _env_handlers(fresh_logging)
    assert fresh_logging.level == level
    assert isinstance(handler, logging.StreamHandler) and handler.stream is sys.stderr


def test_confirma_log_is_read_once_per_process(
    fresh_logging: logging.Logger, monkeypatch: pytest.MonkeyPatch
) -> None:
    AsyncConfirmaClient(api_key="k")  # the first client: CONFIRMA_LOG unset
    monkeypatch.setenv("CONFIRMA_LOG", "debug")
    AsyncConfirmaClient(api_key="k")
    assert _env_handlers(fresh_logging) == []


def test_an_unknown_confirma_log_value_is_ignored_with_a_warning(
    fresh_logging: logging.Logger, monkeypatch: pytest.MonkeyPatch
) -> None:
    """README: "An unknown value is ignored with a `RuntimeWarning`"."""
    monkeypatch.setenv("CONFIRMA_LOG", "verbose")
    level = fresh_logging.level
    with pytest.warns(RuntimeWarning, match="CONFIRMA_LOG='verbose' is ignored"):
        AsyncConfirmaClient(api_key="k")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        AsyncConfirmaClient(api_key="k")  # warned once, not per client
    assert _env_handlers(fresh_logging) == [] and fresh_logging.level == level


KEY = "api-key-7Hq2-never-logged"
PROXY_PASSWORD = "proxy-pw-5Tz9"


@pytest.fixture
async def flaky_server() -> AsyncIterator[str]:
    answers = [503, 200]

    async def handle(request: web.Request) -> web.StreamResponse:
        status = answers.pop(0) if answers else 200
        return web.json_response({"cases": []}, status=status,
                                 headers={"X-Request-Id": "req-1"})

    async with serve({("GET", "/api/v1/partner/invoice/case"): handle}) as url:
        yield url


async def test_confirma_log_debug_shows_requests_and_retries_but_no_secret(
    fresh_logging: logging.Logger, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], flaky_server: str,
) -> None:
    """README: "Secrets are never logged, at any level"."""
    monkeypatch.setenv("CONFIRMA_LOG", "debug")
    async with AsyncConfirmaClient(
        api_key=KEY, base_url=flaky_server, log_bodies=True,
        proxy=f"http://user:{PROXY_PASSWORD}@proxy.example.com:3128",
        retry_policy=RetryPolicy(backoff_base=0.001, backoff_cap=0.01),
    ) as client:
        await client.cases.list(case_id=12345)
    err = capsys.readouterr().err
    assert "DEBUG confirma_async: GET /api/v1/partner/invoice/case -> 503" in err
    assert "INFO confirma_async: retrying GET /api/v1/partner/invoice/case" in err
    assert "-> 200" in err and "request id req-1" in err
    assert "directly (no proxy)" in err  # the loopback sandbox is never proxied
    assert KEY not in err and PROXY_PASSWORD not in err
