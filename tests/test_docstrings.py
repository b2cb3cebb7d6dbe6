"""Every public class and method explains itself: ``help()`` shows real text.

The walk covers both clients' resource trees (async and sync, Confirma and collection),
every class exported from ``confirma_async``, ``confirma_async.models`` and
``confirma_async.testing``, and the errors.
"""

from __future__ import annotations

import inspect
import pydoc
from collections.abc import Iterator
from typing import Any

import confirma_async
import confirma_async.models
import confirma_async.testing
from confirma_async import AsyncConfirmaClient, ConfirmaClient, ConfirmaError
from confirma_async._sync import SyncResource
from confirma_async.api._resource import AsyncResource
from confirma_async.api.cases import AsyncCases
from confirma_async.collection import AsyncCollectionClient, CollectionClient

CLIENTS = [AsyncConfirmaClient, ConfirmaClient, AsyncCollectionClient, CollectionClient]


def _resource_tree(cls: type) -> Iterator[type]:
    """The class and every resource class below it (async: by annotation, sync: by access)."""
    yield cls
    names = set(inspect.get_annotations(cls, eval_str=True)) | set(vars(cls))
    for name in sorted(names):
        if name.startswith("_"):
            continue
        hint = inspect.get_annotations(cls, eval_str=True).get(name)
        value = hint if hint is not None else getattr(cls, name, None)
        if inspect.isclass(value) and issubclass(value, (AsyncResource, SyncResource)):
            yield from _resource_tree(value)


def _exported_classes() -> Iterator[type]:
    for module in (confirma_async, confirma_async.models, confirma_async.testing):
        for name in module.__all__:
            value = getattr(module, name)
            if inspect.isclass(value):
                yield value
    yield from _subclasses(ConfirmaError)


def _subclasses(cls: type) -> Iterator[type]:
    yield cls
    for sub in cls.__subclasses__():
        yield from _subclasses(sub)


def _own_classes(cls: type) -> Iterator[type]:
    """``cls`` and its bases that belong to this package."""
    yield cls
    for klass in cls.__mro__[1:]:
        if klass.__module__.startswith("confirma_async"):
            yield klass


def _public_members(cls: type) -> Iterator[tuple[str, Any]]:
    for name, value in vars(cls).items():
        if name.startswith("_"):
            continue
        if isinstance(value, property):
            yield name, value
        elif isinstance(value, (classmethod, staticmethod)):
            yield name, value.__func__
        elif inspect.isfunction(value) or getattr(value, "__wrapped__", None) is not None:
            yield name, value  # a function, or a sync twin standing for one


def missing_docstrings(classes: list[type]) -> list[str]:
    missing: set[str] = set()
    for cls in classes:
        for klass in _own_classes(cls):
            if not (klass.__dict__.get("__doc__") or "").strip():
                missing.add(f"{klass.__module__}.{klass.__qualname__}")
            for name, member in _public_members(klass):
                # An override may rely on the documented method it overrides.
                if not (inspect.getdoc(member) or "").strip():
                    missing.add(f"{klass.__module__}.{klass.__qualname__}.{name}")
    return sorted(missing)


def test_the_walk_reaches_resources_models_and_errors() -> None:
    classes = {c.__name__ for client in CLIENTS for c in _resource_tree(client)}
    assert {"AsyncCases", "Cases", "AsyncClaims", "Claims", "Transactions"} <= classes
    exported = {c.__name__ for c in _exported_classes()}
    assert {"Case", "DistributionReport", "Success", "NotFoundError", "BulkError"} <= exported


def test_every_public_class_and_method_has_a_docstring() -> None:
    classes = [c for client in CLIENTS for c in _resource_tree(client)]
    classes += list(_exported_classes())
    assert missing_docstrings(classes) == []


def test_the_walk_finds_a_missing_docstring() -> None:
    class Undocumented:
        def method(self) -> None:
            pass

    assert missing_docstrings([Undocumented]) == [
        f"{__name__}.{Undocumented.__qualname__}",
        f"{__name__}.{Undocumented.__qualname__}.method",
    ]


def test_sync_methods_show_the_async_docstring_on_the_class() -> None:
    """Guards the issue: "`ConfirmaClient.cases.get.__doc__` show[s] real text"."""
    assert ConfirmaClient.cases.get.__doc__ == AsyncCases.get.__doc__
    assert "GET /api/v1/partner/invoice/case" in (ConfirmaClient.cases.get.__doc__ or "")
    assert "Iterator[Outcome[int, Case]]" in str(inspect.signature(ConfirmaClient.cases.iter_many))


def test_help_on_a_sync_resource_shows_its_methods_with_text() -> None:
    """Guards the issue: "`help(ConfirmaClient().cases)` [shows] real text"."""
    with ConfirmaClient(api_key="doc-key") as client:
        text = pydoc.render_doc(client.cases, renderer=pydoc.plaintext)
    assert "Blocking twin of ``AsyncCases``" in text
    assert "get(self, case_id: 'int'" in text
    assert "One case by its agency case id" in text
    assert "_Mirror object" not in text
