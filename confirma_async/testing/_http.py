"""What every handler of both fakes uses: JSON answers, the error body, and readers for
request bodies and query parameters that note bad input in a ``Checker``."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Any, TypeVar

from aiohttp import web

from .. import serde
from ._checks import Checker

__all__ = [
    "json_response",
    "error_response",
    "invalid",
    "invalid_one",
    "read_json_body",
    "json_body",
    "query_int",
    "query_date",
    "query_window",
]


def json_response(data: Any, *, status: int = 200) -> web.Response:
    """A JSON response; Decimals are written exactly (``serde.dumps``)."""
    return web.Response(body=serde.dumps(data), status=status, content_type="application/json")


def error_response(
    status: int, message: str, errors: list[dict[str, str]] | None = None
) -> web.Response:
    """The sandbox's error body: ``{"status", "title", "message", "errors": [{field, message}]}``.

    The real service's error format is not documented; this one names every bad field.
    """
    body: dict[str, Any] = {"status": status, "title": _TITLES.get(status, "Error"),
                            "message": message}
    if errors is not None:
        body["errors"] = errors
    return json_response(body, status=status)


_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    415: "Unsupported Media Type",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


async def read_json_body(request: web.Request) -> dict[str, Any] | web.Response:
    """The request's JSON object, or the error response to send instead."""
    if request.content_type != "application/json":
        return error_response(415, "send the body as application/json")
    try:
        body = serde.loads(await request.read())
    except ValueError:
        return error_response(400, "the body is not valid JSON")
    if not isinstance(body, dict):
        return error_response(400, "the body must be a JSON object",
                              [{"field": "$", "message": "must be an object"}])
    return body


F = TypeVar("F")


def json_body(
    handler: Callable[[F, web.Request, dict[str, Any]], Awaitable[web.Response]],
) -> Callable[[F, web.Request], Awaitable[web.Response]]:
    """A handler of ``(fake, request)`` that first reads the body (``read_json_body``):
    the wrapped one gets the JSON object, or never runs when the body is not one."""

    @functools.wraps(handler)
    async def read_first(fake: F, request: web.Request) -> web.Response:
        body = await read_json_body(request)
        if isinstance(body, web.Response):
            return body
        return await handler(fake, request, body)

    return read_first


def invalid(c: Checker) -> web.Response:
    """400 naming every field error ``c`` collected."""
    return error_response(400, c.summary(), c.errors)


def invalid_one(field: str, message: str) -> web.Response:
    """400 for a single bad ``field``."""
    return error_response(400, f"{field}: {message}", [{"field": field, "message": message}])


def query_int(
    c: Checker, request: web.Request, name: str, *, blank_is_absent: bool = True
) -> int | None:
    """A positive integer query parameter; ``None`` when absent or bad (noted in ``c``).

    ``blank_is_absent=False`` treats ``name=`` as a bad value instead of a missing one.
    """
    value = request.query.get(name)
    if value is None or (blank_is_absent and value == ""):
        return None
    if not value.isdigit() or int(value) < 1:
        c.fail(name, "must be a positive integer")
        return None
    return int(value)


def query_date(
    c: Checker, request: web.Request, name: str, *, date_time: bool = False
) -> date | None:
    """A date query parameter; ``None`` when absent, blank or bad (noted in ``c``).

    ``YYYY-MM-DD``, or with ``date_time=True`` also any ISO date-time (its date counts);
    without it a ``T`` and whatever follows the date are ignored.
    """
    value = request.query.get(name)
    if not value:
        return None
    try:
        if date_time and len(value) != 10:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        if len(value) != 10 and value[10:11] != "T":
            raise ValueError
        return date.fromisoformat(value[:10])
    except ValueError:
        c.fail(name, "must be an ISO date or date-time" if date_time
               else "must be a date in YYYY-MM-DD form")
        return None


def query_window(
    c: Checker, request: web.Request, start: str, end: str
) -> tuple[date | None, date | None]:
    """Two date query parameters that make a window; ``start`` must not be after ``end``."""
    first = query_date(c, request, start)
    last = query_date(c, request, end)
    if first is not None and last is not None and first > last:
        c.fail(start, f"must not be after {end}")
    return first, last
