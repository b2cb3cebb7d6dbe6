"""The error tree: one file, typed constructors, and every error survives pickle and copy.

The package is walked for ``ConfirmaError`` subclasses, so a new error class cannot be
forgotten here: it fails ``test_every_error_class_has_a_sample`` until it gets one.
"""

from __future__ import annotations

import copy
import importlib
import inspect
import pickle
import pkgutil
from collections.abc import Callable
from typing import Any

import attrs
import pytest

import confirma_async
from confirma_async import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    BulkError,
    BulkResult,
    BulkStoppedError,
    ClientClosedError,
    ConfirmaError,
    ConfirmaValueError,
    ConflictError,
    Failure,
    FieldViolation,
    NotFoundError,
    Outcome,
    PermissionDeniedError,
    RateLimitError,
    RedirectError,
    ResponseDecodeError,
    ResponseTooLargeError,
    ServerError,
    Success,
    TrackedInvoice,
    UnprocessableEntityError,
    WrongEventLoopError,
    serde,
)
from confirma_async.jobs import JobFileError
from confirma_async.models import Case, DistributionRecord
from tests.bodies import case_json, distribution_record_json


def all_error_classes() -> set[type[ConfirmaError]]:
    """Every ``ConfirmaError`` subclass defined anywhere in the package (modules imported)."""
    for module in pkgutil.walk_packages(confirma_async.__path__, "confirma_async."):
        if not module.name.endswith("__main__"):  # that one runs the command line
            importlib.import_module(module.name)
    found: set[type[ConfirmaError]] = set()
    pending = [ConfirmaError]
    while pending:
        cls = pending.pop()
        if cls.__module__.startswith("confirma_async") and cls not in found:
            found.add(cls)
            pending.extend(cls.__subclasses__())
    return found


def status_error(cls: type[APIStatusError], status: int) -> APIStatusError:
    return cls(
        f"{status} Something for GET /api/v1/partner/invoice/case", status=status,
        request_id="rq-1", body={"message": "no such case", "errors": [{"field": "caseId"}]},
        method="GET", path="/api/v1/partner/invoice/case", message="no such case",
        field_errors=[FieldViolation("caseId", "unknown"), FieldViolation(None, "see docs")],
    )


def stopped() -> BulkStoppedError:
    error = BulkStoppedError(status_error(AuthenticationError, 401), "auth")
    error.partial = BulkResult({1: "case one"}, {2: status_error(NotFoundError, 404)})
    return error


SAMPLES: dict[type[ConfirmaError], Callable[[], ConfirmaError]] = {
    ConfirmaError: lambda: ConfirmaError("the client is closed"),
    ConfirmaValueError: lambda: ConfirmaValueError("actions[0].amount", "must be positive"),
    JobFileError: lambda: JobFileError("/tmp/job.jsonl", "line 3 is not valid JSON"),
    APIConnectionError: lambda: APIConnectionError(
        "connection to h:443 failed: Connection refused", method="GET", path="/p",
        may_have_reached_server=False),
    APITimeoutError: lambda: APITimeoutError("request to h:443 timed out", method="POST",
                                             path="/p"),
    WrongEventLoopError: lambda: WrongEventLoopError(owner_closed=True),
    ClientClosedError: lambda: ClientClosedError(),
    APIStatusError: lambda: status_error(APIStatusError, 408),
    BadRequestError: lambda: status_error(BadRequestError, 400),
    AuthenticationError: lambda: status_error(AuthenticationError, 401),
    PermissionDeniedError: lambda: status_error(PermissionDeniedError, 403),
    NotFoundError: lambda: status_error(NotFoundError, 404),
    ConflictError: lambda: status_error(ConflictError, 409),
    UnprocessableEntityError: lambda: status_error(UnprocessableEntityError, 422),
    ServerError: lambda: status_error(ServerError, 503),
    RateLimitError: lambda: RateLimitError(
        "429 Too Many Requests for GET /p; retry after 90s", status=429, request_id="rq-2",
        body="slow down", method="GET", path="/p", message="slow down", retry_after=90.0),
    RedirectError: lambda: RedirectError(
        "302 redirect for POST /p to https://elsewhere/q: not followed", status=302,
        request_id="rq-3", method="POST", path="/p", location="https://elsewhere/q?sig=1"),
    ResponseDecodeError: lambda: ResponseDecodeError(
        "bad", json_path="$.a", status=200, request_id="rq-4"),
    ResponseTooLargeError: lambda: ResponseTooLargeError(1024, status=200, request_id="rq-5"),
    BulkError: lambda: BulkError(
        {7: status_error(NotFoundError, 404), 8: APITimeoutError("t", method="GET")}, 10),
    BulkStoppedError: stopped,
}


def same(a: Any, b: Any) -> bool:
    """Equal in every attribute, errors included (exceptions compare by identity)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, BaseException):
        return a.args == b.args and str(a) == str(b) and same(vars(a), vars(b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if attrs.has(type(a)):
        return all(same(getattr(a, f.name), getattr(b, f.name)) for f in attrs.fields(type(a)))
    return bool(a == b)


def copies(value: Any) -> list[tuple[str, Any]]:
    made = [(f"pickle protocol {p}", pickle.loads(pickle.dumps(value, protocol=p)))
            for p in range(pickle.HIGHEST_PROTOCOL + 1)]
    return [*made, ("copy", copy.copy(value)), ("deepcopy", copy.deepcopy(value))]


# --- one file, typed constructors ----------------------------------------------------------


def test_every_error_class_has_a_sample() -> None:
    assert all_error_classes() == set(SAMPLES)


def test_every_error_class_lives_in_the_errors_module() -> None:
    """README: "every error is defined in one module (`confirma_async._errors`)"."""
    assert {cls.__module__ for cls in all_error_classes()} == {"confirma_async._errors"}


def test_moved_errors_stay_importable_from_where_they_were() -> None:
    from confirma_async import jobs, models
    from confirma_async._core import bulk as engine
    from confirma_async.models import bulk

    assert confirma_async.BulkError is models.BulkError is bulk.BulkError is BulkError
    assert engine.BulkStoppedError is jobs.BulkStoppedError is BulkStoppedError
    assert jobs.JobFileError is JobFileError


@pytest.mark.parametrize("cls", sorted(SAMPLES, key=lambda c: c.__name__),
                         ids=lambda c: c.__name__)
def test_every_error_constructor_is_typed(cls: type[ConfirmaError]) -> None:
    """No ``*args``/``**kwargs`` catch-all: every parameter is named and annotated."""
    signature = inspect.signature(cls.__init__)
    params = list(signature.parameters.values())[1:]
    assert all(p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in params), signature
    assert all(p.annotation is not p.empty for p in params), signature


# --- the JSON path of a decode error ---------------------------------------------------------


def test_a_decode_error_names_its_json_path_apart_from_the_url_path() -> None:
    error = ResponseDecodeError("required field is missing", json_path="$.cases[0].summary")
    assert error.json_path == "$.cases[0].summary"
    assert str(error) == "required field is missing at $.cases[0].summary"
    assert "path" not in vars(error)


def test_the_old_path_attribute_still_works_and_warns() -> None:
    """README: "`ResponseDecodeError.path` still works for this release and warns (it is now
    `json_path`)"."""
    error = ResponseDecodeError("bad", json_path="$.a")
    with pytest.warns(DeprecationWarning, match="use json_path") as warned:
        assert error.path == "$.a"
    assert warned[0].filename == __file__  # points at the caller's line
    with pytest.warns(DeprecationWarning, match="use json_path"):
        old = ResponseDecodeError("bad", path="$.b")
    assert old.json_path == "$.b" and str(old) == "bad at $.b"


# --- pickle and copy -----------------------------------------------------------------------


@pytest.mark.parametrize("cls", sorted(SAMPLES, key=lambda c: c.__name__),
                         ids=lambda c: c.__name__)
def test_every_error_survives_pickle_and_copy(cls: type[ConfirmaError]) -> None:
    """README: "Every error, `BulkResult` and `Outcome` pickles (every protocol) and copies
    to an equal object with the same `str()`"."""
    error = SAMPLES[cls]()
    assert type(error) is cls
    for how, twin in copies(error):
        assert same(error, twin), how
        assert (str(twin), repr(twin)) == (str(error), repr(error)), how


def test_a_decode_error_keeps_its_message_through_pickle() -> None:
    # Issue 14: it used to come back as 'bad at $.a at $'.
    error = pickle.loads(pickle.dumps(ResponseDecodeError("bad", json_path="$.a")))
    assert (str(error), error.json_path) == ("bad at $.a", "$.a")


def bulk_values() -> list[Any]:
    case = serde.structure(case_json(7), Case)
    record = serde.structure(distribution_record_json(5, case_id=7), DistributionRecord)
    missing = status_error(NotFoundError, 404)
    result: BulkResult[int, Case] = BulkResult(
        {7: case}, {8: missing, 9: SAMPLES[APITimeoutError]()})
    return [
        result,
        Outcome(7, case),  # type: ignore[operator]
        Outcome(8, error=missing),  # type: ignore[operator]
        Success(7, case),
        Failure(8, SAMPLES[BulkStoppedError]()),
        TrackedInvoice(record, case, missing),
    ]


@pytest.mark.parametrize("index", range(6))
def test_bulk_results_and_outcomes_survive_pickle_and_copy(index: int) -> None:
    """README: "Every error, `BulkResult` and `Outcome` pickles (every protocol) and copies
    to an equal object with the same `str()`"."""
    value = bulk_values()[index]
    for how, twin in copies(value):
        assert same(value, twin), how
        assert str(twin) == str(value), how
