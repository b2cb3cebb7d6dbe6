"""``CollectionClient``: the blocking twin of ``AsyncCollectionClient`` (no logic here)."""

from __future__ import annotations

import functools

from .._config import (
    DEFAULT_MAX_CONCURRENCY,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    Timeout,
)
from ..core.hooks import Hooks
from ..core.retry import RetryPolicy
from ..sync import SyncClient, SyncResource, mirror, mirror_iter, sub_resource
from .claims import AsyncClaims
from .client import AsyncCollectionClient
from .transactions import AsyncTransactions

__all__ = ["CollectionClient"]


class Claims(SyncResource[AsyncClaims]):
    create = mirror(AsyncClaims.create)
    search = mirror(AsyncClaims.search)
    iter_search = mirror_iter(AsyncClaims.iter_search)
    list_invoices = mirror(AsyncClaims.list_invoices)
    iter_invoices = mirror_iter(AsyncClaims.iter_invoices)
    list_costs = mirror(AsyncClaims.list_costs)
    iter_costs = mirror_iter(AsyncClaims.iter_costs)
    create_payment = mirror(AsyncClaims.create_payment)
    create_credit_waiver = mirror(AsyncClaims.create_credit_waiver)
    create_recall = mirror(AsyncClaims.create_recall)
    cancel_accounting_document = mirror(AsyncClaims.cancel_accounting_document)


class Transactions(SyncResource[AsyncTransactions]):
    list = mirror(AsyncTransactions.list)


class CollectionClient(SyncClient[AsyncCollectionClient]):
    """Blocking client with the same tree and names as ``AsyncCollectionClient``."""

    claims = sub_resource(Claims)
    transactions = sub_resource(Transactions)

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
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        proxy: str | None = None,
        trust_env: bool = True,
    ) -> None:
        self._start(
            functools.partial(
                AsyncCollectionClient,
                base_url=base_url,
                access_token=access_token,
                client_id=client_id,
                client_secret=client_secret,
                token_url=token_url,
                audience=audience,
                scope=scope,
                timeout=timeout,
                max_retries=max_retries,
                max_concurrency=max_concurrency,
                retry_policy=retry_policy,
                log_bodies=log_bodies,
                hooks=hooks,
                max_response_bytes=max_response_bytes,
                proxy=proxy,
                trust_env=trust_env,
            )
        )

    def __repr__(self) -> str:
        return f"CollectionClient(base_url={self._target.base_url!r})"

    @property
    def base_url(self) -> str:
        """The API root every request goes to (the SDK appends ``/v1/...``)."""
        return self._target.base_url
