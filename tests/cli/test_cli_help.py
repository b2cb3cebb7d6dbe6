"""``--help`` of every command names every option's default; help and version start fast."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

import confirma_async
from confirma_async import _config
from confirma_async._core import bulk
from confirma_async.cli import (
    DEFAULT_CONNECTION_FAILURES,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    ENVIRONMENTS,
    main,
)
from confirma_async.cli._output import FORMATS

COMMANDS = [
    [],
    ["sandbox"],
    ["cases", "get"],
    ["cases", "bulk"],
    ["distribution", "list"],
    ["distribution", "bulk"],
    ["track"],
    ["actions", "send"],
]
FORMAT_COMMANDS = [c for c in COMMANDS if c and c != ["sandbox"]]


def help_text(command: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main([*command, "--help"]) == 0
    return capsys.readouterr().out


def options(text: str) -> dict[str, str]:
    """Each option of a ``--help`` text -> its whole (unwrapped) help."""
    found: dict[str, str] = {}
    current: str | None = None
    for line in text.splitlines():
        match = re.match(r"  (-{1,2}[\w-]+)", line)
        if match:
            current = match.group(1)
            found[current] = line
        elif current is not None and line.startswith("      "):
            found[current] += " " + line.strip()
        else:
            current = None
    return {name: " ".join(help.split()) for name, help in found.items()}


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "confirma")
def test_every_option_of_every_command_names_its_default(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """README: "`confirma COMMAND --help` explains every option of a command with its default"."""
    found = options(help_text(command, capsys))
    assert found, "no options parsed"
    for name, text in found.items():
        if name in ("-h", "--version") or "required" in text:
            continue
        assert "default" in text, f"{' '.join(command)} {name}: {text}"


def test_the_sandbox_help_lists_only_the_sandbox_options(
    capsys: pytest.CaptureFixture[str],
) -> None:
    found = options(help_text(["sandbox"], capsys))
    assert set(found) == {"-h", "--host", "--port", "--invoices", "--seed", "--api-key",
                          "--collection", "--latency", "--rate-limit", "--day-seconds"}


@pytest.mark.parametrize("command", FORMAT_COMMANDS, ids=" ".join)
def test_every_command_that_prints_results_offers_the_same_formats(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    text = help_text(command, capsys)
    assert "--format {json,jsonl,csv,table}" in text
    assert FORMATS == ("json", "jsonl", "csv", "table")


@pytest.mark.parametrize("command", [["cases", "bulk"], ["distribution", "bulk"], ["track"]],
                         ids=" ".join)
def test_bulk_help_names_the_breaker_threshold_and_the_exit_codes(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    text = " ".join(help_text(command, capsys).split())
    assert "after N consecutive connection failures" in text and "(default: 20)" in text
    assert ("0 every item of the job succeeded" in text and "1 some failed" in text
            and "2 usage or authentication error" in text and "3 stopped by the circuit "
            "breaker" in text and "130 interrupted" in text)


def test_the_cli_defaults_shown_in_help_are_the_sdks() -> None:
    # The parser keeps copies so that --help imports nothing heavy; they must not drift.
    assert set(ENVIRONMENTS) == set(_config.ENVIRONMENTS)
    assert DEFAULT_TIMEOUT == _config.Timeout().total
    assert DEFAULT_MAX_RETRIES == _config.DEFAULT_MAX_RETRIES
    assert DEFAULT_CONNECTION_FAILURES == bulk.DEFAULT_CONNECTION_FAILURES


@pytest.mark.parametrize("flag", ["--help", "--version"])
def test_help_and_version_load_neither_aiohttp_nor_the_models(flag: str) -> None:
    """README: "`confirma --help` and `--version` load neither aiohttp nor the models"."""
    code = (
        "import sys\n"
        "from confirma_async.cli import main\n"
        f"assert main([{flag!r}]) == 0\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('aiohttp', 'cattrs', 'attrs',"
        " 'yarl', 'anyio') or m.startswith(('confirma_async.models', 'confirma_async._client',"
        " 'confirma_async.serde', 'confirma_async._serde', 'confirma_async._core'))]\n"
        "print(heavy, file=sys.stderr)\n"
        "sys.exit(1 if heavy else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr


def test_every_public_name_loads_on_first_use_from_its_home() -> None:
    source = Path(confirma_async.__file__).read_text(encoding="utf-8")
    typed: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            typed |= {a.asname or a.name for n in node.body if isinstance(n, ast.ImportFrom)
                      for a in n.names}
    homes = confirma_async._HOMES
    assert typed == set(homes) == set(confirma_async.__all__) - {"__version__"}
    for name in confirma_async.__all__:
        assert getattr(confirma_async, name) is not None
    assert set(confirma_async.__all__) <= set(dir(confirma_async))
    with pytest.raises(AttributeError):
        confirma_async.NoSuchName  # type: ignore[attr-defined]  # noqa: B018
