"""Every wire-format decision of the SDK, behind one face: JSON text, the one configured
cattrs converter, the typed fast path and the decode errors that name the wire path.

Policy: camelCase on the wire derived from snake_case field names (a field may name an
irregular wire key with ``metadata={"wire": "Key"}``); money as exact ``Decimal`` (JSON
numbers are parsed straight to ``Decimal``, never through float); ISO dates; timezone-aware
datetimes; open enums; unknown keys ignored; ``null`` accepted where a field is optional.
Nothing else in the package calls ``json``, ``cattrs`` or ``msgspec`` directly.

The implementation lives in ``_serde``, one module per job: ``json`` (``loads``,
``dumps``, the number bound), ``scalars`` (strict hooks, dates), ``converter`` (the
converter and its generated structure functions), ``actions`` (invoice actions),
``mirrors`` and ``fast`` (``decode`` through msgspec mirrors), ``explain`` (``structure``
and the path of a failure).
"""

from ._config import MAX_NUMBER_DIGITS, MAX_NUMBER_EXPONENT
from ._naming import camel, wire_name
from ._serde.actions import structure_actions
from ._serde.converter import converter, unstructure
from ._serde.explain import structure
from ._serde.fast import decode
from ._serde.json import JSONError, dumps, loads
from ._serde.scalars import parse_date, parse_datetime

__all__ = [
    "camel",
    "wire_name",
    "loads",
    "dumps",
    "decode",
    "JSONError",
    "MAX_NUMBER_DIGITS",
    "MAX_NUMBER_EXPONENT",
    "structure",
    "structure_actions",
    "unstructure",
    "parse_date",
    "parse_datetime",
    "converter",
]
