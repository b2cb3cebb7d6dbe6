"""Onboarding: ``POST /client``, ``GET /validate``, ``GET /renew`` (onboarding.md).

The endpoints are marked "Developing" in the docs. Keys (the partner provisioning token,
the client's key, a renewed key, a new client's initial key) never reach logs: the
responses that carry one are sent with ``sensitive_response=True``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .. import serde
from .._config import Secret, Timeout, secret_arg
from .._core.transport import ApiKeyAuth, Response, Transport
from .._errors import ConfirmaError, ConfirmaValueError, ResponseDecodeError
from ..models.onboarding import ClientCreated, ClientCreateRequest, RenewedToken, TokenValidation
from ._resource import AsyncResource, request_options

__all__ = [
    "AsyncOnboarding",
    "CLIENT_PATH",
    "VALIDATE_PATH",
    "RENEW_PATH",
    "RENEW_KEY_FIELDS",
    "CLIENT_CREATED_FIELDS",
]

CLIENT_PATH = "/api/v1/partner/client"
VALIDATE_PATH = "/api/v1/partner/validate"
RENEW_PATH = "/api/v1/partner/renew"
# Where the renewed key is read from, first match wins. ``Message`` is the documented
# field (capital M); the others are the usual names, in case the service adds one.
RENEW_KEY_FIELDS = ("token", "apiKey", "accessToken", "Message")
# The create-client response was not captured: the usual spellings of the four values
# the onboarding introduction promises, first match wins (INFERRED).
CLIENT_CREATED_FIELDS: dict[str, tuple[str, ...]] = {
    "client_id": ("clientId", "id", "clientID"),
    "customer_code": ("customerCode", "confirmaCustomerCode", "clientCode"),
    "payment_reference_prefix": ("paymentReferencePrefix", "referencePrefix"),
    "api_key": ("apiKey", "token", "accessToken", "apiToken"),
}


def _pick(data: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    for name in names:
        value = data.get(name)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    return None


class AsyncOnboarding(AsyncResource):
    """Client creation (partner token) and the client key's validation and renewal."""

    def __init__(
        self,
        transport: Transport,
        *,
        provisioning_token: Secret | None = None,
        on_new_key: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(transport)
        self._provisioning_token = provisioning_token
        self._on_new_key = on_new_key

    async def create_client(
        self,
        request: ClientCreateRequest,
        *,
        provisioning_token: str | None = None,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> ClientCreated:
        """Register a new client (creditor) (``POST /api/v1/partner/client``).

        Sent with the **Partner Provisioning Token** as ``X-Api-Key`` instead of the
        client's key: pass ``provisioning_token=`` here or to the client constructor. The
        request is validated first (``client.email`` ...); nothing is sent when invalid.
        """
        token = self._token(provisioning_token)
        if not isinstance(request, ClientCreateRequest):
            raise ConfirmaValueError("request", "must be a ClientCreateRequest")
        request.validate()
        response = await self._call(
            "POST",
            CLIENT_PATH,
            json=serde.unstructure(request),
            options=request_options(timeout, max_retries, extra_headers, extra_query),
            sensitive_response=True,
            auth=ApiKeyAuth(token),
        )
        data = response.data if isinstance(response.data, Mapping) else {}
        key_names = CLIENT_CREATED_FIELDS["api_key"]
        return ClientCreated(
            client_id=_pick(data, CLIENT_CREATED_FIELDS["client_id"]),
            customer_code=_pick(data, CLIENT_CREATED_FIELDS["customer_code"]),
            payment_reference_prefix=_pick(data, CLIENT_CREATED_FIELDS["payment_reference_prefix"]),
            api_key=_pick(data, key_names),
            data={k: v for k, v in data.items() if k not in key_names},
        )

    async def validate_token(
        self,
        *,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> TokenValidation:
        """Whether the client's current key is valid (``GET /api/v1/partner/validate``).

        Returns ``TokenValidation(is_valid, message)``; a key the service rejects outright
        raises ``AuthenticationError`` (401), as on every endpoint.
        """
        return await self._get(
            VALIDATE_PATH,
            cast_to=TokenValidation,
            options=request_options(timeout, max_retries, extra_headers, extra_query),
        )

    async def renew_token(
        self,
        *,
        apply: bool = False,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> RenewedToken:
        """Renew the client's key (``GET /api/v1/partner/renew``); also for expired keys.

        The new key is read from the documented ``{"Message": "<key>"}`` (or a ``token``,
        ``apiKey`` or ``accessToken`` field if the service sends one). The old key may stop
        working at once, so pass ``apply=True`` to switch this client to the new key
        immediately (or call ``client.set_api_key(renewed.api_key)``). Store the new key
        as a secret: it is never logged and never in ``repr``.
        """
        response = await self._call(
            "GET",
            RENEW_PATH,
            options=request_options(timeout, max_retries, extra_headers, extra_query),
            sensitive_response=True,
            # A re-sent renewal could replace the key the lost answer carried: never retry
            # once the request may have reached the server.
            idempotent=False,
        )
        key = self._renewed_key(response)
        if apply:
            if self._on_new_key is None:
                raise ConfirmaError("this resource cannot switch its client's key")
            self._on_new_key(key)
        return RenewedToken(api_key=key, applied=apply)

    # --- helpers -------------------------------------------------------------------------

    def _token(self, given: str | None) -> Secret:
        if given is not None:
            return secret_arg("provisioning_token", given)
        if self._provisioning_token is None:
            raise ConfirmaValueError(
                "provisioning_token",
                "creating a client needs the Partner Provisioning Token: pass "
                "provisioning_token= to create_client() or to the client",
            )
        return self._provisioning_token

    @staticmethod
    def _renewed_key(response: Response) -> str:
        data = response.data
        if isinstance(data, Mapping):
            key = _pick(data, RENEW_KEY_FIELDS)
            if key is not None and not any(c.isspace() for c in key):
                return key
        # The message names the shape only: the body may hold a key.
        raise ResponseDecodeError(
            "renew response carries no new key (expected a non-empty 'Message')",
            json_path="$.Message",
            status=response.status,
            request_id=response.request_id,
        )
