"""The base every resource builds on: path + params + body + the model to decode.

Every request a resource sends goes through ``AsyncResource._call`` (``_get``/``_post``
add the decode); that is also where ``with_raw_response`` (``api/_views.py``) picks up
the HTTP side of a call. The per-call options travel as one ``RequestOptions`` value.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, Awaitable, Callable, Iterable, Mapping
from contextvars import ContextVar
from datetime import date
from typing import Any, NamedTuple, TypeVar

from .._config import Timeout, check_max_retries
from .._core.bulk import ProgressHook, StopPolicy, check_concurrency, check_keys
from .._core.transport import Auth, QueryValue, Response, Transport
from .._errors import ConfirmaValueError
from ..models.receipts import SubmissionReceipt

__all__ = [
    "AsyncResource",
    "NO_OPTIONS",
    "RequestOptions",
    "check_date_range",
    "check_positive_int",
    "merge_query",
    "many_calls",
    "record_response",
    "raw_capture",
    "request_options",
]

T = TypeVar("T")
R = TypeVar("R")
F = TypeVar("F", bound=Callable[..., Any])

#: Set by a ``with_raw_response`` call: the responses its method received (one expected).
raw_capture: ContextVar[list[Response] | None] = ContextVar(
    "confirma_raw_capture", default=None
)


def record_response(response: Response) -> Response:
    """Hand ``response`` to the ``with_raw_response`` call running in this task, if any."""
    seen = raw_capture.get()
    if seen is not None:
        seen.append(response)
    return response


def many_calls(method: F) -> F:
    """Mark a resource coroutine that sends many requests (a bulk call): it has no
    ``with_raw_response`` variant, whose single response would be a wrong answer."""
    method.__confirma_many_calls__ = True  # type: ignore[attr-defined]
    return method


def merge_query(
    params: Mapping[str, QueryValue], extra_query: Mapping[str, str] | None
) -> dict[str, QueryValue]:
    merged: dict[str, QueryValue] = dict(params)
    if extra_query:
        merged.update(extra_query)
    return merged


class RequestOptions(NamedTuple):
    """The per-call options every endpoint method takes, in its parameter order, as one
    value. They are checked where they are used (the transport), so a method's own
    arguments are still checked first."""

    timeout: float | Timeout | None = None
    max_retries: int | None = None
    extra_headers: Mapping[str, str] | None = None
    extra_query: Mapping[str, str] | None = None

    def checked(self) -> RequestOptions:
        """These options checked now: for a call that passes them on many times."""
        timeout, max_retries = self.timeout, self.max_retries
        if timeout is not None:
            timeout = Timeout.coerce(timeout)
        if max_retries is not None:
            check_max_retries(max_retries)
        return self._replace(timeout=timeout)

    def keywords(self) -> dict[str, Any]:
        """The options as the keyword arguments of a public endpoint method."""
        return self._asdict()


NO_OPTIONS = RequestOptions()


def request_options(
    timeout: float | Timeout | None,
    max_retries: int | None,
    extra_headers: Mapping[str, str] | None,
    extra_query: Mapping[str, str] | None,
) -> RequestOptions:
    """An endpoint method's per-call options as one value (``NO_OPTIONS`` when none is
    given, the usual case: nothing is allocated per call then)."""
    if timeout is None and max_retries is None and extra_headers is None and extra_query is None:
        return NO_OPTIONS
    return RequestOptions(timeout, max_retries, extra_headers, extra_query)


def check_date_range(
    start: str,
    first: object,
    end: str,
    last: object,
    *,
    dates_only: bool = True,
    blame_end: bool = False,
) -> None:
    """The one check of a from/to filter pair: with ``dates_only`` each is ``None`` or a
    ``datetime.date`` (not a datetime); the start never after the end (compared when both
    are dates or both datetimes, whose own checks the caller makes). A reversed pair names
    the start (``from_date: must not be after to_date``), or with ``blame_end`` the end
    (``to: must not be before from_``, the collection API's wording)."""
    if dates_only:
        for name, value in ((start, first), (end, last)):
            if value is not None and (not isinstance(value, date) or hasattr(value, "hour")):
                raise ConfirmaValueError(name, "must be a datetime.date")
    if (
        isinstance(first, date) and isinstance(last, date)
        and hasattr(first, "hour") == hasattr(last, "hour") and first > last
    ):
        if blame_end:
            raise ConfirmaValueError(end, f"must not be before {start}")
        raise ConfirmaValueError(start, f"must not be after {end}")


def check_positive_int(field: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ConfirmaValueError(field, "must be a positive integer")
    return value


class AsyncResource:
    """Holds the transport; subclasses add one coroutine per endpoint."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    async def _call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, QueryValue] | None = None,
        json: Any = None,
        options: RequestOptions = NO_OPTIONS,
        sensitive_response: bool = False,
        idempotent: bool | None = None,
        auth: Auth | None = None,
    ) -> Response:
        """Send one request and return its 2xx ``Response`` (for a method that reads more
        than the decoded body: the request id, the status, a key in the raw JSON)."""
        timeout, max_retries, extra_headers, extra_query = options
        response = await self._transport.request(
            method,
            path,
            params=merge_query(params or {}, extra_query) if extra_query else params,
            json=json,
            headers=extra_headers,
            timeout=timeout,
            max_retries=max_retries,
            sensitive_response=sensitive_response,
            idempotent=idempotent,
            auth=auth,
        )
        return record_response(response)

    async def _get(
        self,
        path: str,
        *,
        cast_to: type[T],
        empty: Callable[[], T] | None = None,
        params: Mapping[str, QueryValue] | None = None,
        options: RequestOptions = NO_OPTIONS,
        idempotent: bool | None = None,
    ) -> T:
        """``GET path`` decoded into ``cast_to`` (``empty()`` for an answer without a body,
        when given). ``idempotent=False`` for a GET that changes the server's state: it is
        then never re-sent once it may have reached the server, like a write."""
        response = await self._call(
            "GET", path, params=params, options=options, idempotent=idempotent
        )
        return self._cast(response, cast_to, empty)

    async def _post(
        self,
        path: str,
        *,
        body: Any,
        cast_to: type[T],
        options: RequestOptions = NO_OPTIONS,
    ) -> T:
        """``POST path`` with the JSON ``body``, the answer decoded into ``cast_to``; a
        ``SubmissionReceipt`` keeps the undocumented answer as plain JSON instead."""
        response = await self._call("POST", path, json=body, options=options)
        return self._cast(response, cast_to, None)

    @staticmethod
    def _cast(response: Response, cast_to: type[T], empty: Callable[[], T] | None) -> T:
        """The answer as ``cast_to``: the typed decode from the raw body (``serde``)."""
        if empty is not None and response.empty:
            return empty()
        if cast_to is SubmissionReceipt:
            receipt: T = SubmissionReceipt(  # type: ignore[assignment]
                status=response.status, request_id=response.request_id, data=response.data
            )
            return receipt
        return response.decode(cast_to)

    def _bulk(
        self,
        run: Callable[..., R],
        field: str,
        keys: Iterable[Any] | AsyncIterable[Any],
        get: Callable[..., Awaitable[Any]],
        *,
        concurrency: int | None,
        on_progress: ProgressHook | None,
        stop_on: StopPolicy | None,
        options: RequestOptions,
    ) -> R:
        """A bulk call: ``run`` (``_core.bulk.collect`` or ``iter_outcomes``) over
        ``get(key)`` for each of ``keys``, its per-call options checked once, not per key.
        """
        check_keys(field, keys)
        fetch = get
        if options is not NO_OPTIONS:
            keywords = options.checked().keywords()

            def fetch(key: Any) -> Awaitable[Any]:
                return get(key, **keywords)

        return run(
            keys,
            fetch,
            workers=check_concurrency(concurrency, self._transport.max_concurrency),
            on_progress=on_progress,
            stop_on=stop_on,
        )
