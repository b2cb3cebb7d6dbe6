"""Distribution records: ``GET /api/v1/partner/invoice/distribution`` (and "MV v2").

Doc sections: invoices.md §4 "Retrieve distribution information" (seed 001) and §5
"Retrieve distribution Information MV v2"; public page
``retrieve-distribution-information-4083665e0``.

``dates.*`` are shown only as the placeholder ``"string"`` and therefore stay ``str``.
"""

from __future__ import annotations

from attrs import field, frozen

__all__ = [
    "DistributionReport",
    "DistributionMetaData",
    "FiltersApplied",
    "DistributionRecord",
    "DistributionDates",
    "DistributionFile",
    "PaymentControl",
    "DistributionError",
]


@frozen
class FiltersApplied:
    """``metaData.filtersApplied``: the filters the server used (echoed, all optional)."""

    invoice_number: str | None = None
    from_inv_date: str | None = None
    to_inv_date: str | None = None
    fetch_type: str | None = None
    default_last30_days_applied: bool | None = None


@frozen
class DistributionMetaData:
    """``metaData``: how many records matched, were delivered and failed."""

    total_count: int
    successful_count: int
    failed_count: int
    filters_applied: FiltersApplied | None = None


@frozen
class DistributionDates:
    """``dates``: when the record was created and, once they happen, printed, delivered
    and handed to payment control (the server's text; no format is promised).
    """

    created_at: str
    printed_at: str | None = None
    distributed_at: str | None = None
    payment_control_activated_at: str | None = None


@frozen
class DistributionFile:
    """``file``: where the delivered invoice document can be fetched."""

    url: str | None = None


@frozen
class PaymentControl:
    """``paymentControl``: whether the agency follows the invoice up, and its case id.

    ``case_id`` is ``None`` until the agency opens a case for the invoice.
    """

    enabled: bool
    agency: str | None = None
    status: str | None = None
    case_id: int | None = None


@frozen
class DistributionError:
    """``errors[]``: why a delivery failed."""

    error_code: str
    error_description: str | None = None
    error_type: str | None = None


@frozen
class DistributionRecord:
    """One submitted invoice's delivery record (invoice numbers are integers here).

    ``distribution_method`` and ``distribution_message`` are ``null`` in the docs'
    example; ``file`` and ``payment_control`` are ``None`` when the server omits them.
    """

    invoice_number: int
    distribution_status: str
    dates: DistributionDates
    distribution_method: str | None = None
    distribution_message: str | None = None
    file: DistributionFile | None = None
    payment_control: PaymentControl | None = None
    errors: list[DistributionError] = field(factory=list)

    @property
    def case_id(self) -> int | None:
        """The agency case id, when payment control opened a case."""
        return self.payment_control.case_id if self.payment_control else None


@frozen
class DistributionReport:
    """The distribution response: counts (``meta_data``) and the matching records.

    Schema "DistributionResponse" (schemas.md §5).
    """

    meta_data: DistributionMetaData
    invoices: list[DistributionRecord] = field(factory=list)

    @classmethod
    def empty(cls) -> DistributionReport:
        """The report of an empty answer (no body): no records, every count zero."""
        return cls(DistributionMetaData(total_count=0, successful_count=0, failed_count=0))
