"""Small value classes for client configuration: environments, timeouts, secrets, proxies,
and what the environment variables (``CONFIRMA_*``, ``HTTPS_PROXY``...) say."""

from __future__ import annotations

import base64
import ipaddress
import logging
import math
import os
import re
import sys
import threading
import urllib.request
import warnings
from collections.abc import Mapping
from typing import Any, Final, Literal

import attrs
from yarl import URL

from ._errors import ConfirmaValueError

Environment = Literal["production", "staging"]

ENVIRONMENTS: Final[dict[str, str]] = {
    "production": "https://integrations.confirmafinance.com",
    "staging": "https://staging-integrations.confirmafinance.com",
}

API_KEY_ENV: Final = "CONFIRMA_API_KEY"
BASE_URL_ENV: Final = "CONFIRMA_BASE_URL"
ENVIRONMENT_ENV: Final = "CONFIRMA_ENVIRONMENT"
LOG_ENV: Final = "CONFIRMA_LOG"

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


def _positive_seconds(value: object) -> bool:
    # NaN compares false both ways (it would switch every timeout and the deadline off)
    # and infinity never fires: both are refused.
    return (
        not isinstance(value, bool) and isinstance(value, (int, float))
        and math.isfinite(value) and value > 0
    )


@attrs.frozen
class Timeout:
    """Per-attempt timeouts in seconds. A plain number means ``Timeout(total=number)``."""

    total: float = 30.0
    connect: float = _DEFAULT_CONNECT

    def __attrs_post_init__(self) -> None:
        for name in ("total", "connect"):
            value = getattr(self, name)
            if not _positive_seconds(value):
                raise ConfirmaValueError(f"timeout.{name}", "must be a positive number of seconds")

    @classmethod
    def coerce(cls, value: float | Timeout) -> Timeout:
        """A ``Timeout`` from a number of seconds (the total per attempt) or a ``Timeout``."""
        if isinstance(value, Timeout):
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfirmaValueError("timeout", "must be a number of seconds or a Timeout")
        if not _positive_seconds(value):
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


def check_max_retries(value: object, field: str = "max_retries") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfirmaValueError(field, "must be a non-negative integer")
    return value


def _from_env(name: str) -> str | None:
    """An environment variable's value; unset, empty and blank all mean "not set"."""
    value = os.environ.get(name, "").strip()
    return value or None


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


def check_base_url(url: str, field: str = "base_url", *, keep_query: bool = False) -> URL:
    """A root URL: https anywhere, plain http only to a loopback host. Its query is dropped
    (an API root has none) unless ``keep_query`` (an endpoint's own URL, such as a token
    endpoint's ``?api-version=...``)."""
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
    parsed = parsed.with_fragment(None)
    return parsed if keep_query else parsed.with_query(None)


def resolve_base_url(environment: str | None, base_url: str | None) -> URL:
    """The API root: ``base_url``, else ``environment``, else ``CONFIRMA_BASE_URL``, else
    ``CONFIRMA_ENVIRONMENT``, else production. An explicit argument always beats the
    environment; a bad value is refused naming the argument or the variable it came from."""
    if base_url is not None:
        return check_base_url(base_url)
    if environment is not None:
        return _environment_url(environment, "environment")
    from_env = _from_env(BASE_URL_ENV)
    if from_env is not None:
        return check_base_url(from_env, BASE_URL_ENV)
    return _environment_url(_from_env(ENVIRONMENT_ENV) or "production", ENVIRONMENT_ENV)


def _environment_url(name: str, field: str) -> URL:
    try:
        return URL(ENVIRONMENTS[name])
    except (KeyError, TypeError):
        known = ", ".join(ENVIRONMENTS)
        raise ConfirmaValueError(field, f"must be one of {known}") from None


# --- proxies ------------------------------------------------------------------------------


@attrs.frozen
class Proxy:
    """The proxy https requests go through: its URL without credentials, the
    ``Proxy-Authorization`` value made from the credentials the URL carried (a ``Secret``),
    and, for a proxy from the environment, the ``NO_PROXY`` list.

    Plain-http requests never use it: the SDK sends plain http only to a loopback host, and
    a proxy would read that request, the API key included, in clear text. Loopback hosts
    are never proxied in any scheme (as Go's net/http does): a proxy's loopback is not
    yours.
    """

    url: URL
    authorization: Secret | None = attrs.field(default=None, repr=False)
    no_proxy: str | None = None

    def applies_to(self, url: URL) -> bool:
        """Whether a request to ``url`` goes through this proxy."""
        if url.scheme != "https" or is_loopback_host(url.host):
            return False
        return self.no_proxy is None or not no_proxy_matches(self.no_proxy, url.host, url.port)


def no_proxy_matches(no_proxy: str, host: str | None, port: int | None) -> bool:
    """Whether ``host``/``port`` is listed in a ``NO_PROXY`` value: comma-separated entries,
    each ``*`` (everything), a host name that also covers its subdomains (a leading ``.``
    or ``*.`` is optional), an IP address, or a CIDR network (``10.0.0.0/8``); a host or
    address may carry ``:port`` (``[::1]:8443`` for IPv6)."""
    if not host:
        return False
    host = host.lower().rstrip(".")
    try:
        address: ipaddress.IPv4Address | ipaddress.IPv6Address | None = ipaddress.ip_address(
            host.strip("[]")
        )
    except ValueError:
        address = None
    for raw in no_proxy.split(","):
        entry = raw.strip().lower()
        if entry == "*":
            return True
        entry, entry_port = _split_port(entry)
        if not entry or (entry_port is not None and entry_port != port):
            continue
        if "/" in entry:
            try:
                if address is not None and address in ipaddress.ip_network(entry, strict=False):
                    return True
            except ValueError:
                pass
            continue
        entry = entry.removeprefix("*").lstrip(".").rstrip(".")
        if address is not None:
            if entry.strip("[]") == str(address):
                return True
        elif entry and (host == entry or host.endswith("." + entry)):
            return True
    return False


def _split_port(entry: str) -> tuple[str, int | None]:
    """``host:port`` / ``[v6]:port`` into host and port; a bare IPv6 address has no port."""
    if entry.startswith("["):
        address, _, rest = entry[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
        return address, int(port) if port.isdigit() else None
    if entry.count(":") == 1:
        name, _, port = entry.partition(":")
        return name, int(port) if port.isdigit() else None
    return entry, None


def check_proxy(value: object, field: str = "proxy", no_proxy: str | None = None) -> Proxy:
    """A proxy URL such as ``http://proxy.example.com:3128`` (``http://`` is assumed when
    the scheme is missing). ``user:password@`` in it becomes the proxy's credentials; the
    error messages never show the value, since it may carry them."""
    if not isinstance(value, str) or not value.strip():
        raise ConfirmaValueError(field, "must be a non-empty proxy URL")
    text = value.strip()
    if "://" not in text:
        text = "http://" + text
    try:
        parsed = URL(text)
        host = parsed.host
        parsed.port  # noqa: B018  (a bad port raises here, not at the first request)
    except (TypeError, ValueError):
        raise ConfirmaValueError(field, "is not a valid proxy URL") from None
    if parsed.scheme != "http":
        raise ConfirmaValueError(
            field,
            f"unsupported proxy scheme {parsed.scheme!r}: only http:// proxies are supported "
            "(https requests are tunnelled through them with CONNECT)",
        )
    if not host:
        raise ConfirmaValueError(field, "must name the proxy host, e.g. http://proxy:3128")
    authorization = None
    if parsed.user is not None or parsed.password is not None:
        pair = f"{parsed.user or ''}:{parsed.password or ''}".encode()
        authorization = Secret("Basic " + base64.b64encode(pair).decode("ascii"))
    return Proxy(parsed.origin(), authorization, no_proxy)


def resolve_proxy(proxy: str | None, trust_env: bool) -> Proxy | None:
    """The proxy of a client: ``proxy=`` if given, else (with ``trust_env``) the
    environment's ``HTTPS_PROXY``, else ``ALL_PROXY``, with ``NO_PROXY``. Read once, when
    the client is created. Lower-case names win over upper-case ones, as in the standard
    library (which also ignores ``HTTP_PROXY`` in a CGI process)."""
    if not isinstance(trust_env, bool):
        raise ConfirmaValueError("trust_env", "must be True or False")
    if proxy is not None:
        return check_proxy(proxy, "proxy")
    if not trust_env:
        return None
    found = urllib.request.getproxies_environment()
    for scheme in ("https", "all"):
        value = found.get(scheme, "").strip()
        if value:
            name = f"{scheme}_proxy"
            field = name if os.environ.get(name, "").strip() else name.upper()
            return check_proxy(value, field, found.get("no") or None)
    return None


# --- CONFIRMA_LOG ----------------------------------------------------------------------------

_LOG_LEVELS: Final = {"debug": logging.DEBUG, "info": logging.INFO}
_log_lock = threading.Lock()
_log_checked = False


class _EnvLogHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The stderr handler ``CONFIRMA_LOG`` adds (a class of its own, so it is added once).
    Like logging's last-resort handler it writes to ``sys.stderr`` as it is at each record,
    so a later redirection (a notebook, a test runner) is followed."""

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass  # the stream is always the current sys.stderr


def configure_logging_from_env() -> None:
    """Apply ``CONFIRMA_LOG=debug|info`` the first time a client is created in this process:
    a stderr handler on the ``confirma_async`` logger, at that level. Never twice, whatever
    the number of clients; an unknown value is ignored with a warning (a debugging switch
    must not stop a program)."""
    global _log_checked
    if _log_checked:
        return
    with _log_lock:
        if _log_checked:
            return
        _log_checked = True
        value = _from_env(LOG_ENV)
        if value is None:
            return
        level = _LOG_LEVELS.get(value.lower())
        if level is None:
            warnings.warn(
                f"{LOG_ENV}={value!r} is ignored: use debug or info", RuntimeWarning,
                stacklevel=3,
            )
            return
        logger = logging.getLogger("confirma_async")
        if not any(isinstance(h, _EnvLogHandler) for h in logger.handlers):
            handler = _EnvLogHandler()
            handler.setFormatter(
                logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
            )
            logger.addHandler(handler)
        logger.setLevel(level)
