"""What a write endpoint answered when the docs do not describe its response.

Doc sections: invoices.md §1 "Create an invoice", accounting.md §2 "Submit ledger" and
§4 "Submit payments": their responses were not captured.
"""

from __future__ import annotations

from typing import Any

from attrs import field, frozen

__all__ = ["SubmissionReceipt"]


@frozen
class SubmissionReceipt:
    """The server accepted a submission.

    The response bodies of the write endpoints (create invoice, accounting submissions)
    were not captured in the docs, so the decoded body is kept as plain JSON in ``data``
    (``None`` for an empty body); ``request_id`` is the ``X-Request-Id`` header, for
    support tickets.
    """

    status: int
    request_id: str | None
    data: Any = field(default=None, repr=False)
