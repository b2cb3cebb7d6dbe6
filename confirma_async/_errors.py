"""The exception tree. Every error the SDK raises is a ``ConfirmaError``.

Messages never contain secrets or response bodies (bodies can hold personal data);
the decoded body stays available on ``APIStatusError.body`` for code that needs it.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ConfirmaError",
    "ConfirmaValueError",
    "APIConnectionError",
    "APITimeoutError",
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
    "ResponseDecodeError",
    "ResponseTooLargeError",
]


class ConfirmaError(Exception):
    """Base class of every error raised by confirma-async."""


class ConfirmaValueError(ConfirmaError, ValueError):
    """Input the SDK can check before sending is invalid; nothing was sent."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


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


# --- the server answered with an error status ----------------------------------------


class APIStatusError(ConfirmaError):
    """The server answered with a 4xx/5xx status."""

    def __init__(
        self,
        message: str,
        *,
        status: int,
        request_id: str | None = None,
        body: Any = None,
        method: str = "",
        path: str = "",
    ) -> None:
        self.status = status
        self.request_id = request_id
        self.body = body
        self.method = method
        self.path = path
        super().__init__(message)

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

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        self.retry_after = retry_after
        super().__init__(message, **kwargs)


class ServerError(APIStatusError):
    """5xx: the server failed."""


class RedirectError(APIStatusError):
    """3xx the SDK does not follow: any redirect of a request other than GET/HEAD (its body
    is never sent elsewhere), or a GET redirect loop or to plain http. ``location`` is the
    ``Location`` header (or ``None``)."""

    def __init__(self, message: str, *, location: str | None = None, **kwargs: Any) -> None:
        self.location = location
        super().__init__(message, **kwargs)


# --- the server answered 2xx but the body is unusable ---------------------------------


class ResponseDecodeError(ConfirmaError):
    """The response is not JSON, or JSON of the wrong shape; ``path`` names the field."""

    def __init__(
        self,
        message: str,
        *,
        path: str = "$",
        status: int | None = None,
        request_id: str | None = None,
    ) -> None:
        self.path = path
        self.status = status
        self.request_id = request_id
        super().__init__(f"{message} at {path}")


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
