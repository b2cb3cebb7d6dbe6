"""The OAuth2 token endpoint the collection client signs in at (``collection/_auth.py``)."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from aiohttp import web

from .._http import json_response

if TYPE_CHECKING:
    from .._collection import FakeCollection

__all__ = ["grant_token"]


async def grant_token(fake: FakeCollection, request: web.Request) -> web.Response:
    """POST /oauth/token: client credentials -> a bearer token."""
    form = await request.post()
    if form.get("grant_type") != "client_credentials":
        return json_response({"error": "unsupported_grant_type",
                              "error_description": "use grant_type=client_credentials"},
                             status=400)
    if not (
        secrets.compare_digest(str(form.get("client_id", "")), fake.client_id)
        and secrets.compare_digest(str(form.get("client_secret", "")), fake.client_secret)
    ):
        return json_response({"error": "access_denied",
                              "error_description": "Unauthorized"}, status=401)
    audience = form.get("audience")
    if audience is not None and audience != fake.audience:
        return json_response({"error": "access_denied",
                              "error_description": "Service not found"}, status=403)
    token = fake.issue_token()
    return json_response({"access_token": token, "scope": "fullcontrol:users",
                          "expires_in": fake.token_ttl, "token_type": "Bearer"})
