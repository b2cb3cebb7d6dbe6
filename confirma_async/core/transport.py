"""The one place that talks HTTP: session lifecycle, auth, timeouts, retries, limits,
redirect safety, error mapping and redacted logging. Resources call ``Transport.request``.
"""

from __future__ import annotations

import asyncio
import logging
import platform
import time
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol
from urllib.parse import urlencode

import aiohttp
import attrs
from multidict import CIMultiDictProxy
from yarl import URL

from .. import serde
from .._config import Secret, Timeout, is_loopback_host
from .._errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    ConfirmaError,
    ConfirmaValueError,
    RateLimitError,
    ResponseDecodeError,
    status_error_class,
)
from .._version import __version__
from .hooks import NO_HOOKS, Hooks, RequestEvent, ResponseEvent, RetryEvent
from .limits import AdaptiveLimiter
from .retry import IDEMPOTENT_METHODS, RETRYABLE_STATUSES, RetryPolicy, parse_retry_after

__all__ = ["Transport", "Response", "Auth", "ApiKeyAuth", "QueryValue"]

logger = logging.getLogger("confirma_async")

QueryValue = str | int | bool | date | Decimal | None
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_MAX_REDIRECTS = 5
#: Headers that carry credentials under any auth scheme (lower case).
_CREDENTIAL_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "x-api-key", "cookie"}
)
_ERROR_TEXT_LIMIT = 2000

USER_AGENT = (
    f"confirma-async/{__version__} Python/{platform.python_version()} aiohttp/{aiohttp.__version__}"
)


class Auth(Protocol):
    """Supplies credential headers; may renew its credential once after a 401."""

    async def headers(self) -> Mapping[str, str]: ...

    async def renew(self) -> bool:
        """Called after a 401: return True if a fresh credential is ready to resend with."""
        ...

    def header_names(self) -> frozenset[str]:
        """The header names that carry secrets (stripped on cross-origin redirects)."""
        ...


class ApiKeyAuth:
    """``X-Api-Key`` authentication; the key can be swapped on a live client."""

    def __init__(self, key: Secret) -> None:
        self._key = key

    def set_key(self, key: Secret) -> None:
        self._key = key

    async def headers(self) -> Mapping[str, str]:
        return {"X-Api-Key": self._key.get()}

    async def renew(self) -> bool:
        return False

    def header_names(self) -> frozenset[str]:
        return frozenset({"x-api-key"})

    def __repr__(self) -> str:
        return "ApiKeyAuth(key=**********)"


@attrs.frozen
class Response:
    """A decoded 2xx response: JSON data (or ``None`` for an empty body) plus metadata."""

    status: int
    headers: CIMultiDictProxy[str] = attrs.field(repr=False)
    request_id: str | None
    data: Any = attrs.field(repr=False)
    method: str
    path: str


@attrs.frozen
class _Raw:
    status: int
    headers: CIMultiDictProxy[str]
    body: bytes


class _NotSent(Exception):
    """Internal marker: the connection failed before any byte of the request left."""


class _Fatal(Exception):
    """Internal marker: a failure that no retry can fix (bad certificate, bad redirect)."""

    def __init__(self, error: ConfirmaError) -> None:
        super().__init__(str(error))
        self.error = error


def _query_value(value: QueryValue) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


class Transport:
    """Owns one ``aiohttp.ClientSession`` (or borrows the caller's) and sends requests."""

    def __init__(
        self,
        *,
        base_url: URL,
        auth: Auth,
        timeout: Timeout,
        max_retries: int,
        max_concurrency: int,
        retry_policy: RetryPolicy | None = None,
        session: aiohttp.ClientSession | None = None,
        log_bodies: bool = False,
        default_headers: Mapping[str, str] | None = None,
        hooks: Hooks | None = None,
        adaptive_limit: bool = True,
    ) -> None:
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            raise ConfirmaValueError("max_retries", "must be a non-negative integer")
        if (
            isinstance(max_concurrency, bool)
            or not isinstance(max_concurrency, int)
            or max_concurrency < 1
        ):
            raise ConfirmaValueError("max_concurrency", "must be a positive integer")
        if session is not None and not isinstance(session, aiohttp.ClientSession):
            raise ConfirmaValueError("session", "must be an aiohttp.ClientSession")
        if hooks is not None and not isinstance(hooks, Hooks):
            raise ConfirmaValueError("hooks", "must be a confirma_async.Hooks")
        self.base_url = base_url
        self.auth = auth
        self.timeout = timeout
        self.max_retries = max_retries
        self.max_concurrency = max_concurrency
        self.retry_policy = retry_policy or RetryPolicy()
        self.log_bodies = log_bodies
        self._session = session
        self._owns_session = session is None
        self._closed = False
        self.hooks = hooks or NO_HOOKS
        #: Shared by every call on this transport: the client-wide in-flight cap.
        self.limiter = AdaptiveLimiter(max_concurrency, adaptive=adaptive_limit)
        self._urls: dict[str, URL] = {}
        self._headers = {
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
            **(default_headers or {}),
        }

    def __repr__(self) -> str:
        return f"Transport(base_url={str(self.base_url)!r})"

    # --- lifecycle -------------------------------------------------------------------

    def _get_session(self) -> aiohttp.ClientSession:
        if self._closed:
            raise ConfirmaError("the client is closed")
        if self._session is None:
            # Created lazily so the session binds to the loop that actually runs requests.
            connector = aiohttp.TCPConnector(limit=self.max_concurrency, ttl_dns_cache=300)
            self._session = aiohttp.ClientSession(
                connector=connector,
                timeout=aiohttp.ClientTimeout(
                    total=self.timeout.total, connect=self.timeout.connect
                ),
                auto_decompress=True,
                trust_env=False,
            )
        return self._session

    async def aclose(self) -> None:
        """Close the owned session (a caller-owned session is left open). Idempotent."""
        if self._closed:
            return
        self._closed = True
        session, self._session = self._session, None
        if session is not None and self._owns_session and not session.closed:
            await session.close()

    @property
    def closed(self) -> bool:
        return self._closed

    # --- requests --------------------------------------------------------------------

    def url_for(self, path: str | URL) -> URL:
        if isinstance(path, URL):
            return path
        url = self._urls.get(path)
        if url is None:
            base = str(self.base_url).rstrip("/")
            url = URL(base + "/" + path.lstrip("/"))
            if len(self._urls) < 256:  # resources use a handful of fixed paths
                self._urls[path] = url
        return url

    async def request(
        self,
        method: str,
        path: str | URL,
        *,
        params: Mapping[str, QueryValue] | None = None,
        json: Any = None,
        form: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | Timeout | None = None,
        sensitive_response: bool = False,
        sensitive_request: bool = False,
        authenticate: bool = True,
        idempotent: bool | None = None,
    ) -> Response:
        """Send one call (with its retries) and return the decoded 2xx response.

        ``json`` is already-unstructured data; it is encoded with exact Decimals.
        ``form`` sends an ``application/x-www-form-urlencoded`` body instead.
        ``sensitive_response`` / ``sensitive_request`` keep that body out of logs even at
        DEBUG. ``authenticate=False`` sends no credential and never renews one (e.g. an
        OAuth token request); only such a call may name an absolute ``URL`` as its path,
        so credentials never travel to a host other than ``base_url``.
        ``idempotent`` overrides the method's default (GET yes, POST no): a call that must
        not run twice, like a key renewal, is re-sent only when it never left the client.
        """
        method = method.upper()
        if isinstance(path, URL) and authenticate:
            raise ConfirmaValueError("path", "an absolute URL is only allowed unauthenticated")
        if json is not None and form is not None:
            raise ConfirmaValueError("form", "send either a JSON or a form body, not both")
        attempt_timeout = self.timeout if timeout is None else Timeout.coerce(timeout)
        query = {k: _query_value(v) for k, v in params.items() if v is not None} if params else {}
        content_type: str | None = None
        body: bytes | None = None
        if form is not None:
            body = urlencode(dict(form)).encode("ascii")
            content_type = "application/x-www-form-urlencoded"
        elif json is not None:
            body = serde.dumps(json)
            content_type = "application/json"
        url = self.url_for(path)
        policy = self.retry_policy
        if idempotent is None:
            idempotent = method in IDEMPOTENT_METHODS
        deadline = time.monotonic() + policy.deadline
        attempt = 0
        renewed = False
        while True:
            attempt += 1
            retry_reason: str | None = None
            wait: float | None = None
            status: int | None = None
            try:
                raw = await self._send(
                    method, url, query, body, content_type, headers, attempt_timeout,
                    deadline, attempt, authenticate, sensitive_request,
                )
            except _NotSent as exc:
                # Nothing reached the server: safe to retry any method.
                error: ConfirmaError = APIConnectionError(
                    f"connection failed: {exc}", method=method, path=url.path
                )
                retry_reason = f"connection failed before sending ({exc})"
            except _Fatal as exc:
                raise exc.error from exc.__cause__
            except APITimeoutError as exc:
                error = exc
                if idempotent:
                    retry_reason = "timeout"
            except APIConnectionError as exc:
                error = exc
                if idempotent:
                    cause = type(exc.__cause__).__name__ if exc.__cause__ else "unknown"
                    retry_reason = f"connection error ({cause})"
            else:
                status = raw.status
                request_id = raw.headers.get("X-Request-Id")
                if self.log_bodies and logger.isEnabledFor(logging.DEBUG):
                    if body is not None and not sensitive_request:
                        logger.debug("request body: %s", body.decode("utf-8", "replace"))
                    if not sensitive_response:
                        logger.debug("response body: %s", raw.body.decode("utf-8", "replace"))
                if 200 <= status < 300:
                    return self._decode(raw, method, url.path, request_id)
                if status == 401 and authenticate and not renewed and await self.auth.renew():
                    # A renewed credential gets one re-send; that is not a retry.
                    renewed = True
                    attempt -= 1
                    continue
                error = self._status_error(raw, method, url.path, request_id)
                # A write that got any answer may have been processed: never re-sent.
                if status in RETRYABLE_STATUSES and idempotent:
                    retry_reason = f"status {status}"
                    wait = parse_retry_after(raw.headers.get("Retry-After"))
                    if wait is not None and wait > policy.max_retry_after:
                        # Waiting an hour inside a call helps nobody: let the caller decide.
                        raise error
            if retry_reason is None or attempt > self.max_retries:
                raise error
            delay = wait if wait is not None else policy.backoff(attempt)
            if time.monotonic() + delay >= deadline:
                raise error
            logger.info(
                "retrying %s %s (retry %d of %d) in %.2fs: %s",
                method, url.path, attempt, self.max_retries, delay, retry_reason,
            )
            on_retry = self.hooks.on_retry
            if on_retry is not None:
                on_retry(RetryEvent(method, url.path, attempt, retry_reason, delay, status, error))
            await asyncio.sleep(delay)

    async def _send(
        self,
        method: str,
        url: URL,
        query: Mapping[str, str],
        body: bytes | None,
        content_type: str | None,
        extra_headers: Mapping[str, str] | None,
        timeout: Timeout,
        deadline: float,
        attempt: int,
        authenticate: bool = True,
        sensitive_request: bool = False,
    ) -> _Raw:
        session = self._get_session()
        headers = dict(self._headers)
        if authenticate:
            headers.update(await self.auth.headers())
        if content_type is not None:
            headers["Content-Type"] = content_type
        if extra_headers:
            headers.update(extra_headers)
        origin: URL | None = None  # computed only if a redirect happens
        path = url.path
        params: Mapping[str, str] | None = query or None
        hooks = self.hooks
        limiter = self.limiter
        policy_cap = self.retry_policy.max_retry_after
        try:
            token = await limiter.acquire(deadline)
        except TimeoutError:
            raise APITimeoutError(
                "call deadline exceeded while the server asked clients to wait",
                method=method,
                path=path,
            ) from None
        throttled = False
        ok = False
        retry_after: float | None = None
        try:
            # Measured after the slot is granted: time queued behind the limit is not
            # the server's fault, but it does count against the call's deadline.
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise APITimeoutError("call deadline exceeded", method=method, path=path)
            client_timeout = aiohttp.ClientTimeout(
                total=min(timeout.total, remaining), connect=min(timeout.connect, remaining)
            )
            if hooks.on_request is not None:
                hooks.on_request(RequestEvent(method, path, attempt))
            started = time.monotonic()
            for _ in range(_MAX_REDIRECTS + 1):
                try:
                    async with session.request(
                        method,
                        url,
                        params=params,
                        data=body,
                        headers=headers,
                        timeout=client_timeout,
                        allow_redirects=False,
                    ) as resp:
                        raw = _Raw(resp.status, resp.headers, await resp.read())
                except aiohttp.ClientConnectorCertificateError as exc:
                    raise _Fatal(
                        APIConnectionError(
                            "TLS certificate verification failed", method=method, path=path
                        )
                    ) from exc
                except (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError) as exc:
                    raise _NotSent(type(exc).__name__) from exc
                except asyncio.TimeoutError as exc:
                    raise APITimeoutError("request timed out", method=method, path=path) from exc
                except aiohttp.ClientError as exc:
                    raise APIConnectionError(
                        f"connection error: {type(exc).__name__}", method=method, path=path
                    ) from exc
                location = raw.headers.get("Location")
                if raw.status not in _REDIRECTS or not location:
                    status = raw.status
                    if status == 429 or (status == 503 and "Retry-After" in raw.headers):
                        throttled = True
                        retry_after = parse_retry_after(raw.headers.get("Retry-After"))
                        if retry_after is not None and retry_after > policy_cap:
                            # That call raises RateLimitError; the others must not stall.
                            retry_after = None
                    else:
                        ok = True
                    if hooks.on_response is not None or logger.isEnabledFor(logging.DEBUG):
                        elapsed = time.monotonic() - started
                        request_id = raw.headers.get("X-Request-Id")
                        logger.debug(
                            "%s %s -> %s in %.1f ms (attempt %d, request id %s)",
                            method, path, status, elapsed * 1000, attempt, request_id,
                        )
                        if hooks.on_response is not None:
                            hooks.on_response(
                                ResponseEvent(method, path, attempt, status, elapsed, request_id)
                            )
                    return raw
                target = url.join(URL(location))
                if target.scheme not in ("http", "https") or (
                    target.scheme == "http" and not is_loopback_host(target.host)
                ):
                    raise _Fatal(
                        APIConnectionError(
                            "refused a redirect to a non-https URL", method=method, path=path
                        )
                    )
                if origin is None:
                    origin = url.origin()
                if target.origin() != origin:
                    if sensitive_request and body is not None and raw.status in (307, 308):
                        # The body itself is a credential (e.g. a client secret).
                        raise _Fatal(
                            APIConnectionError(
                                "refused to re-send a credential body to another origin",
                                method=method,
                                path=path,
                            )
                        )
                    # Never carry credentials to another scheme, host or port, whichever
                    # header carries them (the auth's own or one given in extra_headers).
                    secret_names = self.auth.header_names() | _CREDENTIAL_HEADERS
                    headers = {k: v for k, v in headers.items() if k.lower() not in secret_names}
                    origin = target.origin()
                if raw.status == 303 or (raw.status in (301, 302) and method == "POST"):
                    method, body = "GET", None
                    headers.pop("Content-Type", None)
                url, params = target, None
            raise _Fatal(APIConnectionError("too many redirects", method=method, path=path))
        finally:
            limiter.release(token, ok=ok, throttled=throttled, retry_after=retry_after)

    def _decode(self, raw: _Raw, method: str, path: str, request_id: str | None) -> Response:
        data: Any = None
        if raw.status != 204 and raw.body.strip():
            try:
                data = serde.loads(raw.body)
            except ValueError:
                raise ResponseDecodeError(
                    "response body is not valid JSON",
                    status=raw.status,
                    request_id=request_id,
                ) from None
        return Response(raw.status, raw.headers, request_id, data, method, path)

    def _status_error(
        self, raw: _Raw, method: str, path: str, request_id: str | None
    ) -> APIStatusError:
        body: Any
        try:
            body = serde.loads(raw.body) if raw.body.strip() else None
        except ValueError:
            body = raw.body[:_ERROR_TEXT_LIMIT].decode("utf-8", "replace")
        cls = status_error_class(raw.status)
        reason = _REASONS.get(raw.status, "error")
        suffix = f" (request id {request_id})" if request_id else ""
        message = f"{raw.status} {reason} for {method} {path}{suffix}"
        if cls is RateLimitError:
            retry_after = parse_retry_after(raw.headers.get("Retry-After"))
            if retry_after is not None:
                message += f"; retry after {retry_after:g}s"
            return RateLimitError(
                message, retry_after=retry_after, status=raw.status, request_id=request_id,
                body=body, method=method, path=path,
            )
        return cls(
            message, status=raw.status, request_id=request_id, body=body, method=method, path=path
        )


_REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    408: "Request Timeout",
    409: "Conflict",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}
