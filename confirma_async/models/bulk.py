"""Results of bulk calls: ``Outcome`` per key, ``BulkResult`` per batch, ``TrackedInvoice``.

No doc section: these are the SDK's own results (README "Bulk"), holding the
models of invoices.md §3 and §4.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, Literal, TypeAlias, TypeVar, cast

import attrs

# BulkError lives with the other errors; it stays importable from here.
from .._errors import BulkError, ConfirmaError
from .cases import Case
from .distribution import DistributionRecord

__all__ = ["Outcome", "Success", "Failure", "BulkResult", "BulkError", "TrackedInvoice"]

K = TypeVar("K")
V = TypeVar("V")


@attrs.frozen
class Success(Generic[K, V]):
    """A key of a bulk call that succeeded: ``ok`` is ``True``, ``value`` is set."""

    key: K
    value: V

    @property
    def error(self) -> None:
        """Always ``None``: the call succeeded."""
        return None

    @property
    def ok(self) -> Literal[True]:
        """Always ``True``; type checkers narrow an ``Outcome`` to ``Success`` on it."""
        return True


@attrs.frozen
class Failure(Generic[K, V]):
    """A key of a bulk call that failed: ``ok`` is ``False``, ``error`` says why."""

    key: K
    error: ConfirmaError

    @property
    def value(self) -> None:
        """Always ``None``: the call failed."""
        return None

    @property
    def ok(self) -> Literal[False]:
        """Always ``False``; type checkers narrow an ``Outcome`` to ``Failure`` on it."""
        return False


if TYPE_CHECKING:
    #: What happened to one key of a bulk call: a ``Success`` (``value``) or a ``Failure``
    #: (``error``), never both. ``if outcome.ok:`` (or ``outcome.error is None``,
    #: ``isinstance(outcome, Success)``, ``match``) narrows it for type checkers.
    Outcome: TypeAlias = Success[K, V] | Failure[K, V]
else:

    class _OutcomeType(type):
        # At run time ``Outcome`` keeps working the way it did before it became a union:
        # ``Outcome[K, V]`` is the union, ``isinstance(x, Outcome)`` accepts both kinds and
        # ``Outcome(key, value, error)`` builds the right one (typed code uses
        # ``Success``/``Failure``, which is what type checkers see).
        def __instancecheck__(cls, obj: object) -> bool:
            return isinstance(obj, (Success, Failure))

        def __getitem__(cls, params: Any) -> Any:
            return Success[params] | Failure[params]

        def __call__(cls, key: Any, value: Any = None, error: Any = None) -> Any:
            return make_outcome(key, value, error)

    class Outcome(metaclass=_OutcomeType):
        """What happened to one key of a bulk call: ``Success`` or ``Failure``."""


def make_outcome(key: K, value: V | None, error: ConfirmaError | None) -> Outcome[K, V]:
    """The ``Outcome`` of one key: a ``Failure`` when ``error`` is set, else a ``Success``."""
    if error is not None:
        return Failure(key, error)
    return Success(key, cast(V, value))


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
        """``True`` when no key failed."""
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
        """The invoice number of the distribution record."""
        return self.distribution.invoice_number

    @property
    def case_id(self) -> int | None:
        """The agency case id, when the invoice has a case."""
        return self.distribution.case_id
