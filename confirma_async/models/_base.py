"""Building blocks shared by the models: the open enum and the read-only JSON object."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TypeVar

__all__ = ["OpenEnum", "FrozenMapping"]

_E = TypeVar("_E", bound="OpenEnum")

# The name of a value that matches no member (kept since the first release).
_UNKNOWN = "UNKNOWN"


def _fold(text: str) -> str:
    return text.casefold().replace("_", "").replace("-", "")


class OpenEnum(str, enum.Enum):
    """A string enum that keeps every value exactly as it was sent.

    A string equal to a member's value is that member. Any other string is never an
    error: it becomes a value of the enum whose text (``str()``, ``.value`` and what is
    re-encoded) is exactly the string given. When that text names a known member apart
    from case, ``_`` and ``-`` (the docs mix ``CASH-IN`` and ``CashIn``, ``FEMALE`` and
    ``female``), ``member`` tells which member it stands for and ``is_known`` is true;
    otherwise ``member`` is ``None`` and ``name`` is ``"UNKNOWN"``.
    """

    @classmethod
    def _missing_(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return None
        pseudo = str.__new__(cls, value)
        match = cls._loose_match(value)
        pseudo._name_ = _UNKNOWN if match is None else match._name_
        pseudo._value_ = value
        return pseudo

    @classmethod
    def _loose_match(cls, value: str) -> OpenEnum | None:
        folded = _fold(value)
        for member in cls:
            if _fold(member.value) == folded:
                return member
        # Names, aliases included (``AGENCY_PAYMENT = "AGENCY_PAYMENTS"``), are other
        # spellings the docs use.
        for name, member in cls.__members__.items():
            if _fold(name) == folded:
                return member
        return None

    @property
    def member(self: _E) -> _E | None:
        """The known member this value stands for: itself when the text is exactly a
        member's value, the member it names apart from case, ``_`` and ``-`` otherwise
        (``Agency("CashIn").member is Agency.CASH_IN``), ``None`` for an unknown value.
        """
        if self._name_ == _UNKNOWN:
            return None
        return type(self).__members__[self._name_]

    @property
    def is_known(self) -> bool:
        """False for a value the SDK did not know when it was released."""
        return self.member is not None

    def __str__(self) -> str:
        return str(self.value)


def _freeze(value: Any) -> Any:
    if isinstance(value, Mapping):
        return value if isinstance(value, FrozenMapping) else FrozenMapping(value)
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(item) for item in value)
    return value


class FrozenMapping(Mapping[str, Any]):
    """A JSON object the server sent, kept whole and read-only.

    Nested objects are ``FrozenMapping`` too and arrays are tuples; numbers stay the
    exact ``Decimal``/``int`` the JSON held. Compares equal to a ``dict`` with the same
    content. Used for the free-form ``additionalProperties`` objects of the claims API.
    """

    __slots__ = ("_data",)

    _data: dict[str, Any]

    def __init__(self, data: Mapping[str, Any] | Iterable[tuple[str, Any]] = ()) -> None:
        items = data.items() if isinstance(data, Mapping) else data
        object.__setattr__(self, "_data", {str(k): _freeze(v) for k, v in items})

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("FrozenMapping is read-only")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self._data,))

    def __repr__(self) -> str:
        return f"FrozenMapping({self._data!r})"
