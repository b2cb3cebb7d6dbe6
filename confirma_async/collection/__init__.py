"""Client of the collection agency's claims API (the "Collection API").

``AsyncCollectionClient`` / ``CollectionClient``: base URL is the API root; the SDK
appends ``/v1/claims/...``. Authentication is ``Authorization: Bearer``.
"""

from .client import AsyncCollectionClient
from .sync import CollectionClient

__all__ = ["AsyncCollectionClient", "CollectionClient"]
