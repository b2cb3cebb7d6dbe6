"""A claim: the ``POST /v1/claims`` body, search results and the answer to every write.

Doc sections: claims.md §3.1 ``POST /v1/claims``, §3.2 ``GET /v1/claims/search``, §4.8
"Write response" and §5 "Claim lifecycle and status"; public pages
``docs.riverty.com/back_in_flow/api_reference/create_a_claim`` and
``.../api_reference/search_for_a_claim``. The claim's parts are in ``customers``,
``contracts`` and ``costs``.

Every request body is checked as a whole when it is sent, as every request of the SDK
is (``models._validate``); ``validate()`` on a request or any of its parts runs the same
check at once. A failed check raises ``ConfirmaValueError`` naming the field by its wire
path from the body's root: ``claim.customer.addresses[0].countryCode``,
``claim.contracts[1].invoices[0].invoiceNumber`` (a part checked on its own starts at its
own name: ``address.countryCode``). Nothing is sent.
"""

from __future__ import annotations

from typing import ClassVar

from attrs import field, frozen

from .._base import FrozenMapping, OpenEnum
from .._validate import RequestModel, at_least, rule
from ._rules import optional, text
from .contracts import AdditionalProperty, ClaimContract
from .costs import ClaimCostRequest, ClaimInterestRequest
from .customers import ClaimCustomer, ClaimReferenceContact

__all__ = [
    "ClaimRequest",
    "ClaimStatus",
    "ClaimSearchResult",
    "ClaimReceipt",
]


@frozen(kw_only=True)
class ClaimRequest(RequestModel):
    """The body of ``POST /v1/claims``: one customer and at least one contract."""

    _root: ClassVar[str] = "claim"

    customer: ClaimCustomer
    contracts: list[ClaimContract] = field(metadata=rule(at_least(1)))
    reference_contacts: list[ClaimReferenceContact] = field(
        factory=list, metadata=optional()
    )
    costs: list[ClaimCostRequest] = field(factory=list, metadata=optional())
    interests: list[ClaimInterestRequest] = field(factory=list, metadata=optional())
    industry: str | None = field(default=None, metadata=optional(text(20)))
    additional_properties: list[AdditionalProperty] = field(factory=list, metadata=optional())

    def cross_check(self) -> tuple[str, str] | None:
        seen: set[str] = set()
        for c, contract in enumerate(self.contracts):
            for i, invoice in enumerate(contract.invoices):
                if invoice.invoice_number in seen:
                    return f"contracts[{c}].invoices[{i}].invoiceNumber", (
                        "appears twice in this claim"
                    )
                seen.add(invoice.invoice_number)
        return None


class ClaimStatus(OpenEnum):
    """``status`` of a claim in search results."""

    IN_CREATION = "IN_CREATION"
    PROCESSING = "PROCESSING"
    PAUSED = "PAUSED"
    CLOSED = "CLOSED"
    REJECTED = "REJECTED"


@frozen(kw_only=True)
class ClaimSearchResult:
    """One hit of ``GET /v1/claims/search``.

    Required: the two identifiers, ``claim_number`` and ``customer_number`` (every claim
    has one customer). ``available_actions`` stays a list of strings: only
    ``CREATE_RECALL`` is documented.

    Schema "ClaimSearchResult" (claims.md §3.2).
    """

    claim_number: str
    customer_number: str
    invoice_numbers: list[str] = field(factory=list)
    customer_display_name: str | None = field(default=None, repr=False)
    status: ClaimStatus | None = None
    available_actions: list[str] = field(factory=list)
    ssn: str | None = field(default=None, repr=False)
    additional_properties: FrozenMapping = field(factory=FrozenMapping)


@frozen
class ClaimReceipt:
    """The answer to every write: the request was accepted for asynchronous processing.

    The outcome arrives later in ``transactions.list`` as a confirmation or rejection.

    Schema "Write response" (claims.md §4.8).
    """

    request_id: str
