"""Time expressions of the model: ``YYYY``, ``YYYY-QN``, ``YYYY-MM``, ``YYYY-MM-DD`` and ``START/END``.

>>> span("2023-Q1")
(datetime.date(2023, 1, 1), datetime.date(2023, 3, 31))
>>> span("2024/2025")
(datetime.date(2024, 1, 1), datetime.date(2025, 12, 31))
>>> span("2023-06")[1]
datetime.date(2023, 6, 30)
"""

from __future__ import annotations

import calendar
from datetime import date


def _point(text: str) -> tuple[date, date]:
    parts = text.split("-")
    year = int(parts[0])
    if len(parts) == 1:
        return date(year, 1, 1), date(year, 12, 31)
    if parts[1].startswith("Q"):
        q = int(parts[1][1])
        first = 3 * (q - 1) + 1
        last = first + 2
        return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])
    month = int(parts[1])
    if len(parts) == 2:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    d = date(year, month, int(parts[2]))
    return d, d


def span(text: str | None) -> tuple[date, date] | None:
    """The first and last day a time expression covers (``None`` for ``None``)."""
    if not text:
        return None
    start, _, end = text.partition("/")
    s0, s1 = _point(start)
    if end:
        return s0, _point(end)[1]
    return s0, s1


def start_of(text: str | None) -> date | None:
    s = span(text)
    return s[0] if s else None


def end_of(text: str | None) -> date | None:
    s = span(text)
    return s[1] if s else None


def year_span(start_year: int, end_year: int | None) -> tuple[date, date]:
    """A phase's period; an open end (``2025+``) runs to the end of time."""
    return date(start_year, 1, 1), date(end_year, 12, 31) if end_year else date.max


def overlaps(a: tuple[date, date], b: tuple[date, date]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]
