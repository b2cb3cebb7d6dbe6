"""Invoice actions on the wire: the documented ``{"code", "comment", "data": {...}}``.

The converter's hooks for ``InvoiceAction`` (written with its ``data`` fields nested, read
back into the class its ``code`` names) and ``structure_actions`` for a whole document.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import cattrs

from .._errors import ConfirmaValueError
from .._naming import camel, wire_name
from ..models.actions import ActionCode, InvoiceAction, action_class

__all__ = ["register_action_hooks", "structure_actions"]


def register_action_hooks(conv: cattrs.Converter) -> None:
    """Teach ``conv`` to write and read every ``InvoiceAction`` in its documented shape."""

    def unstructure_action(action: InvoiceAction) -> dict[str, Any]:
        data: dict[str, Any] = {"invoiceNumber": action.invoice_number, "caseId": action.case_id}
        for name, value in action.data_fields().items():
            data[camel(name)] = conv.unstructure(value)
        return {"code": action.code.value, "comment": action.comment, "data": data}

    conv.register_unstructure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, InvoiceAction), unstructure_action
    )

    def structure_action(value: Any, cl: type[InvoiceAction]) -> InvoiceAction:
        action = _read_action(value, "")
        if not isinstance(action, cl):
            raise ConfirmaValueError("code", f"must be {cl.code.value} for a {cl.__name__}")
        return action

    conv.register_structure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, InvoiceAction), structure_action
    )


def structure_actions(document: Any) -> list[InvoiceAction]:
    """Invoice actions from their documented JSON, each of the class its ``code`` names.

    ``document`` is the body of ``POST .../invoice/action``, ``{"actions": [{"code",
    "comment", "data": {...}}, ...]}`` (or the bare list), as parsed by ``loads``; codes
    may be spelled in any case. Each action is checked as ``invoices.create_actions``
    checks it: the first problem raises ``ConfirmaValueError`` naming its path
    (``actions[1].code``, ``actions[0].data.amount``, ``actions[2].comment``).
    """
    items = document.get("actions") if isinstance(document, Mapping) else document
    if not isinstance(items, list):
        raise ConfirmaValueError("actions", "must be a list of actions")
    if not items:
        raise ConfirmaValueError("actions", "must contain at least one action")
    return [_read_action(item, f"actions[{index}]") for index, item in enumerate(items)]


def _read_action(item: Any, path: str) -> InvoiceAction:
    """One action at ``path``: the class is chosen by ``code``; the ``comment`` and the
    ``data`` values go to its fields by their wire names."""

    def at(key: str) -> str:
        return f"{path}.{key}" if path else key

    if not isinstance(item, Mapping):
        raise ConfirmaValueError(path or "action", "must be an object")
    code = item.get("code")
    cls = action_class(code) if isinstance(code, str) else None
    if cls is None:
        raise ConfirmaValueError(at("code"), "must be one of " + ", ".join(ActionCode))
    data = item.get("data")
    if not isinstance(data, Mapping):
        raise ConfirmaValueError(at("data"), "must be an object")
    fields = {
        (field.metadata.get("under") == "data", wire_name(field)): field
        for field in attrs.fields(cls)
    }
    for key in data:
        if (True, key) not in fields:
            raise ConfirmaValueError(at(f"data.{key}"), f"not a field of a {cls.code} action")
    values: dict[str, Any] = {}
    for (inside, key), field in fields.items():
        source = data if inside else item
        if key in source:
            values[field.name] = source[key]
        elif field.default is attrs.NOTHING:
            where = at(f"data.{key}" if inside else key)
            raise ConfirmaValueError(where, f"is required for a {cls.code} action")
    return cls(**values).validate(path)
