"""How a model field is spelled on the wire: the one naming policy of the converter
(``serde``) and of the request checks (``models._validate``), which both import it."""

from __future__ import annotations

from functools import cache
from typing import Any

import attrs

__all__ = ["camel", "wire_name"]


@cache
def camel(name: str) -> str:
    """``capital_outstanding`` -> ``capitalOutstanding``; ``last30_days`` -> ``last30Days``."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def wire_name(field: attrs.Attribute[Any]) -> str:
    """The JSON key of an attrs field (``metadata={"wire": "Key"}`` names an irregular one)."""
    explicit = field.metadata.get("wire")
    return str(explicit) if explicit else camel(field.name)
