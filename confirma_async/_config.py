"""Small value classes for client configuration: environments, timeouts, secrets."""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from typing import Final, Literal

import attrs
from yarl import URL

from ._errors import ConfirmaValueError

Environment = Literal["production", "staging"]

ENVIRONMENTS: Final[dict[str, str]] = {
    "production": "https://integrations.confirmafinance.com",
    "staging": "https://staging-integrations.confirmafinance.com",
}

API_KEY_ENV: Final = "CONFIRMA_API_KEY"

DEFAULT_MAX_RETRIES: Final = 2
DEFAULT_MAX_CONCURRENCY: Final = 64
#: Upper bound of one call including all its retries and waits.
DEFAULT_DEADLINE: Final = 180.0
#: A ``Retry-After`` longer than this raises ``RateLimitError`` instead of sleeping.
DEFAULT_MAX_RETRY_AFTER: Final = 60.0
_DEFAULT_CONNECT: Final = 10.0
#: Largest response body (after decompression) a call accepts; far above any real page.
DEFAULT_MAX_RESPONSE_BYTES: Final = 32 * 1024 * 1024
#: Bounds on every number read from the wire, checked before it is converted: at most this
#: many digits, and a decimal exponent (of the leading digit) within plus or minus this.
#: Far above any amount or id; they keep a hostile ``1e1000000`` from costing a
#: million-digit integer (seconds of CPU) when a field converts it.
MAX_NUMBER_DIGITS: Final = 100
MAX_NUMBER_EXPONENT: Final = 100
#: Error bodies kept on ``APIStatusError.body`` are read up to this many bytes.
ERROR_BODY_LIMIT: Final = 64 * 1024


@attrs.frozen
class Timeout:
    """Per-attempt timeouts in seconds. A plain number means ``Timeout(total=number)``."""

    total: float = 30.0
    connect: float = _DEFAULT_CONNECT

    def __attrs_post_init__(self) -> None:
        for name in ("total", "connect"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise ConfirmaValueError(f"timeout.{name}", "must be a positive number of seconds")

    @classmethod
    def coerce(cls, value: float | Timeout) -> Timeout:
        """A ``Timeout`` from a number of seconds (the total per attempt) or a ``Timeout``."""
        if isinstance(value, Timeout):
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfirmaValueError("timeout", "must be a number of seconds or a Timeout")
        if value <= 0:
            raise ConfirmaValueError("timeout", "must be a positive number of seconds")
        return cls(total=float(value), connect=min(float(value), _DEFAULT_CONNECT))


DEFAULT_TIMEOUT: Final = Timeout()


class Secret:
    """Holds a credential; its repr and str never show it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    __str__ = __repr__

    def __reduce__(self) -> str:
        raise TypeError("secrets cannot be pickled")


# --- text that goes into a header: credentials and extra_headers ------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+\Z")


def check_header_value(field: str, value: object) -> str:
    """A value that goes into a header: a non-empty string without control characters
    (``\\x00``-``\\x1f``, ``\\x7f``, so no CR/LF). Surrounding spaces are dropped. The
    error never shows the value: it may be a credential."""
    if not isinstance(value, str) or not value.strip():
        raise ConfirmaValueError(field, "must be a non-empty string")
    if _CONTROL.search(value):
        raise ConfirmaValueError(field, "must not contain control characters (such as CR or LF)")
    return value.strip()


def secret_arg(field: str, value: object) -> Secret:
    """A credential given as an argument (API key, token, secret), checked and wrapped."""
    return Secret(check_header_value(field, value))


def check_extra_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """``extra_headers`` of a call: HTTP token names, values without control characters."""
    checked: dict[str, str] = {}
    for name, value in headers.items():
        if not isinstance(name, str) or not _TOKEN.match(name):
            raise ConfirmaValueError("extra_headers", "a header name is not a valid HTTP token")
        if not isinstance(value, str) or _CONTROL.search(value):
            raise ConfirmaValueError(
                f"extra_headers[{name!r}]", "must be a string without control characters"
            )
        checked[name] = value
    return checked


def resolve_api_key(api_key: str | None) -> Secret:
    value = api_key if api_key is not None else os.environ.get(API_KEY_ENV)
    if value is None:
        raise ConfirmaValueError(
            "api_key",
            f"no API key given: pass api_key= or set the {API_KEY_ENV} environment variable",
        )
    return secret_arg("api_key", value)


def check_max_response_bytes(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ConfirmaValueError("max_response_bytes", "must be a positive integer (bytes)")
    return value


def is_loopback_host(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_base_url(url: str, field: str = "base_url") -> URL:
    """A root URL: https anywhere, plain http only to a loopback host."""
    try:
        parsed = URL(url)
    except (TypeError, ValueError) as exc:
        raise ConfirmaValueError(field, "is not a valid URL") from exc
    if not parsed.is_absolute() or not parsed.host:
        raise ConfirmaValueError(field, "must be an absolute URL such as https://host")
    if parsed.scheme == "https":
        pass
    elif parsed.scheme == "http":
        if not is_loopback_host(parsed.host):
            raise ConfirmaValueError(
                field, "must use https (plain http is allowed only to a loopback host)"
            )
    else:
        raise ConfirmaValueError(field, f"unsupported scheme {parsed.scheme!r}; use https")
    if parsed.user or parsed.password:
        raise ConfirmaValueError(field, "must not contain credentials")
    return parsed.with_query(None).with_fragment(None)


def resolve_base_url(environment: str, base_url: str | None) -> URL:
    if base_url is not None:
        return check_base_url(base_url)
    try:
        return URL(ENVIRONMENTS[environment])
    except KeyError:
        known = ", ".join(ENVIRONMENTS)
        raise ConfirmaValueError("environment", f"must be one of {known}") from None
