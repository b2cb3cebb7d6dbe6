"""The typed fast path: ``decode`` parses a body straight into the models' msgspec
mirrors (``mirrors``) and copies them into the attrs classes; whatever a mirror refuses
takes the general path (``loads`` then ``explain.structure``), with the same result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar, cast, get_args, get_origin

import attrs
import msgspec

from .._errors import ResponseDecodeError
from .._naming import wire_name
from .converter import converter
from .explain import structure
from .json import JSONError, has_long_number, loads
from .mirrors import FROM_MIRROR, mirror_type

__all__ = ["decode"]

T = TypeVar("T")


def decode(
    body: bytes | str, cl: type[T] | Any, *, status: int | None = None,
    request_id: str | None = None,
) -> T:
    """Decode a JSON body straight into ``cl``: the typed fast path, same rules.

    Models with a msgspec mirror (``mirrors``) are parsed into it and copied into the
    attrs classes by the converter's hook for ``Annotated[cl, FROM_MIRROR]``. Whatever
    the mirror refuses takes the general path, ``structure(loads(body), cl)``: it accepts
    the lenient forms the hooks allow (``"12"`` for an integer, ``null`` for a list, a
    timestamp without offset) or raises ``ResponseDecodeError`` with the wire path,
    exactly as before.
    """
    try:
        typed = _typed_decoders[cl]
    except KeyError:
        typed = _typed_decoders[cl] = _typed_decoder(cl)
    raw = body.encode("utf-8") if isinstance(body, str) else body
    if typed is not None:
        parse, from_mirror = typed
        try:
            return cast(T, from_mirror(parse(raw), None))
        except (msgspec.DecodeError, RecursionError):
            # Refused by a mirror, malformed, or nested too deep: the general path
            # decides (its ``loads`` bounds numbers and nesting) and explains a failure.
            pass
    try:
        data = loads(raw)
    except JSONError as exc:
        raise ResponseDecodeError(
            f"unusable response body: {exc.reason}", json_path=exc.path, status=status,
            request_id=request_id,
        ) from None
    return cast(T, structure(data, cl, status=status, request_id=request_id))


_TypedDecoder = tuple[Callable[[bytes], Any], Callable[[Any, Any], Any]]
_typed_decoders: dict[Any, _TypedDecoder | None] = {}


def _typed_decoder(cl: Any) -> _TypedDecoder | None:
    """The mirror parser and the converter's from-mirror hook for ``cl`` (a model or a
    list of one), or ``None`` when ``cl`` has no mirror."""
    model = get_args(cl)[0] if get_origin(cl) is list else cl
    if not (isinstance(model, type) and attrs.has(model)):
        return None
    mirror = mirror_type(cl, wire_name)
    if mirror is None:
        return None
    from_mirror = converter.get_structure_hook(Annotated[cl, FROM_MIRROR])
    decode_mirror = msgspec.json.Decoder(mirror).decode

    def parse(raw: bytes) -> Any:
        if has_long_number(raw):  # msgspec builds these numbers itself, unbounded
            raise msgspec.DecodeError("a number longer than the bound: the general path")
        return decode_mirror(raw)

    return parse, from_mirror
