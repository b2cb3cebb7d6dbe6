"""Onboarding: create a client, validate and renew the API key.

Doc sections: onboarding.md §1 "Create a new client", §2 "Validate access token", §3
"Renew access token", and the Onboarding models of schemas.md §5; public pages
``create-a-new-client-4084487e0``, ``validate-access-token-4087227e0`` and
``renew-access-token-4087230e0``.

The client request is known up to ``client.languageCode``; its ``contacts`` section and
the response of ``POST /client`` were not captured, so those parts are **inferred** and
say so. API keys in these models never show in ``repr``.
"""

from __future__ import annotations

from typing import Any

from attrs import define, field, frozen

from ._base import OpenEnum
from ._validate import (
    OMITTED,
    Omitted,
    RequestModel,
    in_code,
    in_enum,
    is_country,
    is_email,
    is_language,
    is_text,
    is_url,
    rule,
)

__all__ = [
    "ServiceType",
    "ContactType",
    "ClientService",
    "ClientDetails",
    "ClientContact",
    "ClientSettings",
    "ClientCreateRequest",
    "ClientCreated",
    "TokenValidation",
    "RenewedToken",
]


class ServiceType(OpenEnum):
    """``service.type``. Only ``LIFECYCLE`` is shown on the wire; the prose also names
    Intermediation and Co-Op (their wire spellings are inferred).
    """

    LIFECYCLE = "LIFECYCLE"
    INTERMEDIATION = "INTERMEDIATION"
    COOP = "COOP"


class ContactType(OpenEnum):
    """``contacts[].type`` [inferred from the deployment e-mail's contact list]."""

    PRIMARY = "PRIMARY"
    TECHNICAL = "TECHNICAL"
    ACCOUNTANT = "ACCOUNTANT"


def _service_type(value: Any) -> Any:
    return in_enum(ServiceType, value)


def _contact_type(value: Any) -> Any:
    return in_enum(ContactType, value)


_name = is_text(non_empty=True)


@define(kw_only=True)
class ClientService(RequestModel):
    """``service``: which Confirma service the client buys, and the partner's code."""

    type: ServiceType = field(converter=_service_type)
    partner_code: str = field(metadata=rule(_name))


@define(kw_only=True)
class ClientDetails(RequestModel):
    """``client``: the creditor's company data (captured up to ``languageCode``).

    ``telephone`` and ``website`` may be ``""`` as in the docs' example.
    """

    name: str = field(metadata=rule(_name))
    business_code: str = field(metadata=rule(_name))
    vat_reg_nbr: str = ""
    postal_address: str = ""
    postal_code: str = ""
    postal_district: str = ""
    country_code: str = field(converter=in_code, metadata=rule(is_country))
    telephone: str = ""
    email: str = field(metadata=rule(is_email))
    website: str = field(default="", metadata=rule(is_url))
    language_code: str = field(converter=in_code, metadata=rule(is_language))


@define(kw_only=True)
class ClientContact(RequestModel):
    """One of ``contacts``. **Inferred**: the section was not captured; the deployment
    e-mail asks for primary, technical and accountant contacts with name and e-mail.
    """

    type: ContactType = field(converter=_contact_type)
    name: str = field(metadata=rule(_name))
    email: str = field(metadata=rule(is_email))
    phone: str | Omitted | None = OMITTED


@define(kw_only=True)
class ClientSettings(RequestModel):
    """Schema "Client Settings" (schemas.md §4, page not captured). **Inferred**: key
    ``settings`` of the client request, carrying the accounting system in use (the
    deployment e-mail asks for it). Sent only when given.
    """

    accounting_system: str | Omitted | None = OMITTED


@define(kw_only=True)
class ClientCreateRequest(RequestModel):
    """The body of ``POST /api/v1/partner/client``: ``service``, ``client``, ``contacts``.

    Schema "ClientCreateRequest" (schemas.md §5).
    """

    service: ClientService
    client: ClientDetails
    contacts: list[ClientContact] | Omitted | None = OMITTED
    settings: ClientSettings | Omitted | None = OMITTED


@frozen
class ClientCreated:
    """What ``POST /client`` answered. The response was not captured: the onboarding
    introduction promises a client id, a customer code, a payment reference prefix and
    the initial API key, under names the docs do not give. The SDK reads the usual
    spellings (see ``api/onboarding.py``); ``data`` holds the body with the key removed.
    """

    client_id: str | None = None
    customer_code: str | None = None
    payment_reference_prefix: str | None = None
    api_key: str | None = field(default=None, repr=False)
    data: dict[str, Any] = field(factory=dict, repr=False)


@frozen
class TokenValidation:
    """``GET /validate``: ``{"isValid": true, "message": "Token is valid"}``.

    Schema "TokenValidation" (schemas.md §5).
    """

    is_valid: bool
    message: str | None = None


@frozen
class RenewedToken:
    """The new API key from ``GET /renew`` (documented body ``{"Message": "<key>"}``).

    ``applied`` tells whether the client already switched to it. The key never shows in
    ``repr``; store it as a secret.

    Schema "TokenRenewal" (schemas.md §5).
    """

    api_key: str = field(repr=False)
    applied: bool = False
