"""The one place that talks HTTP: session lifecycle, auth, timeouts, retries, limits,
redirect safety, size limits, error mapping and redacted logging. Resources call
``Transport.request``.

Layout (after httpx's client): ``request`` runs a call's attempts and asks
``RetryPolicy.decide`` whether to try again; ``_send`` is one attempt (a concurrency slot,
hooks, redirects); ``_send_once`` is one HTTP exchange; ``_AiohttpErrors`` is the single
place where aiohttp's exceptions become the SDK's; ``sdk_middleware`` runs inside aiohttp
for every request the SDK sends.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import os
import platform
import re
import threading
import time
from collections.abc import Mapping
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol, TypeVar
from urllib.parse import quote, urlencode

import aiohttp
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from .. import serde
from .._config import (
    DEFAULT_MAX_RESPONSE_BYTES,
    ERROR_BODY_LIMIT,
    Proxy,
    Secret,
    Timeout,
    check_extra_headers,
    check_max_response_bytes,
    check_max_retries,
    is_loopback_host,
)
from .._errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    ClientClosedError,
    ConfirmaError,
    ConfirmaValueError,
    RateLimitError,
    RedirectError,
    ResponseDecodeError,
    ResponseTooLargeError,
    WrongEventLoopError,
    server_reason,
    status_error_class,
)
from .._version import __version__
from .hooks import NO_HOOKS, Hooks, RequestEvent, ResponseEvent, RetryEvent
from .limits import AdaptiveLimiter
from .retry import IDEMPOTENT_METHODS, RetryPolicy, parse_retry_after

__all__ = [
    "Transport",
    "Response",
    "Auth",
    "ApiKeyAuth",
    "QueryValue",
    "path_segment",
    "sdk_middleware",
]

logger = logging.getLogger("confirma_async")

T = TypeVar("T")

QueryValue = str | int | bool | date | Decimal | None
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_FOLLOWED_METHODS = frozenset({"GET", "HEAD"})
_MAX_REDIRECTS = 5

USER_AGENT = (
    f"confirma-async/{__version__} Python/{platform.python_version()} aiohttp/{aiohttp.__version__}"
)


class Auth(Protocol):
    """Supplies credential headers; may renew its credential once after a 401.

    Header values are ``Secret``s: the SDK's middleware puts them on aiohttp's request
    object, so no function of the SDK or of aiohttp holds them in a plain variable that an
    error tracker would render.
    """

    async def headers(self) -> Mapping[str, Secret]: ...

    async def renew(self) -> bool:
        """Called after a 401: return True if a fresh credential is ready to resend with."""
        ...


class ApiKeyAuth:
    """``X-Api-Key`` authentication; the key can be swapped on a live client."""

    def __init__(self, key: Secret) -> None:
        self._headers = {"X-Api-Key": key}

    def set_key(self, key: Secret) -> None:
        self._headers = {"X-Api-Key": key}

    async def headers(self) -> Mapping[str, Secret]:
        return self._headers

    async def renew(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "ApiKeyAuth(key=**********)"


def path_segment(field: str, value: object) -> str:
    """A caller's value as one URL path segment, for every resource that builds a path.

    Empty, blank and dot segments (``.``, ``..``, also with spaces around) are refused:
    the URL library would resolve them and the request would go to another path. Anything
    else is percent-encoded, so ``/``, ``?`` and ``#`` stay inside the segment.
    """
    if not isinstance(value, str) or not value.strip():
        raise ConfirmaValueError(field, "must be a non-empty string")
    text = value.strip()
    if text in (".", ".."):
        raise ConfirmaValueError(field, "must not be '.' or '..' (it would change the path)")
    return quote(text, safe="")


# --- inside aiohttp: credentials, and no hidden re-send -------------------------------------

#: The credentials for the request being sent by this task, and the origin they belong to.
_outgoing: ContextVar[tuple[tuple[str, str | None, int | None], Mapping[str, Secret]] | None] = (
    ContextVar("confirma_outgoing_credentials", default=None)
)


class _ConnectionDropped(aiohttp.ClientError):
    """The server dropped the connection before answering (SDK-internal).

    aiohttp re-sends an idempotent request once, silently, when its handler raises
    ``ServerDisconnectedError`` or ``ClientOSError`` (``retry_persistent_connection`` in
    ``ClientSession._request``); any other ``ClientError`` is raised as it is. Raising
    this instead leaves every re-send to the SDK's own retry policy, where it is counted.
    """

    def __init__(self, original: aiohttp.ClientError) -> None:
        super().__init__(type(original).__name__)
        self.original = original


async def sdk_middleware(
    request: aiohttp.ClientRequest, handler: aiohttp.ClientHandlerType
) -> aiohttp.ClientResponse:
    """aiohttp client middleware on every session the SDK sends through.

    It adds the credential headers to the request object (only for the origin they were
    issued for) and turns a dropped connection into ``_ConnectionDropped``.
    """
    outgoing = _outgoing.get()
    if outgoing is not None:
        origin, credentials = outgoing
        url = request.url
        if (url.scheme, url.raw_host, url.port) == origin:
            for name, secret in credentials.items():
                request.headers[name] = secret.get()
    try:
        return await handler(request)
    except aiohttp.ClientConnectorError:
        raise  # never sent: aiohttp does not re-send these either
    except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError) as exc:
        raise _ConnectionDropped(exc) from exc


class _ProxyCredentials:
    """aiohttp client middleware of a client whose proxy needs credentials: it puts the
    ``Proxy-Authorization`` header on the request object, from where aiohttp's connector
    moves it into the ``CONNECT`` request (the only request the proxy itself reads; the
    API's own headers travel inside the TLS tunnel)."""

    __slots__ = ("_authorization",)

    def __init__(self, authorization: Secret) -> None:
        self._authorization = authorization

    async def __call__(
        self, request: aiohttp.ClientRequest, handler: aiohttp.ClientHandlerType
    ) -> aiohttp.ClientResponse:
        if request.proxy is not None:
            request.proxy_headers = CIMultiDict(
                {"Proxy-Authorization": self._authorization.get()}
            )
        return await handler(request)

    def __repr__(self) -> str:
        return "_ProxyCredentials(**********)"


# --- the one place where aiohttp's exceptions become the SDK's -------------------------------


class _AiohttpErrors:
    """The one place where aiohttp's exceptions become the SDK's: ``_send_once`` catches
    ``CAUGHT`` around the exchange and raises ``translate(exc, method, url)``.

    The SDK's error is chained to aiohttp's (``__cause__``), whose own traceback frames are
    dropped first: their local variables hold the request's headers and body, which error
    trackers render. Type and message of the cause stay. (Caught, not a context manager:
    nothing is built for an exchange that raises nothing.)
    """

    CAUGHT = (aiohttp.ClientError, asyncio.TimeoutError)

    @staticmethod
    def translate(exc: BaseException, method: str, url: URL) -> APIConnectionError:
        error = _translate(exc, method, url)
        cause = exc.original if isinstance(exc, _ConnectionDropped) else exc
        _drop_frames(cause)
        error.__cause__ = cause
        error.__suppress_context__ = True
        return error


def _translate(exc: BaseException, method: str, url: URL) -> APIConnectionError:
    """aiohttp's error as the SDK's: every message names the host and port and the reason
    in words (the OS's, the TLS library's), and never aiohttp's request object."""
    path = url.path
    where = f"{url.host}:{url.port}"
    if isinstance(exc, aiohttp.ClientConnectorError):
        where = f"{exc.host}:{exc.port}"
        if isinstance(exc, aiohttp.ClientConnectorCertificateError):
            detail = getattr(exc.certificate_error, "verify_message", None)
            reason = "TLS certificate verification failed" + (f" ({detail})" if detail else "")
        elif isinstance(exc, aiohttp.ClientSSLError):
            detail = getattr(exc.os_error, "reason", None)
            reason = "TLS handshake failed" + (f" ({detail})" if detail else "")
        elif isinstance(exc, aiohttp.ClientConnectorDNSError):
            reason = "name resolution failed"
        else:
            reason = _os_reason(exc.os_error)
        if isinstance(exc, aiohttp.ClientProxyConnectionError):
            where = f"the proxy {where}"
        return APIConnectionError(
            f"connection to {where} failed: {reason}",
            method=method, path=path, may_have_reached_server=False,
        )
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return APITimeoutError(
            f"connecting to {where} timed out", method=method, path=path,
            may_have_reached_server=False,
        )
    if isinstance(exc, asyncio.TimeoutError):
        return APITimeoutError(f"request to {where} timed out", method=method, path=path)
    if isinstance(exc, aiohttp.ClientHttpProxyError):
        # The proxy answered CONNECT with an error: nothing reached the API.
        return APIConnectionError(
            f"the proxy refused the tunnel to {where}: {exc.status} {exc.message}",
            method=method, path=path, may_have_reached_server=False,
        )
    if isinstance(exc, _ConnectionDropped):
        exc = exc.original
    name = type(exc).__name__
    if isinstance(exc, aiohttp.ClientOSError):
        reason = (f"connection dropped before a complete answer from {where}: "
                  f"{_os_reason(exc)} ({name})")
    elif isinstance(exc, aiohttp.ServerDisconnectedError):
        reason = f"connection dropped before a complete answer from {where} ({name})"
    elif isinstance(exc, aiohttp.ClientPayloadError):
        reason = f"connection dropped while reading the answer from {where} ({name})"
    elif isinstance(exc, aiohttp.ClientResponseError):
        reason = f"malformed HTTP response from {where} ({name})"
    else:
        reason = f"connection error with {where} ({name})"
    return APIConnectionError(reason, method=method, path=path)


_ERRNO = re.compile(r"\[Errno (\d+)\]")


def _os_reason(error: OSError) -> str:
    errno = error.errno
    if not errno:
        # Several addresses tried (IPv6 and IPv4): "Multiple exceptions: [Errno 111] ...".
        found = _ERRNO.search(str(error))
        errno = int(found.group(1)) if found else None
    if errno:
        return os.strerror(errno)  # "Connection refused", "Network is unreachable"
    return error.strerror or type(error).__name__


def _drop_frames(error: BaseException) -> None:
    pending: list[BaseException | None] = [error]
    seen: set[int] = set()
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        current.__traceback__ = None
        pending += [current.__cause__, current.__context__]


# --- values --------------------------------------------------------------------------------


_UNPARSED: Any = object()


class Response:
    """A 2xx response: the body as read, plus metadata. Nothing is parsed up front: a
    resource decodes ``body`` straight into its model (``serde.decode``), and ``data`` is
    the body as plain JSON (``None`` when ``empty``), parsed on first use."""

    __slots__ = ("_data", "body", "elapsed", "headers", "method", "path", "request_id", "status")

    def __init__(
        self,
        status: int,
        headers: CIMultiDictProxy[str],
        request_id: str | None,
        body: bytes,
        method: str,
        path: str,
        elapsed: float = 0.0,
    ) -> None:
        self.status = status
        self.headers = headers
        self.request_id = request_id
        self.body = body
        self.method = method
        self.path = path
        #: Seconds from sending the request to having read the whole body (the last
        #: exchange of the call: after retries and redirects).
        self.elapsed = elapsed
        self._data: Any = _UNPARSED

    def __repr__(self) -> str:
        return (f"Response(status={self.status}, request_id={self.request_id!r}, "
                f"method={self.method!r}, path={self.path!r}, elapsed={self.elapsed!r})")

    @property
    def empty(self) -> bool:
        """No content: a 204, a blank body, or JSON ``null`` (``data`` is ``None``)."""
        return self.status == 204 or self.body.strip() in (b"", b"null")

    @property
    def data(self) -> Any:
        """The body as JSON (exact Decimals), or ``None`` when ``empty``.

        Raises ``ResponseDecodeError`` when the body is not usable JSON.
        """
        data = self._data
        if data is _UNPARSED:
            data = None
            if self.status != 204 and self.body.strip():
                try:
                    data = serde.loads(self.body)
                except serde.JSONError as exc:
                    raise ResponseDecodeError(
                        f"unusable response body: {exc.reason}",
                        json_path=exc.path,
                        status=self.status,
                        request_id=self.request_id,
                    ) from None
            self._data = data
        return data

    def decode(self, cl: type[T] | Any) -> T:
        """The body decoded into ``cl`` (``serde.decode``: the typed path, same rules); an
        ``empty`` body is read as ``null``. A mismatch raises ``ResponseDecodeError`` with
        the wire path, this response's status and request id."""
        status, request_id = self.status, self.request_id
        result: T
        if self.empty:
            result = serde.structure(None, cl, status=status, request_id=request_id)
        else:
            result = serde.decode(self.body, cl, status=status, request_id=request_id)
        return result

    def require_json(self) -> None:
        """Fail now (``ResponseDecodeError``) when the body is not usable JSON: for a call
        that does not read the body, so that such an answer still fails it."""
        self.data  # noqa: B018 - parsed for its error


class _Raw:
    """One HTTP answer as read: the body is capped (``truncated`` when it was cut)."""

    __slots__ = ("body", "elapsed", "headers", "status", "truncated")

    def __init__(
        self,
        status: int,
        headers: CIMultiDictProxy[str],
        body: bytes,
        truncated: bool = False,
        elapsed: float = 0.0,
    ) -> None:
        self.status = status
        self.headers = headers
        self.body = body
        self.truncated = truncated
        self.elapsed = elapsed

    def __repr__(self) -> str:
        return f"_Raw(status={self.status}, truncated={self.truncated})"


class _Call:
    """A prepared call: everything its attempts share. Headers and body stay out of reprs
    (they may carry personal data or, for a token request, the client secret)."""

    __slots__ = (
        "auth", "body", "headers", "idempotent", "method", "query", "secrets",
        "sensitive_request", "sensitive_response", "timeout", "url",
    )

    def __init__(
        self,
        method: str,
        url: URL,
        query: Mapping[str, str] | None,
        headers: Mapping[str, str] | None,
        body: bytes | None,
        timeout: Timeout,
        auth: Auth | None,
        idempotent: bool,
        sensitive_request: bool,
        sensitive_response: bool,
        secrets: tuple[Secret, ...] = (),
    ) -> None:
        self.method = method
        self.url = url
        self.query = query
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.auth = auth
        self.idempotent = idempotent
        self.sensitive_request = sensitive_request
        self.sensitive_response = sensitive_response
        #: Credentials revealed into the body (a form's ``Secret`` values): masked in errors.
        self.secrets = secrets

    def __repr__(self) -> str:
        # No query: it may carry personal data (a search by personal id), and this repr is
        # what a traceback rendered with its locals shows.
        return (f"_Call(method={self.method!r}, url={self.url!r}, "
                f"timeout={self.timeout!r}, auth={self.auth!r}, idempotent={self.idempotent})")


def _query_value(value: QueryValue) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def _form_value(value: str | Secret) -> str:
    return value.get() if isinstance(value, Secret) else value


class _Pool:
    """What every view of one client shares (see ``Transport.with_options``): the session
    (made on first use) and whether the SDK owns it, the middlewares the SDK's requests
    run, whether the client is closed, and the proxy with the
    decision taken for each origin."""

    __slots__ = (
        "closed", "loop", "middlewares", "owned", "proxy", "routes", "session"
    )

    def __init__(
        self,
        session: aiohttp.ClientSession | None,
        proxy: Proxy | None,
    ) -> None:
        self.session = session
        self.owned = session is None
        own: tuple[Any, ...] = (sdk_middleware,)
        if proxy is not None and proxy.authorization is not None:
            own += (_ProxyCredentials(proxy.authorization),)
        #: A caller's session runs the SDK's middlewares per request, ahead of its own.
        self.middlewares = (
            own if session is None else (*own, *getattr(session, "_middlewares", ()))
        )
        self.closed = False
        #: The event loop the connections live on: a caller's session's loop, else the
        #: loop of the first request (of any view). Another loop gets WrongEventLoopError.
        self.loop: asyncio.AbstractEventLoop | None = (
            None if session is None else getattr(session, "_loop", None)
        )
        self.proxy = proxy
        self.routes: dict[tuple[str, str | None, int | None], URL | None] = {}


class Transport:
    """Owns one ``aiohttp.ClientSession`` (or borrows the caller's) and sends requests.

    ``with_options`` makes a view: another ``Transport`` with its own per-call settings
    (timeout, retries, hooks, ...) over the same session, pool, limiter and credentials.
    """

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
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        proxy: Proxy | None = None,
    ) -> None:
        check_max_retries(max_retries)
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
        if retry_policy is not None and not isinstance(retry_policy, RetryPolicy):
            raise ConfirmaValueError("retry_policy", "must be a confirma_async.RetryPolicy")
        self.base_url = base_url
        self.auth = auth
        self.timeout = timeout
        self.max_retries = max_retries
        self.max_concurrency = max_concurrency
        self.max_response_bytes = check_max_response_bytes(max_response_bytes)
        self.retry_policy = retry_policy or RetryPolicy()
        self.log_bodies = log_bodies
        self._closed = False
        self._root = True
        self.hooks = hooks or NO_HOOKS
        #: Shared by every call on this transport and its views: the client-wide cap.
        self.limiter = AdaptiveLimiter(max_concurrency)
        self._pool = _Pool(session, proxy)
        #: Per-request middlewares: only for a caller's session (the SDK's own has them).
        self._middlewares = None if session is None else self._pool.middlewares
        self._urls: dict[str, URL] = {}
        self._last_timeout = (
            timeout, aiohttp.ClientTimeout(total=timeout.total, connect=timeout.connect)
        )
        self._headers = {
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
            **check_extra_headers(default_headers or {}),
        }
        #: What a call with no headers of its own passes to aiohttp: nothing when the
        #: session is the SDK's own (it was made with these defaults, so aiohttp adds
        #: them without converting a mapping per request), the defaults for a caller's.
        self._base_headers: Mapping[str, str] | None = (
            None if session is None else self._headers
        )

    def __repr__(self) -> str:
        return f"Transport(base_url={str(self.base_url)!r})"

    def with_options(
        self,
        *,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        hooks: Hooks | None = None,
        log_bodies: bool | None = None,
        max_response_bytes: int | None = None,
    ) -> Transport:
        """A view with other per-call settings (``None`` keeps this one's) over the same
        session, connection pool, limiter, proxy and credentials. Closing a view closes
        only the view; closing the transport it came from closes them all."""
        view = copy.copy(self)
        view._root = False
        view._closed = False
        if timeout is not None:
            view.timeout = Timeout.coerce(timeout)
        if max_retries is not None:
            view.max_retries = check_max_retries(max_retries)
        if retry_policy is not None:
            if not isinstance(retry_policy, RetryPolicy):
                raise ConfirmaValueError("retry_policy", "must be a confirma_async.RetryPolicy")
            view.retry_policy = retry_policy
        if hooks is not None:
            if not isinstance(hooks, Hooks):
                raise ConfirmaValueError("hooks", "must be a confirma_async.Hooks")
            view.hooks = hooks
        if log_bodies is not None:
            if not isinstance(log_bodies, bool):
                raise ConfirmaValueError("log_bodies", "must be True or False")
            view.log_bodies = log_bodies
        if max_response_bytes is not None:
            view.max_response_bytes = check_max_response_bytes(max_response_bytes)
        return view

    # --- lifecycle -------------------------------------------------------------------

    def _get_session(self) -> aiohttp.ClientSession:
        pool = self._pool
        if self._closed or pool.closed:
            raise ClientClosedError()
        if pool.session is None:
            # Created lazily so the session binds to the loop that actually runs requests.
            # aiohttp's own trust_env stays off: it would read ~/.netrc into an
            # Authorization header and consult the environment in a thread per request.
            connector = aiohttp.TCPConnector(limit=self.max_concurrency, ttl_dns_cache=300)
            pool.session = aiohttp.ClientSession(
                connector=connector,
                headers=self._headers,
                timeout=aiohttp.ClientTimeout(
                    total=self.timeout.total, connect=self.timeout.connect
                ),
                auto_decompress=True,
                trust_env=False,
                middlewares=pool.middlewares,
            )
        return pool.session

    def _bind_loop(self, loop: asyncio.AbstractEventLoop) -> None:
        """First request: this transport now belongs to ``loop``. Later, on another loop:
        ``WrongEventLoopError`` (before anything is sent)."""
        pool = self._pool
        with _BIND_LOCK:  # two threads' loops may race for an unbound transport
            if pool.loop is None:
                pool.loop = loop
        owner = pool.loop
        if owner is not loop:
            raise WrongEventLoopError(owner_closed=owner.is_closed())

    async def aclose(self) -> None:
        """Close the owned session (a caller-owned session is left open). Idempotent.

        A view (``with_options``) owns nothing: closing it closes only the view. Called on
        another event loop than the transport's own, the session is closed on its own loop
        while that loop still runs (in another thread); once that loop is closed, its
        connections cannot be closed any more, from anywhere.
        """
        if self._closed:
            return
        self._closed = True
        if not self._root:
            return
        pool = self._pool
        pool.closed = True
        session, pool.session = pool.session, None
        if session is None or not pool.owned or session.closed:
            return
        owner = pool.loop
        if owner is None or owner is asyncio.get_running_loop():
            await session.close()
        elif owner.is_running():
            await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(session.close(), owner))

    def _proxy_for(self, url: URL) -> URL | None:
        """The proxy a request to ``url`` goes through, decided once per origin."""
        pool = self._pool
        proxy = pool.proxy
        if proxy is None:
            return None
        origin = (url.scheme, url.host, url.port)
        try:
            return pool.routes[origin]
        except KeyError:
            pass
        route = proxy.url if proxy.applies_to(url) else None
        if len(pool.routes) < 256:  # a client talks to a handful of origins
            pool.routes[origin] = route
        logger.debug(
            "requests to %s://%s:%s go %s", url.scheme, url.host, url.port,
            f"through the proxy {route}" if route is not None else "directly (no proxy)",
        )
        return route

    # --- a call: its attempts and the retry decision ----------------------------------

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
        form: Mapping[str, str | Secret] | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | Timeout | None = None,
        sensitive_response: bool = False,
        sensitive_request: bool = False,
        authenticate: bool = True,
        idempotent: bool | None = None,
        auth: Auth | None = None,
        max_retries: int | None = None,
    ) -> Response:
        """Send one call (with its retries) and return the decoded 2xx response.

        ``json`` is already-unstructured data; it is encoded with exact Decimals.
        ``form`` sends an ``application/x-www-form-urlencoded`` body instead (its
        ``Secret`` values are revealed only into the body). ``sensitive_response`` /
        ``sensitive_request`` keep that body out of logs even at DEBUG.
        ``authenticate=False`` sends no credential and never renews one (e.g. an OAuth
        token request); only such a call may name an absolute ``URL`` as its path, so
        credentials never travel to a host other than ``base_url``. ``auth`` replaces the
        client's credential for this call. ``idempotent`` overrides the method's default
        (GET yes, POST no): a call that must not run twice, like a key renewal, is re-sent
        only when it never left the client. ``max_retries`` replaces the transport's for
        this call.
        """
        loop = asyncio.get_running_loop()
        if loop is not self._pool.loop:  # the one check per call; it binds the first time
            self._bind_loop(loop)
        retries = self.max_retries if max_retries is None else check_max_retries(max_retries)
        call = self._prepare(
            method, path, params, json, form, headers, timeout, sensitive_request,
            sensitive_response, (auth or self.auth) if authenticate else None, idempotent,
        )
        policy = self.retry_policy
        deadline = time.monotonic() + policy.deadline
        attempt = 0
        renewed = False
        while True:
            attempt += 1
            # Outside the attempt on purpose: a failed token request has followed its own
            # rules (never re-sent once it may have arrived) and fails this call as it is.
            auth = call.auth
            credentials: Mapping[str, Secret] | None
            if auth is None:
                credentials = None
            elif type(auth) is ApiKeyAuth:
                credentials = auth._headers  # what its headers() returns, without a coroutine
            else:
                credentials = await auth.headers()
            retry_after: float | None = None
            try:
                raw = await self._send(call, credentials, attempt, deadline)
            except APIConnectionError as exc:
                error: ConfirmaError = exc
            else:
                if self.log_bodies and logger.isEnabledFor(logging.DEBUG):
                    self._log_bodies(call, raw, credentials)
                if 200 <= raw.status < 300:
                    return self._response(raw, call)
                if (
                    raw.status == 401 and call.auth is not None and not renewed
                    and await call.auth.renew()
                ):
                    # A renewed credential gets one re-send; that is not a retry.
                    renewed = True
                    attempt -= 1
                    continue
                error = self._status_error(raw, call, credentials)
                retry_after = parse_retry_after(raw.headers.get("Retry-After"))
            retry = policy.decide(
                error,
                attempt=attempt,
                max_retries=retries,
                idempotent=call.idempotent,
                retry_after=retry_after,
                remaining=deadline - time.monotonic(),
            )
            if retry is None:
                raise error
            logger.info(
                "retrying %s %s (retry %d of %d) in %.2fs: %s",
                call.method, call.url.path, attempt, retries, retry.delay,
                retry.reason,
            )
            on_retry = self.hooks.on_retry
            if on_retry is not None:
                status = error.status if isinstance(error, APIStatusError) else None
                on_retry(RetryEvent(
                    call.method, call.url.path, attempt, retry.reason, retry.delay, status, error
                ))
            await asyncio.sleep(retry.delay)

    def _prepare(
        self,
        method: str,
        path: str | URL,
        params: Mapping[str, QueryValue] | None,
        json: Any,
        form: Mapping[str, str | Secret] | None,
        headers: Mapping[str, str] | None,
        timeout: float | Timeout | None,
        sensitive_request: bool,
        sensitive_response: bool,
        auth: Auth | None,
        idempotent: bool | None,
    ) -> _Call:
        method = method.upper()
        if isinstance(path, URL) and auth is not None:
            raise ConfirmaValueError("path", "an absolute URL is only allowed unauthenticated")
        if json is not None and form is not None:
            raise ConfirmaValueError("form", "send either a JSON or a form body, not both")
        # The defaults are shared by every call (never changed after construction); a call
        # that adds a header gets its own mapping (on top of the defaults, which the SDK's
        # own session adds by itself).
        all_headers = self._base_headers
        body: bytes | None = None
        added: dict[str, str] | None = None
        if form is not None:
            body = urlencode({k: _form_value(v) for k, v in form.items()}).encode("ascii")
            added = {"Content-Type": "application/x-www-form-urlencoded"}
        elif json is not None:
            body = serde.dumps(json)
            added = {"Content-Type": "application/json"}
        if headers:
            added = {**(added or {}), **check_extra_headers(headers)}
        if added is not None:
            all_headers = {**(all_headers or {}), **added}
        query: dict[str, str] | None = None
        if params:
            query = {
                k: v if type(v) is str else str(v) if type(v) is int else _query_value(v)
                for k, v in params.items() if v is not None
            } or None
        return _Call(
            method,
            self.url_for(path),
            query,
            all_headers,
            body,
            self.timeout if timeout is None else Timeout.coerce(timeout),
            auth,
            method in IDEMPOTENT_METHODS if idempotent is None else idempotent,
            sensitive_request,
            sensitive_response,
            tuple(v for v in form.values() if isinstance(v, Secret)) if form else (),
        )

    # --- one attempt: a concurrency slot, hooks, redirects -----------------------------

    async def _send(
        self,
        call: _Call,
        credentials: Mapping[str, Secret] | None,
        attempt: int,
        deadline: float,
    ) -> _Raw:
        session = self._get_session()
        method, path = call.method, call.url.path
        hooks = self.hooks
        limiter = self.limiter
        token = limiter.try_acquire()
        if token is None:
            try:
                token = await limiter.acquire(deadline)
            except TimeoutError:
                raise APITimeoutError(
                    "call deadline exceeded while the server asked clients to wait",
                    method=method, path=path, may_have_reached_server=False,
                ) from None
        throttled = False
        ok = False
        retry_after: float | None = None
        try:
            # Measured after the slot is granted: time queued behind the limit is not
            # the server's fault, but it does count against the call's deadline.
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise APITimeoutError(
                    "call deadline exceeded", method=method, path=path,
                    may_have_reached_server=False,
                )
            timeout = call.timeout
            if remaining >= timeout.total and remaining >= timeout.connect:
                client_timeout = self._client_timeout(timeout)
            else:
                client_timeout = aiohttp.ClientTimeout(
                    total=min(timeout.total, remaining), connect=min(timeout.connect, remaining)
                )
            if hooks.on_request is not None:
                hooks.on_request(RequestEvent(method, path, attempt))
            started = time.monotonic()
            raw = await self._send_once(
                session, call, call.url, call.query, call.headers, credentials, client_timeout
            )
            if raw.status in _REDIRECTS:
                raw = await self._follow_redirects(
                    session, call, raw, credentials, client_timeout
                )
            status = raw.status
            if status == 429 or (status == 503 and "Retry-After" in raw.headers):
                throttled = True
                retry_after = parse_retry_after(raw.headers.get("Retry-After"))
                if retry_after is not None and retry_after > self.retry_policy.max_retry_after:
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
        finally:
            limiter.release(token, ok=ok, throttled=throttled, retry_after=retry_after)

    def _client_timeout(self, timeout: Timeout) -> aiohttp.ClientTimeout:
        """aiohttp's form of ``timeout``, kept for the next attempt with the same one."""
        cached, client_timeout = self._last_timeout
        if cached is not timeout:
            client_timeout = aiohttp.ClientTimeout(total=timeout.total, connect=timeout.connect)
            self._last_timeout = (timeout, client_timeout)
        return client_timeout

    async def _follow_redirects(
        self,
        session: aiohttp.ClientSession,
        call: _Call,
        raw: _Raw,
        credentials: Mapping[str, Secret] | None,
        timeout: aiohttp.ClientTimeout,
    ) -> _Raw:
        """After a redirect status (``raw``, the first exchange's answer): follow a GET's
        redirects (at most 5, https or loopback http only). A redirect of any other method
        is returned as it is: its body is never sent anywhere else."""
        url, query, headers = call.url, call.query, call.headers
        for hop in range(_MAX_REDIRECTS + 1):
            if hop:
                raw = await self._send_once(
                    session, call, url, query, headers, credentials, timeout
                )
            location = raw.headers.get("Location")
            if raw.status not in _REDIRECTS or not location or call.method not in _FOLLOWED_METHODS:
                return raw
            target = url.join(URL(location))
            if target.scheme not in ("http", "https") or (
                target.scheme == "http" and not is_loopback_host(target.host)
            ):
                raise self._redirect_error(raw, call, "refused a redirect to a non-https URL")
            if target.origin() != url.origin():
                # Another scheme, host or port: no credential of any kind goes there, and
                # no extra header either (it may carry one the SDK cannot recognise).
                headers, credentials = self._base_headers, None
            url, query = target, None
        raise self._redirect_error(raw, call, f"too many redirects (more than {_MAX_REDIRECTS})")

    async def _send_once(
        self,
        session: aiohttp.ClientSession,
        call: _Call,
        url: URL,
        query: Mapping[str, str] | None,
        headers: Mapping[str, str] | None,
        credentials: Mapping[str, Secret] | None,
        timeout: aiohttp.ClientTimeout,
    ) -> _Raw:
        """One HTTP exchange; the body is read up to the size limit."""
        reset = None
        if credentials is not None:
            reset = _outgoing.set(((url.scheme, url.raw_host, url.port), credentials))
        started = time.monotonic()
        try:
            async with session.request(
                call.method,
                url,
                params=query,
                data=call.body,
                headers=headers,
                timeout=timeout,
                allow_redirects=False,
                middlewares=self._middlewares,
                proxy=self._proxy_for(url),
            ) as resp:
                status = resp.status
                ok = 200 <= status < 300
                limit = self.max_response_bytes if ok else ERROR_BODY_LIMIT
                length = resp.content_length
                if (
                    length is not None and length <= limit
                    and "Content-Encoding" not in resp.headers
                ):
                    # The usual answer: its declared size is within the limit and nothing
                    # inflates it, so aiohttp reads exactly that many bytes.
                    body, truncated = await resp.read(), False
                else:
                    # A success is useless cut short, so its declared size alone fails
                    # it; of an error body the first ERROR_BODY_LIMIT bytes are kept.
                    body, truncated = await _read_capped(resp, limit, fail_fast=ok)
                if truncated:
                    resp.close()  # the rest is never read: this connection is done
                    if ok:
                        raise ResponseTooLargeError(
                            limit, status=status, request_id=resp.headers.get("X-Request-Id")
                        )
                elapsed = time.monotonic() - started
                return _Raw(status, resp.headers, body, truncated, elapsed)
        except _AiohttpErrors.CAUGHT as exc:
            raise _AiohttpErrors.translate(exc, call.method, url)  # noqa: B904 - chained there
        finally:
            if reset is not None:
                _outgoing.reset(reset)

    # --- answers -----------------------------------------------------------------------

    def _log_bodies(
        self, call: _Call, raw: _Raw, credentials: Mapping[str, Secret] | None
    ) -> None:
        # A credential of this call that either body repeats is masked, as on errors.
        secrets = _sent_secrets(call, credentials)
        if call.body is not None and not call.sensitive_request:
            text = call.body.decode("utf-8", "replace")
            logger.debug("request body: %s", _masked(text, secrets))
        if not call.sensitive_response:
            text = raw.body.decode("utf-8", "replace")
            logger.debug("response body: %s", _masked(text, secrets))

    def _response(self, raw: _Raw, call: _Call) -> Response:
        return Response(
            raw.status, raw.headers, raw.headers.get("X-Request-Id"), raw.body, call.method,
            call.url.path, raw.elapsed,
        )

    def _status_error(
        self, raw: _Raw, call: _Call, credentials: Mapping[str, Secret] | None
    ) -> APIStatusError:
        """The typed error of an error answer: the SDK's summary plus the server's reason
        (``message``, ``field_errors``), read from the body. A credential of this call that
        the server repeats is masked in the body and so in everything read from it."""
        body: Any
        text = raw.body.decode("utf-8", "replace")
        reason_source: Any = None
        try:
            body = serde.loads(raw.body) if raw.body.strip() and not raw.truncated else None
            reason_source = body
        except ValueError:
            body = text
        if body is None and raw.truncated:
            body = text  # cut at ERROR_BODY_LIMIT bytes
        if isinstance(body, str) and reason_source is None and _is_plain_text(raw):
            reason_source = body  # a plain-text reason; never an HTML error page
        secrets = _sent_secrets(call, credentials)
        if secrets and any(secret in text for secret in secrets):
            body = _masked(body, secrets)
            reason_source = _masked(reason_source, secrets)
        request_id = raw.headers.get("X-Request-Id")
        status, method, path = raw.status, call.method, call.url.path
        if status in _REDIRECTS and raw.headers.get("Location"):
            return self._redirect_error(
                raw, call, f"not followed: a {method} request is never re-sent elsewhere"
            )
        message, field_errors = server_reason(reason_source)
        cls = status_error_class(status)
        summary = f"{status} {_REASONS.get(status, 'error')} for {method} {path}"
        if cls is RateLimitError:
            retry_after = parse_retry_after(raw.headers.get("Retry-After"))
            if retry_after is not None:
                summary += f"; retry after {retry_after:g}s"
            return RateLimitError(
                summary, retry_after=retry_after, status=status, request_id=request_id,
                body=body, method=method, path=path, message=message,
                field_errors=field_errors,
            )
        return cls(
            summary, status=status, request_id=request_id, body=body, method=method,
            path=path, message=message, field_errors=field_errors,
        )

    def _redirect_error(self, raw: _Raw, call: _Call, why: str) -> RedirectError:
        location = raw.headers.get("Location")
        shown = "no Location"
        if location:
            try:
                target = URL(location).with_query(None).with_fragment(None)
                shown = str(target.with_user(None) if target.is_absolute() else target)
            except ValueError:
                shown = "an invalid Location"
        return RedirectError(
            f"{raw.status} redirect for {call.method} {call.url.path} to {shown}: {why}",
            location=location,
            status=raw.status,
            request_id=raw.headers.get("X-Request-Id"),
            method=call.method,
            path=call.url.path,
        )


#: Guards the first binding of a transport to an event loop (a slow path, taken once).
_BIND_LOCK = threading.Lock()
_MASK = "**********"


def _is_plain_text(raw: _Raw) -> bool:
    return raw.headers.get("Content-Type", "").lower().startswith("text/plain")


def _sent_secrets(call: _Call, credentials: Mapping[str, Secret] | None) -> list[str]:
    """Every credential value this call sent: header values (and the token of an
    ``Authorization: Bearer <token>``) and the secrets of a form body."""
    found: list[str] = []
    for secret in (*(credentials or {}).values(), *call.secrets):
        value = secret.get()
        found.append(value)
        token = value.partition(" ")[2].strip()
        if token:
            found.append(token)
    return found


def _masked(value: Any, secrets: list[str]) -> Any:
    """``value`` (decoded JSON or text) with every whole occurrence of a secret masked."""
    if isinstance(value, str):
        for secret in secrets:
            if secret in value:
                value = re.sub(
                    rf"(?<![A-Za-z0-9]){re.escape(secret)}(?![A-Za-z0-9])", _MASK, value
                )
        return value
    if isinstance(value, list):
        return [_masked(item, secrets) for item in value]
    if isinstance(value, dict):
        return {_masked(k, secrets): _masked(v, secrets) for k, v in value.items()}
    return value


async def _read_capped(
    resp: aiohttp.ClientResponse, limit: int, *, fail_fast: bool
) -> tuple[bytes, bool]:
    """At most ``limit`` bytes of the decoded body, and whether there was more.

    Counted on what aiohttp hands out after decompression, so a small gzip body that
    inflates past the limit stops there. With ``fail_fast`` a body that declares a larger
    size is not read at all.
    """
    length = resp.content_length
    if length is not None and "Content-Encoding" not in resp.headers:
        if length <= limit:
            return await resp.read(), False
        if fail_fast:
            return b"", True
    chunks: list[bytes] = []
    size = 0
    content = resp.content
    while True:
        chunk = await content.readany()
        if not chunk:
            return b"".join(chunks), False
        size += len(chunk)
        if size > limit:
            chunks.append(chunk[: len(chunk) - (size - limit)])
            return b"".join(chunks), True
        chunks.append(chunk)


_REASONS = {
    300: "Multiple Choices",
    304: "Not Modified",
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
