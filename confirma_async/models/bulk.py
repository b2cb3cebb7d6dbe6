"""Results of bulk calls: ``Outcome`` per key, ``BulkResult`` per batch, ``TrackedInvoice``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any, Generic, TypeVar

import attrs

from .._errors import ConfirmaError
from .cases import Case
from .distribution import DistributionRecord

__all__ = ["Outcome", "BulkResult", "BulkError", "TrackedInvoice"]

K = TypeVar("K")
V = TypeVar("V")


@attrs.frozen
class Outcome(Generic[K, V]):
    """What happened to one key of a bulk call: a ``value`` or an ``error``, never both."""

    key: K
    value: V | None = None
    error: ConfirmaError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


class BulkError(ConfirmaError):
    """Raised by ``BulkResult.raise_for_errors()``; ``failed`` maps each failed key to its error.

    The message counts failures by error type; it never lists the keys themselves.
    """

    def __init__(self, failed: Mapping[Any, ConfirmaError], total: int) -> None:
        self.failed: dict[Any, ConfirmaError] = dict(failed)
        self.total = total
        kinds = Counter(type(error).__name__ for error in failed.values())
        summary = ", ".join(f"{name} x{count}" for name, count in kinds.most_common())
        super().__init__(f"{len(failed)} of {total} keys failed: {summary}")


@attrs.define
class BulkResult(Generic[K, V]):
    """The result of ``get_many``: ``succeeded`` and ``failed``, each in input order.

    A key given twice appears once. One failed key never fails the batch; call
    ``raise_for_errors()`` to turn any failure into an exception.
    """

    succeeded: dict[K, V] = attrs.field(factory=dict)
    failed: dict[K, ConfirmaError] = attrs.field(factory=dict)

    def __repr__(self) -> str:
        return f"BulkResult(succeeded={len(self.succeeded)}, failed={len(self.failed)})"

    @property
    def ok(self) -> bool:
        return not self.failed

    def raise_for_errors(self) -> None:
        """Raise ``BulkError`` (chained to the first failure) if any key failed."""
        if self.failed:
            first = next(iter(self.failed.values()))
            raise BulkError(self.failed, len(self.succeeded) + len(self.failed)) from first


@attrs.frozen
class TrackedInvoice:
    """One invoice of ``invoices.track``: its distribution record and its agency case.

    ``case`` is ``None`` when the invoice has no case, or when fetching it failed
    (then ``error`` says why).
    """

    distribution: DistributionRecord
    case: Case | None = None
    error: ConfirmaError | None = None

    @property
    def invoice_number(self) -> int:
        return self.distribution.invoice_number

    @property
    def case_id(self) -> int | None:
        return self.distribution.case_id
