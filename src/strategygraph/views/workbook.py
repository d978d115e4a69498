"""Excel workbooks for planners: frozen headers, column widths, filters, readable colours."""

from __future__ import annotations

import io
from typing import Any, Iterable, Optional, Sequence

#: a cell whose text starts with one of these is taken as a formula by spreadsheet programs
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _as_text(cell: Any, value: str) -> None:
    """Store ``value`` as plain text, never as a formula (spreadsheet formula injection), and mark it so
    that editing the cell in Excel or LibreOffice keeps it text (the "quote prefix" style)."""
    cell.value = value
    cell.data_type = "s"
    cell.quotePrefix = True


def _sheet(wb: Any, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]],
           widths: Optional[Sequence[int]] = None, heat_from: Optional[int] = None) -> Any:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title=title[:31])
    ws.append(list(header))
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="2F4858")
    for cell in ws[1]:
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    n = 0
    for row in rows:
        values = list(row)
        ws.append(values)
        n += 1
        for col, v in enumerate(values, 1):
            if isinstance(v, str) and v.startswith(FORMULA_STARTS):
                _as_text(ws.cell(row=n + 1, column=col), v)
    ws.freeze_panes = "C2" if heat_from else "A2"
    if n:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{n + 1}"
    for i, name in enumerate(header, 1):
        w = widths[i - 1] if widths and i - 1 < len(widths) else max(10, min(60, len(str(name)) + 2))
        ws.column_dimensions[get_column_letter(i)].width = w
    # wrap the text columns (numbers need no wrapping: skipping them keeps big matrices fast)
    wrap = Alignment(wrap_text=True, vertical="top")
    text_cols = (heat_from - 1) if heat_from else len(header)
    for r in ws.iter_rows(min_row=2, max_col=text_cols):
        for c in r:
            c.alignment = wrap
    if heat_from and n:
        from openpyxl.formatting.rule import ColorScaleRule

        rng = f"{get_column_letter(heat_from)}2:{get_column_letter(len(header))}{n + 1}"
        ws.conditional_formatting.add(rng, ColorScaleRule(start_type="num", start_value=0, start_color="FFFFFF",
                                                          end_type="max", end_color="2A9D8F"))
    return ws


def _coverage_rows(data: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    cols = data["projects"]
    header = ["id", "label"] + [c["id"] + ("" if c["carrying"] else f" ({c['status']})") for c in cols] + \
        ["carrying projects", "other carriers"]
    rows = [[r["id"], r["label"], *[r["cells"].get(c["id"]) for c in cols], len(r["carriers"]),
             ", ".join(r["other_carriers"])] for r in data["rows"]]
    return header, rows


def coverage_workbook(data: dict[str, Any]) -> bytes:
    """A workbook with one coverage sheet."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    header, rows = _coverage_rows(data)
    _sheet(wb, f"coverage {data['by']}", header, rows, [28, 60] + [14] * (len(header) - 2), heat_from=3)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def report_workbook(coverages: list[dict[str, Any]], findings: list[dict[str, Any]],
                    ownership: list[dict[str, Any]]) -> bytes:
    """The report's workbook: coverage matrices, findings and ownership."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, "findings", ["severity", "rule", "name", "category", "subjects", "message", "accepted"],
           [[f["severity"], f["rule"], f["name"], f["category"], ", ".join(f["subjects"]), f["message"],
             (f["accepted"] or {}).get("reason", "")] for f in findings],
           [10, 8, 34, 13, 40, 90, 40])
    for data in coverages:
        header, rows = _coverage_rows(data)
        _sheet(wb, f"coverage {data['by']}", header, rows, [28, 60] + [14] * (len(header) - 2), heat_from=3)
    _sheet(wb, "ownership", ["kind", "id", "label", "owner(s)", "owner label(s)"],
           [[o["kind"], o["id"], o["label"], ", ".join(o["owners"]), ", ".join(o["owner_labels"])]
            for o in ownership], [12, 28, 70, 30, 50])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
