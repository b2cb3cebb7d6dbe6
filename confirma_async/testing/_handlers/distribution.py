"""Distribution records (``api/distribution.py``): v1 and the inferred v2 path."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any, Final

from aiohttp import web

from .._checks import Checker
from .._http import invalid, json_response, query_date, query_int
from .._world import AGENCY, Invoice, stamp

if TYPE_CHECKING:
    from .._fake import FakeConfirma

__all__ = ["FETCH_TYPES", "get_distribution", "distribution_record"]


FETCH_TYPES: Final = ("ALL", "SUCCESSFUL", "FAILED")
# Statuses counted as "successful" in distribution metaData.
_DELIVERED: Final = frozenset({"DISTRIBUTED"})


async def get_distribution(fake: FakeConfirma, request: web.Request) -> web.Response:
    """GET /invoice/distribution: records by number or date window."""
    c = Checker()
    number = query_int(c, request, "invoiceNumber")
    start = query_date(c, request, "fromInvDate")
    end = query_date(c, request, "toInvDate")
    fetch = request.query.get("fetchType")
    if fetch is not None and fetch.upper() not in FETCH_TYPES:
        c.fail("fetchType", "must be one of " + ", ".join(FETCH_TYPES))
    if start is not None and end is not None and start > end:
        c.fail("fromInvDate", "must not be after toInvDate")
    if c:
        return invalid(c)
    with fake._lock:
        world = fake.world
        default = number is None and start is None and end is None
        if number is not None:
            found = world.invoices.get(number)
            rows = [found] if found is not None else []
        else:
            end = end or world.today
            start = start or end - timedelta(days=30)
            rows = list(world.distribution(start, end))
        if fetch is not None and fetch.upper() == "FAILED":
            rows = [r for r in rows if r.status == "FAILED"]
        elif fetch is not None and fetch.upper() == "SUCCESSFUL":
            rows = [r for r in rows if r.status in _DELIVERED]
        records = [distribution_record(r) for r in rows]
        delivered = sum(1 for r in rows if r.status in _DELIVERED)
        failed = sum(1 for r in rows if r.status == "FAILED")
    return json_response({
        "metaData": {
            "totalCount": len(records),
            "successfulCount": delivered,
            "failedCount": failed,
            "filtersApplied": {
                "invoiceNumber": number,
                "fromInvDate": start.isoformat() if start else None,
                "toInvDate": end.isoformat() if end else None,
                "fetchType": fetch,
                "defaultLast30DaysApplied": default,
            },
        },
        "invoices": records,
    })


def distribution_record(inv: Invoice) -> dict[str, Any]:
    """The wire JSON of ``inv``'s distribution record."""
    case = inv.case
    return {
        "invoiceNumber": inv.number,
        "distributionStatus": inv.status,
        "distributionMethod": inv.method if inv.status != "RECEIVED" else None,
        "distributionMessage": inv.message,
        "dates": {
            "createdAt": stamp(inv.created_on, 8),
            "printedAt": stamp(inv.printed_on, 9) if inv.printed_on else None,
            "distributedAt": stamp(inv.distributed_on, 9) if inv.distributed_on else None,
            "paymentControlActivatedAt":
                stamp(inv.pc_activated_on, 9) if inv.pc_activated_on else None,
        },
        "file": {"url": f"https://files.example.com/sandbox/invoices/{inv.number}.pdf"},
        "paymentControl": {
            "enabled": inv.payment_control,
            "agency": AGENCY if inv.payment_control else None,
            "status": inv.pc_status,
            "caseId": case.case_id if case is not None else None,
        },
        "errors": list(inv.errors),
    }
