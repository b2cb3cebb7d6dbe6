"""Claims: ``/v1/claims/...`` of the collection API (one method per endpoint)."""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Mapping
from typing import Any, TypeVar

from .. import serde
from .._config import Timeout
from .._core.pagination import paged
from .._core.transport import QueryValue, path_segment
from .._errors import ConfirmaValueError
from ..api._resource import AsyncResource, RequestOptions, check_positive_int, request_options
from ..models._validate import RequestModel
from ..models.collection.claims import ClaimReceipt, ClaimRequest, ClaimSearchResult
from ..models.collection.contracts import ClaimInvoice
from ..models.collection.costs import ClaimCost
from ..models.collection.pages import Page
from ..models.collection.payments import (
    ClaimCancellationRequest,
    ClaimCreditWaiverRequest,
    ClaimPaymentRequest,
    ClaimRecallRequest,
)

__all__ = ["AsyncClaims", "claim_path", "CLAIMS_PATH"]

CLAIMS_PATH = "/v1/claims"
SEARCH_PATH = "/v1/claims/search"
# A claim's own endpoints, below /v1/claims/{claimNumber}/ (see claim_path).
INVOICES_SUFFIX = "invoices"
COSTS_SUFFIX = "costs"
PAYMENTS_SUFFIX = "payments"
CREDIT_WAIVERS_SUFFIX = "creditWaivers"
RECALLS_SUFFIX = "recalls"
CANCELLATIONS_SUFFIX = "accountingDocuments/cancellations"

T = TypeVar("T")


def claim_path(claim_number: str, suffix: str) -> str:
    segment = path_segment("claim_number", claim_number)
    if len(claim_number) > 40:
        raise ConfirmaValueError("claim_number", "must be at most 40 characters")
    return f"{CLAIMS_PATH}/{segment}/{suffix}"


def _check_request(name: str, value: Any, cls: type[RequestModel]) -> None:
    """A request of the right class whose whole body is valid (else nothing is sent)."""
    if not isinstance(value, cls):
        raise ConfirmaValueError(name, f"must be a {cls.__name__}")
    value.validate()


def _optional_text(name: str, value: str | None) -> str | None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise ConfirmaValueError(name, "must be a non-empty string")
    return value


class AsyncClaims(AsyncResource):
    """Claims handed over to the collection agency.

    Writes answer only with a ``ClaimReceipt`` (``requestId``); their outcome arrives later
    in ``transactions.list`` as a confirmation or rejection. A write is never re-sent once
    it may have reached the server.
    """

    # --- writes --------------------------------------------------------------------------

    async def create(
        self,
        claim: ClaimRequest,
        *,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> ClaimReceipt:
        """Hand a claim over for collection (``POST /v1/claims``, 202 Accepted).

        The new claim number arrives later as a ``CONFIRMATION`` in ``transactions.list``.
        """
        _check_request("claim", claim, ClaimRequest)
        return await self._post(
            CLAIMS_PATH,
            body=serde.unstructure(claim),
            cast_to=ClaimReceipt,
            options=request_options(timeout, max_retries, extra_headers, extra_query),
        )

    async def create_payment(
        self,
        claim_number: str,
        payment: ClaimPaymentRequest,
        *,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> ClaimReceipt:
        """Report a payment the debtor made to the client
        (``POST /v1/claims/{claimNumber}/payments``)."""
        path = claim_path(claim_number, PAYMENTS_SUFFIX)
        _check_request("payment", payment, ClaimPaymentRequest)
        return await self._post(
            path,
            body=serde.unstructure(payment),
            cast_to=ClaimReceipt,
            options=request_options(timeout, max_retries, extra_headers, extra_query),
        )

    async def create_credit_waiver(
        self,
        claim_number: str,
        credit_waiver: ClaimCreditWaiverRequest,
        *,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> ClaimReceipt:
        """Forgive part of the debt (``POST /v1/claims/{claimNumber}/creditWaivers``)."""
        path = claim_path(claim_number, CREDIT_WAIVERS_SUFFIX)
        _check_request("credit_waiver", credit_waiver, ClaimCreditWaiverRequest)
        return await self._post(
            path,
            body=serde.unstructure(credit_waiver),
            cast_to=ClaimReceipt,
            options=request_options(timeout, max_retries, extra_headers, extra_query),
        )

    async def create_recall(
        self,
        claim_number: str,
        recall: ClaimRecallRequest | None = None,
        *,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> ClaimReceipt:
        """Withdraw a claim (``POST /v1/claims/{claimNumber}/recalls``).

        Without ``recall`` the whole claim is recalled (the documented empty body ``{}``);
        with a ``ClaimRecallRequest`` only the invoice it names.
        """
        path = claim_path(claim_number, RECALLS_SUFFIX)
        if recall is not None:
            _check_request("recall", recall, ClaimRecallRequest)
        body: Any = {} if recall is None else serde.unstructure(recall)
        return await self._post(
            path,
            body=body,
            cast_to=ClaimReceipt,
            options=request_options(timeout, max_retries, extra_headers, extra_query),
        )

    async def cancel_accounting_document(
        self,
        claim_number: str,
        cancellation: ClaimCancellationRequest,
        *,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> ClaimReceipt:
        """Cancel an earlier payment or credit waiver
        (``POST /v1/claims/{claimNumber}/accountingDocuments/cancellations``)."""
        path = claim_path(claim_number, CANCELLATIONS_SUFFIX)
        _check_request("cancellation", cancellation, ClaimCancellationRequest)
        return await self._post(
            path,
            body=serde.unstructure(cancellation),
            cast_to=ClaimReceipt,
            options=request_options(timeout, max_retries, extra_headers, extra_query),
        )

    # --- reads ---------------------------------------------------------------------------

    async def _page(
        self,
        path: str,
        item: type[T],
        params: Mapping[str, QueryValue],
        page: int,
        page_size: int,
        options: RequestOptions,
    ) -> Page[T]:
        check_positive_int("page", page)
        check_positive_int("page_size", page_size)
        response = await self._call(
            "GET",
            path,
            params={**params, "page": page, "pageSize": page_size},
            options=options,
        )
        if response.empty:
            return Page()
        if response.body.lstrip()[:1] == b"[":
            # The un-paged variant (a bare array, e.g. of costs, whose paging is only
            # inferred): every record it holds is kept. The iterators still stop on a
            # short or a repeated page, so a server that ignores paging ends the loop.
            items: list[T] = response.decode(list[item])  # type: ignore[valid-type]
            return Page(items=items)
        result: Page[T] = response.decode(Page[item])  # type: ignore[valid-type]
        return result

    @staticmethod
    def _every(
        list_page: Callable[..., Awaitable[Page[T]]],
        /,
        *args: Any,
        page_size: int,
        options: RequestOptions,
        **filters: Any,
    ) -> AsyncIterator[T]:
        """Every item of ``list_page``'s pages, page after page, until the data ends."""
        return paged(list_page, *args, page_size=page_size, **filters, **options.keywords())

    async def search(
        self,
        *,
        claim_number: str | None = None,
        customer_number: str | None = None,
        contract_number: str | None = None,
        invoice_number: str | None = None,
        ssn: str | None = None,
        page: int = 1,
        page_size: int = 10,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> Page[ClaimSearchResult]:
        """One page of claims matching the filters (``GET /v1/claims/search``).

        ``ssn`` (a personal id) travels in the query string; it is never logged.
        """
        filters = {
            "claimNumber": _optional_text("claim_number", claim_number),
            "customerNumber": _optional_text("customer_number", customer_number),
            "contractNumber": _optional_text("contract_number", contract_number),
            "invoiceNumber": _optional_text("invoice_number", invoice_number),
            "ssn": _optional_text("ssn", ssn),
        }
        return await self._page(
            SEARCH_PATH, ClaimSearchResult, filters, page, page_size,
            request_options(timeout, max_retries, extra_headers, extra_query),
        )

    async def iter_search(
        self,
        *,
        claim_number: str | None = None,
        customer_number: str | None = None,
        contract_number: str | None = None,
        invoice_number: str | None = None,
        ssn: str | None = None,
        page_size: int = 10,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> AsyncGenerator[ClaimSearchResult, None]:
        """Every claim matching the filters, page after page (``GET /v1/claims/search``)."""
        async for result in self._every(
            self.search,
            claim_number=claim_number,
            customer_number=customer_number,
            contract_number=contract_number,
            invoice_number=invoice_number,
            ssn=ssn,
            page_size=page_size,
            options=request_options(timeout, max_retries, extra_headers, extra_query),
        ):
            yield result

    async def list_invoices(
        self,
        claim_number: str,
        *,
        page: int = 1,
        page_size: int = 10,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> Page[ClaimInvoice]:
        """One page of a claim's invoices (``GET /v1/claims/{claimNumber}/invoices``)."""
        path = claim_path(claim_number, INVOICES_SUFFIX)
        return await self._page(
            path, ClaimInvoice, {}, page, page_size,
            request_options(timeout, max_retries, extra_headers, extra_query),
        )

    async def iter_invoices(
        self,
        claim_number: str,
        *,
        page_size: int = 10,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> AsyncGenerator[ClaimInvoice, None]:
        """Every invoice of a claim, fetching page after page until the data ends."""
        async for invoice in self._every(
            self.list_invoices, claim_number, page_size=page_size,
            options=request_options(timeout, max_retries, extra_headers, extra_query),
        ):
            yield invoice

    async def list_costs(
        self,
        claim_number: str,
        *,
        page: int = 1,
        page_size: int = 10,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> Page[ClaimCost]:
        """One page of a claim's costs (``GET /v1/claims/{claimNumber}/costs``).

        Paging like the invoices endpoint is assumed (the docs' page was only partly read);
        an un-paged answer (a bare array, or an object without ``pagination``) is read
        whole as one page with empty ``pagination``.
        """
        path = claim_path(claim_number, COSTS_SUFFIX)
        return await self._page(
            path, ClaimCost, {}, page, page_size,
            request_options(timeout, max_retries, extra_headers, extra_query),
        )

    async def iter_costs(
        self,
        claim_number: str,
        *,
        page_size: int = 10,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> AsyncGenerator[ClaimCost, None]:
        """Every cost of a claim, page after page (``GET /v1/claims/{claimNumber}/costs``)."""
        async for cost in self._every(
            self.list_costs, claim_number, page_size=page_size,
            options=request_options(timeout, max_retries, extra_headers, extra_query),
        ):
            yield cost
