"""``AsyncCollectionClient``: the claims API over the shared transport."""

from __future__ import annotations

from types import TracebackType

import aiohttp

from .._config import (
    DEFAULT_MAX_CONCURRENCY,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    Secret,
    Timeout,
    check_base_url,
)
from .._errors import ConfirmaValueError
from ..core.retry import RetryPolicy
from ..core.transport import Transport
from ._auth import BearerAuth
from .claims import AsyncClaims

__all__ = ["AsyncCollectionClient"]


class AsyncCollectionClient:
    """Async client of the collection agency's claims API.

    ``base_url`` is the API root handed out with the credentials; the SDK appends
    ``/v1/claims/...``. Entering the client does no network I/O.
    """

    claims: AsyncClaims

    def __init__(
        self,
        *,
        base_url: str,
        access_token: str | None = None,
        timeout: float | Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        retry_policy: RetryPolicy | None = None,
        log_bodies: bool = False,
        session: aiohttp.ClientSession | None = None,
    ) -> None:
        if not isinstance(access_token, str) or not access_token.strip():
            raise ConfirmaValueError("access_token", "a bearer access token is required")
        self._transport = Transport(
            base_url=check_base_url(base_url),
            auth=BearerAuth(Secret(access_token.strip())),
            timeout=Timeout.coerce(timeout),
            max_retries=max_retries,
            max_concurrency=max_concurrency,
            retry_policy=retry_policy,
            session=session,
            log_bodies=log_bodies,
        )
        self.claims = AsyncClaims(self._transport)

    def __repr__(self) -> str:
        return f"AsyncCollectionClient(base_url={str(self._transport.base_url)!r})"

    @property
    def base_url(self) -> str:
        return str(self._transport.base_url)

    async def __aenter__(self) -> AsyncCollectionClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Release the connection pool. Idempotent."""
        await self._transport.aclose()
