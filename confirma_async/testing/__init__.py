"""An in-process fake of the Confirma API for tests, demos and users' own test suites."""

from ._fake import FakeConfirma

__all__ = ["FakeConfirma"]
