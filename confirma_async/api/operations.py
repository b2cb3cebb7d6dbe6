"""Operations: Retrieve Finvoice Credentials.

Documented (Operations overview, ``developer-partnerapi.confirmafinance.com/overview-363582m0``):
the call takes a Finnish Business ID (Y-tunnus), is read-only, and answers with an array
of e-invoicing address records (``FinvoiceCredential``). INFERRED, because the page
gives neither: the method (GET, as a read-only call), the path
(``FINVOICE_CREDENTIALS_PATH``) and the query parameter name that carries the Business
ID (``FINVOICE_CREDENTIALS_QUERY``). Correct those two constants if the service differs.
"""

from __future__ import annotations

from collections.abc import Mapping

from .._config import Timeout
from .._errors import ConfirmaValueError
from ..models.operations import FinvoiceCredential, business_id_problem
from ._resource import AsyncResource, request_options

__all__ = ["AsyncOperations", "FINVOICE_CREDENTIALS_PATH", "FINVOICE_CREDENTIALS_QUERY"]

#: INFERRED: the page names the operation, not its URL.
FINVOICE_CREDENTIALS_PATH = "/api/v1/partner/operations/finvoice-credentials"
#: INFERRED: the page says the call takes the Business ID, not under which query name.
FINVOICE_CREDENTIALS_QUERY = {"business_id": "businessId"}


class AsyncOperations(AsyncResource):
    """The "Operations" section of the API."""

    async def finvoice_credentials(
        self,
        business_id: str,
        *,
        timeout: float | Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> list[FinvoiceCredential]:
        """The e-invoicing addresses a Finnish company has registered in the Finvoice
        registry (``GET /api/v1/partner/operations/finvoice-credentials?businessId=`` —
        path and query name INFERRED).

        ``business_id`` is the Y-tunnus, ``NNNNNNN-N`` with its check digit; a malformed
        one raises ``ConfirmaValueError`` and nothing is sent. The answer is always a
        list (empty when the company has no registered address); choosing among several
        addresses is up to the caller.
        """
        problem = business_id_problem(business_id)
        if problem is not None:
            raise ConfirmaValueError("business_id", problem)
        return await self._get(
            FINVOICE_CREDENTIALS_PATH,
            cast_to=list[FinvoiceCredential],
            empty=list,
            params={FINVOICE_CREDENTIALS_QUERY["business_id"]: business_id},
            options=request_options(timeout, max_retries, extra_headers, extra_query),
        )
