"""``AsyncCollectionClient``: the claims API over the shared transport."""

from __future__ import annotations

import aiohttp

from .._base_client import AsyncBaseClient
from .._config import (
    DEFAULT_MAX_CONCURRENCY,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    Timeout,
    check_base_url,
    check_header_value,
    secret_arg,
)
from .._core.hooks import Hooks
from .._core.retry import RetryPolicy
from .._core.transport import Transport
from .._errors import ConfirmaValueError
from ._auth import BearerAuth, ClientCredentialsAuth
from .claims import AsyncClaims
from .transactions import AsyncTransactions

__all__ = ["AsyncCollectionClient"]


class AsyncCollectionClient(AsyncBaseClient):
    """Async client of the collection agency's claims API.

    ``base_url`` is the API root handed out with the credentials; the SDK appends
    ``/v1/claims/...`` and ``/v1/transactions``. Authenticate with either a ready
    ``access_token`` or OAuth2 client credentials (``client_id``, ``client_secret``,
    ``token_url`` and usually ``audience``); the token is then fetched on the first call,
    cached until shortly before it expires and renewed once after a 401. Entering the
    client does no network I/O. ``with_options(...)`` and ``with_raw_response`` work as on
    ``AsyncConfirmaClient``; ``proxy``/``trust_env`` too (the token request included).
    """

    claims: AsyncClaims
    transactions: AsyncTransactions

    def __init__(
        self,
        *,
        base_url: str,
        access_token: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        token_url: str | None = None,
        audience: str | None = None,
        scope: str | None = None,
        timeout: float | Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        retry_policy: RetryPolicy | None = None,
        log_bodies: bool = False,
        hooks: Hooks | None = None,
        session: aiohttp.ClientSession | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        proxy: str | None = None,
        trust_env: bool = True,
    ) -> None:
        auth = _make_auth(
            access_token=access_token,
            client_id=client_id,
            client_secret=client_secret,
            token_url=token_url,
            audience=audience,
            scope=scope,
        )
        super().__init__(
            base_url=check_base_url(base_url),
            auth=auth,
            timeout=timeout,
            max_retries=max_retries,
            max_concurrency=max_concurrency,
            retry_policy=retry_policy,
            log_bodies=log_bodies,
            session=session,
            hooks=hooks,
            max_response_bytes=max_response_bytes,
            proxy=proxy,
            trust_env=trust_env,
        )
        if isinstance(auth, ClientCredentialsAuth):
            # Token requests go through this client's own settings, also from its views.
            auth.bind(self._transport)

    def _attach(self, transport: Transport) -> None:
        self._transport = transport
        self.claims = AsyncClaims(transport)
        self.transactions = AsyncTransactions(transport)


def _make_auth(
    *,
    access_token: str | None,
    client_id: str | None,
    client_secret: str | None,
    token_url: str | None,
    audience: str | None,
    scope: str | None,
) -> BearerAuth | ClientCredentialsAuth:
    """A given token, or client credentials; anything missing or mixed is named."""
    oauth = {"client_id": client_id, "client_secret": client_secret, "token_url": token_url}
    given = [name for name, value in oauth.items() if value is not None]
    if access_token is not None:
        if given or audience is not None or scope is not None:
            extra = given[0] if given else ("audience" if audience is not None else "scope")
            raise ConfirmaValueError(
                extra, "pass either access_token or client credentials, not both"
            )
        return BearerAuth(secret_arg("access_token", access_token))
    if not given:
        raise ConfirmaValueError(
            "access_token",
            "no credentials: pass access_token= or client_id=, client_secret= and token_url=",
        )
    for name, value in oauth.items():
        if value is None:
            raise ConfirmaValueError(name, "is required with OAuth2 client credentials")
    return ClientCredentialsAuth(
        client_id=check_header_value("client_id", client_id),
        client_secret=secret_arg("client_secret", client_secret),
        token_url=check_base_url(
            check_header_value("token_url", token_url), "token_url", keep_query=True
        ),
        audience=None if audience is None else check_header_value("audience", audience),
        scope=None if scope is None else check_header_value("scope", scope),
    )
