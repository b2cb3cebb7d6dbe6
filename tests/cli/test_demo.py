"""``make demo`` as a smoke test: it tracks every invoice and its numbers add up."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from confirma_async.demo import run


async def test_demo_tracks_every_invoice_and_matches_the_books(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert await run(invoices=300, concurrency=8, transient_faults=5, progress=False) == 0
    out = capsys.readouterr().out
    assert "Outstanding totals match the sandbox's books exactly: yes" in out
    assert "Failures: 0" in out
    assert "Throughput: 300 invoices" in out
    for currency in ("EUR", "SEK", "NOK", "DKK"):
        assert f"\n{currency} " in out


def test_demo_module_runs_as_a_script_and_exits_0() -> None:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("CONFIRMA_")}
    result = subprocess.run(
        [sys.executable, "-m", "confirma_async.demo", "--invoices", "200"],
        capture_output=True, text=True, env=environ, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Distribution status" in result.stdout and "Case status" in result.stdout
