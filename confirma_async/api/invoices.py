"""Invoices: actions on invoices and their agency cases."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from .. import serde
from .._config import Timeout
from .._errors import ConfirmaValueError
from ..models.actions import InvoiceAction
from ._resource import AsyncResource

__all__ = ["AsyncInvoices", "ActionsReceipt", "ACTIONS_PATH"]

ACTIONS_PATH = "/api/v1/partner/invoice/action"


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
