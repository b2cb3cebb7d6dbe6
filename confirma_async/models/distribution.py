"""Distribution records: ``GET /api/v1/partner/invoice/distribution`` (seed 001).

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
    invoice_number: str | None = None
    from_inv_date: str | None = None
    to_inv_date: str | None = None
    fetch_type: str | None = None
    default_last30_days_applied: bool | None = None


@frozen
class DistributionMetaData:
    total_count: int | None = None
    successful_count: int | None = None
    failed_count: int | None = None
    filters_applied: FiltersApplied | None = None


@frozen
class DistributionDates:
    created_at: str | None = None
    printed_at: str | None = None
    distributed_at: str | None = None
    payment_control_activated_at: str | None = None


@frozen
class DistributionFile:
    url: str | None = None


@frozen
class PaymentControl:
    enabled: bool | None = None
    agency: str | None = None
    status: str | None = None
    case_id: int | None = None


@frozen
class DistributionError:
    error_code: str | None = None
    error_description: str | None = None
    error_type: str | None = None


@frozen
class DistributionRecord:
    """One submitted invoice's delivery record (invoice numbers are integers here)."""

    invoice_number: int
    distribution_status: str | None = None
    distribution_method: str | None = None
    distribution_message: str | None = None
    dates: DistributionDates | None = None
    file: DistributionFile | None = None
    payment_control: PaymentControl | None = None
    errors: list[DistributionError] = field(factory=list)

    @property
    def case_id(self) -> int | None:
        """The agency case id, when payment control opened a case."""
        return self.payment_control.case_id if self.payment_control else None


@frozen
class DistributionReport:
    meta_data: DistributionMetaData | None = None
    invoices: list[DistributionRecord] = field(factory=list)
