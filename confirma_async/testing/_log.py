"""The fakes' request log: what arrived, in order, without headers or bodies."""

from __future__ import annotations

import fnmatch
import threading
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from typing import overload

import attrs

__all__ = ["LoggedRequest", "RequestLog"]


@attrs.define(eq=False)
class LoggedRequest:
    """One request a fake received, as ``FakeConfirma.request_log`` keeps it.

    ``query`` holds the query parameters (a repeated one keeps its first value).
    ``status`` is the status the fake answered, ``None`` while the request is still
    being handled or when the fake dropped the connection (``faults.reset``);
    ``request_id`` is the ``X-Request-Id`` the answer carried. Headers and bodies are
    not kept (they hold keys and personal data).
    """

    method: str
    path: str
    query: Mapping[str, str]
    request_id: str
    status: int | None = None


class RequestLog(Sequence[LoggedRequest]):
    """The latest requests of a fake, oldest first: a read-only sequence that slices.

    It keeps the last ``maxlen`` requests (``REQUEST_LOG_SIZE``, 100,000), so a sandbox
    that runs for days stays small; ``fake.requests`` counts all of them. Indexing and
    slicing (``log[-1]``, ``log[-3:]``) read a consistent snapshot while requests arrive.
    """

    def __init__(self, maxlen: int) -> None:
        self._entries: deque[LoggedRequest] = deque(maxlen=maxlen)
        self._lock = threading.Lock()

    @overload
    def __getitem__(self, index: int) -> LoggedRequest: ...
    @overload
    def __getitem__(self, index: slice) -> list[LoggedRequest]: ...
    def __getitem__(self, index: int | slice) -> LoggedRequest | list[LoggedRequest]:
        with self._lock:
            if isinstance(index, slice):
                # Index by position: cheap near both ends of a deque, no full copy.
                return [self._entries[i] for i in range(*index.indices(len(self._entries)))]
            return self._entries[index]

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[LoggedRequest]:
        with self._lock:
            return iter(list(self._entries))

    def __repr__(self) -> str:
        return f"RequestLog({len(self)} requests)"

    def matching(self, path: str = "*", *, method: str | None = None) -> list[LoggedRequest]:
        """The logged requests whose path matches the glob ``path`` (and ``method``)."""
        wanted = None if method is None else method.upper()
        return [entry for entry in self
                if (wanted is None or entry.method == wanted)
                and fnmatch.fnmatchcase(entry.path, path)]

    def clear(self) -> None:
        """Forget every logged request (``fake.requests`` keeps counting)."""
        with self._lock:
            self._entries.clear()

    def _add(self, entry: LoggedRequest) -> None:
        with self._lock:
            self._entries.append(entry)
