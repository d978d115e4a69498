"""Excel workbooks for planners: frozen headers, column widths, filters, readable colours, one language.

In a coverage sheet the rows no carrying project reaches are highlighted red, and the colour scale
covers only the carrying projects' columns (a non-carrying project's links never make a row look
covered); non-carrying projects' columns come last, greyed.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from copy import copy
from typing import Any

from strategygraph.views.i18n import (
    CATEGORY_NAMES,
    SEVERITY_NAMES,
    WORKBOOK_UI,
    carrier_name,
    kind_name,
    kind_plural,
    say,
    status_name,
    texts,
)

#: a cell whose text starts with one of these is taken as a formula by spreadsheet programs
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

UNCARRIED_FILL = "FADBD8"
UNCARRIED_FONT = "7B241C"
NONCARRYING_FILL = "9E9E9E"
HEAD_FILL = "2F4858"


def _w(lang: str, key: str, **kw: Any) -> str:
    return say(WORKBOOK_UI, lang, key, **kw)


def _as_text(cell: Any, value: str) -> None:
    """Store ``value`` as plain text, never as a formula (spreadsheet formula injection), and mark it so
    that editing the cell in Excel or LibreOffice keeps it text (the "quote prefix" style)."""
    cell.value = value
    cell.data_type = "s"
    cell.quotePrefix = True


def _sheet(wb: Any, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]],
           widths: Sequence[int] | None = None, frozen: str = "A2") -> Any:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title=title[:31])
    ws.append(list(header))
    for col, v in enumerate(header, 1):  # (headers hold the model's labels: project names)
        if isinstance(v, str) and v.startswith(FORMULA_STARTS):
            _as_text(ws.cell(row=1, column=col), v)
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor=HEAD_FILL)
    for cell in ws[1]:
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    n = 0
    for n, row in enumerate(rows, 1):  # only the cells with a value: a big matrix is mostly empty
        for j, value in enumerate(row, 1):
            if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                _as_text(ws.cell(row=n + 1, column=j), value)
            elif value is not None and value != "":
                ws.cell(row=n + 1, column=j, value=value)
    ws.freeze_panes = frozen
    if n:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{n + 1}"
    for i, name in enumerate(header, 1):
        w = widths[i - 1] if widths and i - 1 < len(widths) else max(10, min(60, len(str(name)) + 2))
        ws.column_dimensions[get_column_letter(i)].width = w
    return ws


def _wrap_text_columns(ws: Any, n_cols: int) -> None:
    """Wrap the first ``n_cols`` columns' text (one style registered, then copied: fast for big sheets)."""
    from openpyxl.styles import Alignment

    proto = None
    wrap = Alignment(wrap_text=True, vertical="top")
    for r in ws.iter_rows(min_row=2, max_col=n_cols):
        for c in r:
            if c.quotePrefix:  # text that looks like a formula keeps its own (quote-prefix) style
                c.alignment = wrap
            elif proto is None:
                c.alignment = wrap
                proto = c
            else:
                c._style = copy(proto._style)


def _coverage_sheet(wb: Any, data: dict[str, Any], lang: str) -> Any:
    """One coverage sheet: id, label, carrying projects' columns (colour scale), non-carrying ones (grey), totals."""
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    carrying = [c for c in data["projects"] if c["carrying"]]
    others = [c for c in data["projects"] if not c["carrying"]]
    cols = carrying + others
    name = {c["id"]: c.get("label") or c["id"] for c in cols}
    header = [_w(lang, "id"), _w(lang, "label")] + [name[c["id"]] for c in carrying] + \
        [f"{name[c['id']]} ({_w(lang, 'noncarrying', status=status_name(c['status'], lang))})" for c in others] + \
        [_w(lang, "carrying"), _w(lang, "other")]
    rows = [[r["id"], r["label"], *[r["cells"].get(c["id"]) for c in cols],
             len(r["carriers"]) or _w(lang, "uncarried"),
             ", ".join(carrier_name(x, lang) for x in r["other_carriers"])] for r in data["rows"]]
    ws = _sheet(wb, _w(lang, "coverage", kind=kind_plural(data["by"], lang)), header, rows,
                [28, 60] + [14] * (len(header) - 2), frozen="C2")
    _wrap_text_columns(ws, 2)
    n = len(rows)
    first, last_carrying = 3, 2 + len(carrying)
    grey = PatternFill("solid", fgColor=NONCARRYING_FILL)
    grey_head = Font(bold=True, italic=True, color="FFFFFF")
    for j in range(last_carrying + 1, last_carrying + 1 + len(others)):  # (the header only: fast at scale)
        ws.cell(row=1, column=j).fill = grey
        ws.cell(row=1, column=j).font = grey_head
    if carrying and n:
        rng = f"{get_column_letter(first)}2:{get_column_letter(last_carrying)}{n + 1}"
        ws.conditional_formatting.add(rng, ColorScaleRule(start_type="num", start_value=0, start_color="FFFFFF",
                                                          end_type="max", end_color="2A9D8F"))
    total_col = len(header) - 1
    red: dict[int, Any] = {}  # column -> a cell styled red (its style is copied to the others)
    for i, r in enumerate(data["rows"], 2):
        if not r["carriers"]:
            for j in (1, 2, total_col):
                cell = ws.cell(row=i, column=j)
                if j in red and not cell.quotePrefix:
                    cell._style = copy(red[j]._style)
                else:
                    cell.fill = PatternFill("solid", fgColor=UNCARRIED_FILL)
                    cell.font = Font(color=UNCARRIED_FONT, bold=True)
                    if not cell.quotePrefix:
                        red[j] = cell
    return ws


def coverage_workbook(data: dict[str, Any], lang: str = "fi") -> bytes:
    """A workbook with one coverage sheet."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    _coverage_sheet(wb, data, lang)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def report_workbook(coverages: list[dict[str, Any]], findings: list[dict[str, Any]],
                    ownership: list[dict[str, Any]], lang: str = "fi") -> bytes:
    """The report's workbook: findings, coverage matrices and ownership, in ``lang``."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    sev, cat = texts(SEVERITY_NAMES, lang), texts(CATEGORY_NAMES, lang)
    ws = _sheet(wb, _w(lang, "findings"), [_w(lang, k) for k in ("severity", "category", "message", "subjects",
                                                                   "accepted", "rule", "name")],
                [[sev.get(f["severity"], f["severity"]), cat.get(f["category"], f["category"]), f["message"],
                  ", ".join(f["subjects"]), (f["accepted"] or {}).get("reason", ""), f["rule"], f["name"]]
                 for f in findings],
                [11, 16, 90, 40, 40, 8, 30])
    _wrap_text_columns(ws, 7)
    for data in coverages:
        _coverage_sheet(wb, data, lang)
    ws = _sheet(wb, _w(lang, "ownership"), [_w(lang, k) for k in ("kind", "label", "owner_labels", "id", "owners")],
                [[o.get("kind_name") or kind_name(o["kind"], lang), o["label"], ", ".join(o["owner_labels"]), o["id"], ", ".join(o["owners"])]
                 for o in ownership], [14, 70, 40, 28, 30])
    _wrap_text_columns(ws, 5)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
