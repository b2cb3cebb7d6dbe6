"""What the command line prints: tables, exact JSON, streamed rows and progress on stderr.

Standard library only at import time (``serde`` loads when JSON is first written), so that
``confirma --help`` stays fast.
"""

from __future__ import annotations

import csv
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import IO, Any, Final

__all__ = ["Progress", "Writer", "render_table", "pretty_json", "cell", "HEARTBEAT", "FORMATS"]

#: The ``--format`` choices, the same wherever a command prints results.
FORMATS: Final = ("json", "jsonl", "csv", "table")
#: Seconds between heartbeat lines when stderr is not a terminal.
HEARTBEAT: Final = 5.0
_REDRAW: Final = 0.1  # seconds between redraws of the bar


def _dumps(value: Any) -> str:
    from .. import serde

    return serde.dumps(value).decode()


def pretty_json(value: Any, indent: int = 0) -> str:
    """Indented JSON with Decimals written exactly (``serde.dumps`` for every leaf)."""
    pad = " " * indent
    if isinstance(value, dict) and value:
        items = [f"{pad}  {_dumps(k)}: {pretty_json(v, indent + 2)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list) and value:
        items = [f"{pad}  {pretty_json(v, indent + 2)}" for v in value]
        return "[\n" + ",\n".join(items) + f"\n{pad}]"
    return _dumps(value)


def render_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A plain aligned text table; numbers (Decimals included) are right-aligned."""
    body = [[cell(v) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(headers)]
    numeric = [all(_is_number(r[i]) for r in body if r[i]) and any(r[i] for r in body)
               for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.rjust(w) if n else c.ljust(w)
                         for c, w, n in zip(cells, widths, numeric, strict=True)).rstrip()

    out = [line(headers), "  ".join("-" * w for w in widths)]
    out.extend(line(r) for r in body)
    return "\n".join(out)


def cell(value: Any) -> str:
    """A value as table or CSV text: empty for ``None``, Decimals without exponent."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


class Writer:
    """Streams results as they come: ``jsonl`` (one JSON document per line), ``json`` (one
    array, an element per line, closed by ``close()``), ``csv`` or an aligned ``table``
    (fixed widths, so memory stays flat however many rows)."""

    def __init__(self, fmt: str, headers: Sequence[str], out: IO[str]) -> None:
        self.fmt, self.headers, self.out = fmt, headers, out
        self._csv = csv.writer(out, lineterminator="\n") if fmt == "csv" else None
        self._widths = [max(len(h), 12) for h in headers]
        self._rows = 0
        if self._csv is not None:
            self._csv.writerow(headers)
        elif fmt == "table":
            self._line(list(headers))
            self._line(["-" * w for w in self._widths])
        elif fmt == "json":
            out.write("[")

    def _line(self, cells: list[str]) -> None:
        text = "  ".join(c.ljust(w) for c, w in zip(cells, self._widths, strict=True))
        self.out.write(text.rstrip() + "\n")

    def row(self, values: Sequence[Any], document: Any) -> None:
        """One result: ``values`` for csv/table, ``document`` (JSON-ready) for json/jsonl."""
        if self.fmt == "jsonl":
            self.out.write(_dumps(document) + "\n")
        elif self.fmt == "json":
            self.out.write(("\n" if not self._rows else ",\n") + _dumps(document))
        elif self._csv is not None:
            self._csv.writerow([cell(v) for v in values])
        else:
            self._line([cell(v) for v in values])
        self._rows += 1

    def close(self) -> None:
        if self.fmt == "json":
            self.out.write("\n]\n" if self._rows else "]\n")
        self.out.flush()


class Progress:
    """``on_progress(done, total, failed)`` for bulk work, drawn on stderr.

    On a terminal (or with ``enabled=True``) a bar redrawn in place shows done/total, the
    rate, the ETA and the failures. Otherwise (``enabled=None`` and not a terminal) one
    heartbeat line with the same figures is written every ``heartbeat`` seconds, so logs
    show the job is alive; ``heartbeat=0`` or ``enabled=False`` prints nothing.
    """

    def __init__(
        self,
        label: str,
        *,
        stream: IO[str] | None = None,
        enabled: bool | None = None,
        heartbeat: float = HEARTBEAT,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream or sys.stderr
        if enabled is None:
            enabled = _isatty(self.stream)
            self.heartbeat = 0.0 if enabled else heartbeat
        else:
            self.heartbeat = 0.0
        self.enabled = enabled  # the bar
        self.label = label
        self._clock = clock
        self.started = clock()
        # The bar shows at once; the first heartbeat comes after one interval.
        self._last = self.started if self.heartbeat else float("-inf")
        self._drawn: tuple[int, int] | None = None
        self.done = 0
        self.total: int | None = None
        self.failed = 0

    def __call__(self, done: int, total: int | None, failed: int) -> None:
        self.done, self.total, self.failed = done, total, failed
        if not self.enabled and not self.heartbeat:
            return
        now = self._clock()
        if self.enabled:
            if now - self._last >= _REDRAW or (total is not None and done >= total):
                self._last = now
                self._draw()
        elif now - self._last >= self.heartbeat:
            self._last = now
            self.stream.write(f"{self.label}: {self.status(now)}\n")
            self.stream.flush()

    def status(self, now: float | None = None) -> str:
        """``120/2000 (6%), 310/s, ETA 6s, 3 failed`` (no total: ``120, 310/s, 3 failed``)."""
        elapsed = max((self._clock() if now is None else now) - self.started, 1e-9)
        rate = self.done / elapsed
        parts = [f"{self.done:,}"]
        if self.total:
            parts[0] += f"/{self.total:,} ({100 * self.done // self.total}%)"
        parts.append(f"{rate:,.0f}/s")
        if self.total and rate > 0:
            parts.append(f"ETA {_duration((self.total - self.done) / rate)}")
        parts.append(f"{self.failed:,} failed")
        return ", ".join(parts)

    def _draw(self) -> None:
        if self.total:
            filled = int(30 * self.done / self.total)
            bar = " [" + "#" * filled + "-" * (30 - filled) + "]"
        else:
            bar = ""
        self.stream.write(f"\r{self.label}{bar} {self.status()}\x1b[K")
        self.stream.flush()
        self._drawn = (self.done, self.failed)

    def finish(self) -> None:
        """End the bar's line (drawing the last figures first); a heartbeat needs nothing."""
        if self.enabled:
            if self._drawn != (self.done, self.failed):
                self._draw()
            self.stream.write("\n")
            self.stream.flush()


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _duration(seconds: float) -> str:
    whole = int(seconds + 0.5)
    if whole < 60:
        return f"{whole}s"
    if whole < 3600:
        return f"{whole // 60}m{whole % 60:02d}s"
    return f"{whole // 3600}h{whole // 60 % 60:02d}m"
