"""Shared fixtures: the real API examples from ../shared/confirma-api/examples."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import tests._aiohttp_compat  # noqa: F401  (aioresponses vs aiohttp 3.14)

ROOT = Path(__file__).resolve().parents[1]
# A verbatim copy of ../shared/confirma-api/examples (the project's reference data).
EXAMPLES = ROOT / "tests" / "examples"


def example_text(name: str) -> str:
    return (EXAMPLES / name).read_text(encoding="utf-8")


def example_json(name: str) -> Any:
    return json.loads(example_text(name))


@pytest.fixture
def api_key() -> str:
    return "test-key-7f3a9c"
