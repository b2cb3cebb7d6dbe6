"""Client of the collection agency's claims API (the "Collection API").

``AsyncCollectionClient`` / ``CollectionClient``: base URL is the API root; the SDK
appends ``/v1/claims/...``. Authentication is ``Authorization: Bearer``.
"""

from ._client import AsyncCollectionClient
from ._sync import CollectionClient

__all__ = ["AsyncCollectionClient", "CollectionClient"]
