"""ARCHITECTURE §1: ``serde`` owns every wire-format decision; its ``_serde`` package does
the work, one module per job, and nothing else in the package parses or builds JSON."""

from __future__ import annotations

import re
from pathlib import Path

import confirma_async

PACKAGE = Path(confirma_async.__file__).parent
SERDE = PACKAGE / "_serde"

DIRECT = re.compile(r"^\s*(?:import|from)\s+(?:json|cattrs|msgspec)\b", re.M)
# The layers above serde (ARCHITECTURE §1): the wire format knows nothing of them.
ABOVE = re.compile(
    r"^\s*from \.\.(?:api|_core|collection|_client|_base_client|_bridge|_sync|testing|cli"
    r"|jobs|demo)\b"
    r"|^\s*import aiohttp|^\s*from aiohttp", re.M
)


def test_only_serde_calls_json_cattrs_or_msgspec() -> None:
    """ARCHITECTURE §1: "nothing else calls ``json``/``cattrs`` directly"."""
    others = [path for path in sorted(PACKAGE.rglob("*.py"))
              if SERDE not in path.parents and path != PACKAGE / "serde.py"]
    assert others
    offenders = [str(path.relative_to(PACKAGE)) for path in others
                 if DIRECT.search(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_the_serde_modules_import_nothing_above_them() -> None:
    modules = sorted(SERDE.glob("*.py"))
    assert modules
    for path in modules:
        assert not ABOVE.search(path.read_text(encoding="utf-8")), path


def test_serde_is_only_a_face_over_its_modules() -> None:
    # Every public name is one object, defined once in ``_serde`` (or the naming and
    # config modules it shares with the request checks).
    from confirma_async import serde

    homes = {name: getattr(serde, name) for name in serde.__all__}
    defined_in_serde = [name for name, value in homes.items()
                        if getattr(value, "__module__", None) == serde.__name__]
    assert defined_in_serde == []
