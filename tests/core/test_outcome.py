"""``Outcome`` at run time: a ``Success`` or a ``Failure``, with ``key/value/error/ok``.

How type checkers narrow it is checked by a real mypy run in ``test_user_typing.py``.
"""

from __future__ import annotations

import pickle
import typing

import confirma_async
import confirma_async.models
from confirma_async import ConfirmaError, Failure, Outcome, Success
from confirma_async.models import Case
from confirma_async.models.bulk import make_outcome


def describe(outcome: Outcome[int, str]) -> str:
    match outcome:
        case Success(key, value):
            return f"{key} ok {value}"
        case Failure(key, error):
            return f"{key} failed {type(error).__name__}"
    raise AssertionError("unreachable")


def test_a_success_carries_its_value_and_no_error() -> None:
    outcome: Outcome[int, str] = Success(1, "case")
    assert (outcome.key, outcome.value, outcome.error, outcome.ok) == (1, "case", None, True)


def test_a_failure_carries_its_error_and_no_value() -> None:
    error = ConfirmaError("no case 2")
    outcome: Outcome[int, str] = Failure(2, error)
    assert (outcome.key, outcome.value, outcome.error, outcome.ok) == (2, None, error, False)


def test_the_engine_builds_a_failure_when_there_is_an_error_else_a_success() -> None:
    error = ConfirmaError("gone")
    assert make_outcome(1, "x", None) == Success(1, "x")
    assert make_outcome(2, None, error) == Failure(2, error)


def test_outcomes_compare_by_kind_key_and_content() -> None:
    error = ConfirmaError("gone")
    assert Success(1, "x") == Success(1, "x")
    assert Success(1, "x") != Success(1, "y")
    assert Failure(1, error) != Success(1, None)


def test_isinstance_and_match_tell_the_kinds_apart() -> None:
    outcomes: list[Outcome[int, str]] = [Success(1, "a"), Failure(2, ConfirmaError("x"))]
    assert [isinstance(o, Success) for o in outcomes] == [True, False]
    assert all(isinstance(o, Success | Failure) for o in outcomes)
    assert [describe(o) for o in outcomes] == ["1 ok a", "2 failed ConfirmaError"]


def test_outcome_is_subscriptable_at_run_time_for_annotations() -> None:
    hint = Outcome[int, Case]
    assert set(typing.get_args(hint)) == {Success[int, Case], Failure[int, Case]}


def test_outcome_success_and_failure_are_public_names() -> None:
    for module in (confirma_async, confirma_async.models):
        assert {"Outcome", "Success", "Failure"} <= set(module.__all__)
    assert confirma_async.Outcome is confirma_async.models.Outcome


def test_outcomes_pickle_for_multiprocessing_users() -> None:
    assert pickle.loads(pickle.dumps(Success(1, "x"))) == Success(1, "x")


def test_outcome_keeps_working_at_run_time_as_before_it_became_a_union() -> None:
    """Code written against the earlier ``Outcome`` class (``Outcome(key, value, error)``,
    ``isinstance(x, Outcome)``) still runs; typed code uses ``Success``/``Failure``."""
    built = Outcome(1, "case")  # type: ignore[operator]
    failed = Outcome(2, error=ConfirmaError("gone"))  # type: ignore[operator]
    assert built == Success(1, "case")
    assert isinstance(failed, Failure) and failed.key == 2
    assert isinstance(built, Outcome) and isinstance(failed, Outcome)  # type: ignore[misc, arg-type]
    assert not isinstance("case", Outcome)  # type: ignore[misc, arg-type]
    assert typing.get_args(Outcome[int, Case]) == (Success[int, Case], Failure[int, Case])
