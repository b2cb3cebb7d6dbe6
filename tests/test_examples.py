"""Every script in examples/ runs against a fresh sandbox, so the examples never go stale."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from confirma_async.testing import FakeConfirma

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.py"))


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize("script", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_runs_against_the_sandbox(script: Path) -> None:
    with FakeConfirma(invoices=200, seed=4) as fake:
        environ = {k: v for k, v in os.environ.items() if not k.startswith("CONFIRMA_")}
        environ.update(CONFIRMA_API_KEY=fake.api_key, CONFIRMA_BASE_URL=fake.url)
        result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                                env=environ, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip(), "an example should show what it did"
    assert "Traceback" not in result.stderr


def test_readme_sandbox_example_runs_as_written() -> None:
    import asyncio
    import re

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Sandbox for your tests"):]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match
    namespace: dict[str, object] = {}
    exec(compile(match.group(1), "README.md", "exec"), namespace)
    asyncio.run(namespace["test_withdrawing_closes_the_case"]())  # type: ignore[operator]
