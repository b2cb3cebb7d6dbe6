"""The exception tree. Every error the SDK raises is a ``ConfirmaError``, defined here.

What an error's message says: the SDK's own description (status, method, URL path, the
request id) and, for an error answer, the server's reason text (``APIStatusError.message``)
— cleaned of control characters, cut at ``MESSAGE_LIMIT`` characters, with any credential
sent on that call masked. Never the request body, never a credential. The server's text
may name a person or an account (it is what the server chose to say); the full decoded
body stays on ``APIStatusError.body`` for code that needs it, out of every message.

Every error pickles and copies to an equal error with the same ``str()``, so errors,
``BulkResult`` and ``Outcome`` cross process boundaries (``ProcessPoolExecutor``,
``multiprocessing``, task queues); the traceback and ``__cause__`` stay behind.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal

import attrs

if TYPE_CHECKING:
    from .models.bulk import BulkResult

__all__ = [
    "ConfirmaError",
    "ConfirmaValueError",
    "JobFileError",
    "APIConnectionError",
    "APITimeoutError",
    "WrongEventLoopError",
    "ClientClosedError",
    "APIStatusError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "UnprocessableEntityError",
    "RateLimitError",
    "ServerError",
    "RedirectError",
    "FieldViolation",
    "ResponseDecodeError",
    "ResponseTooLargeError",
    "BulkError",
    "BulkStoppedError",
    "MESSAGE_LIMIT",
    "server_reason",
    "not_found",
]

#: The server's reason text in ``APIStatusError.message`` (and each field error's text) is
#: cut at this many characters; the whole body stays on ``APIStatusError.body``.
MESSAGE_LIMIT = 300
#: At most this many field errors are kept on an error.
FIELD_ERRORS_LIMIT = 100


def _rebuild(cls: type[ConfirmaError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class ConfirmaError(Exception):
    """Base class of every error raised by confirma-async."""

    def __init__(self, message: str) -> None:
        super().__init__(message)

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt from its message and attributes, never by calling ``__init__`` again:
        # constructors take keyword arguments and compose the message, so the default
        # (``cls(*self.args)``) fails or changes the message. Covers pickle, copy, deepcopy.
        return (_rebuild, (type(self), self.args, self.__dict__))


class ConfirmaValueError(ConfirmaError, ValueError):
    """Input the SDK can check before sending is invalid; nothing was sent."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


class JobFileError(ConfirmaValueError):
    """A ``confirma_async.jobs`` file cannot be used: not a job file, corrupt before its
    last line, or busy. Nothing was sent. ``field`` is the file's path."""


# --- transport failures: no usable HTTP response ------------------------------------


class APIConnectionError(ConfirmaError):
    """The request could not be completed: connection refused, reset, DNS, TLS.

    ``may_have_reached_server`` is ``False`` only when the request provably never left the
    client (the connection could not be made), so sending it again cannot duplicate it.
    """

    def __init__(
        self,
        message: str,
        *,
        method: str = "",
        path: str = "",
        may_have_reached_server: bool = True,
    ) -> None:
        self.method = method
        self.path = path
        #: What went wrong, without the request (``"timeout"``, ``"connection dropped ..."``).
        self.reason = message
        self.may_have_reached_server = may_have_reached_server
        where = f" ({method} {path})" if method else ""
        super().__init__(f"{message}{where}")


class APITimeoutError(APIConnectionError):
    """The request (or the whole call with its retries) ran out of time."""


class ClientClosedError(ConfirmaError):
    """The client was closed (``close()``, the end of its ``async with`` or ``with``
    block). Nothing was sent; a bulk call raises it once instead of failing every key."""

    def __init__(self, message: str = "the client is closed") -> None:
        super().__init__(message)


class WrongEventLoopError(ConfirmaError, RuntimeError):
    """The client was used on an event loop other than the one it belongs to.

    An async client belongs to the event loop of its first request (its connection pool
    lives there). ``owner_closed`` says whether that loop has been closed since. Nothing
    was sent. Create one client per event loop, in the application's lifespan.
    """

    def __init__(self, *, owner_closed: bool) -> None:
        self.owner_closed = owner_closed
        owner = "which is closed now" if owner_closed else "which is still open"
        super().__init__(
            "this client belongs to another event loop (the one that ran its first "
            f"request, {owner}); its connections cannot be used from this one. Create one "
            "client per event loop: in a web service in the app's lifespan (startup and "
            "shutdown), under asyncio.run inside the coroutine you run; close it on the "
            "same loop"
        )


# --- the server answered with an error status ----------------------------------------


@attrs.frozen
class FieldViolation:
    """One input field the server refused: ``field`` (its name or path as the server
    wrote it, or ``None`` when it named none) and ``message`` (its reason)."""

    field: str | None
    message: str


class APIStatusError(ConfirmaError):
    """The server answered with a 4xx/5xx status.

    ``message`` is the server's own reason text (``None`` if it gave none), also shown in
    ``str(e)``; ``field_errors`` the fields it refused, where the body lists them;
    ``body`` the decoded body (JSON, or text); ``method`` and ``path`` the request's
    (``path`` is the URL path, without the query); ``request_id`` the ``X-Request-Id``.
    """

    def __init__(
        self,
        summary: str,
        /,
        *,
        status: int,
        request_id: str | None = None,
        body: Any = None,
        method: str = "",
        path: str = "",
        message: str | None = None,
        field_errors: Iterable[FieldViolation] = (),
    ) -> None:
        """``summary`` is the SDK's own description (e.g. ``404 Not Found for GET /x``);
        ``str(e)`` is the summary, then the server's ``message``, then the request id."""
        self.status = status
        self.request_id = request_id
        self.body = body
        self.method = method
        self.path = path
        self.message = message
        self.field_errors: list[FieldViolation] = list(field_errors)
        text = summary if not message else f"{summary}: {message}"
        if request_id:
            text += f" (request id {request_id})"
        super().__init__(text)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status}, request_id={self.request_id!r}, "
            f"method={self.method!r}, path={self.path!r})"
        )


class BadRequestError(APIStatusError):
    """400: the server refused the request as malformed or invalid."""


class AuthenticationError(APIStatusError):
    """401: the API key or bearer token is missing, invalid or expired."""


class PermissionDeniedError(APIStatusError):
    """403: the credentials are valid but not allowed to do this."""


class NotFoundError(APIStatusError):
    """404 (or a lookup that returned nothing): the resource does not exist."""


class ConflictError(APIStatusError):
    """409: the request conflicts with the current state (e.g. a duplicate)."""


class UnprocessableEntityError(APIStatusError):
    """422: the request was well-formed but semantically invalid."""


class RateLimitError(APIStatusError):
    """429: too many requests. ``retry_after`` is the server's wait in seconds, if given."""

    def __init__(
        self,
        summary: str,
        /,
        *,
        status: int,
        request_id: str | None = None,
        body: Any = None,
        method: str = "",
        path: str = "",
        message: str | None = None,
        field_errors: Iterable[FieldViolation] = (),
        retry_after: float | None = None,
    ) -> None:
        self.retry_after = retry_after
        super().__init__(
            summary, status=status, request_id=request_id, body=body, method=method,
            path=path, message=message, field_errors=field_errors,
        )


class ServerError(APIStatusError):
    """5xx: the server failed."""


class RedirectError(APIStatusError):
    """3xx the SDK does not follow: any redirect of a request other than GET/HEAD (its body
    is never sent elsewhere), or a GET redirect loop or to plain http. ``location`` is the
    ``Location`` header (or ``None``)."""

    def __init__(
        self,
        summary: str,
        /,
        *,
        status: int,
        request_id: str | None = None,
        body: Any = None,
        method: str = "",
        path: str = "",
        message: str | None = None,
        field_errors: Iterable[FieldViolation] = (),
        location: str | None = None,
    ) -> None:
        self.location = location
        super().__init__(
            summary, status=status, request_id=request_id, body=body, method=method,
            path=path, message=message, field_errors=field_errors,
        )


_STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error_class(status: int) -> type[APIStatusError]:
    """The exception class for an HTTP error status."""
    if status >= 500:
        return ServerError
    if 300 <= status < 400:
        return RedirectError
    return _STATUS_ERRORS.get(status, APIStatusError)


def not_found(
    what: str,
    *,
    method: str,
    path: str,
    request_id: str | None = None,
    answer: APIStatusError | None = None,
) -> NotFoundError:
    """A ``NotFoundError`` that names what was looked up (``what``, e.g. ``"case 480001"``).

    With ``answer`` (the server's own 404) it keeps that answer's status, request id,
    message, field errors and body; without, the server answered without the item.
    """
    if answer is None:
        return NotFoundError(
            f"{what} not found", status=404, request_id=request_id, method=method, path=path
        )
    return NotFoundError(
        f"{what} not found ({answer.status} for {answer.method} {answer.path})",
        status=answer.status, request_id=answer.request_id, body=answer.body,
        method=answer.method, path=answer.path, message=answer.message,
        field_errors=answer.field_errors,
    )


# --- the server's reason, read from an error body ---------------------------------------

# Control characters (C0, DEL, C1) and the Unicode line/paragraph separators: a server's
# text goes into one log line, and must not start a new one or move the cursor.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_SPACES = re.compile(r"\s{2,}")
# Keys holding the reason, most specific first; looked up without regard to case.
_REASON_KEYS = ("message", "detail", "error_description", "error", "errormessage")
# Keys holding a list of field errors; the first three may also hold a mapping of field
# names to messages (ASP.NET's ``{"errors": {"Amount": ["..."]}}``).
_FIELD_LIST_KEYS = (
    "errors", "fielderrors", "field_errors", "invalid-params", "invalid_params",
    "invalidparams", "violations", "detail",
)
_FIELD_MAP_KEYS = frozenset(_FIELD_LIST_KEYS[:3])
_FIELD_KEYS = ("field", "name", "fieldreference", "param", "propertyname", "path", "pointer")
_TEXT_KEYS = ("message", "reason", "msg", "detail", "description", "errormessage", "title")


def clean_text(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """Server text made safe for one line of a message: no control characters, runs of
    white space collapsed, at most ``limit`` characters (``…`` marks a cut)."""
    text = _SPACES.sub(" ", _UNPRINTABLE.sub(" ", text)).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def server_reason(body: Any) -> tuple[str | None, list[FieldViolation]]:
    """The server's reason text and field errors, read from a decoded error body.

    Understands the usual shapes: ``{"message": ...}`` (also ``Message``, ``detail``,
    ``error_description``, ``error``, and nested ``{"error": {"message": ...}}``), RFC 7807
    problem details (``detail``, ``title``, ``errors``, ``invalid-params``), lists of field
    errors (``[{"field", "message"}]`` and their common spellings, ``{"Field": ["..."]}``),
    a bare JSON string and a bare list. Without a reason text the field errors make one;
    ``title`` (a problem type's generic summary) is the last resort.
    """
    if isinstance(body, str):
        text = clean_text(body)
        return (text or None), []
    fields = _field_errors(body)
    if not isinstance(body, Mapping):
        return _joined(fields), fields
    lowered = _lowered(body)
    reason = _reason(lowered, depth=0)
    if reason is None:
        reason = _joined(fields)
    if reason is None:
        title = lowered.get("title")
        reason = (clean_text(title) or None) if isinstance(title, str) else None
    return reason, fields


def _lowered(mapping: Mapping[Any, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in mapping.items():
        if isinstance(key, str):
            found.setdefault(key.lower(), value)
    return found


def _reason(lowered: dict[str, Any], depth: int) -> str | None:
    for key in _REASON_KEYS:
        value = lowered.get(key)
        if isinstance(value, str) and value.strip():
            return clean_text(value)
        if isinstance(value, Mapping) and depth < 3:  # {"error": {"message": ...}}
            nested = _reason(_lowered(value), depth + 1)
            if nested is not None:
                return nested
    return None


def _field_errors(body: Any) -> list[FieldViolation]:
    entries: Any = body
    if isinstance(body, Mapping):
        lowered = _lowered(body)
        error = lowered.get("error")
        if isinstance(error, Mapping):  # {"error": {"message": ..., "errors": [...]}}
            lowered = {**_lowered(error), **lowered}
        entries = next(
            (lowered[key] for key in _FIELD_LIST_KEYS
             if isinstance(lowered.get(key), list)
             or (key in _FIELD_MAP_KEYS and isinstance(lowered.get(key), Mapping))),
            None,
        )
    found: list[FieldViolation] = []
    if isinstance(entries, Mapping):  # {"Amount": ["must be positive"], ...}
        for field, texts in entries.items():
            for text in texts if isinstance(texts, list) else [texts]:
                _add(found, str(field), text)
    elif isinstance(entries, list):
        for entry in entries:
            if isinstance(entry, Mapping):
                _add(found, *_field_entry(_lowered(entry)))
            else:
                _add(found, None, entry)
    return found[:FIELD_ERRORS_LIMIT]


def _field_entry(entry: dict[str, Any]) -> tuple[str | None, Any]:
    field: Any = next((entry[k] for k in _FIELD_KEYS if entry.get(k) is not None), None)
    if field is None:
        location = entry.get("loc")  # FastAPI: ["body", "amount"]
        source = entry.get("source")  # JSON:API: {"pointer": "/data/amount"}
        if isinstance(location, list):
            field = ".".join(str(part) for part in location)
        elif isinstance(source, Mapping):
            field = source.get("pointer") or source.get("parameter")
    text = next((entry[k] for k in _TEXT_KEYS if isinstance(entry.get(k), str)), None)
    return (None if field is None else str(field)), text


def _add(found: list[FieldViolation], field: str | None, text: Any) -> None:
    if len(found) >= FIELD_ERRORS_LIMIT or not isinstance(text, (str, int, float)):
        return
    message = clean_text(str(text))
    if message:
        found.append(FieldViolation(None if field is None else clean_text(field), message))


def _joined(fields: list[FieldViolation]) -> str | None:
    if not fields:
        return None
    parts = [f"{f.field}: {f.message}" if f.field else f.message for f in fields[:3]]
    more = f" (and {len(fields) - 3} more)" if len(fields) > 3 else ""
    return clean_text("; ".join(parts)) + more


# --- the server answered 2xx but the body is unusable ---------------------------------


class ResponseDecodeError(ConfirmaError):
    """The response is not JSON, or JSON of the wrong shape; ``json_path`` names the field
    (``$.cases[0].summary.caseId``; ``$`` for the whole body)."""

    def __init__(
        self,
        message: str,
        *,
        json_path: str = "$",
        status: int | None = None,
        request_id: str | None = None,
        path: str | None = None,
    ) -> None:
        """``path=`` is the deprecated spelling of ``json_path=``."""
        if path is not None:
            _warn_path()
            json_path = path
        #: Where in the JSON body the problem is (not the URL path of the request).
        self.json_path = json_path
        self.status = status
        self.request_id = request_id
        super().__init__(f"{message} at {json_path}")

    @property
    def path(self) -> str:
        """Deprecated alias of ``json_path`` (kept for one release; it warns)."""
        _warn_path(stacklevel=3)
        return self.json_path


def _warn_path(stacklevel: int = 3) -> None:
    warnings.warn(
        "ResponseDecodeError.path is deprecated, use json_path: it is the JSON field path, "
        "not the URL path (APIStatusError.path)",
        DeprecationWarning,
        stacklevel=stacklevel,
    )


class ResponseTooLargeError(ResponseDecodeError):
    """The response body exceeded ``max_response_bytes`` (counted after decompression)."""

    def __init__(self, limit: int, *, status: int | None = None,
                 request_id: str | None = None) -> None:
        self.limit = limit
        super().__init__(
            f"response body is larger than max_response_bytes ({limit} bytes)",
            status=status,
            request_id=request_id,
        )


# --- bulk calls --------------------------------------------------------------------------


class BulkError(ConfirmaError):
    """Raised by ``BulkResult.raise_for_errors()``; ``failed`` maps each failed key to its error.

    The message counts failures by error type; it never lists the keys themselves.
    """

    def __init__(self, failed: Mapping[Any, ConfirmaError], total: int) -> None:
        self.failed: dict[Any, ConfirmaError] = dict(failed)
        self.total = total
        kinds = Counter(type(error).__name__ for error in failed.values())
        summary = ", ".join(f"{name} x{count}" for name, count in kinds.most_common())
        super().__init__(f"{len(failed)} of {total} keys failed: {summary}")


class BulkStoppedError(ConfirmaError):
    """A bulk call with ``stop_on=`` gave up on its remaining keys.

    ``cause`` is the error that stopped it (also chained as ``__cause__``); ``reason`` is
    ``"auth"`` or ``"connection"``. ``partial`` holds, for ``get_many``, the keys that
    finished before the stop (a ``BulkResult``); it is ``None`` for the iterators, which
    have already yielded theirs.
    """

    def __init__(
        self,
        cause: ConfirmaError,
        reason: Literal["auth", "connection"],
        *,
        failures: int = 1,
    ) -> None:
        self.cause = cause
        self.reason = reason
        self.failures = failures
        self.partial: BulkResult[Any, Any] | None = None
        self.__cause__ = cause
        if reason == "auth":
            text = f"stopped: the server refused the credentials: {cause}"
        else:
            text = (f"stopped after {failures} consecutive connection failures with no "
                    f"answer from the server: {cause}")
        super().__init__(text)
