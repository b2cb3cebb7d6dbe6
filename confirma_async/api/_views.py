"""Views of a client: ``with_options`` (other per-call settings over the same connection
pool) and ``with_raw_response`` (the HTTP side of a call that sends one request).

Both come out of the resource base: a view is the same resource tree built on a
``Transport`` view, and a raw call is the plain method run while ``AsyncResource._call``
hands the response it received to ``raw_capture``. No method is written twice.
"""

from __future__ import annotations

import copy
import functools
import inspect
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar, Generic, NoReturn, TypeVar

import attrs
from multidict import CIMultiDictProxy

from .._config import Timeout
from .._core.hooks import Hooks
from .._core.retry import RetryPolicy
from .._core.transport import Response, Transport
from .._errors import ConfirmaError, ConfirmaValueError
from ._resource import AsyncResource, raw_capture

__all__ = ["ClientViews", "RawResponse", "RawView", "VIEW_OPTIONS"]

T = TypeVar("T")
C = TypeVar("C", bound="ClientViews")

#: What a view may change: settings read per call, so no new pool is needed.
VIEW_OPTIONS = (
    "timeout", "max_retries", "retry_policy", "hooks", "log_bodies", "max_response_bytes"
)

_NEW_CLIENT = "create another client for another value"
# Why every other client option is refused: it belongs to what the views share.
_REFUSED = {
    "api_key": "the key is shared by a client and all its views (set_api_key() switches it "
    "for all of them); " + _NEW_CLIENT,
    "access_token": "the credentials are shared by a client and all its views; " + _NEW_CLIENT,
    "environment": "a view talks to its client's server; " + _NEW_CLIENT,
    "max_concurrency": "the in-flight limit is shared by a client and all its views (it "
    "protects the server and sizes the connection pool); " + _NEW_CLIENT,
    "session": "the session and its connection pool are shared by a client and all its "
    "views; " + _NEW_CLIENT,
    "provisioning_token": "pass it to onboarding.create_client(provisioning_token=...)",
}
for _alias, _owner in (
    ("client_id", "access_token"), ("client_secret", "access_token"),
    ("token_url", "access_token"), ("audience", "access_token"), ("scope", "access_token"),
    ("base_url", "environment"), ("proxy", "session"), ("trust_env", "session"),
):
    _REFUSED[_alias] = _REFUSED[_owner]


@attrs.frozen
class RawResponse(Generic[T]):
    """The HTTP side of a successful call made through ``client.with_raw_response``:
    ``status``, ``headers``, ``request_id`` (the ``X-Request-Id`` header, or ``None``),
    ``elapsed`` (seconds from sending the request to having read its body), the
    ``method`` and URL ``path``; ``parse()`` gives the model the plain call returns.
    """

    status: int
    headers: CIMultiDictProxy[str] = attrs.field(repr=False)
    request_id: str | None
    elapsed: float
    method: str
    path: str
    _value: T = attrs.field(repr=False, alias="value")

    def parse(self) -> T:
        """The model the plain call returns. It was decoded when the call completed (a body
        that does not decode raised then, as without ``with_raw_response``), so this does
        no I/O and needs no event loop."""
        return self._value


class RawView:
    """``client.with_raw_response`` and each resource under it: the same tree, where every
    method that sends one request returns a ``RawResponse`` instead of the model.

    Bulk calls and iterators send many requests and have no raw variant: asking for one
    raises ``AttributeError`` saying so (``Hooks(on_response=...)`` sees every response).
    """

    __slots__ = ("_target", "_where")

    def __init__(self, target: object, where: str) -> None:
        self._target = target
        self._where = where

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        target = self._target
        value = getattr(target, name)  # an unknown name: the target's own AttributeError
        where = f"{self._where}.{name}"
        if isinstance(value, AsyncResource):
            return RawView(value, where)
        problem = _not_offered(target, name)
        if problem is not None:
            raise AttributeError(f"{where} has no raw variant: {problem}")
        return _raw_method(value, where)

    def __dir__(self) -> list[str]:
        target = self._target
        return sorted(
            name for name in dir(target) if not name.startswith("_") and (
                isinstance(getattr(target, name, None), AsyncResource)
                or _not_offered(target, name) is None
            )
        )

    def __repr__(self) -> str:
        return f"<{self._where}>"


_HOOKS_HINT = "use hooks=Hooks(on_response=...) to see each response's status and request id"


def _not_offered(target: object, name: str) -> str | None:
    """Why ``target.name`` has no raw variant, or ``None`` when it sends one request."""
    method = getattr(type(target), name, None)
    if isinstance(target, AsyncResource):
        if inspect.isasyncgenfunction(method):
            return f"it iterates over many requests; {_HOOKS_HINT}"
        if getattr(method, "__confirma_many_calls__", False):
            return f"it sends many requests (a bulk call); {_HOOKS_HINT}"
        if inspect.iscoroutinefunction(method):
            return None
    elif name in getattr(target, "_raw_calls", ()):
        return None
    return "it is not an API call"


def _raw_method(
    method: Callable[..., Awaitable[T]], where: str
) -> Callable[..., Awaitable[RawResponse[T]]]:
    async def call(*args: Any, **kwargs: Any) -> RawResponse[T]:
        seen: list[Response] = []
        token = raw_capture.set(seen)
        try:
            value = await method(*args, **kwargs)
        finally:
            raw_capture.reset(token)
        if len(seen) != 1:  # only methods that send one request are offered
            raise ConfirmaError(f"{where} received {len(seen)} responses instead of one")
        got = seen[0]
        return RawResponse(
            got.status, got.headers, got.request_id, got.elapsed, got.method, got.path, value
        )

    functools.update_wrapper(call, method)
    call.__signature__ = _raw_signature(getattr(method, "__func__", method))  # type: ignore[attr-defined]
    return call


@functools.lru_cache(maxsize=256)
def _raw_signature(function: Callable[..., Any]) -> inspect.Signature:
    """The method's signature as a raw call has it: without ``self``, returning a
    ``RawResponse`` of what the method returns."""
    signature = inspect.signature(function)
    returns = signature.return_annotation
    if not isinstance(returns, str):
        returns = getattr(returns, "__name__", "Any")
    parameters = list(signature.parameters.values())[1:]
    return signature.replace(parameters=parameters, return_annotation=f"RawResponse[{returns}]")


class ClientViews:
    """``with_options`` and ``with_raw_response``, for both async clients."""

    _transport: Transport
    #: The client's own coroutines that send one request (besides its resources').
    _raw_calls: ClassVar[frozenset[str]] = frozenset()

    def _attach(self, transport: Transport) -> None:
        """Build the client's resource tree on ``transport``."""
        raise NotImplementedError

    def with_options(
        self: C,
        /,
        *,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        hooks: Hooks | None = None,
        log_bodies: bool | None = None,
        max_response_bytes: int | None = None,
        **refused: NoReturn,
    ) -> C:
        """A client of the same class with other per-call settings, sharing this one's
        session, connection pool, concurrency limiter, proxy and credentials:
        ``client.with_options(max_retries=0).cases.get(1)``.

        ``None`` keeps this client's value. Only options that every call reads afresh can
        differ; any other (``api_key``, ``base_url``, ``max_concurrency``, ``proxy``,
        ``session`` ...) raises ``ConfirmaValueError`` naming it: it belongs to what the
        views share, so it needs another client. Closing the view closes only the view;
        closing the client it came from closes every view made from it.
        """
        for name in refused:
            reason = _REFUSED.get(name)
            if reason is None:
                raise ConfirmaValueError(
                    name, "is not an option of with_options; it takes " + ", ".join(VIEW_OPTIONS)
                )
            raise ConfirmaValueError(name, f"cannot differ in with_options: {reason}")
        view = copy.copy(self)
        view._attach(
            self._transport.with_options(
                timeout=timeout,
                max_retries=max_retries,
                retry_policy=retry_policy,
                hooks=hooks,
                log_bodies=log_bodies,
                max_response_bytes=max_response_bytes,
            )
        )
        return view

    @property
    def with_raw_response(self) -> RawView:
        """The same tree, where each method that sends one request returns a
        ``RawResponse`` (``status``, ``headers``, ``request_id``, ``elapsed``,
        ``parse()``): ``raw = await client.with_raw_response.cases.get(1)``."""
        return RawView(self, "with_raw_response")
