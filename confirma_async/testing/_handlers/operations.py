"""Operations (``api/operations.py``): the Finvoice registry lookup."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from aiohttp import web

from ...models.operations import business_id_problem
from .._http import invalid_one, json_response
from .._world import stamp

if TYPE_CHECKING:
    from .._fake import FakeConfirma

__all__ = ["finvoice_credentials"]


async def finvoice_credentials(fake: FakeConfirma, request: web.Request) -> web.Response:
    """GET /operations/finvoice-credentials: a Business ID's e-invoice addresses."""
    # The documented shape (Operations overview): always an array of registry records
    # for the Business ID. The sandbox registry: every valid ID has one EDI address
    # (the Finnish OVT form "0037" + the ID's digits), except 0000000-0, which has none.
    business_id = request.query.get("businessId")
    if business_id is None:
        return invalid_one("businessId", "is required")
    problem = business_id_problem(business_id)
    if problem is not None:
        return invalid_one("businessId", problem)
    if business_id == "0000000-0":
        return json_response([])
    with fake._lock:
        modified = stamp(fake.world.today - timedelta(days=30), 9)
    return json_response([{
        "eInvoiceAddressName": f"Sandbox company {business_id}",
        "eInvoiceAddress": "0037" + business_id.replace("-", ""),
        "eInvoiceAddressType": "EDI",
        "eInvoiceOperatorId": "003799999999",
        "eInvoiceOperatorName": "Sandbox Operator Oy",
        "lastModified": modified,
    }])
