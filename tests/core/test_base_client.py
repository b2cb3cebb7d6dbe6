"""One base for the clients: both async clients share their lifecycle and settings
(``confirma_async._base_client``), and each sync client takes its async twin's options
(all but ``session``) without restating them."""

from __future__ import annotations

import asyncio
import inspect
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any

import pytest

import confirma_async
from confirma_async import AsyncConfirmaClient, ConfirmaClient, ConfirmaValueError
from confirma_async.collection import AsyncCollectionClient, CollectionClient

URL = "http://127.0.0.1:9"
ASYNC_CLIENTS: list[tuple[type, dict[str, Any]]] = [
    (AsyncConfirmaClient, {"api_key": "base-key"}),
    (AsyncCollectionClient, {"access_token": "base-token"}),
]
SYNC_CLIENTS: list[tuple[type, dict[str, Any]]] = [
    (ConfirmaClient, {"api_key": "base-key"}),
    (CollectionClient, {"access_token": "base-token"}),
]


def _loop_threads() -> int:
    return sum(1 for t in threading.enumerate() if t.name == "confirma-async-loop")


@pytest.mark.parametrize(("cls", "credentials"), ASYNC_CLIENTS + SYNC_CLIENTS)
def test_a_client_and_its_views_show_their_class_and_base_url(
    cls: type, credentials: dict[str, Any]
) -> None:
    client = cls(base_url=URL, **credentials)
    try:
        assert repr(client) == f"{cls.__name__}(base_url='{URL}')"
        assert client.base_url == URL
        view = client.with_options(max_retries=0)
        assert type(view) is cls and repr(view) == repr(client)
    finally:
        closing = client.close()
        if inspect.isawaitable(closing):
            asyncio.run(closing)


@pytest.mark.parametrize(("cls", "credentials"), SYNC_CLIENTS)
def test_a_sync_client_refuses_session_like_an_unknown_keyword_before_starting_a_thread(
    cls: type, credentials: dict[str, Any]
) -> None:
    before = _loop_threads()
    with pytest.raises(TypeError, match=rf"^{cls.__name__}\.__init__\(\) got an unexpected keyword "
                                        r"argument 'session'$"):
        cls(base_url=URL, session=None, **credentials)
    with pytest.raises(TypeError, match=r"unexpected keyword argument 'nope'"):
        cls(base_url=URL, nope=1, **credentials)
    assert _loop_threads() == before


@pytest.mark.parametrize(("cls", "credentials"), SYNC_CLIENTS)
def test_a_sync_client_refuses_a_bad_option_as_its_async_twin_does_and_stops_its_thread(
    cls: type, credentials: dict[str, Any]
) -> None:
    before = _loop_threads()
    with pytest.raises(ConfirmaValueError, match="timeout"):
        cls(base_url=URL, timeout=-1, **credentials)
    assert _loop_threads() == before


def test_a_sync_client_passes_every_option_to_its_async_twin() -> None:
    with ConfirmaClient("positional-key", base_url=URL, timeout=7, max_retries=5,
                        provisioning_token="partner", trust_env=False) as client:
        target = client._target
        assert target._auth._headers["X-Api-Key"].get() == "positional-key"
        assert target._provisioning_token.get() == "partner"
        assert repr(target._transport) == f"Transport(base_url='{URL}')"


TYPING = """\
from confirma_async import ConfirmaClient, Timeout
from confirma_async.collection import CollectionClient

ConfirmaClient("k", environment="staging", timeout=Timeout(total=5), max_retries=1)
CollectionClient(base_url="https://api.example", access_token="t", max_concurrency=4)
ConfirmaClient(timeout="slow")  # E: timeout
ConfirmaClient(environment="moon")  # E: environment
CollectionClient(access_token="t")  # E: base_url
CollectionClient(base_url="https://api.example", nope=1)  # E: nope
"""


def test_a_type_checker_reads_the_sync_constructors_from_their_async_twins(
    tmp_path: Path,
) -> None:
    """Each line marked ``# E: name`` is a mypy error that names ``name``; no other line is."""
    source = tmp_path / "user.py"
    source.write_text(textwrap.dedent(TYPING), encoding="utf-8")
    # The package of this tree, wherever the test runs and whatever is installed.
    tree = Path(confirma_async.__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--no-pretty",
         "--cache-dir", str(tmp_path / "cache"), str(source)],
        capture_output=True, text=True, cwd=tmp_path, timeout=300,
        env={**os.environ, "MYPYPATH": str(tree)},
    )
    errors: dict[int, str] = {}
    for line in result.stdout.splitlines():
        if ": error:" in line:
            number = int(line.split(":")[1])
            errors[number] = errors.get(number, "") + line
    expected = {
        number: text.split("# E: ")[1]
        for number, text in enumerate(TYPING.splitlines(), start=1) if "# E: " in text
    }
    assert set(errors) == set(expected), result.stdout
    for number, name in expected.items():
        assert name in errors[number], errors[number]
