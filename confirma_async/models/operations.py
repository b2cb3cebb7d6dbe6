"""Operations (operations.md): the Finvoice credentials of the client.

The endpoint and its schema ("Finvoice Credentials Response") were not captured, so the
response is kept as the JSON object the server sent. It may hold credentials: it never
shows in ``repr`` and is never logged.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from attrs import field, frozen

__all__ = ["FinvoiceCredentials"]


@frozen
class FinvoiceCredentials(Mapping[str, Any]):
    """The body of *Retrieve Finvoice Credentials*, readable as a mapping
    (``credentials["..."]``) until the schema is known.
    """

    data: dict[str, Any] = field(factory=dict, repr=False)

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)
