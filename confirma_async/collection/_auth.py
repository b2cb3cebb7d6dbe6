"""Bearer-token authentication for the collection API: a given token, or OAuth2 client
credentials fetched from the token endpoint, cached, and renewed by one request at a time.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import time
from collections.abc import Mapping

from yarl import URL

from .._config import Secret, check_header_value
from .._core.transport import Response, Transport
from .._errors import ConfirmaValueError, ResponseDecodeError
from ..models.collection.auth import OAuthToken

__all__ = ["BearerAuth", "ClientCredentialsAuth"]

logger = logging.getLogger("confirma_async")

#: A token is renewed this long before it expires (at most a tenth of its lifetime).
REFRESH_MARGIN = 60.0
#: ``expires_in`` must lie in [0, MAX_EXPIRES_IN] seconds (one year): anything else is
#: nonsense and a ResponseDecodeError. A token is used for at most MAX_TOKEN_LIFETIME
#: seconds (a day), whatever the endpoint promised.
MAX_EXPIRES_IN = 365 * 86400
MAX_TOKEN_LIFETIME = 86400.0
#: A token is kept for at least this many seconds, whatever the endpoint promised (an
#: ``expires_in`` of 0 would otherwise cost a token request before every call); if the API
#: refuses it sooner, the 401 renews it once.
MIN_TOKEN_LIFETIME = 30.0

# The clock the token cache reads; a module attribute so tests can move time.
_clock = time.monotonic

# The token the current task last sent: after a 401, only *that* token is stale, so
# concurrent calls refused with the same token share one renewal.
_sent_token: contextvars.ContextVar[Secret | None] = contextvars.ContextVar(
    "confirma_sent_token", default=None
)


def _bearer(token: Secret) -> Mapping[str, Secret]:
    return {"Authorization": Secret("Bearer " + token.get())}


class BearerAuth:
    """A token the caller already has; it cannot be renewed by the SDK."""

    def __init__(self, token: Secret) -> None:
        self._headers = _bearer(token)

    async def headers(self) -> Mapping[str, Secret]:
        return self._headers

    async def renew(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "BearerAuth(token=**********)"


class ClientCredentialsAuth:
    """OAuth2 client credentials (``grant_type=client_credentials``, form-encoded POST).

    The token is fetched on the first call (never on entering the client), cached until
    shortly before ``expires_in`` runs out, and fetched by exactly one request however many
    calls need it at once. After a 401 the transport calls ``renew()`` once. The token
    request goes through the client's own transport (timeouts, error mapping, logging),
    unauthenticated and with both bodies kept out of logs.
    """

    def __init__(
        self,
        *,
        client_id: str,
        client_secret: Secret,
        token_url: URL,
        audience: str | None = None,
        scope: str | None = None,
    ) -> None:
        self._client_id = client_id
        self._client_secret = client_secret
        self.token_url = token_url
        self._audience = audience
        self._scope = scope
        self._transport: Transport | None = None
        self._token: Secret | None = None
        self._headers: Mapping[str, Secret] = {}
        self._expires_at = 0.0
        self._lock: asyncio.Lock | None = None

    def bind(self, transport: Transport) -> None:
        """Use ``transport`` (the client's own) for token requests."""
        self._transport = transport

    def __repr__(self) -> str:
        return (
            f"ClientCredentialsAuth(client_id={self._client_id!r}, "
            f"token_url={str(self.token_url)!r}, client_secret=**********)"
        )

    async def headers(self) -> Mapping[str, Secret]:
        token = self._token
        if token is None or _clock() >= self._expires_at:
            token = await self._refresh(stale=token)
        _sent_token.set(token)
        return self._headers

    async def renew(self) -> bool:
        """The server refused the token this task sent: get a new one (one request for all)."""
        await self._refresh(stale=_sent_token.get(), force=True)
        return True

    async def _refresh(self, *, stale: Secret | None, force: bool = False) -> Secret:
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            current = self._token
            # Another task renewed while this one waited: use its token.
            if current is not None and current is not stale:
                return current
            if current is not None and not force and _clock() < self._expires_at:
                return current
            return await self._fetch()

    async def _fetch(self) -> Secret:
        if self._transport is None:
            raise RuntimeError("ClientCredentialsAuth is not bound to a transport")
        # The secret stays a Secret until the transport writes the body.
        form: dict[str, str | Secret] = {
            "grant_type": "client_credentials",
            "client_id": self._client_id,
            "client_secret": self._client_secret,
        }
        if self._audience is not None:
            form["audience"] = self._audience
        if self._scope is not None:
            form["scope"] = self._scope
        started = _clock()
        response = await self._transport.request(
            "POST",
            self.token_url,
            form=form,
            authenticate=False,
            sensitive_request=True,
            sensitive_response=True,
        )
        answer: OAuthToken = response.decode(OAuthToken)
        try:
            token = Secret(check_header_value("access_token", answer.access_token))
        except ConfirmaValueError:
            raise _unusable(response, "access_token", "an unusable access_token") from None
        lifetime = _lifetime(answer.expires_in, response)
        self._token = token
        self._headers = _bearer(token)
        self._expires_at = started + lifetime - min(REFRESH_MARGIN, lifetime / 10)
        logger.debug("fetched an access token (expires in %ss)", answer.expires_in)
        return token


def _lifetime(expires_in: int | None, response: Response) -> float:
    """Seconds to use the token: ``expires_in`` checked, then clamped to 30 s .. a day."""
    if expires_in is None:
        return float("inf")  # kept until the API refuses it (then renew() runs)
    if not 0 <= expires_in <= MAX_EXPIRES_IN:
        raise _unusable(
            response, "expires_in", f"an expires_in outside 0..{MAX_EXPIRES_IN} seconds"
        )
    return min(max(float(expires_in), MIN_TOKEN_LIFETIME), MAX_TOKEN_LIFETIME)


def _unusable(response: Response, field: str, what: str) -> ResponseDecodeError:
    return ResponseDecodeError(
        f"the token endpoint sent {what}",
        json_path=f"$.{field}",
        status=response.status,
        request_id=response.request_id,
    )
