"""Claims: ``/v1/claims/...`` of the collection API."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from urllib.parse import quote

from .._config import Timeout
from .._errors import ConfirmaValueError
from ..api._resource import AsyncResource, check_positive_int
from ..core.pagination import iterate_pages
from ..models.claims import ClaimInvoice, Page

__all__ = ["AsyncClaims", "claim_path"]


def claim_path(claim_number: str, suffix: str) -> str:
    if not isinstance(claim_number, str) or not claim_number.strip():
        raise ConfirmaValueError("claim_number", "must be a non-empty string")
    if len(claim_number) > 40:
        raise ConfirmaValueError("claim_number", "must be at most 40 characters")
    return f"/v1/claims/{quote(claim_number.strip(), safe='')}/{suffix}"


class AsyncClaims(AsyncResource):
    """Claims handed over to the collection agency."""

    async def list_invoices(
        self,
        claim_number: str,
        *,
        page: int = 1,
        page_size: int = 10,
        timeout: float | Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> Page[ClaimInvoice]:
        """One page of a claim's invoices (``GET /v1/claims/{claimNumber}/invoices``)."""
        path = claim_path(claim_number, "invoices")
        check_positive_int("page", page)
        check_positive_int("page_size", page_size)
        response = await self._call(
            "GET",
            path,
            params={"page": page, "pageSize": page_size},
            timeout=timeout,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        result: Page[ClaimInvoice] = self._decode(response, Page[ClaimInvoice])
        return result

    async def iter_invoices(
        self,
        claim_number: str,
        *,
        page_size: int = 10,
        timeout: float | Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> AsyncIterator[ClaimInvoice]:
        """Every invoice of a claim, fetching page after page until the data ends."""
        claim_path(claim_number, "invoices")
        check_positive_int("page_size", page_size)

        async def fetch(number: int) -> Page[ClaimInvoice]:
            return await self.list_invoices(
                claim_number,
                page=number,
                page_size=page_size,
                timeout=timeout,
                extra_headers=extra_headers,
                extra_query=extra_query,
            )

        async for invoice in iterate_pages(fetch, page_size=page_size):
            yield invoice
