"""Auto-pagination that always ends, even when the server's page bookkeeping is partial."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, TypeVar

from ..models.collection.pages import Page

__all__ = ["iterate_pages", "paged"]

T = TypeVar("T")
logger = logging.getLogger("confirma_async")


async def iterate_pages(
    fetch: Callable[[int], Awaitable[Page[T]]], *, page_size: int, first_page: int = 1
) -> AsyncIterator[T]:
    """Yield the items of ``fetch(1)``, ``fetch(2)``, ... until the data says it is done.

    Stops at the first of: an empty page; ``currentPage >= totalPages``; as many items
    seen as ``totalItems``; a page identical to the previous one (a server that ignores
    ``page`` would otherwise make this loop forever); or, only when the server gives
    neither total, a page shorter than its ``pageSize`` (else the one asked for). A server
    that serves smaller pages than asked for, and says how many there are, is read to the
    end.
    """
    number = first_page
    seen = 0
    previous: list[T] | None = None
    while True:
        page = await fetch(number)
        items = page.items
        if not items:
            return
        if previous is not None and items == previous:
            logger.warning("page %d repeats page %d; stopping pagination", number, number - 1)
            return
        for item in items:
            yield item
        seen += len(items)
        info = page.pagination
        if info.total_pages is not None and number >= info.total_pages:
            return
        if info.total_items is not None and seen >= info.total_items:
            return
        if info.total_pages is None and info.total_items is None:
            if len(items) < (info.page_size or page_size):
                return
        previous = items
        number += 1


def paged(
    list_page: Callable[..., Awaitable[Page[T]]], /, *args: Any, page_size: int, **kwargs: Any
) -> AsyncIterator[T]:
    """Every item of ``list_page(*args, page=n, page_size=page_size, **kwargs)``, n = 1, 2, ...

    ``list_page`` is a resource's one-page method; it validates its own arguments.
    """

    async def fetch(number: int) -> Page[T]:
        return await list_page(*args, page=number, page_size=page_size, **kwargs)

    return iterate_pages(fetch, page_size=page_size)
