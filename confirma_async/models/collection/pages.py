"""One page of a paged collection API list (search, invoices and costs of a claim).

Doc sections: claims.md §1.6 "Pagination" and §4.10 "Pagination". The free-form
``additionalProperties`` objects the server sends (on ``pagination`` and the page itself)
are kept whole as read-only ``FrozenMapping``s.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from attrs import field, frozen

from .._base import FrozenMapping

__all__ = [
    "Pagination",
    "Page",
]


T = TypeVar("T")


@frozen
class Pagination:
    """Page bookkeeping.

    The docs call all four fields required; the real example sends only ``totalItems``.

    Schema "Pagination" (claims.md §4.10).
    """

    total_items: int | None = None
    page_size: int | None = None
    current_page: int | None = None
    total_pages: int | None = None
    additional_properties: FrozenMapping = field(factory=FrozenMapping)


@frozen
class Page(Generic[T]):
    """One page: ``items``, ``pagination`` and the page's own free-form
    ``additionalProperties`` object."""

    items: list[T] = field(factory=list)
    pagination: Pagination = field(factory=Pagination)
    additional_properties: FrozenMapping = field(factory=FrozenMapping)
