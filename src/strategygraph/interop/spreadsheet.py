"""A planner's workbook (xlsx): export a model and read it back, losslessly.

:func:`to_xlsx` and :func:`from_xlsx` are a pair of pure functions (bytes in, bytes out). The
columns follow the schema's field metadata, so a new kind or field gets its sheet or column
without code here:

* one sheet per kind (``Projects``, ``KeyResults``…), one row per entity, ``id`` first;
* a multilingual text is one column per language (``label.fi``, ``label.en``);
* a number, date, yes/no or free text is one column; a controlled list (status…) is one column
  with a dropdown of its values;
* a link is one column of target ids, several separated by ``;`` (:data:`SEPARATOR`), with a
  dropdown of the target kind's ids; a link that carries its own source or note is written as YAML;
* a source reference is three columns (``source.doc``, ``source.section``, ``source.locator``);
* any other structured value (baselines, implementations, status facts…) is a YAML cell.

:func:`from_xlsx` reports every problem at once as ``Sheet!Cell: message`` and returns entities
only when there is none.
"""

from __future__ import annotations

import difflib
import io
from dataclasses import dataclass
from enum import Enum
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from strategygraph.core.model import Model, iter_refs
from strategygraph.core.schema import KINDS, OPEN_SCHEMES, Entity, Link, ModelSettings, SourceRef, field_meta
from strategygraph.interop.modelio import (
    LANGS,
    compact,
    field_class,
    is_multi,
    model_languages,
    plural,
    yaml_items,
)

SEPARATOR = ";"
README_SHEET = "README"
LISTS_SHEET = "Lists"
#: the model's own settings (title, languages, vocabularies) as YAML in cell A2
MODEL_SHEET = "Model"
#: rows the id dropdowns reach beyond the last exported row (room for new entities)
SPARE_ROWS = 500


class WorkbookError(Exception):
    """The workbook cannot be read; ``problems`` lists every reason as ``Sheet!Cell: message``."""

    def __init__(self, problems: list[str]):
        super().__init__(f"{len(problems)} problem(s) in the workbook")
        self.problems = problems


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    form: str  # id | text | literal | concept | links | flat | yaml
    sub: str = ""  # language (text) or sub-field (flat)
    multi: bool = False
    targets: tuple[str, ...] = ()
    enum: Any = None
    datatype: str = "string"
    vocabulary: str = ""  # an open list: the name of the model's vocabulary that holds its codes


def sheet_name(kind: str) -> str:
    return plural(kind)[:31]


def columns(kind: str, langs: list[str]) -> list[Column]:
    """The columns of ``kind``'s sheet, read from the schema's field metadata."""
    cls = KINDS[kind]
    cols: list[Column] = []
    for name in _field_order(cls):
        if name == "id":
            cols.append(Column("id", "id", "id"))
            continue
        meta = field_meta(cls, name)
        mapping = meta.get("map")
        multi = is_multi(cls, name)
        sub = field_class(cls, name)
        if mapping == "text" and not multi:
            cols += [Column(f"{name}.{lg}", name, "text", lg) for lg in langs]
        elif mapping == "literal" and not multi:
            cols.append(Column(name, name, "literal", datatype=meta.get("datatype", "string")))
        elif mapping == "concept" and not multi:
            # a fixed list gets a dropdown; an open vocabulary (the organization's own, in its model) takes any code
            fixed = sub if isinstance(sub, type) and issubclass(sub, Enum) else None
            cols.append(Column(name, name, "concept", enum=fixed,
                               vocabulary=OPEN_SCHEMES.get(meta.get("scheme", ""), "") if fixed is None else ""))
        elif mapping == "ref":
            cols.append(Column(name, name, "links", multi=multi, targets=tuple(meta.get("targets", ()))))
        elif mapping == "nested" and sub is not None and issubclass(sub, Link):
            cols.append(Column(name, name, "links", multi=multi, targets=tuple(meta.get("targets", ()))))
        elif mapping == "nested" and sub is SourceRef and not multi:
            for sname in sub.model_fields:
                smeta = field_meta(sub, sname)
                cols.append(Column(f"{name}.{sname}", name, "flat", sname,
                                   targets=tuple(smeta.get("targets", ())) if smeta.get("map") == "ref" else ()))
        else:
            cols.append(Column(name, name, "yaml", multi=multi))
    return cols


def _field_order(cls: type[Entity]) -> list[str]:
    """id, label, description, the kind's own fields, then the fields every entity has (variants, source, note)."""
    names = list(cls.model_fields)
    head = [n for n in ("id", "label", "description") if n in names]
    common = [n for n in Entity.model_fields if n not in head]
    return head + [n for n in names if n not in head and n not in common] + [n for n in common if n in names]


def _cell_value(entity: Entity, col: Column) -> Any:
    value = getattr(entity, col.field)
    if value is None or value == []:
        return None
    if col.form == "id":
        return value
    if col.form == "text":
        return getattr(value, col.sub)
    if col.form == "literal":
        return value
    if col.form == "concept":
        return value.value
    if col.form == "flat":
        return getattr(value, col.sub)
    if col.form == "links":
        items = value if isinstance(value, list) else [value]
        if all(isinstance(x, str) or (isinstance(x, Link) and x.source is None and x.note is None) for x in items):
            return f"{SEPARATOR} ".join(x if isinstance(x, str) else x.ref for x in items)
    dumped = value.model_dump(mode="json", exclude_none=True) if isinstance(value, BaseModel) else [
        v.model_dump(mode="json", exclude_none=True) if isinstance(v, BaseModel) else getattr(v, "value", v)
        for v in value] if isinstance(value, list) else value
    return yaml_items(compact(dumped))


# ------------------------------------------------------------------ export
def to_xlsx(model: Model) -> bytes:
    """The model as a workbook: a README sheet, one sheet per kind, a hidden sheet of dropdown lists."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import IllegalCharacterError
    from openpyxl.worksheet.datavalidation import DataValidation

    langs = model_languages(model)
    wb = Workbook()
    readme = wb.active
    readme.title = README_SHEET
    lists = wb.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    list_refs: dict[str, str] = {}

    def enum_list(key: str, values: list[str]) -> str:
        if key not in list_refs:
            c = len(list_refs) + 1
            letter = get_column_letter(c)
            lists.cell(row=1, column=c, value=key)
            for i, v in enumerate(values, 2):
                lists.cell(row=i, column=c, value=v)
            list_refs[key] = f"{LISTS_SHEET}!${letter}$2:${letter}${len(values) + 1}"
        return list_refs[key]

    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="2F4858")
    kinds = [k for k in KINDS if model.of_kind(k)] or list(KINDS)
    sizes = {k: len(model.of_kind(k)) for k in KINDS}
    doc_rows: list[tuple[str, str, str]] = []
    for kind in KINDS:
        if kind not in kinds:
            continue
        ws = wb.create_sheet(sheet_name(kind))
        cols = columns(kind, langs)
        ws.append([c.header for c in cols])
        for cell in ws[1]:
            cell.font = header_font
            cell.fill = header_fill
        row_no = 1
        for e in sorted(model.of_kind(kind), key=lambda x: x.id):
            values = [_cell_value(e, c) for c in cols]
            try:
                ws.append(values)
            except IllegalCharacterError:
                bad = next(c.header for c, v in zip(cols, values, strict=True)
                           if isinstance(v, str) and ILLEGAL_CHARACTERS_RE.search(v))
                raise WorkbookError([f"{e.id}: {bad} holds a control character a workbook cannot store"]) from None
            row_no += 1
            for ci, v in enumerate(values, 1):
                if isinstance(v, str) and v.startswith("="):  # text that starts with '=' stays text
                    ws.cell(row=row_no, column=ci).data_type = "s"
        n = sizes[kind]
        last = n + 1
        for ci, c in enumerate(cols, 1):
            letter = get_column_letter(ci)
            ws.column_dimensions[letter].width = 28 if c.form in ("yaml", "text") else 18
            if c.form == "yaml":
                for row in ws.iter_rows(min_row=2, max_row=last, min_col=ci, max_col=ci):
                    row[0].alignment = Alignment(wrap_text=True, vertical="top")
            rng = f"{letter}2:{letter}{last + SPARE_ROWS}"
            formula = None
            if c.form == "concept" and c.enum is not None:
                formula = enum_list(c.enum.__name__, [m.value for m in c.enum])
            elif c.form == "concept" and c.vocabulary and model.vocabulary(c.vocabulary):
                formula = enum_list(c.vocabulary, [term.id for term in model.vocabulary(c.vocabulary)])
            elif c.form in ("links", "flat") and len(c.targets) == 1 and c.targets[0] in KINDS:
                t = c.targets[0]
                formula = f"'{sheet_name(t)}'!$A$2:$A${sizes[t] + 1 + SPARE_ROWS}"
            if formula:
                dv = DataValidation(type="list", formula1=formula, allow_blank=True)
                if c.multi or c.form == "links":
                    # several ids ("a; b") or YAML are allowed: offer the list, do not refuse other text
                    dv.showErrorMessage = False
                else:
                    dv.error = f"Choose a value from the list ({c.header})."
                    dv.showErrorMessage = True
                ws.add_data_validation(dv)
                dv.add(rng)
            doc_rows.append((sheet_name(kind), c.header, _describe(c)))
        ws.freeze_panes = "B2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{last}"
    _readme(readme, doc_rows, langs)
    if model.settings is not None:
        ms = wb.create_sheet(MODEL_SHEET, 1)
        ms["A1"] = "model (YAML: the model's title, languages and vocabularies; edit with care)"
        ms["A1"].font = Font(bold=True)
        ms["A2"] = yaml.safe_dump(model.settings.model_dump(mode="json", exclude_none=True), allow_unicode=True,
                                  sort_keys=False)
        ms["A2"].alignment = Alignment(wrap_text=True, vertical="top")
        ms.column_dimensions["A"].width = 100
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _describe(c: Column) -> str:
    if c.form == "id":
        return "the entity's id (lowercase letters, digits, - . _ and / between parts); unique in the workbook"
    if c.form == "text":
        return f"text in language '{c.sub}'"
    if c.form == "literal":
        return {"integer": "a whole number", "decimal": "a number", "boolean": "TRUE or FALSE"}.get(
            c.datatype, "text (dates as YYYY, YYYY-QN, YYYY-MM or YYYY-MM-DD)")
    if c.form == "concept" and c.enum is not None:
        return "one of: " + ", ".join(m.value for m in c.enum)
    if c.form == "links":
        t = " or ".join(c.targets)
        return (f"ids of {t} entities, several separated by '{SEPARATOR}'" if c.multi else f"the id of a {t}") + \
            " (YAML when a link carries its own source or note)"
    if c.form == "flat":
        return f"source reference: {c.sub}" + (" (a Source id)" if c.targets else "")
    return "a structured value written as YAML" + (" (a list)" if c.multi else "")


def _readme(ws: Any, doc_rows: list[tuple[str, str, str]], langs: list[str]) -> None:
    from openpyxl.styles import Font

    lines = [
        "strategygraph workbook",
        "",
        "One sheet per kind of entity, one row per entity. Edit cells, add rows, then read it back with:",
        "  strategygraph import xlsx THIS.xlsx -o MODEL_DIR   (or --merge into an existing model)",
        f"Texts have one column per language ({', '.join(langs)}). Links hold ids; several ids are separated "
        f"by '{SEPARATOR}'.",
        "Dropdowns offer the allowed values and the ids of the target sheet. Leave a cell empty when the "
        "value is not known.",
        "Cells marked 'YAML' hold structured values (lists of measurements, implementations, ...) in YAML.",
        "Do not add sheets, merge cells or type formulas: the import refuses them and names the cell.",
        "The import checks everything at once and writes nothing unless the whole workbook is valid.",
        "",
    ]
    for line in lines:
        ws.append([line])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["sheet", "column", "what it holds"])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for row in doc_rows:
        ws.append(list(row))
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 22
    ws.column_dimensions["C"].width = 90


# ------------------------------------------------------------------ import
def _type_name(datatype: str) -> str:
    return {"integer": "a whole number", "decimal": "a number", "boolean": "TRUE or FALSE"}.get(datatype, "text")


def _literal(value: Any, datatype: str) -> Any:
    """A cell's value for a literal field; raises ValueError with a message for the user."""
    if datatype == "integer":
        if isinstance(value, bool):
            raise ValueError
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, int):
            return value
        return int(str(value).strip())
    if datatype == "decimal":
        if isinstance(value, bool):
            raise ValueError
        return float(value) if isinstance(value, (int, float)) else float(str(value).strip())
    if datatype == "boolean":
        if isinstance(value, bool):
            return value
        s = str(value).strip().lower()
        if s in ("true", "yes", "1"):
            return True
        if s in ("false", "no", "0"):
            return False
        raise ValueError
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):  # a date typed into the cell
        return value.isoformat()[:10]
    return value if isinstance(value, str) else str(value)


def _yaml(text: str) -> Any:
    from strategygraph.core.loader import _Loader

    return yaml.load(text, Loader=_Loader)


def settings_from_xlsx(data: bytes) -> ModelSettings | None:
    """The model settings of a workbook written by :func:`to_xlsx` (its ``Model`` sheet), or None.

    Raises :class:`WorkbookError` naming the cell when the YAML there is not valid settings.
    """
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), data_only=False, read_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise WorkbookError([f"not a readable xlsx workbook ({type(exc).__name__}: {exc})"]) from None
    if MODEL_SHEET not in wb.sheetnames:
        return None
    cell = next(wb[MODEL_SHEET].iter_rows(min_row=2, max_row=2, max_col=1, values_only=True), (None,))[0]
    if cell is None or str(cell).strip() == "":
        return None
    try:
        raw = yaml.safe_load(str(cell))
    except yaml.YAMLError as exc:
        raise WorkbookError([f"{MODEL_SHEET}!A2: not valid YAML: {exc}"]) from None
    try:
        return ModelSettings.model_validate(raw)
    except ValidationError as exc:
        raise WorkbookError([f"{MODEL_SHEET}!A2: {'.'.join(map(str, e['loc']))}: {e['msg']}"
                             for e in exc.errors()]) from None


def from_xlsx(data: bytes) -> list[Entity]:
    """Read a workbook written by :func:`to_xlsx` (and edited). Raises :class:`WorkbookError`."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    try:
        wb = load_workbook(io.BytesIO(data), data_only=False, read_only=True)  # streaming: fast on big workbooks
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise WorkbookError([f"not a readable xlsx workbook ({type(exc).__name__}: {exc})"]) from None
    problems: list[str] = []
    try:  # the organization's own lists (status, carrier kinds, …) that concept cells are checked against
        holder = Model()
        holder.settings = settings_from_xlsx(data)
        vocab = {name: [term.id for term in holder.vocabulary(name)] for name in OPEN_SCHEMES.values()}
    except WorkbookError as exc:
        problems += exc.problems
        vocab = {}
    by_sheet = {sheet_name(k): k for k in KINDS}
    for ws in wb.worksheets:
        if ws.title not in by_sheet and ws.title not in (README_SHEET, LISTS_SHEET, MODEL_SHEET):
            hint = difflib.get_close_matches(ws.title, list(by_sheet), n=1)
            problems.append(f"{ws.title}: unknown sheet" + (f"; did you mean {hint[0]!r}?" if hint else "")
                            + f"; sheets are {README_SHEET}, {', '.join(by_sheet)}")
    rows: list[tuple[str, int, dict[str, Any], dict[str, str], set[str]]] = []  # kind, row, data, cells, bad fields
    plain_links: list[tuple[str, str, str, tuple[str, ...]]] = []  # where, field, target id, kinds
    first_id: dict[str, str] = {}
    for ws in wb.worksheets:
        kind = by_sheet.get(ws.title)
        if kind is None:
            continue
        title = ws.title
        for coord in _merged_ranges(data, ws):
            problems.append(f"{title}!{coord}: merged cells; unmerge them (one value per cell)")
        cols = {c.header: c for c in columns(kind, list(LANGS))}
        header: list[Column | None] = []
        seen_headers: set[str] = set()
        first_row = next(ws.iter_rows(min_row=1, max_row=1), ())
        for ci, cell in enumerate(first_row, 1):
            h = cell.value
            if h is None or str(h).strip() == "":
                header.append(None)
                continue
            h = str(h).strip()
            col = cols.get(h)
            where = f"{title}!{get_column_letter(ci)}1"
            if col is None:
                hint = difflib.get_close_matches(h, list(cols), n=1)
                problems.append(f"{where}: unknown column {h!r}" + (f"; did you mean {hint[0]!r}?" if hint else ""))
            elif h in seen_headers:
                problems.append(f"{where}: column {h!r} appears twice")
                col = None
            seen_headers.add(h)
            header.append(col)
        if "id" not in seen_headers:
            problems.append(f"{title}!A1: no 'id' column")
            continue
        for r, row in enumerate(ws.iter_rows(min_row=2), 2):
            d: dict[str, Any] = {}
            cells: dict[str, str] = {}
            bad: set[str] = set()
            row_links: list[tuple[str, str, str, tuple[str, ...]]] = []
            empty = True
            for ci, cell in enumerate(row):
                col = header[ci] if ci < len(header) else None
                v = cell.value
                if v is None or (isinstance(v, str) and v == ""):
                    continue
                where = f"{title}!{get_column_letter(ci + 1)}{r}"
                if col is None:
                    if ci >= len(header) or header[ci] is None:
                        problems.append(f"{where}: a value in a column without a header")
                    empty = False
                    continue
                empty = False
                cells.setdefault(col.field, where)
                if cell.data_type == "f":
                    problems.append(f"{where}: a formula ({str(v)[:40]}); type the value itself")
                    bad.add(col.field)
                    continue
                try:
                    _put(d, col, v, vocab)
                except ValueError as exc:
                    problems.append(f"{where}: {exc}")
                    bad.add(col.field)
                    continue
                if col.form == "links" and col.targets:
                    got = d.get(col.field)
                    for t in got if isinstance(got, list) else [got]:
                        t = t.get("ref") if isinstance(t, dict) else t
                        if isinstance(t, str):
                            row_links.append((where, col.field, t, col.targets))
            if empty:
                continue
            eid = d.get("id")
            id_cell = next((f"{title}!{get_column_letter(i + 1)}{r}" for i, c in enumerate(header)
                            if c is not None and c.form == "id"), f"{title}!A{r}")
            if not isinstance(eid, str) or not eid.strip():
                problems.append(f"{id_cell}: missing id (every row needs one)")
                continue
            if eid in first_id:
                problems.append(f"{id_cell}: duplicate id {eid!r} (first at {first_id[eid]})")
                continue
            first_id[eid] = id_cell
            cells["id"] = id_cell
            rows.append((kind, r, d, cells, bad))
            plain_links.extend(row_links)

    entities: list[Entity] = []
    cells_of: dict[str, dict[str, str]] = {}
    kind_of_id = {d["id"]: kind for kind, _r, d, _c, _b in rows}
    for where, fname, target, kinds in plain_links:
        if target not in kind_of_id:
            pool = [i for i, k in kind_of_id.items() if "*" in kinds or k in kinds]
            hint = difflib.get_close_matches(target, pool, n=1, cutoff=0.6)
            problems.append(f"{where}: unknown {'/'.join(kinds)} id {target!r}"
                            + (f"; did you mean {hint[0]!r}?" if hint else ""))
        elif "*" not in kinds and kind_of_id[target] not in kinds:
            problems.append(f"{where}: {target!r} is a {kind_of_id[target]}, but {fname} takes a {' or '.join(kinds)}")
    for kind, r, d, cells, bad in rows:
        cls = KINDS[kind]
        try:
            ent = cls.model_validate(d)
        except ValidationError as exc:
            for err in exc.errors():
                loc = tuple(err.get("loc", ()))
                fname = str(loc[0]) if loc else "id"
                if fname in bad:
                    continue  # already reported at its cell
                where = cells.get(fname) or f"{sheet_name(kind)}!{_first_col(kind, fname)}{r}"
                rest = ".".join(str(x) for x in loc[1:])
                problems.append(f"{where}: {fname}{'.' + rest if rest else ''}: {_message(err)}")
            continue
        entities.append(ent)
        cells_of[ent.id] = cells
    kinds_of = kind_of_id
    known = set(first_id)
    for ent in entities:
        for site in iter_refs(ent):
            fname = str(site.path[0])
            if len(site.path) <= 3 and site.path[-1] == "ref" or len(site.path) == 1:
                continue  # a plain link: checked above, from its cell
            where = cells_of[ent.id].get(fname, cells_of[ent.id]["id"])
            if site.target not in known:
                pool = [i for i, k in kinds_of.items() if "*" in site.kinds or k in site.kinds]
                hint = difflib.get_close_matches(site.target, pool, n=1, cutoff=0.6)
                what = "/".join(site.kinds) if "*" not in site.kinds else "entity"
                problems.append(f"{where}: unknown {what} id {site.target!r}"
                                + (f"; did you mean {hint[0]!r}?" if hint else ""))
            elif site.target in kinds_of and "*" not in site.kinds and kinds_of[site.target] not in site.kinds:
                problems.append(f"{where}: {site.target!r} is a {kinds_of[site.target]}, but {fname} takes a "
                                f"{' or '.join(site.kinds)}")
    if problems:
        raise WorkbookError(sorted(dict.fromkeys(problems), key=_cell_order))
    return entities


def _merged_ranges(data: bytes, ws: Any) -> list[str]:
    """The merged ranges of a read-only sheet (read from its XML part: the streaming reader skips them)."""
    import re
    import zipfile

    path = getattr(ws, "_worksheet_path", None) or getattr(ws, "worksheet_path", None)
    if not path:
        return []
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        try:
            xml = z.read(path.lstrip("/")).decode("utf-8", "replace")
        except KeyError:
            return []
    return re.findall(r'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"', xml)


def _cell_order(p: str) -> tuple[str, int, str]:
    import re

    m = re.match(r"([^!]+)!([A-Z]+)(\d+)", p)
    if not m:
        return (p.split(":", 1)[0], 0, p)
    return (m.group(1), int(m.group(3)), m.group(2).rjust(3))


def _first_col(kind: str, fname: str) -> str:
    from openpyxl.utils import get_column_letter

    for i, c in enumerate(columns(kind, ["fi", "en"]), 1):
        if c.field == fname:
            return get_column_letter(i)
    return "A"


def _message(err: Any) -> str:
    from strategygraph.core.loader import _pydantic_message

    return _pydantic_message(err)


def _put(d: dict[str, Any], col: Column, v: Any, vocab: dict[str, list[str]] | None = None) -> None:
    """Store a cell value into row data ``d``; raises ValueError with the user's message."""
    if col.form == "id":
        d["id"] = str(v).strip()
    elif col.form == "text":
        d.setdefault(col.field, {})[col.sub] = v if isinstance(v, str) else _literal(v, "string")
    elif col.form == "literal":
        try:
            d[col.field] = _literal(v, col.datatype)
        except ValueError:
            raise ValueError(f"{col.header}: {v!r} is not {_type_name(col.datatype)}") from None
    elif col.form == "concept":
        s = str(v).strip()
        allowed = [m.value for m in col.enum] if col.enum is not None else (vocab or {}).get(col.vocabulary, [])
        if allowed and s not in allowed:
            raise ValueError(f"unknown {col.header} {s!r}; allowed: {', '.join(allowed)}")
        d[col.field] = s
    elif col.form == "flat":
        d.setdefault(col.field, {})[col.sub] = _literal(v, "string")
    elif col.form == "links":
        s = str(v) if not isinstance(v, str) else v
        if s.lstrip().startswith(("[", "{", "-")) or "\n" in s.strip():
            d[col.field] = _parse_yaml(col, s)
        else:
            ids = [x.strip() for x in s.split(SEPARATOR) if x.strip()]
            if not col.multi and len(ids) > 1:
                raise ValueError(f"{col.header} takes one id, not {len(ids)}")
            d[col.field] = ids if col.multi else (ids[0] if ids else None)
    else:
        d[col.field] = _parse_yaml(col, v if isinstance(v, str) else str(v))


def _parse_yaml(col: Column, text: str) -> Any:
    try:
        return _yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" (line {mark.line + 1} of the cell)" if mark is not None else ""
        raise ValueError(f"{col.header}: not valid YAML{at}: {getattr(exc, 'problem', exc)}") from None

