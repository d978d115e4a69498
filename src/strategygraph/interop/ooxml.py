"""A small, fast SpreadsheetML (xlsx) writer and reader for the planner's workbook.

openpyxl builds an object per cell (and a style object per styled cell); on a 10k-entity model that
was most of the export and import time. The workbook needs only values, a few fixed styles, column
widths, a frozen header, filters, list validations and a hidden sheet, so it is written here as XML
text; reading takes the values, formulas and merged ranges from the sheet XML with lxml. Workbooks
edited and saved by Excel, LibreOffice or openpyxl read back (shared or inline strings, rich text,
numbers, booleans, dates by their number format, formulas, errors).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

#: the workbook's fixed cell styles (indexes into ``cellXfs`` of :data:`_STYLES`)
PLAIN, HEADER, WRAP, BOLD, TITLE = 0, 1, 2, 3, 4

#: characters XML 1.0 cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE, plus the non-characters)
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class IllegalText(ValueError):
    """A cell text holds a character a workbook cannot store; ``where`` is (sheet index, row, column)."""

    def __init__(self, where: tuple[int, int, int]):
        super().__init__(f"illegal character at {where}")
        self.where = where


@dataclass
class Validation:
    """A list dropdown on ``sqref`` (``C2:C600``) offering the cells of ``formula``."""

    sqref: str
    formula: str
    strict: bool = False  # refuse other values (with ``error``) rather than only offering the list
    error: str = ""


@dataclass
class Sheet:
    title: str
    rows: list[list[Any]] = field(default_factory=list)  # values: str, int, float, bool or None
    widths: dict[int, float] = field(default_factory=dict)  # 1-based column -> width
    column_styles: dict[int, int] = field(default_factory=dict)  # 1-based column -> style below the header
    row_styles: dict[int, int] = field(default_factory=dict)  # 1-based row -> style of its cells
    freeze: str | None = None  # the top-left cell of the scrolling pane, e.g. "B2"
    autofilter: str | None = None
    validations: list[Validation] = field(default_factory=list)
    hidden: bool = False


def column_letter(n: int) -> str:
    """1 → A, 27 → AA."""
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


# ------------------------------------------------------------------ writing
_XSTRING = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


def _xml_text(s: str) -> str:
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    return _XSTRING.sub(r"_x005F_\1", s) if "_x" in s else s  # Excel reads _xHHHH_ as a character


def _attr(s: str) -> str:
    return _xml_text(s).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


class _Strings:
    """The shared string table."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.count = 0

    def add(self, s: str) -> int:
        self.count += 1
        i = self.index.get(s)
        if i is None:
            i = self.index[s] = len(self.index)
        return i

    def xml(self) -> str:
        parts = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{MAIN_NS}" '
                 f'count="{self.count}" uniqueCount="{len(self.index)}">']
        for s in self.index:
            space = ' xml:space="preserve"' if s != s.strip() or "\n" in s else ""
            parts.append(f"<si><t{space}>{_xml_text(s)}</t></si>")
        parts.append("</sst>")
        return "".join(parts)


def _sheet_xml(sheet: Sheet, sheet_no: int, strings: _Strings, selected: bool) -> str:
    letters = [column_letter(i) for i in range(1, max((len(r) for r in sheet.rows), default=1) + 1)]
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN_NS}" '
           f'xmlns:r="{REL_NS}">']
    n_rows = len(sheet.rows)
    out.append(f'<dimension ref="A1:{letters[-1]}{max(n_rows, 1)}"/>')
    view = '<sheetView workbookViewId="0"' + (' tabSelected="1"' if selected else "")
    if sheet.freeze:
        m = re.match(r"([A-Z]+)(\d+)$", sheet.freeze)
        assert m is not None
        xs, ys = _column_number(m.group(1)) - 1, int(m.group(2)) - 1
        split = (f' xSplit="{xs}"' if xs else "") + (f' ySplit="{ys}"' if ys else "")
        out.append(f'<sheetViews>{view}><pane{split} topLeftCell="{sheet.freeze}" activePane="bottomRight" '
                   f'state="frozen"/><selection pane="bottomRight" activeCell="{sheet.freeze}" '
                   f'sqref="{sheet.freeze}"/></sheetView></sheetViews>')
    else:
        out.append(f"<sheetViews>{view}/></sheetViews>")
    out.append('<sheetFormatPr defaultRowHeight="15"/>')
    cols = sorted(set(sheet.widths) | set(sheet.column_styles))
    if cols:
        out.append("<cols>")
        for c in cols:
            width = sheet.widths.get(c, 9.140625)
            col_style = f' style="{sheet.column_styles[c]}"' if c in sheet.column_styles else ""
            out.append(f'<col min="{c}" max="{c}" width="{width}" customWidth="1"{col_style}/>')
        out.append("</cols>")
    out.append("<sheetData>")
    col_styles = sheet.column_styles
    for r, row in enumerate(sheet.rows, 1):
        row_style = sheet.row_styles.get(r, 0)
        cells = []
        for ci, v in enumerate(row):
            if v is None:
                continue
            style = row_style or (col_styles.get(ci + 1, 0) if r > 1 else 0)
            s = f' s="{style}"' if style else ""
            ref = f"{letters[ci]}{r}"
            if isinstance(v, str):
                if ILLEGAL.search(v):
                    raise IllegalText((sheet_no, r, ci + 1))
                cells.append(f'<c r="{ref}"{s} t="s"><v>{strings.add(v)}</v></c>')
            elif isinstance(v, bool):
                cells.append(f'<c r="{ref}"{s} t="b"><v>{int(v)}</v></c>')
            elif isinstance(v, (int, float)):
                cells.append(f'<c r="{ref}"{s}><v>{v!r}</v></c>')
            else:
                raise TypeError(f"cannot write a {type(v).__name__} into a cell")
        out.append(f'<row r="{r}">{"".join(cells)}</row>')
    out.append("</sheetData>")
    if sheet.autofilter:
        out.append(f'<autoFilter ref="{sheet.autofilter}"/>')
    if sheet.validations:
        out.append(f'<dataValidations count="{len(sheet.validations)}">')
        for dv in sheet.validations:
            err = f' errorStyle="stop" error="{_attr(dv.error)}"' if dv.strict and dv.error else ""
            out.append(f'<dataValidation type="list" allowBlank="1" showErrorMessage="{int(dv.strict)}"{err} '
                       f'sqref="{dv.sqref}"><formula1>{_xml_text(dv.formula)}</formula1></dataValidation>')
        out.append("</dataValidations>")
    out.append('<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/></worksheet>')
    return "".join(out)


_STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{MAIN_NS}"><fonts count="4"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
<font><b/><sz val="11"/><color rgb="FFFFFFFF"/><name val="Calibri"/><family val="2"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
<font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font></fonts>\
<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>\
<fill><patternFill patternType="solid"><fgColor rgb="FF2F4858"/><bgColor indexed="64"/></patternFill></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>\
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">\
<alignment vertical="top" wrapText="1"/></xf>\
<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
<xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>\
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"""


def write_workbook(sheets: list[Sheet]) -> bytes:
    """The sheets as xlsx bytes (the first sheet is the one shown). Raises :class:`IllegalText`."""
    strings = _Strings()
    parts = {f"xl/worksheets/sheet{i}.xml": _sheet_xml(s, i - 1, strings, i == 1) for i, s in enumerate(sheets, 1)}
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    overrides = "".join(f'<Override PartName="/{p}" ContentType="{ct}.worksheet+xml"/>' for p in parts)
    names = []
    for i, s in enumerate(sheets):
        if s.autofilter:
            ref = "$" + s.autofilter.replace(":", ":$")
            ref = re.sub(r"([A-Z]+)(\d+)", r"\1$\2", ref)
            names.append(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
                         f"{_xml_text(_quote_sheet(s.title))}!{ref}</definedName>")
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns='
        '"http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType='
        '"application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
        f'"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{ct}.styles+xml"/><Override PartName='
        f'"/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/>{overrides}</Types>',
        "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns='
        f'"{PKG_REL_NS}"><Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns='
        f'"{MAIN_NS}" xmlns:r="{REL_NS}"><workbookPr/><bookViews><workbookView activeTab="0"/></bookViews>'
        "<sheets>" + "".join(
            f'<sheet name="{_attr(s.title)}" sheetId="{i}"' + (' state="hidden"' if s.hidden else "") + f' r:id="rId{i}"/>'
            for i, s in enumerate(sheets, 1)) + "</sheets>"
        + (f"<definedNames>{''.join(names)}</definedNames>" if names else "") + "</workbook>",
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{PKG_REL_NS}">' + "".join(
            f'<Relationship Id="rId{i}" Type="{REL_NS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1))
        + f'<Relationship Id="rId{len(sheets) + 1}" Type="{REL_NS}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId{len(sheets) + 2}" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>",
        "xl/styles.xml": _STYLES,
        **parts,
        "xl/sharedStrings.xml": strings.xml(),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for name, text in files.items():
            z.writestr(name, text.encode("utf-8"))
    return buf.getvalue()


def _quote_sheet(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


# ------------------------------------------------------------------ reading
class Cell(NamedTuple):
    column: int  # 1-based
    value: Any  # str, int, float, bool, datetime
    formula: bool = False


class WorkbookReadError(ValueError):
    """Not an xlsx workbook this reader understands."""


_BUILTIN_DATES = set(range(14, 23)) | {45, 46, 47}
#: formulas that are constants, read as their value
_CONSTANTS = {"TRUE()": True, "FALSE()": False, "TRUE": True, "FALSE": False}
_REF = re.compile(r"([A-Z]+)(\d+)")
_UNESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(s: str) -> str:
    return _UNESCAPE.sub(lambda m: chr(int(m.group(1), 16)), s) if "_x" in s else s


class Book:
    """A workbook read from xlsx bytes: its sheet names, each sheet's cells and merged ranges."""

    def __init__(self, data: bytes) -> None:
        from lxml import etree

        self._etree = etree
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            wb_path = self._office_document()
            wb = self._xml(wb_path)
        except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError) as exc:
            raise WorkbookReadError(f"{type(exc).__name__}: {exc}") from None
        ns = wb.tag[1:].split("}", 1)[0] if wb.tag.startswith("{") else ""
        if ns != MAIN_NS:
            raise WorkbookReadError(f"not a SpreadsheetML workbook (root {wb.tag!r})")
        rels = self._rels(wb_path)
        self.sheets: dict[str, str] = {}  # title -> part path
        for s in wb.iter(self._q("sheet")):
            target = rels.get(s.get(f"{{{REL_NS}}}id") or "", ("", ""))
            self.sheets[s.get("name") or ""] = target[0]
        pr = wb.find(self._q("workbookPr"))
        self._epoch1904 = pr is not None and pr.get("date1904") in ("1", "true")
        by_type = {t.rsplit("/", 1)[-1]: p for p, t in rels.values()}
        self._strings = self._shared_strings(by_type.get("sharedStrings"))
        self._date_styles = self._dates(by_type.get("styles"))
        self._cached: tuple[str | None, Any] = (None, None)  # the sheet parsed last

    @staticmethod
    def _q(tag: str) -> str:
        return f"{{{MAIN_NS}}}{tag}"

    @property
    def sheetnames(self) -> list[str]:
        return list(self.sheets)

    # -------------------------------------------------------------- package parts
    def _xml(self, path: str) -> Any:
        return self._etree.fromstring(self._zip.read(path), parser=self._etree.XMLParser(resolve_entities=False,
                                                                                         no_network=True))

    def _office_document(self) -> str:
        root = self._xml("_rels/.rels")
        for r in root:
            if str(r.get("Type", "")).endswith("/officeDocument"):
                return str(r.get("Target", "")).lstrip("/")
        raise KeyError("no workbook part in the package")

    def _rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id → (part path, type) of ``part``."""
        folder, _, name = part.rpartition("/")
        try:
            root = self._xml(f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels")
        except KeyError:
            return {}
        out = {}
        for r in root:
            target = str(r.get("Target", ""))
            path = target.lstrip("/") if target.startswith("/") else (f"{folder}/{target}" if folder else target)
            out[str(r.get("Id", ""))] = (path, str(r.get("Type", "")))
        return out

    def _shared_strings(self, path: str | None) -> list[str]:
        if not path:
            return []
        root = self._xml(path)
        t, r, si = self._q("t"), self._q("r"), self._q("si")
        out = []
        for item in root.iterchildren(si):
            text = "".join((x.text or "") for x in item.iterchildren(t))
            text += "".join((x.text or "") for run in item.iterchildren(r) for x in run.iterchildren(t))
            out.append(_unescape(text))
        return out

    def _dates(self, path: str | None) -> set[int]:
        """Indexes of the cell styles whose number format is a date."""
        if not path:
            return set()
        from openpyxl.styles.numbers import is_date_format

        root = self._xml(path)
        custom = {int(f.get("numFmtId", "0")): f.get("formatCode", "") for f in root.iter(self._q("numFmt"))}
        xfs = root.find(self._q("cellXfs"))
        out = set()
        for i, xf in enumerate(xfs.iterchildren(self._q("xf")) if xfs is not None else ()):
            fid = int(xf.get("numFmtId", "0"))
            if fid in _BUILTIN_DATES or (fid in custom and is_date_format(custom[fid])):
                out.add(i)
        return out

    # -------------------------------------------------------------- cells
    def merged(self, title: str) -> list[str]:
        root = self._sheet(title)
        return [str(m.get("ref")) for m in root.iter(self._q("mergeCell")) if m.get("ref")]

    def _sheet(self, title: str) -> Any:
        if self._cached[0] == title:
            return self._cached[1]
        path = self.sheets[title]
        try:
            root = self._xml(path)
            self._cached = (title, root)
            return root
        except (KeyError, self._etree.XMLSyntaxError) as exc:
            raise WorkbookReadError(f"sheet {title!r}: {type(exc).__name__}: {exc}") from None

    def rows(self, title: str) -> Iterator[tuple[int, list[Cell]]]:
        """(row number, its non-empty cells) of the sheet ``title``, in order."""
        root = self._sheet(title)
        data = root.find(self._q("sheetData"))
        if data is None:
            return
        q = self._q
        c_tag, v_tag, f_tag, is_tag, t_tag = q("c"), q("v"), q("f"), q("is"), q("t")
        r_no = 0
        for row in data.iterchildren(q("row")):
            r_attr = row.get("r")
            r_no = int(r_attr) if r_attr else r_no + 1
            cells: list[Cell] = []
            col = 0
            for c in row.iterchildren(c_tag):
                ref = c.get("r")
                m = _REF.match(ref) if ref else None
                col = _column_number(m.group(1)) if m else col + 1
                cell = self._cell(c, col, v_tag, f_tag, is_tag, t_tag)
                if cell is not None:
                    cells.append(cell)
            yield r_no, cells

    def _cell(self, c: Any, col: int, v_tag: str, f_tag: str, is_tag: str, t_tag: str) -> Cell | None:
        v = f = inline = None
        for ch in c:  # one pass over the children (find() per tag costs more on big sheets)
            tag = ch.tag
            if tag == v_tag:
                v = ch
            elif tag == f_tag:
                f = ch
            elif tag == is_tag:
                inline = ch
        if f is not None:
            formula = (f.text or "").strip()
            if formula.upper() in _CONSTANTS:  # LibreOffice saves a yes/no cell as =TRUE() or =FALSE()
                return Cell(col, _CONSTANTS[formula.upper()])
            return Cell(col, "=" + (formula or "(shared formula)"), True)
        t = c.get("t")
        if inline is not None:
            text = "".join(x.text or "" for x in inline.iter(t_tag))
            return Cell(col, _unescape(text)) if text else None
        if v is None or v.text is None:
            return None
        text = v.text
        if t == "s":
            return Cell(col, self._strings[int(text)])
        if t is None or t == "n":
            return Cell(col, self._number(text, c.get("s")))
        if t == "b":
            return Cell(col, text.strip() in ("1", "true"))
        return Cell(col, text)  # str (a formula's cached text), e (an error), d (an ISO date)

    def _number(self, text: str, style: str | None) -> Any:
        number: Any = float(text) if ("." in text or "E" in text or "e" in text) else int(text)
        if style is not None and self._date_styles and int(style) in self._date_styles:
            from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

            number = from_excel(number, CALENDAR_MAC_1904 if self._epoch1904 else CALENDAR_WINDOWS_1900)
        return number
