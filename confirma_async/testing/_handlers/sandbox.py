"""Sandbox control, not part of the API: ``POST /_sandbox/advance?days=N``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

from .._checks import Checker
from .._http import invalid, json_response, query_int

if TYPE_CHECKING:
    from .._fake import FakeConfirma

__all__ = ["advance"]


async def advance(fake: FakeConfirma, request: web.Request) -> web.Response:
    """Move the simulated clock forward ``days`` days (default 1)."""
    c = Checker()
    days = query_int(c, request, "days")
    if c:
        return invalid(c)
    fake.advance(days or 1)
    return json_response({"today": fake.today.isoformat()})
