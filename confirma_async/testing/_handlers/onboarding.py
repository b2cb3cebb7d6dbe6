"""Onboarding (``api/onboarding.py``): create a client, validate and renew its key."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any, Final

from aiohttp import web

from .._checks import Checker
from .._http import invalid, json_body, json_response

if TYPE_CHECKING:
    from .._fake import FakeConfirma

__all__ = ["SERVICE_TYPES", "create_client", "validate_token", "renew_token"]


SERVICE_TYPES: Final = ("LIFECYCLE", "INTERMEDIATION", "COOP", "CO-OP")


@json_body
async def create_client(
    fake: FakeConfirma, request: web.Request, body: dict[str, Any]
) -> web.Response:
    """POST /client: register a client, answer its first key."""
    c = Checker()
    service = c.obj(body, "service", "service")
    c.one_of(service, "type", "service.type", SERVICE_TYPES)
    c.text(service, "partnerCode", "service.partnerCode")
    client = c.obj(body, "client", "client")
    c.text(client, "name", "client.name", max_length=200)
    c.text(client, "businessCode", "client.businessCode")
    c.text(client, "vatRegNbr", "client.vatRegNbr", required=False)
    c.text(client, "postalAddress", "client.postalAddress")
    country = c.country(client, "countryCode", "client.countryCode")
    c.postal_code(c.text(client, "postalCode", "client.postalCode"), country,
                  "client.postalCode")
    c.text(client, "postalDistrict", "client.postalDistrict")
    c.email(client, "email", "client.email")
    c.text(client, "telephone", "client.telephone", required=False, allow_empty=True)
    c.text(client, "website", "client.website", required=False, allow_empty=True)
    c.language(client, "languageCode", "client.languageCode")
    for index, contact in enumerate(c.array(body, "contacts", "contacts", required=False)):
        c.email(contact, "email", f"contacts[{index}].email")
    if c:
        return invalid(c)
    with fake._lock:
        number = len(fake.clients) + 1
        key = "sandbox-" + secrets.token_hex(12)
        answer = {
            "clientId": f"C{number:06d}",
            "customerCode": f"{70000 + number}",
            "paymentReferencePrefix": f"{9100 + number}",
            "apiKey": key,
            "status": "Developing",
        }
        fake._keys[key] = answer["clientId"]
        fake.clients.append({"request": body, **answer})
    return json_response(answer)


async def validate_token(fake: FakeConfirma, request: web.Request) -> web.Response:
    """GET /validate: whether the key is valid or expired."""
    key = request.headers.get("X-Api-Key", "")
    with fake._lock:
        if key in fake._expired:
            return json_response({"isValid": False, "message": "Token has expired"})
    return json_response({"isValid": True, "message": "Token is valid"})


async def renew_token(fake: FakeConfirma, request: web.Request) -> web.Response:
    """GET /renew: a new key replaces the old one (expired ones too)."""
    key = request.headers.get("X-Api-Key", "")
    with fake._lock:
        client_id = fake._keys.pop(key)
        fake._expired.discard(key)
        new = "sandbox-" + secrets.token_hex(12)
        fake._keys[new] = client_id
        if key == fake.api_key:
            fake.api_key = new
    return json_response({"Message": new})
