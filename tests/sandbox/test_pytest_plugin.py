"""The pytest plugin (entry point ``pytest11``), used the way a user's test suite would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

USER_TESTS = '''
from decimal import Decimal

import pytest

from confirma_async import CommentAction


def test_sync_client_reads_a_case(confirma_fake, confirma_sync_client):
    case_id = next(iter(confirma_fake.cases))
    assert confirma_sync_client.cases.get(case_id).case_id == case_id


@pytest.mark.confirma_fake(invoices=3, seed=9)
def test_marker_configures_the_fake(confirma_fake):
    assert len(confirma_fake.distribution) == 3


@pytest.mark.asyncio
async def test_async_client_sends_an_action(confirma_fake, confirma_client):
    case_id, case = next((k, v) for k, v in confirma_fake.cases.items()
                         if v["summary"]["status"] == "OPEN")
    number = int(case["invoices"][0]["invoiceNumber"])
    await confirma_client.invoices.create_actions(
        [CommentAction(invoice_number=number, case_id=case_id, comment="from a user test")])
    assert confirma_fake.actions[-1]["comment"] == "from a user test"


def test_faults_reach_the_client(confirma_fake, confirma_sync_client):
    from confirma_async import ServerError
    confirma_fake.faults.fail("/api/v1/partner/invoice/case", 500)
    with pytest.raises(ServerError):
        confirma_sync_client.cases.get(next(iter(confirma_fake.cases)))


@pytest.mark.collection_fake(claims=2)
def test_collection_fixtures(collection_fake, collection_sync_client):
    claim = collection_fake.claim_numbers()[0]
    page = collection_sync_client.claims.list_invoices(claim)
    assert page.pagination.total_items == len(collection_fake.claims[claim].invoices)
    assert all(isinstance(i.remaining_amount, Decimal) for i in page.items)


@pytest.mark.asyncio
async def test_async_collection_client_signs_in(collection_fake, collection_client):
    claim = collection_fake.claim_numbers()[0]
    invoices = [i async for i in collection_client.claims.iter_invoices(claim)]
    assert len(invoices) == len(collection_fake.claims[claim].invoices)
    assert collection_fake.tokens_issued == 1


def test_each_test_gets_a_fresh_fake(confirma_fake):
    assert confirma_fake.actions == []
'''


def test_plugin_fixtures_work_in_a_users_test_suite(tmp_path: Path) -> None:
    (tmp_path / "test_user.py").write_text(USER_TESTS, encoding="utf-8")
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("CONFIRMA_", "PYTEST_"))}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path, capture_output=True, text=True, env=environ, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "7 passed" in result.stdout


def test_plugin_is_registered_as_a_pytest11_entry_point() -> None:
    from importlib.metadata import entry_points

    plugins = {e.name: e.value for e in entry_points(group="pytest11")}
    assert plugins.get("confirma_async") == "confirma_async.testing.pytest_plugin"
