"""Operations: Retrieve Finvoice Credentials (operations.md).

Only the menu entry was captured: the method (GET), path and response are INFERRED.
Correct ``FINVOICE_CREDENTIALS_PATH`` if the service differs.
"""

from __future__ import annotations

from collections.abc import Mapping

from .._config import Timeout
from .._errors import ResponseDecodeError
from ..models.operations import FinvoiceCredentials
from ._resource import AsyncResource

__all__ = ["AsyncOperations", "FINVOICE_CREDENTIALS_PATH"]

FINVOICE_CREDENTIALS_PATH = "/api/v1/partner/operations/finvoice-credentials"


class AsyncOperations(AsyncResource):
    """The "Operations" section of the API."""

    async def finvoice_credentials(
        self,
        *,
        timeout: float | Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> FinvoiceCredentials:
        """The client's Finvoice credentials
        (``GET /api/v1/partner/operations/finvoice-credentials`` — path INFERRED).

        The response schema was not captured: the JSON object is returned as a read-only
        mapping. It may hold credentials, so it is kept out of logs and ``repr``.
        """
        response = await self._call(
            "GET",
            FINVOICE_CREDENTIALS_PATH,
            timeout=timeout,
            extra_headers=extra_headers,
            extra_query=extra_query,
            sensitive_response=True,
        )
        data = response.data
        if data is None:
            return FinvoiceCredentials()
        if not isinstance(data, Mapping):
            raise ResponseDecodeError(
                "expected a JSON object",
                status=response.status,
                request_id=response.request_id,
            )
        return FinvoiceCredentials(data=dict(data))
