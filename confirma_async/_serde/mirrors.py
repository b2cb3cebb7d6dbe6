"""msgspec mirrors of the response models: the typed fast path behind ``serde.decode``.

For a model whose fields all have plain wire types, a msgspec ``Struct`` is generated
with the model's field names, the wire's keys and types that accept only what the
converter's own hooks would return unchanged: a ``str`` only from a JSON string, an
``int`` only from a JSON integer, a ``Decimal`` from a JSON number (exactly its digits)
or a string, a ``datetime`` only with an offset, a ``list`` never from ``null``.
msgspec parses the body straight into those Structs (``gc=False``: no garbage-collector
work for them) and ``msgspec.convert`` copies them into the attrs models in C; that is
the converter's hook for ``Annotated[Model, FROM_MIRROR]`` (``from_mirror_hook``).

Anything a mirror refuses (a lenient value such as ``"12"`` for an integer, a ``null``
list, a timestamp without an offset, a missing required field, malformed JSON) is a
``msgspec.DecodeError``: ``serde.decode`` then takes the converter's own path, which
accepts it exactly as before or explains the failure with its wire path. A mirror never
accepts what that path refuses, and what it accepts decodes to the same value (tested
over every example and over hostile variants of them).

Wire rules the mirror types cannot express are checked by generated code over the
decoded mirror tree (``check_lines``, inlined in that hook), before the copy: today that a
``Decimal`` is finite (msgspec reads a JSON string ``"NaN"`` into one) and its exponent
within the bound on numbers (``_NUMBER_CHECKS``; digits are bounded before parsing).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import date, datetime
from decimal import Decimal
from itertools import count
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

import attrs
import msgspec

from .._config import MAX_NUMBER_EXPONENT
from .._naming import wire_name
from ..models._base import OpenEnum

__all__ = [
    "FROM_MIRROR", "boxes", "check_lines", "convert_box", "from_mirror_hook", "is_from_mirror",
    "mirror_of", "mirror_type",
]

_AWARE = Annotated[datetime, msgspec.Meta(tz=True)]  # naive timestamps take the slow path

# Wire types a mirror holds as they are: msgspec returns exactly what the hooks would.
_SCALARS: dict[Any, Any] = {str: str, int: int, bool: bool, Decimal: Decimal, date: date,
                            datetime: _AWARE}

#: Per Python type, the check ``check_lines`` puts on each such field of a mirror (``v``
#: is the value, never ``None``). A number-size bound on Decimals extends the Decimal
#: entry; one on integers adds an ``int`` entry.
_NUMBER_CHECKS: dict[type, str] = {
    # Digits are bounded before parsing (``serde`` sends a body with a longer run of
    # digits to the general path); the exponent is bounded here, like ``serde.loads``.
    Decimal: f"v.is_finite() and {-MAX_NUMBER_EXPONENT} <= v.adjusted() <= {MAX_NUMBER_EXPONENT}"
}

_NO_MIRROR = object()  # also set while a mirror is built: a recursive model has none
_mirrors: dict[Any, Any] = {}
_building = threading.RLock()


def mirror_type(tp: Any, wire_name: Callable[[attrs.Attribute[Any]], str]) -> Any | None:
    """The msgspec type that decodes ``tp`` on the fast path, or ``None`` if it has none."""
    with _building:  # a sync client decodes in its own thread: build each mirror once
        return _mirror_type(tp, wire_name)


def _mirror_type(tp: Any, wire_name: Callable[[attrs.Attribute[Any]], str]) -> Any | None:
    if tp in _SCALARS:
        return _SCALARS[tp]
    if isinstance(tp, type) and issubclass(tp, OpenEnum):
        return tp  # msgspec calls OpenEnum._missing_ for unknown text, as tp(value) does
    if isinstance(tp, type) and attrs.has(tp):
        return _mirror_of(tp, wire_name)
    origin = get_origin(tp)
    if origin is list:
        (item,) = get_args(tp)
        inner = _mirror_type(item, wire_name)
        return None if inner is None else list[inner]  # type: ignore[valid-type]
    if origin in (Union, UnionType):
        args = get_args(tp)
        if len(args) == 2 and type(None) in args:
            inner = _mirror_type(args[0] if args[1] is type(None) else args[1], wire_name)
            return None if inner is None else Union[inner, None]  # noqa: UP007
    return None


def mirror_of(cls: type[Any], wire_name: Callable[[attrs.Attribute[Any]], str]) -> Any | None:
    """The mirror Struct of an attrs model, or ``None`` when the model needs the slow path.

    A model qualifies when it is a plain data class: not generic, no validators,
    converters or init hooks, every field either required, ``None`` by default with an
    optional type, or an empty list by default, and every field type one a mirror has.
    """
    with _building:
        return _mirror_of(cls, wire_name)


def _mirror_of(cls: type[Any], wire_name: Callable[[attrs.Attribute[Any]], str]) -> Any | None:
    found = _mirrors.get(cls)
    if found is not None:
        return None if found is _NO_MIRROR else found
    _mirrors[cls] = _NO_MIRROR
    if not _plain(cls):
        return None
    attrs.resolve_types(cls)
    fields: list[tuple[Any, ...]] = []
    rename: dict[str, str] = {}
    for field in attrs.fields(cls):
        if not field.init or field.validator is not None or field.converter is not None:
            return None
        mtype = _mirror_type(field.type, wire_name)
        if mtype is None:
            return None
        default = field.default
        if default is attrs.NOTHING:
            fields.append((field.name, mtype))
        elif default is None and get_origin(mtype) is Union:
            fields.append((field.name, mtype, None))
        elif (
            isinstance(default, attrs.Factory)  # type: ignore[arg-type]
            and default.factory is list
            and get_origin(field.type) is list
        ):
            fields.append((field.name, mtype, msgspec.field(default_factory=list)))
        else:
            return None
        rename[field.name] = wire_name(field)
    mirror = msgspec.defstruct(
        f"{cls.__name__}Mirror", fields, rename=rename, kw_only=True, gc=False, module=__name__
    )
    _mirrors[cls] = mirror
    return mirror


def _plain(cls: type[Any]) -> bool:
    """No generic parameters, init hooks or extra slots (such as a cached hash): filling
    the fields is all its ``__init__`` would do (validators and converters: per field)."""
    if not isinstance(cls, type) or getattr(cls, "__parameters__", None) or any(
        hasattr(cls, hook) for hook in ("__attrs_pre_init__", "__attrs_post_init__")
    ):
        return False
    names = {field.name for field in attrs.fields(cls)}
    extra = set(getattr(cls, "__slots__", ())) - names - {"__weakref__"}
    return not extra


def check_lines(cls: type[Any], value: str, depth: int) -> list[str]:
    """Source lines checking the wire rules no mirror type expresses, over the decoded
    mirror ``value`` (an expression) of ``cls`` and everything it holds; empty when nothing
    in it needs a check.

    The lines walk the whole tree (nested models, optionals and lists inlined), indented
    ``depth`` levels, for a generated function to include: cheaper than a call per Struct
    (a ``__post_init__``). On a value ``_NUMBER_CHECKS`` refuses they raise ``__refused``,
    which the including namespace binds to ``msgspec.ValidationError``.
    """
    return _check_lines(cls, value, depth, count())


def _check_lines(tp: Any, value: str, depth: int, names: Iterator[int]) -> list[str]:
    """The lines that check ``value`` (an expression) of type ``tp`` and all it holds."""
    pad = "    " * depth
    if tp in _NUMBER_CHECKS:
        return [f"{pad}v = {value}", f"{pad}if not ({_NUMBER_CHECKS[tp]}):",
                f"{pad}    raise __refused('a number the wire rules refuse')"]
    var = f"x{next(names)}"
    if get_origin(tp) is list:
        inner = _check_lines(get_args(tp)[0], var, depth + 1, names)
        return [f"{pad}for {var} in {value}:", *inner] if inner else []
    if get_origin(tp) in (Union, UnionType):  # X | None: the only union a mirror has
        (item,) = (arg for arg in get_args(tp) if arg is not type(None))
        inner = _check_lines(item, var, depth + 1, names)
        return [f"{pad}{var} = {value}", f"{pad}if {var} is not None:", *inner] if inner else []
    if isinstance(tp, type) and attrs.has(tp):
        inner = [
            line
            for field in attrs.fields(attrs.resolve_types(tp))
            for line in _check_lines(field.type, f"{var}.{field.name}", depth, names)
        ]
        return [f"{pad}{var} = {value}", *inner] if inner else []
    return []


def boxes(target: Any, mirror: Any) -> tuple[type[Any], type[Any]]:
    """One-field Structs holding a mirror and its model (or lists of them).

    ``msgspec.convert`` into an attrs class re-reads the class's type information on
    every call (~0.3 us); into a Struct that holds the class, it reuses what it resolved
    once. ``convert_box(box_of_mirror(m), box_of_model, from_attributes=True).value``.
    """
    name = getattr(target, "__name__", None) or "List"
    return (
        msgspec.defstruct(f"{name}MirrorBox", [("value", mirror)], gc=False, module=__name__),
        msgspec.defstruct(f"{name}Box", [("value", target)], gc=False, module=__name__),
    )


#: Copies a boxed mirror, and everything it holds, into the boxed attrs model (in C).
convert_box = msgspec.convert


class _Mirrored:
    """Marks ``Annotated[T, FROM_MIRROR]``: what ``decode`` parsed ``T``'s body into."""

    def __repr__(self) -> str:
        return "FROM_MIRROR"


#: ``converter.structure(mirror, Annotated[T, FROM_MIRROR])`` copies a decoded msgspec
#: mirror of ``T`` (a model, or a list of one) into ``T``: the typed path's hook.
FROM_MIRROR = _Mirrored()


def is_from_mirror(t: Any) -> bool:
    return get_origin(t) is Annotated and FROM_MIRROR in t.__metadata__


def from_mirror_hook(annotated: Any) -> Callable[[Any, Any], Any]:
    """Checks the decoded mirror tree (what no mirror type expresses) and copies it, with
    everything it holds, into the attrs models in one ``msgspec.convert`` call."""
    target = get_args(annotated)[0]
    mirror = mirror_type(target, wire_name)
    if mirror is None:
        raise TypeError(f"{target} has no msgspec mirror")
    mirror_box, model_box = boxes(target, mirror)
    namespace: dict[str, Any] = {
        "__mbox": mirror_box, "__box": model_box, "__convert": convert_box,
        "__refused": msgspec.ValidationError,
    }
    source = "\n".join([
        "def from_mirror(o, _=None):",
        *check_lines(target, "o", 1),
        "    return __convert(__mbox(o), __box, from_attributes=True).value",
    ])
    exec(compile(source, f"<confirma_async from mirror {target!r}>", "exec"), namespace)
    hook: Callable[[Any, Any], Any] = namespace["from_mirror"]
    return hook
