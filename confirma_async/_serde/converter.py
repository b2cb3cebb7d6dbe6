"""The configured cattrs converter: every (un)structuring rule of the models.

Policy: camelCase on the wire derived from snake_case field names (a field may name an
irregular wire key with ``metadata={"wire": "Key"}``); money as exact ``Decimal``; ISO
dates; timezone-aware datetimes; open enums; unknown keys ignored; ``null`` accepted where
a field is optional; request fields left unset are omitted. The fast converter decodes
through generated structure functions; the detailed one (``explain``) only names failures.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from types import UnionType
from typing import Any, Union, get_args, get_origin

import attrs
import cattrs
from cattrs.cols import list_structure_factory
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from .._naming import wire_name
from ..models._base import OpenEnum
from ..models._validate import OMITTED, Omitted
from .actions import register_action_hooks
from .mirrors import from_mirror_hook, is_from_mirror
from .scalars import (
    parse_date,
    parse_datetime,
    structure_bool,
    structure_decimal,
    structure_int,
    structure_open_enum,
    structure_str,
)

__all__ = ["converter", "make_converter", "unstructure"]


def _is_omittable(t: Any) -> bool:
    """``X | Omitted | None``: a request field that is left out of the body when unset."""
    return get_origin(t) in (Union, UnionType) and Omitted in get_args(t)


def _omittable_hook(conv: cattrs.Converter, t: Any) -> Callable[[Any, Any], Any]:
    # A key that is present never means "omitted": decode it as the rest of the union
    # (an absent key keeps the field's OMITTED default).
    rest = tuple(arg for arg in get_args(t) if arg is not Omitted)
    inner: Any = rest[0] if len(rest) == 1 else Union[rest]  # noqa: UP007
    hook = conv.get_structure_hook(inner)
    return lambda value, _: hook(value, inner)


def _is_list(t: Any) -> bool:
    return get_origin(t) is list


def _optional_arg(t: Any) -> Any:
    """``X`` for ``X | None`` (a two-member union with None), else ``None``."""
    args = get_args(t)
    if len(args) == 2 and type(None) in args and get_origin(t) in (Union, UnionType):
        return args[0] if args[1] is type(None) else args[1]
    return None


def _fast_structure_fn(cls: Any, conv: cattrs.Converter) -> Callable[[Any, Any], Any] | None:
    """A generated decoder for the common model shape, or ``None`` to use cattrs' own.

    It applies when every field is required, or defaults to ``None`` with an optional type,
    or defaults to an empty list with a list type: then a missing key and ``null`` decode
    the same way, so the generated code is one ``o.get`` and one hook call per field,
    passed straight to ``__init__``; no intermediate dict, no per-field branches.
    A failure (a missing required key, a wrong type, a non-object) raises, and
    ``structure`` re-runs the detailed converter to name the field.
    """
    if not isinstance(cls, type) or getattr(cls, "__parameters__", None):
        return None  # generic classes keep cattrs' type-variable handling
    attrs.resolve_types(cls)
    namespace: dict[str, Any] = {"__cl": cls}
    args: list[str] = []
    for index, field in enumerate(attrs.fields(cls)):
        if not field.init or field.type is cls:
            return None
        default = field.default
        if default is attrs.NOTHING:
            getter = "o[{!r}]"
        elif default is None and _optional_arg(field.type) is not None:
            getter = "g({!r})"
        elif (
            isinstance(default, attrs.Factory)  # type: ignore[arg-type]
            and default.factory is list
            and _is_list(field.type)
        ):
            getter = "g({!r})"  # the list hook turns a missing/null list into []
        else:
            return None
        namespace[f"__h{index}"] = conv.get_structure_hook(field.type)
        namespace[f"__t{index}"] = field.type
        value = getter.format(wire_name(field))
        inner = _optional_arg(field.type)
        if inner in (str, int, Decimal) and getter.startswith("g"):
            # Inlined: a JSON value that already has the type costs no call at all.
            namespace[f"__e{index}"] = inner
            args.append(
                f"{field.alias}=(v if (v := {value}) is None or type(v) is __e{index} "
                f"else __h{index}(v, __t{index}))"
            )
        else:
            args.append(f"{field.alias}=__h{index}({value}, __t{index})")
    name = f"structure_{cls.__name__}"
    setters = _slot_setters(cls)
    if setters is None:
        source = f"def {name}(o, _=None):\n    g = o.get\n    return __cl({', '.join(args)})\n"
    else:
        # A plain data class (slots, no validators, converters or hooks) is filled
        # through its slot descriptors: what its __init__ does, minus the call overhead
        # and the frozen-class object.__setattr__ per field.
        lines = [f"def {name}(o, _=None):", "    g = o.get", "    self = __new(__cl)"]
        for index, arg in enumerate(args):
            namespace[f"__s{index}"] = setters[index]
            lines.append(f"    __s{index}(self, {arg.split('=', 1)[1]})")
        lines.append("    return self")
        namespace["__new"] = object.__new__
        source = "\n".join(lines) + "\n"
    exec(compile(source, f"<confirma_async fast structure {cls.__qualname__}>", "exec"), namespace)
    fn: Callable[[Any, Any], Any] = namespace[name]
    return fn


def _slot_setters(cls: type[Any]) -> list[Callable[[Any, Any], None]] | None:
    """Each field's slot ``__set__``, when building without ``__init__`` is equivalent."""
    if "__slots__" not in cls.__dict__ or any(
        hasattr(cls, hook) for hook in ("__attrs_pre_init__", "__attrs_post_init__")
    ):
        return None
    fields = attrs.fields(cls)
    extra_slots = set(cls.__slots__) - {f.name for f in fields} - {"__weakref__"}
    if extra_slots:  # e.g. attrs' cached hash: __init__ would set it up
        return None
    setters: list[Callable[[Any, Any], None]] = []
    for field in fields:
        if field.validator is not None or field.converter is not None:
            return None
        descriptor: Any = next(
            (k.__dict__[field.name] for k in cls.__mro__ if field.name in k.__dict__), None
        )
        if type(descriptor).__name__ != "member_descriptor":
            return None
        setters.append(descriptor.__set__)
    return setters


def make_converter(*, detailed_validation: bool) -> cattrs.Converter:
    """Build the converter. The fast one decodes; the detailed one only explains failures."""
    conv = cattrs.Converter(detailed_validation=detailed_validation, forbid_extra_keys=False)

    # Class hooks dispatch on the MRO: OpenEnum (a str subclass) gets its own, more
    # specific hook, and bool (an int subclass) gets its own strict one.
    conv.register_structure_hook(int, structure_int)
    conv.register_structure_hook(bool, structure_bool)
    conv.register_structure_hook(str, structure_str)
    conv.register_structure_hook(OpenEnum, structure_open_enum)
    conv.register_structure_hook_factory(_is_omittable, lambda t: _omittable_hook(conv, t))
    conv.register_structure_hook(Decimal, structure_decimal)
    conv.register_structure_hook(date, lambda v, _: parse_date(v))
    conv.register_structure_hook(datetime, lambda v, _: parse_datetime(v))

    conv.register_unstructure_hook(Decimal, lambda v: v)
    conv.register_unstructure_hook(date, lambda v: v.isoformat())
    conv.register_unstructure_hook(datetime, lambda v: v.isoformat())
    conv.register_unstructure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, OpenEnum), lambda v: v.value
    )

    def structure_factory(cls: type[Any]) -> Callable[[Any, Any], Any]:
        if not detailed_validation:
            fast = _fast_structure_fn(cls, conv)
            if fast is not None:
                return fast
        overrides = {f.name: override(rename=wire_name(f)) for f in attrs.fields(cls)}
        return make_dict_structure_fn(cls, conv, **overrides)  # type: ignore[arg-type]

    def unstructure_factory(cls: type[Any]) -> Callable[[Any], Any]:
        overrides = {
            f.name: override(
                rename=wire_name(f),
                omit_if_default=f.default is OMITTED or bool(f.metadata.get("omit_if_default")),
            )
            for f in attrs.fields(cls)
        }
        return make_dict_unstructure_fn(cls, conv, **overrides)  # type: ignore[arg-type]

    def list_factory(cls: Any) -> Callable[[Any, Any], Any]:
        # ``null`` where a list is expected means "none": decode it as an empty list.
        inner = list_structure_factory(cls, conv)

        def structure_list(value: Any, cl: Any) -> Any:
            return [] if value is None else inner(value, cl)

        return structure_list

    def optional_factory(t: Any) -> Callable[[Any, Any], Any]:
        # cattrs' generic Optional hook dispatches on the inner type at every call; on
        # models made mostly of ``X | None`` fields that was most of the decode time.
        inner_type = _optional_arg(t)
        inner = conv.get_structure_hook(inner_type)
        if inner_type in (str, Decimal, int):
            # The common case answers without a call: the JSON value already has the type.
            exact = inner_type

            def structure_scalar(value: Any, _: Any) -> Any:
                if value is None or type(value) is exact:
                    return value
                return inner(value, exact)

            return structure_scalar
        if inner_type is datetime:
            return lambda value, _: None if value is None else parse_datetime(value)

        def structure_optional(value: Any, _: Any) -> Any:
            return None if value is None else inner(value, inner_type)

        return structure_optional

    conv.register_structure_hook_factory(attrs.has, structure_factory)
    conv.register_structure_hook_factory(_is_list, list_factory)
    if not detailed_validation:  # the explaining converter keeps cattrs' own path
        conv.register_structure_hook_factory(
            lambda t: _optional_arg(t) is not None, optional_factory
        )
        conv.register_structure_hook_factory(is_from_mirror, from_mirror_hook)
    conv.register_unstructure_hook_factory(attrs.has, unstructure_factory)

    register_action_hooks(conv)
    return conv


converter = make_converter(detailed_validation=False)


def unstructure(value: Any) -> Any:
    """Turn models into JSON-ready data (camelCase keys, exact Decimals)."""
    return converter.unstructure(value)
