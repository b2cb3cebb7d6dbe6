"""The base every resource builds on: path + params + body + the model to decode.

Every request a resource sends goes through ``AsyncResource._call``; that is also where
``with_raw_response`` (``api/_views.py``) picks up the HTTP side of a call.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from contextvars import ContextVar
from typing import Any, TypeVar

from .._config import Timeout, check_max_retries
from .._errors import ConfirmaValueError
from ..core.transport import Auth, QueryValue, Response, Transport

__all__ = [
    "AsyncResource",
    "check_positive_int",
    "merge_query",
    "per_key",
    "many_calls",
    "record_response",
    "raw_capture",
]

T = TypeVar("T")
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


def per_key(
    get: Callable[..., Awaitable[T]],
    timeout: float | Timeout | None,
    max_retries: int | None,
    extra_headers: Mapping[str, str] | None,
    extra_query: Mapping[str, str] | None,
) -> Callable[[Any], Awaitable[T]]:
    """``get`` with the per-call options bound: what a bulk worker calls for each key."""
    if timeout is not None:
        timeout = Timeout.coerce(timeout)  # checked once, not per key
    if max_retries is not None:
        check_max_retries(max_retries)

    def fetch(key: Any) -> Awaitable[T]:
        return get(
            key, timeout=timeout, max_retries=max_retries, extra_headers=extra_headers,
            extra_query=extra_query,
        )

    return fetch


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
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
        sensitive_response: bool = False,
        idempotent: bool | None = None,
        auth: Auth | None = None,
    ) -> Response:
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

    @staticmethod
    def _decode(response: Response, cl: type[T] | Any) -> T:
        result: T = response.decode(cl)
        return result
