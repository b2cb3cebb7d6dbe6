"""In-process fakes of the Confirma API and the collection API, for tests, demos and the CLI.

``async with FakeConfirma() as fake`` serves on 127.0.0.1 in the running loop; a plain
``with FakeConfirma() as fake`` serves from a background thread (sync code). The pytest
plugin (``confirma_async.testing.pytest_plugin``) gives ready-made fixtures.
"""

from ._collection import FakeCollection
from ._fake import FakeConfirma
from ._faults import Faults
from ._log import LoggedRequest, RequestLog
from ._paths import PATHS
from ._samples import sample_invoice_body
from ._world import DEFAULT_TODAY

__all__ = [
    "FakeConfirma",
    "FakeCollection",
    "Faults",
    "LoggedRequest",
    "RequestLog",
    "DEFAULT_TODAY",
    "PATHS",
    "sample_invoice_body",
]
