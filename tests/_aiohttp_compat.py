"""Test-only shim: aioresponses 0.7.9 predates aiohttp 3.14's required ``stream_writer``.

aiohttp 3.14 is a security release, so we test against it rather than pin it down; this
gives the mocked responses a writer with nothing written. It only acts when aiohttp's
``ClientResponse`` actually requires the argument (upstream: aioresponses issue #289).
"""

from __future__ import annotations

import inspect
from typing import Any

import aioresponses.core
from aiohttp import ClientResponse

if "stream_writer" in inspect.signature(ClientResponse.__init__).parameters:

    class _NullStreamWriter:
        output_size = 0

    class _CompatClientResponse(ClientResponse):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("stream_writer", _NullStreamWriter())
            super().__init__(*args, **kwargs)

    aioresponses.core.ClientResponse = _CompatClientResponse  # type: ignore[misc]
