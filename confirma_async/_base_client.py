"""What both async clients share: their settings made into one ``Transport``, the
lifecycle (``async with``, ``close``), ``base_url`` and the views of ``ClientViews``."""

from __future__ import annotations

from types import TracebackType
from typing import TypeVar

import aiohttp
from yarl import URL

from ._config import Timeout, configure_logging_from_env, resolve_proxy
from ._core.hooks import Hooks
from ._core.retry import RetryPolicy
from ._core.transport import Auth, Transport
from .api._views import ClientViews

__all__ = ["AsyncBaseClient"]

C = TypeVar("C", bound="AsyncBaseClient")


class AsyncBaseClient(ClientViews):
    """One connection pool and its settings; a subclass names its credentials and
    ``_attach``-es its resource tree."""

    def __init__(
        self,
        *,
        base_url: URL,
        auth: Auth,
        timeout: float | Timeout,
        max_retries: int,
        max_concurrency: int,
        retry_policy: RetryPolicy | None,
        log_bodies: bool,
        session: aiohttp.ClientSession | None,
        hooks: Hooks | None,
        max_response_bytes: int,
        proxy: str | None,
        trust_env: bool,
    ) -> None:
        configure_logging_from_env()
        transport = Transport(
            base_url=base_url,
            auth=auth,
            timeout=Timeout.coerce(timeout),
            max_retries=max_retries,
            max_concurrency=max_concurrency,
            retry_policy=retry_policy,
            session=session,
            log_bodies=log_bodies,
            hooks=hooks,
            max_response_bytes=max_response_bytes,
            proxy=resolve_proxy(proxy, trust_env),
        )
        self._attach(transport)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={str(self._transport.base_url)!r})"

    @property
    def base_url(self) -> str:
        """The API root every request goes to."""
        return str(self._transport.base_url)

    async def __aenter__(self: C) -> C:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Release the connection pool (a caller-owned session stays open). Idempotent.

        On a view made by ``with_options`` it closes only the view (later calls on it raise
        ``ConfirmaError``); the client it came from and its other views carry on.
        """
        await self._transport.aclose()
