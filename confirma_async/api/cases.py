"""Case details: ``GET /api/v1/partner/invoice/case``."""

from __future__ import annotations

from collections.abc import Mapping

from .._config import Timeout
from .._errors import NotFoundError
from ..models.cases import Case, CaseEnvelope
from ._resource import AsyncResource, check_positive_int

__all__ = ["AsyncCases", "CASES_PATH", "CASES_QUERY"]

CASES_PATH = "/api/v1/partner/invoice/case"
# Query names are not in the docs (ARCHITECTURE §3): kept here so a correction is one line.
CASES_QUERY = {"case_id": "caseId", "invoice_number": "invoiceNumber"}


class AsyncCases(AsyncResource):
    """Agency cases of submitted invoices."""

    async def list(
        self,
        *,
        case_id: int | None = None,
        invoice_number: int | None = None,
        timeout: float | Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> list[Case]:
        """Case details matching the filters (``GET /api/v1/partner/invoice/case``).

        Accepts both response shapes: ``{"case": {...}}`` and ``{"cases": [...]}``.
        """
        if case_id is not None:
            check_positive_int("case_id", case_id)
        if invoice_number is not None:
            check_positive_int("invoice_number", invoice_number)
        response = await self._call(
            "GET",
            CASES_PATH,
            params={CASES_QUERY["case_id"]: case_id, CASES_QUERY["invoice_number"]: invoice_number},
            timeout=timeout,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        if response.data is None:
            return []
        envelope: CaseEnvelope = self._decode(response, CaseEnvelope)
        return envelope.all()

    async def get(
        self,
        case_id: int,
        *,
        timeout: float | Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> Case:
        """One case by its agency case id (``GET /api/v1/partner/invoice/case?caseId=``).

        Raises ``NotFoundError`` when the server has no such case.
        """
        check_positive_int("case_id", case_id)
        cases = await self.list(
            case_id=case_id,
            timeout=timeout,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        for case in cases:
            if case.summary.case_id == case_id:
                return case
        raise NotFoundError(
            f"case {case_id} not found", status=404, method="GET", path=CASES_PATH
        )
