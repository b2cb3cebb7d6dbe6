"""What a ``mypy --strict`` user sees: the README's code, the examples and an installed package.

The README's Python blocks, every script in ``examples/`` and the typing promises below
(``Outcome`` narrowing, ``aclosing`` on every async iterator) are type-checked in ONE mypy
run, shared by the tests of this module. A README block that is a fragment (top-level
``await``, or names that stand for the reader's own code) gets a small harness, spelled
out below; no block is left out. A second pair of runs checks a user's project against
the package installed from a wheel and installed editable, each in a fresh venv.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import textwrap
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))

# The reader's own code that README fragments call without defining it. Only such
# placeholders live here: library names must be imported by the block itself.
HARNESS = '''\
"""Stand-ins for the reader's own code in README fragments."""
from collections.abc import Iterator
from typing import Any

from confirma_async import ConfirmaClient
from confirma_async.models import Case

__all__ = ["case_ids", "read_ids_from_a_file", "store", "metrics", "log", "my_job"]

case_ids: list[int] = []
metrics: Any = None  # a metrics client (statsd, Datadog, ...)
log: Any = None  # a logging.Logger


def read_ids_from_a_file() -> Iterator[int]:
    yield from ()


def store(key: int, value: Case) -> None:
    pass


def my_job(client: ConfirmaClient) -> None:
    pass
'''

# A misuse in a harnessed fragment must still be reported (the harness hides nothing).
MISUSE = """\
from confirma_async import AsyncConfirmaClient

async with AsyncConfirmaClient(api_key="k") as client:
    case = await client.cases.get(1)
    store(case.case_id, case.summary)
"""

# The typing promises of the issue, as a user writes them. The comment on each
# ``reveal_type`` line is the type mypy must report (module paths left out); the file
# must have no errors.
PROMISES = """\
from contextlib import aclosing
from decimal import Decimal

from confirma_async import AsyncConfirmaClient, ConfirmaClient, Failure, Outcome, Success
from confirma_async.collection import AsyncCollectionClient
from confirma_async.models import Case, DistributionRecord


async def bulk(client: AsyncConfirmaClient) -> None:
    async with aclosing(client.cases.iter_many([1, 2])) as outcomes:
        async for outcome in outcomes:
            if outcome.ok:
                reveal_type(outcome.value)  # Case
            else:
                reveal_type(outcome.error)  # ConfirmaError
            if outcome.error is None:
                reveal_type(outcome)  # Success[int, Case]
            reveal_type(outcome.key)  # int
    async with aclosing(client.distribution.iter_many([1])) as records:
        async for record in records:
            if not record.ok:
                continue
            reveal_type(record.value)  # DistributionRecord
    async with aclosing(client.invoices.track()) as tracked:
        async for item in tracked:
            reveal_type(item.case)  # Case | None


async def collection(client: AsyncCollectionClient) -> None:
    async with aclosing(client.claims.iter_invoices("C1")) as invoices:
        async for invoice in invoices:
            reveal_type(invoice.invoice_number)  # str
    async with aclosing(client.claims.iter_costs("C1")) as costs:
        async for _ in costs:
            pass
    async with aclosing(client.claims.iter_search(claim_number="C1")) as hits:
        async for _ in hits:
            pass


def annotated(outcome: Outcome[int, Case]) -> Case | None:
    if outcome.ok:
        return outcome.value
    return None


def matched(outcome: Outcome[int, DistributionRecord]) -> str:
    match outcome:
        case Success(key, value):
            return f"{key}: {value.distribution_status}"
        case Failure(key, error):
            return f"{key}: {error}"


def sync(client: ConfirmaClient) -> Decimal:
    cases: list[Case] = []
    with client.cases.iter_many([1, 2]) as outcomes:
        for outcome in outcomes:
            if outcome.ok:
                cases.append(outcome.value)
    first = int(cases[0].invoices[0].invoice_number)
    reveal_type(first)  # int
    return sum((case.balance.total_outstanding for case in cases), Decimal(0))
"""


def readme_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def as_module(block: str) -> str:
    """The block as a module mypy can check: top-level ``await`` runs inside a coroutine."""
    try:
        compile(block, "README.md", "exec", dont_inherit=True)
    except SyntaxError:
        compile(block, "README.md", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT,
                dont_inherit=True)  # any other syntax error fails the test here
        imports = [line for line in block.splitlines() if line.startswith(("import ", "from "))]
        body = [line for line in block.splitlines() if line not in imports]
        block = "\n".join(imports) + "\n\n\nasync def block() -> None:\n" + textwrap.indent(
            "\n".join(body), "    ") + "\n"
    return "from readme_harness import *  # noqa: F403\n" + block


def run_mypy(*args: str, cwd: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    """``mypy --strict`` with its own cache: a shared one replays old results of a module
    of the same name under the path it had then, which would hide this run's files.
    """
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--no-pretty",
         "--cache-dir", str(cache), *args],
        cwd=cwd, capture_output=True, text=True, timeout=300,
    )


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """One mypy run over everything; its output lines by checked file (a name below)."""
    tmp = tmp_path_factory.mktemp("typing")
    (tmp / "readme_harness.py").write_text(HARNESS, encoding="utf-8")
    files = {"promises": PROMISES, "misuse": as_module(MISUSE)}
    blocks = readme_blocks()
    files |= {f"readme_block_{n:02d}": as_module(b) for n, b in enumerate(blocks, 1)}
    for name, text in files.items():
        (tmp / f"{name}.py").write_text(text, encoding="utf-8")
    result = run_mypy(*(str(tmp / f"{name}.py") for name in files), *map(str, EXAMPLES),
                      cwd=ROOT, cache=tmp / "cache")
    assert not result.stderr, result.stderr
    by_file: dict[str, list[str]] = {name: [] for name in files}
    by_file |= {f"examples/{p.name}": [] for p in EXAMPLES}
    for line in result.stdout.splitlines():
        path = line.split(":", 1)[0]
        name = Path(path).stem if path.startswith(str(tmp)) else path
        by_file.setdefault(name, []).append(line)
    assert len(blocks) >= 9 and EXAMPLES
    return by_file


def test_readme_blocks_and_examples_pass_mypy_strict(checked: dict[str, list[str]]) -> None:
    """Guards the issue's promise: "The test suite runs `mypy --strict` over every README
    code block and `examples/`, so a quickstart can never again fail a strict user."
    """
    problems = [line for name, lines in checked.items()
                if name.startswith(("readme_block_", "examples/")) for line in lines]
    assert not problems, "\n".join(problems)


def test_the_harness_does_not_hide_errors(checked: dict[str, list[str]]) -> None:
    assert any('Argument 2 to "store" has incompatible type "CaseSummary"' in line
               for line in checked["misuse"])


def test_outcome_narrows_on_ok_and_every_async_iterator_takes_aclosing(
    checked: dict[str, list[str]],
) -> None:
    """Guards: "`if outcome.ok: outcome.value.summary` ... narrow[s]" and "Annotate every
    async-iterator method ... so `aclosing` type-checks"."""
    errors = [line for line in checked["promises"] if ": error:" in line]
    assert not errors, "\n".join(errors)
    revealed = [re.sub(r"confirma_async(\.\w+)*\.", "", line.split('Revealed type is "')[1])
                .rstrip('"') for line in checked["promises"] if "Revealed type is" in line]
    expected = [line.split("# ", 1)[1] for line in PROMISES.splitlines()
                if "reveal_type(" in line]
    assert len(expected) == 8
    assert revealed == expected


# --- a user's project against the installed package ------------------------------------


USER_CODE = """\
from decimal import Decimal

from confirma_async import AsyncConfirmaClient
from confirma_async.models import Case


def outstanding(case: Case) -> Decimal:
    return case.balance.total_outstanding


reveal_type(outstanding)
reveal_type(AsyncConfirmaClient.cases)
"""


@pytest.fixture(scope="module")
def source_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What an sdist holds, copied, so building never writes into the checkout."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, src / name)
    shutil.copytree(ROOT / "confirma_async", src / "confirma_async",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return src


def fresh_venv(where: Path) -> Path:
    """A venv without pip whose only extra packages are this one's (aiohttp, attrs, ...)."""
    venv.create(where, with_pip=False)
    python = where / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import site; print(site.getsitepackages()[0])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    # Our dependencies, by path: the checkout's own editable install is a .pth file in
    # that directory, and .pth files are only read in the venv's own site-packages.
    ours = [p for p in sys.path if p.endswith("site-packages")]
    (Path(site) / "dependencies.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
    return python


@pytest.mark.parametrize("editable", [False, True], ids=["installed", "editable"])
def test_a_users_mypy_finds_the_installed_package_and_its_py_typed(
    editable: bool, source_copy: Path, tmp_path: Path
) -> None:
    """Guards the issue: "A user's mypy run against an installed (and an editable) package
    finds the package and its `py.typed`"."""
    python = fresh_venv(tmp_path / "venv")
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
               "--no-deps", "--no-build-isolation", "--no-index"]
    target = ["-e", str(source_copy)] if editable else [str(source_copy)]
    subprocess.run([*install, *target], check=True, capture_output=True, timeout=120)
    where = subprocess.run(
        [str(python), "-c", "import confirma_async, pathlib; "
         "print(pathlib.Path(confirma_async.__file__).parent)"],
        capture_output=True, text=True, check=True, cwd=tmp_path).stdout.strip()
    assert Path(where) == (source_copy / "confirma_async" if editable
                           else Path(where).parent / "confirma_async")
    assert "site-packages" in where or editable
    project = tmp_path / "project"
    project.mkdir()
    (project / "job.py").write_text(USER_CODE, encoding="utf-8")
    result = run_mypy("--python-executable", str(python), "job.py", cwd=project,
                      cache=tmp_path / "cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'Revealed type is "def (case: confirma_async.models.cases.Case) -> ' \
        'decimal.Decimal"' in result.stdout
    assert 'Revealed type is "confirma_async.api.cases.AsyncCases"' in result.stdout
