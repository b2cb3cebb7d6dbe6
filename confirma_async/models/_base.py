"""Building blocks shared by the models: the open enum base class."""

from __future__ import annotations

import enum
from typing import Any

__all__ = ["OpenEnum"]


class OpenEnum(str, enum.Enum):
    """A string enum that keeps values it does not know.

    ``MyEnum("NEW_VALUE")`` returns a pseudo-member whose ``value`` is the string and
    whose ``name`` is ``"UNKNOWN"``; it is never an error. Known values match
    case-insensitively (the docs mix upper, lower and camel case).
    """

    @classmethod
    def _missing_(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return None
        folded = value.casefold().replace("_", "")
        for member in cls:
            if member.value.casefold().replace("_", "") == folded:
                return member
        # Aliases (``AGENCY_PAYMENT = "AGENCY_PAYMENTS"``) name other spellings the docs use.
        for name, member in cls.__members__.items():
            if name.casefold().replace("_", "") == folded:
                return member
        pseudo = str.__new__(cls, value)
        pseudo._name_ = "UNKNOWN"
        pseudo._value_ = value
        return pseudo

    @property
    def is_known(self) -> bool:
        """False for a value the SDK did not know when it was released."""
        return self._name_ != "UNKNOWN"

    def __str__(self) -> str:
        return str(self.value)
