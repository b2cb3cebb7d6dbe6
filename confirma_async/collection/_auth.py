"""Bearer-token authentication for the collection API."""

from __future__ import annotations

from collections.abc import Mapping

from .._config import Secret

__all__ = ["BearerAuth"]


class BearerAuth:
    """A token the caller already has; it cannot be renewed by the SDK."""

    def __init__(self, token: Secret) -> None:
        self._token = token

    async def headers(self) -> Mapping[str, str]:
        return {"Authorization": f"Bearer {self._token.get()}"}

    async def renew(self) -> bool:
        return False

    def header_names(self) -> frozenset[str]:
        return frozenset({"authorization"})

    def __repr__(self) -> str:
        return "BearerAuth(token=**********)"
