"""``CollectionClient``: the blocking twin of ``AsyncCollectionClient`` (no logic here)."""

from __future__ import annotations

import functools

from .._config import DEFAULT_MAX_CONCURRENCY, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, Timeout
from ..core.retry import RetryPolicy
from ..sync import SyncClient, SyncResource, mirror, mirror_iter, sub_resource
from .claims import AsyncClaims
from .client import AsyncCollectionClient

__all__ = ["CollectionClient"]


class Claims(SyncResource[AsyncClaims]):
    list_invoices = mirror(AsyncClaims.list_invoices)
    iter_invoices = mirror_iter(AsyncClaims.iter_invoices)


class CollectionClient(SyncClient[AsyncCollectionClient]):
    """Blocking client with the same tree and names as ``AsyncCollectionClient``."""

    claims = sub_resource(Claims)

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
    ) -> None:
        self._start(
            functools.partial(
                AsyncCollectionClient,
                base_url=base_url,
                access_token=access_token,
                timeout=timeout,
                max_retries=max_retries,
                max_concurrency=max_concurrency,
                retry_policy=retry_policy,
                log_bodies=log_bodies,
            )
        )

    def __repr__(self) -> str:
        return f"CollectionClient(base_url={self._target.base_url!r})"
