"""The synchronous facade: the async client run inside one anyio blocking portal.

No logic lives here. ``mirror`` turns an async method into a blocking one with the same
parameters, ``mirror_iter`` turns an async iterator into a plain iterator, and
``sub_resource`` exposes a nested resource. Each sync client runs one event-loop thread
for its whole life, so it works from plain scripts, from many threads at once, and from
code that is itself inside a running event loop (a notebook).
"""

from __future__ import annotations

import ast
import functools
import inspect
import weakref
from collections.abc import AsyncIterator, Callable, Coroutine, Mapping
from types import TracebackType
from typing import (
    TYPE_CHECKING,
    Any,
    Concatenate,
    Generic,
    ParamSpec,
    TypeVar,
    cast,
    overload,
)

from ._base_client import AsyncBaseClient
from ._bridge import LoopThread, SyncIterator
from ._client import AsyncConfirmaClient
from ._config import (
    Timeout,
)
from ._core.transport import QueryValue
from .api._views import ClientViews, RawView
from .api.accounting import AsyncAccounting
from .api.cases import AsyncCases
from .api.distribution import AsyncDistribution
from .api.invoices import AsyncInvoices
from .api.onboarding import AsyncOnboarding
from .api.operations import AsyncOperations
from .api.payments import AsyncPayments
from .api.settlements import AsyncSettlements

__all__ = [
    "ConfirmaClient",
    "SyncResource",
    "SyncClient",
    "SyncIterator",
    "SyncRawView",
    "mirror",
    "mirror_iter",
    "sub_resource",
]

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")
A = TypeVar("A")
S = TypeVar("S", bound="SyncResource[Any]")
SC = TypeVar("SC", bound="SyncClient[Any]")
AC = TypeVar("AC", bound=AsyncBaseClient)


class SyncResource(Generic[A]):
    """A blocking view of an async object, driven through its client's loop thread."""

    #: The client's lifetime token (``_Lifetime``): everything reached from a client holds
    #: it, so a resource, a bound method or an iterator in use keeps the client open.
    _life: object = None

    def __init__(self, target: A, runner: LoopThread) -> None:
        self._target = target
        self._runner = runner

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "__doc__" not in cls.__dict__ or cls.__doc__ is None:
            # A twin without its own docstring says whose twin it is and shows its text.
            twin = _async_twin(cls)
            if twin is not None and twin.__doc__:
                cls.__doc__ = (f"Blocking twin of ``{twin.__name__}``: the same methods, "
                               f"called without ``await``.\n\n{inspect.getdoc(twin)}")

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


def _async_twin(cls: type) -> type | None:
    """``A`` of ``class X(SyncResource[A])``, when it is a class."""
    for base in getattr(cls, "__orig_bases__", ()):
        for arg in getattr(base, "__args__", ()):
            if isinstance(arg, type):
                return arg
    return None


class _Mirror(Generic[P, R]):
    """The blocking twin of an async method (``mirror``), or of an async-iterator method
    (``mirror_iter``: the twin returns a ``SyncIterator``).

    On the class it stands for the method itself: its name, docstring and signature are
    the async method's (``help()`` and ``ConfirmaClient.cases.get.__doc__`` show them; an
    iterator twin's signature names the plain ``Iterator`` it returns), and calling it
    with a resource as first argument works like an unbound method.
    """

    def __init__(self, fn: Callable[Concatenate[Any, P], Any], *, iterates: bool) -> None:
        self.fn = fn
        self.iterates = iterates
        functools.update_wrapper(self, fn)
        self.name = fn.__name__
        if iterates:
            self.__signature__ = _iterator_signature(fn)

    def __call__(self, resource: SyncResource[Any], /, *args: P.args, **kwargs: P.kwargs) -> R:
        return self.__get__(resource)(*args, **kwargs)

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> _Mirror[P, R]: ...
    @overload
    def __get__(self, obj: SyncResource[Any], owner: type | None = None) -> Callable[P, R]: ...
    def __get__(
        self, obj: SyncResource[Any] | None, owner: type | None = None
    ) -> _Mirror[P, R] | Callable[P, R]:
        if obj is None:
            return self
        bound = getattr(obj._target, self.fn.__name__)
        runner = obj._runner
        life = obj._life
        if self.iterates:

            def call(*args: P.args, **kwargs: P.kwargs) -> Any:
                # Created inside the loop thread: some async iterators bind to the loop.
                iterator = SyncIterator(
                    runner, runner.call_soon(lambda: bound(*args, **kwargs))
                )
                iterator.keepalive = life
                return iterator

        else:
            run = runner.run

            def call(*args: P.args, **kwargs: P.kwargs) -> Any:
                return run(bound(*args, **kwargs))

        functools.update_wrapper(call, bound)
        call._keepalive = life  # type: ignore[attr-defined]
        if self.iterates:
            without_self = list(self.__signature__.parameters.values())[1:]
            call.__signature__ = self.__signature__.replace(  # type: ignore[attr-defined]
                parameters=without_self
            )
        obj.__dict__[self.name] = call  # cache: later lookups skip the descriptor
        return call


def _iterator_signature(fn: Callable[..., Any]) -> inspect.Signature:
    """``fn``'s signature, returning ``Iterator[X]`` where ``fn`` returns an async iterator
    (or generator) of ``X``. ``X`` is the annotation's own text, read by Python's parser:
    evaluating it would expand an alias such as ``Outcome`` into its ``Union``."""
    signature = inspect.signature(fn)
    returns = signature.return_annotation
    node = ast.parse(
        returns if isinstance(returns, str) else inspect.formatannotation(returns), mode="eval"
    ).body
    if not isinstance(node, ast.Subscript):
        return signature.replace(return_annotation="Iterator[Any]")
    item = node.slice.elts[0] if isinstance(node.slice, ast.Tuple) else node.slice
    return signature.replace(return_annotation=f"Iterator[{ast.unparse(item)}]")


class _SubResource(Generic[S]):
    def __init__(self, cls: type[S]) -> None:
        self.cls = cls
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> type[S]: ...
    @overload
    def __get__(self, obj: SyncResource[Any], owner: type | None = None) -> S: ...
    def __get__(self, obj: SyncResource[Any] | None, owner: type | None = None) -> type[S] | S:
        if obj is None:
            # On the class: the resource class, so ``ConfirmaClient.cases.get`` is reachable.
            return self.cls
        value = self.cls(getattr(obj._target, self.name), obj._runner)
        value._life = obj._life
        obj.__dict__[self.name] = value
        return value


def mirror(fn: Callable[Concatenate[Any, P], Coroutine[Any, Any, R]]) -> _Mirror[P, R]:
    """Declare the blocking twin of an async method: ``get = mirror(AsyncCases.get)``."""
    return _Mirror(fn, iterates=False)


def mirror_iter(
    fn: Callable[Concatenate[Any, P], AsyncIterator[T]],
) -> _Mirror[P, SyncIterator[T]]:
    """Declare the iterator twin of an async-iterator method."""
    return _Mirror(fn, iterates=True)


def sub_resource(cls: type[S]) -> _SubResource[S]:
    """Declare a nested resource: ``cases = sub_resource(Cases)`` wraps ``target.cases``."""
    return _SubResource(cls)


class _Lifetime:
    """A sync client's lifetime token; the client closes when the last holder is gone."""

    __slots__ = ("__weakref__",)


def _close_view(runner: LoopThread, target: Any) -> None:
    if not runner.stopped:  # else the client it came from closed it already
        runner.run(target.close())


class _ViewMirror(Generic[P]):
    """The blocking twin of ``with_options``: the async client's view, in a sync client of
    the same class that runs on the same loop thread (see ``SyncClient._view``)."""

    def __init__(self, fn: Callable[Concatenate[Any, P], Any]) -> None:
        self.fn = fn
        functools.update_wrapper(cast(Any, self), fn)

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> _ViewMirror[P]: ...
    @overload
    def __get__(self, obj: SC, owner: type | None = None) -> Callable[P, SC]: ...
    def __get__(
        self, obj: SC | None, owner: type | None = None
    ) -> _ViewMirror[P] | Callable[P, SC]:
        if obj is None:
            return self
        bound = getattr(obj._target, self.fn.__name__)
        client = obj

        def call(*args: P.args, **kwargs: P.kwargs) -> SC:
            return client._view(client._runner.call_soon(lambda: bound(*args, **kwargs)))

        functools.update_wrapper(call, bound)
        return call


class SyncRawView:
    """The blocking ``with_raw_response``: the async raw view, each call run on the client's
    loop thread. ``RawResponse.parse()`` then needs no loop: the model is already decoded.
    """

    __slots__ = ("_life", "_runner", "_target")

    def __init__(self, target: RawView, runner: LoopThread, life: object) -> None:
        self._target = target
        self._runner = runner
        self._life = life

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        value = getattr(self._target, name)  # a missing raw variant says why
        if isinstance(value, RawView):
            return SyncRawView(value, self._runner, self._life)
        run = self._runner.run

        def call(*args: Any, **kwargs: Any) -> Any:
            return run(value(*args, **kwargs))

        functools.update_wrapper(call, value)
        call._keepalive = self._life  # type: ignore[attr-defined]
        return call

    def __dir__(self) -> list[str]:
        return dir(self._target)

    def __repr__(self) -> str:
        return repr(self._target)


def _options_of(
    async_client: Callable[P, AC],
) -> Callable[[Callable[[Any], None]], Callable[Concatenate[Any, P], None]]:
    """Make the decorated ``__init__`` a sync client's constructor: it takes the options of
    ``async_client`` except ``session`` (a sync client owns its loop thread and session),
    builds that client on a new loop thread, then runs the decorated body.

    ``help()`` and ``inspect.signature`` show every option with its type and default, and
    a type checker reads the same parameters from the async constructor (which it sees
    with ``session``; at run time ``session=`` is refused like any unknown keyword).
    """
    full = inspect.signature(async_client.__init__)
    signature = full.replace(
        parameters=[p for name, p in full.parameters.items() if name != "session"]
    )

    def decorate(body: Callable[[Any], None]) -> Callable[Concatenate[Any, P], None]:
        def __init__(self: SyncClient[AC], /, *args: P.args, **kwargs: P.kwargs) -> None:
            try:
                signature.bind(self, *args, **kwargs)
            except TypeError as exc:  # what a plain def would raise, before any thread starts
                raise TypeError(f"{type(self).__name__}.__init__() {exc}") from None
            self._start(functools.partial(async_client, *args, **kwargs))
            body(self)

        functools.update_wrapper(__init__, body)
        __init__.__signature__ = signature  # type: ignore[attr-defined]
        return __init__

    return decorate


class SyncClient(SyncResource[AC]):
    """Lifecycle shared by the sync clients: the loop thread, ``close`` and ``with``,
    ``base_url``, and the views ``with_options`` and ``with_raw_response``. Each client's
    constructor is its async twin's (see ``_options_of``)."""

    with_options = _ViewMirror(ClientViews.with_options)
    #: On a view: the client it came from (kept alive while the view is).
    _parent: SyncClient[Any] | None = None

    def _start(self, factory: Callable[[], AC]) -> None:
        loop = LoopThread("confirma-async-loop")
        try:
            # Built inside the loop thread, so anything it creates binds to that loop.
            target = loop.call_soon(factory)
        except BaseException:
            loop.stop()
            raise
        SyncResource.__init__(self, target, loop)
        # Closes the session and stops the thread if the user never calls close(), once
        # the client and everything reached from it (which hold ``_life``) are gone.
        self._life = life = _Lifetime()
        self._finalizer: Callable[[], Any] = weakref.finalize(
            life, loop.stop, target.close
        )

    def _view(self: SC, target: Any) -> SC:
        """A client of this class over ``target`` (an async view) on this loop thread."""
        view = object.__new__(type(self))
        SyncResource.__init__(view, target, self._runner)
        # The view keeps this client alive: its loop thread and session must outlive it.
        view._parent = self
        view._life = self._life
        view._finalizer = functools.partial(_close_view, self._runner, target)
        return view

    @property
    def with_raw_response(self) -> SyncRawView:
        """The same tree, where each method that sends one request returns a
        ``RawResponse`` (``status``, ``headers``, ``request_id``, ``elapsed``,
        ``parse()``): ``client.with_raw_response.cases.get(1).request_id``."""
        return SyncRawView(self._target.with_raw_response, self._runner, self._life)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self._target.base_url!r})"

    @property
    def base_url(self) -> str:
        """The API root every request goes to."""
        return self._target.base_url

    def close(self) -> None:
        """Close the async client and stop the event-loop thread. Idempotent.

        Calls still waiting (in any thread) and every later call raise
        ``ClientClosedError("the client is closed")`` at once. On a view made by
        ``with_options`` it closes only the view: the loop thread and the session belong
        to the client the view came from, and stop when that one closes.
        """
        self._finalizer()

    def __enter__(self: T) -> T:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


# --- the Confirma tree -----------------------------------------------------------------


class Cases(SyncResource[AsyncCases]):
    list = mirror(AsyncCases.list)
    get = mirror(AsyncCases.get)
    get_many = mirror(AsyncCases.get_many)
    iter_many = mirror_iter(AsyncCases.iter_many)


class Distribution(SyncResource[AsyncDistribution]):
    list = mirror(AsyncDistribution.list)
    get = mirror(AsyncDistribution.get)
    get_many = mirror(AsyncDistribution.get_many)
    iter_many = mirror_iter(AsyncDistribution.iter_many)
    list_v2 = mirror(AsyncDistribution.list_v2)


class Invoices(SyncResource[AsyncInvoices]):
    create_actions = mirror(AsyncInvoices.create_actions)
    track = mirror_iter(AsyncInvoices.track)
    create = mirror(AsyncInvoices.create)


class Onboarding(SyncResource[AsyncOnboarding]):
    create_client = mirror(AsyncOnboarding.create_client)
    validate_token = mirror(AsyncOnboarding.validate_token)
    renew_token = mirror(AsyncOnboarding.renew_token)


class Payments(SyncResource[AsyncPayments]):
    list = mirror(AsyncPayments.list)


class Settlements(SyncResource[AsyncSettlements]):
    list = mirror(AsyncSettlements.list)


class Accounting(SyncResource[AsyncAccounting]):
    submit_ledger = mirror(AsyncAccounting.submit_ledger)
    ledger_status = mirror(AsyncAccounting.ledger_status)
    submit_payments = mirror(AsyncAccounting.submit_payments)
    payment_status = mirror(AsyncAccounting.payment_status)
    submit_invoice = mirror(AsyncAccounting.submit_invoice)
    invoice_status = mirror(AsyncAccounting.invoice_status)


class Operations(SyncResource[AsyncOperations]):
    finvoice_credentials = mirror(AsyncOperations.finvoice_credentials)


class ConfirmaClient(SyncClient[AsyncConfirmaClient]):
    """Blocking client with the same tree and names as ``AsyncConfirmaClient``."""

    cases = sub_resource(Cases)
    distribution = sub_resource(Distribution)
    invoices = sub_resource(Invoices)
    onboarding = sub_resource(Onboarding)
    payments = sub_resource(Payments)
    settlements = sub_resource(Settlements)
    accounting = sub_resource(Accounting)
    operations = sub_resource(Operations)
    if TYPE_CHECKING:
        # A mirror takes the first overload's signature only; these restate the async
        # overloads for type checkers. At run time ``request`` is the plain mirror below.
        @overload
        def request(
            self,
            method: str,
            path: str,
            *,
            params: Mapping[str, QueryValue] | None = None,
            json: Any = None,
            cast_to: None = None,
            timeout: float | Timeout | None = None,
            max_retries: int | None = None,
            extra_headers: Mapping[str, str] | None = None,
            extra_query: Mapping[str, str] | None = None,
        ) -> Any: ...

        @overload
        def request(
            self,
            method: str,
            path: str,
            *,
            params: Mapping[str, QueryValue] | None = None,
            json: Any = None,
            cast_to: type[T],
            timeout: float | Timeout | None = None,
            max_retries: int | None = None,
            extra_headers: Mapping[str, str] | None = None,
            extra_query: Mapping[str, str] | None = None,
        ) -> T: ...

        def request(self, method: str, path: str, **kwargs: Any) -> Any:
            raise NotImplementedError

    else:
        request = mirror(AsyncConfirmaClient.request)

    @_options_of(AsyncConfirmaClient)
    def __init__(self) -> None:
        """The options of ``AsyncConfirmaClient`` (except ``session``: this client owns
        its loop thread and session)."""

    def set_api_key(self, api_key: str) -> None:
        """Switch the live client to another API key (see ``AsyncConfirmaClient``)."""
        # Run in the loop thread, between requests, like every other call.
        self._runner.call_soon(lambda: self._target.set_api_key(api_key))
