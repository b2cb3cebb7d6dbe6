"""``CollectionClient``: the blocking twin of ``AsyncCollectionClient`` (no logic here)."""

from __future__ import annotations

from .._sync import SyncClient, SyncResource, _options_of, mirror, mirror_iter, sub_resource
from ._client import AsyncCollectionClient
from .claims import AsyncClaims
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

    @_options_of(AsyncCollectionClient)
    def __init__(self) -> None:
        """The options of ``AsyncCollectionClient`` (except ``session``: this client owns
        its loop thread and session)."""
