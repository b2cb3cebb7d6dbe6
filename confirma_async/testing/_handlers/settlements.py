"""Settlements (``api/settlements.py``): ``GET /settlements``."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .._checks import Checker
from .._http import invalid, json_response, query_window
from .._world import AGENCY, Settlement, World, stamp

if TYPE_CHECKING:
    from .._fake import FakeConfirma

__all__ = ["get_settlements", "settlement_json"]


async def get_settlements(fake: FakeConfirma, request: web.Request) -> web.Response:
    """GET /settlements: a period (default the last 30 days); marks them fetched."""
    c = Checker()
    start, end = query_window(c, request, "fromDate", "toDate")
    flag = request.query.get("unfetchedOnly", "false").lower()
    if flag not in ("true", "false"):
        c.fail("unfetchedOnly", "must be true or false")
    if c:
        return invalid(c)
    with fake._lock:
        if start is None and end is None:  # documented: the last 30 days
            start = fake.world.today - timedelta(days=30)
        now = stamp(fake.world.today, 12)
        chosen = [s for s in fake.world.settlements
                  if (start is None or s.day >= start) and (end is None or s.day <= end)
                  and (flag == "false" or s.fetched_at is None)]
        body = {"createdAt": now, "settlements": [settlement_json(fake.world, s) for s in chosen]}
        for settlement in chosen:
            settlement.fetched_at = settlement.fetched_at or now
    return json_response(body)


def settlement_json(world: World, s: Settlement) -> dict[str, Any]:
    """The wire JSON of one settlement with its allocations."""
    return {
        "settlementId": s.settlement_id,
        "settlementDate": s.day.isoformat(),
        "agency": AGENCY,
        "remittanceReference": s.remittance_reference,
        "beneficiary": {"name": world.creditor, "iban": world.creditor_iban,
                        "bic": "OKOYFIHH"},
        "settlementAmount": s.amount,
        "currency": s.currency,
        "apiFetchDate": s.fetched_at,
        "allocations": [{
            "allocationId": 9001000 + p.payment_id,
            "allocatedTotalAmount": p.amount,
            "allocationDate": s.day.isoformat(),
            "currency": p.currency,
            "caseId": p.case_id,
            "originalInvoiceNumber": str(p.invoice.number),
            "originalPaymentReference": p.original_reference,
            "breakdown": [
                {"type": "CAPITAL", "amount": p.capital},
                {"type": "INTEREST", "amount": p.interest},
                {"type": "FEES", "amount": p.fees},
            ],
        } for p in s.payments],
    }
