"""Invoices: actions on invoices and their agency cases."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from .. import serde
from .._config import Timeout
from .._errors import ConfirmaValueError
from ..models._validate import validate
from ..models.actions import InvoiceAction
from ..models.invoice import SalesInvoiceRequest
from ..models.receipts import SubmissionReceipt
from ._resource import AsyncResource

__all__ = ["AsyncInvoices", "ActionsReceipt", "ACTIONS_PATH", "INVOICE_PATH"]

ACTIONS_PATH = "/api/v1/partner/invoice/action"
INVOICE_PATH = "/api/v1/partner/invoice"


@attrs.frozen
class ActionsReceipt:
    """The service queued the actions as pending; ``request_id`` is for support tickets."""

    accepted: int
    request_id: str | None


class AsyncInvoices(AsyncResource):
    """Submitting invoices and actions on them."""

    async def create_actions(
        self,
        actions: Sequence[InvoiceAction],
        *,
        timeout: float | Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> ActionsReceipt:
        """Queue actions on invoices/cases (``POST /api/v1/partner/invoice/action``).

        The whole list is checked before anything is sent. A POST is never retried once it
        may have reached the server, so an action is never queued twice by the SDK.
        """
        if isinstance(actions, (str, bytes)) or not isinstance(actions, Sequence):
            raise ConfirmaValueError("actions", "must be a list of InvoiceAction objects")
        if not actions:
            raise ConfirmaValueError("actions", "must contain at least one action")
        for index, action in enumerate(actions):
            if not isinstance(action, InvoiceAction) or type(action) is InvoiceAction:
                raise ConfirmaValueError(
                    f"actions[{index}]", "must be one of the InvoiceAction subclasses"
                )
        body = {"actions": [serde.unstructure(action) for action in actions]}
        response = await self._call(
            "POST",
            ACTIONS_PATH,
            json=body,
            timeout=timeout,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return ActionsReceipt(accepted=len(actions), request_id=response.request_id)

    # --- issue 4: create an invoice -------------------------------------------------------

    async def create(
        self,
        invoice: SalesInvoiceRequest,
        *,
        timeout: float | Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> SubmissionReceipt:
        """Submit a sales invoice for evaluation and distribution
        (``POST /api/v1/partner/invoice``).

        The whole tree is validated first: an invalid field raises ``ConfirmaValueError``
        naming its wire path (``invoice.parties.buyerParty.address.countryCode``) and
        nothing is sent. The response body is not documented: it is returned as-is in
        ``SubmissionReceipt.data``. Never retried once it may have reached the server.
        """
        if not isinstance(invoice, SalesInvoiceRequest):
            raise ConfirmaValueError("invoice", "must be a SalesInvoiceRequest")
        validate(invoice)
        response = await self._call(
            "POST",
            INVOICE_PATH,
            json=serde.unstructure(invoice),
            timeout=timeout,
            extra_headers=extra_headers,
            extra_query=extra_query,
        )
        return SubmissionReceipt(
            status=response.status, request_id=response.request_id, data=response.data
        )
