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
from dataclasses import dataclass
from enum import Enum
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from strategygraph.core.model import Model, iter_refs
from strategygraph.core.schema import KINDS, OPEN_SCHEMES, Entity, Link, ModelSettings, SourceRef, field_meta
from strategygraph.core.util import gc_paused
from strategygraph.interop.modelio import (
    LANGS,
    compact,
    field_class,
    is_multi,
    model_languages,
    plural,
    yaml_items,
)
from strategygraph.interop.ooxml import (
    BOLD,
    HEADER,
    TITLE,
    WRAP,
    Book,
    Cell,
    IllegalText,
    Sheet,
    Validation,
    WorkbookReadError,
    column_letter,
    write_workbook,
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
class _Lists:
    """The hidden sheet of dropdown lists: one column per list."""

    def __init__(self) -> None:
        self.columns: list[list[str]] = []
        self.refs: dict[str, str] = {}

    def ref(self, key: str, values: list[str]) -> str:
        if key not in self.refs:
            self.columns.append([key, *values])
            letter = column_letter(len(self.columns))
            self.refs[key] = f"{LISTS_SHEET}!${letter}$2:${letter}${len(values) + 1}"
        return self.refs[key]

    def sheet(self) -> Sheet:
        height = max((len(c) for c in self.columns), default=0)
        rows = [[c[i] if i < len(c) else None for c in self.columns] for i in range(height)]
        return Sheet(LISTS_SHEET, rows, hidden=True)


def _dropdown(c: Column, model: Model, sizes: dict[str, int], lists: _Lists) -> str | None:
    """The list a column's dropdown offers: a fixed list, the model's own vocabulary or the target sheet's ids."""
    if c.form == "concept" and c.enum is not None:
        return lists.ref(c.enum.__name__, [m.value for m in c.enum])
    if c.form == "concept" and c.vocabulary and model.vocabulary(c.vocabulary):
        return lists.ref(c.vocabulary, [term.id for term in model.vocabulary(c.vocabulary)])
    if c.form in ("links", "flat") and len(c.targets) == 1 and c.targets[0] in KINDS:
        t = c.targets[0]
        return f"'{sheet_name(t)}'!$A$2:$A${sizes[t] + 1 + SPARE_ROWS}"
    return None


def _kind_sheet(model: Model, kind: str, langs: list[str], sizes: dict[str, int], lists: _Lists,
                doc_rows: list[tuple[str, str, str]]) -> Sheet:
    """One kind's sheet: a header row, one row per entity, widths, dropdowns, frozen header and filters."""
    cols = columns(kind, langs)
    title = sheet_name(kind)
    sheet = Sheet(title, [[c.header for c in cols]], row_styles={1: HEADER}, freeze="B2")
    sheet.rows += [[_cell_value(e, c) for c in cols] for e in sorted(model.of_kind(kind), key=lambda x: x.id)]
    last = sizes[kind] + 1
    for ci, c in enumerate(cols, 1):
        letter = column_letter(ci)
        sheet.widths[ci] = 28 if c.form in ("yaml", "text") else 18
        if c.form == "yaml":
            sheet.column_styles[ci] = WRAP
        formula = _dropdown(c, model, sizes, lists)
        if formula:
            # several ids ("a; b") or YAML are allowed in a link column: offer the list, do not refuse other text
            strict = not (c.multi or c.form == "links")
            sheet.validations.append(Validation(f"{letter}2:{letter}{last + SPARE_ROWS}", formula, strict,
                                                f"Choose a value from the list ({c.header})." if strict else ""))
        doc_rows.append((title, c.header, _describe(c)))
    sheet.autofilter = f"A1:{column_letter(len(cols))}{last}"
    return sheet


def to_xlsx(model: Model) -> bytes:
    """The model as a workbook: a README sheet, the model's settings, one sheet per kind, a hidden sheet of lists.

    Raises :class:`WorkbookError` when a text holds a character a workbook cannot store.
    """
    langs = model_languages(model)
    lists = _Lists()
    sizes = {k: len(model.of_kind(k)) for k in KINDS}
    kinds = [k for k in KINDS if sizes[k]] or list(KINDS)
    doc_rows: list[tuple[str, str, str]] = []
    with gc_paused():  # many small acyclic objects (cell values)
        kind_sheets = [_kind_sheet(model, kind, langs, sizes, lists, doc_rows) for kind in kinds]
    sheets = [_readme(doc_rows, langs)]
    if model.settings is not None:
        text = yaml.safe_dump(model.settings.model_dump(mode="json", exclude_none=True), allow_unicode=True,
                              sort_keys=False)
        sheets.append(Sheet(MODEL_SHEET, [["model (YAML: the model's title, languages and vocabularies; edit "
                                           "with care)"], [text]], widths={1: 100}, row_styles={1: BOLD, 2: WRAP}))
    sheets.append(lists.sheet())
    sheets += kind_sheets
    try:
        return write_workbook(sheets)
    except IllegalText as exc:
        sheet_no, r, c = exc.where
        rows = sheets[sheet_no].rows
        raise WorkbookError([f"{rows[r - 1][0]}: {rows[0][c - 1]} holds a control character a workbook "
                             "cannot store"]) from None


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


def _readme(doc_rows: list[tuple[str, str, str]], langs: list[str]) -> Sheet:
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
    rows: list[list[Any]] = [[line] for line in lines] + [["sheet", "column", "what it holds"]]
    rows += [list(r) for r in doc_rows]
    return Sheet(README_SHEET, rows, widths={1: 16, 2: 22, 3: 90}, row_styles={1: TITLE, len(lines) + 1: BOLD})


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


def _open(data: bytes) -> Book:
    try:
        return Book(data)
    except WorkbookReadError as exc:
        raise WorkbookError([f"not a readable xlsx workbook ({exc})"]) from None


def _settings(book: Book) -> ModelSettings | None:
    """The settings in the ``Model`` sheet's A2, or None; raises :class:`WorkbookError` naming the cell."""
    if MODEL_SHEET not in book.sheets:
        return None
    cell = next((c.value for r, cells in book.rows(MODEL_SHEET) if r == 2 for c in cells if c.column == 1), None)
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


def settings_from_xlsx(data: bytes) -> ModelSettings | None:
    """The model settings of a workbook written by :func:`to_xlsx` (its ``Model`` sheet), or None.

    Raises :class:`WorkbookError` naming the cell when the YAML there is not valid settings.
    """
    return _settings(_open(data))


def from_xlsx(data: bytes) -> list[Entity]:
    """Read a workbook written by :func:`to_xlsx` (and edited). Raises :class:`WorkbookError`."""
    return read_xlsx(data)[0]


def read_xlsx(data: bytes) -> tuple[list[Entity], ModelSettings | None]:
    """The entities and the model settings of a workbook; every problem at once as :class:`WorkbookError`."""
    with gc_paused():  # many small acyclic objects: the cyclic collector would only walk them again and again
        return _read_xlsx(data)


def _read_xlsx(data: bytes) -> tuple[list[Entity], ModelSettings | None]:
    book = _open(data)
    reader = _WorkbookReader(book)
    try:  # the organization's own lists (status, carrier kinds, …) that concept cells are checked against
        settings = _settings(book)
        holder = Model()
        holder.settings = settings
        reader.vocab = {name: [term.id for term in holder.vocabulary(name)] for name in OPEN_SCHEMES.values()}
    except WorkbookError as exc:
        reader.problems += exc.problems
        settings = None
    try:
        reader.read_sheets()
    except WorkbookReadError as exc:
        raise WorkbookError([f"not a readable xlsx workbook ({exc})"]) from None
    entities = reader.entities()
    if reader.problems:
        raise WorkbookError(sorted(dict.fromkeys(reader.problems), key=_cell_order))
    return entities, settings


#: a row read from a sheet: kind, row number, entity data, field -> first cell, fields whose cell was refused
_Row = tuple[str, int, dict[str, Any], dict[str, str], set[str]]


class _WorkbookReader:
    """The state of one workbook import: rows read, links to check, problems found."""

    def __init__(self, book: Book) -> None:
        self.book = book
        self.problems: list[str] = []
        self.vocab: dict[str, list[str]] = {}
        self.rows: list[_Row] = []
        self.plain_links: list[tuple[str, str, str, tuple[str, ...]]] = []  # where, field, target id, kinds
        self.first_id: dict[str, str] = {}

    def read_sheets(self) -> None:
        by_sheet = {sheet_name(k): k for k in KINDS}
        for title in self.book.sheetnames:
            if title not in by_sheet and title not in (README_SHEET, LISTS_SHEET, MODEL_SHEET):
                hint = difflib.get_close_matches(title, list(by_sheet), n=1)
                self.problems.append(f"{title}: unknown sheet" + (f"; did you mean {hint[0]!r}?" if hint else "")
                                     + f"; sheets are {README_SHEET}, {', '.join(by_sheet)}")
        for title in self.book.sheetnames:
            kind = by_sheet.get(title)
            if kind is not None:
                self.sheet(title, kind)

    def header(self, title: str, kind: str, cells: list[Cell]) -> list[Column | None] | None:
        """The column of each position of the header row (None: no or an unknown header); None without an id column."""
        cols = {c.header: c for c in columns(kind, list(LANGS))}
        header: list[Column | None] = [None] * max((c.column for c in cells), default=0)
        seen: set[str] = set()
        for cell in cells:
            h = str(cell.value).strip()
            if h == "":
                continue
            col = cols.get(h)
            where = f"{title}!{column_letter(cell.column)}1"
            if col is None:
                hint = difflib.get_close_matches(h, list(cols), n=1)
                self.problems.append(f"{where}: unknown column {h!r}" + (f"; did you mean {hint[0]!r}?" if hint else ""))
            elif h in seen:
                self.problems.append(f"{where}: column {h!r} appears twice")
                col = None
            seen.add(h)
            header[cell.column - 1] = col
        if "id" not in seen:
            self.problems.append(f"{title}!A1: no 'id' column")
            return None
        return header

    def sheet(self, title: str, kind: str) -> None:
        for coord in self.book.merged(title):
            self.problems.append(f"{title}!{coord}: merged cells; unmerge them (one value per cell)")
        header: list[Column | None] | None = None
        id_col = "A"
        for r, cells in self.book.rows(title):
            if r == 1:
                header = self.header(title, kind, cells)
                if header is None:
                    return
                id_col = column_letter(next(i for i, c in enumerate(header, 1) if c is not None and c.form == "id"))
                continue
            if header is None:
                header = self.header(title, kind, [])
                if header is None:
                    return
            self.row(title, kind, r, cells, header, id_col)
        if header is None:  # an empty sheet: no header row at all
            self.header(title, kind, [])

    def row(self, title: str, kind: str, r: int, cells: list[Cell], header: list[Column | None], id_col: str) -> None:
        d: dict[str, Any] = {}
        where_of: dict[str, str] = {}
        bad: set[str] = set()
        row_links: list[tuple[str, str, str, tuple[str, ...]]] = []
        empty = True
        for cell in cells:
            v = cell.value
            if v is None or (isinstance(v, str) and v == ""):
                continue
            empty = False
            col = header[cell.column - 1] if cell.column <= len(header) else None
            where = f"{title}!{column_letter(cell.column)}{r}"
            if col is None:
                if cell.column > len(header) or header[cell.column - 1] is None:
                    self.problems.append(f"{where}: a value in a column without a header")
                continue
            where_of.setdefault(col.field, where)
            if cell.formula:
                self.problems.append(f"{where}: a formula ({str(v)[:40]}); type the value itself")
                bad.add(col.field)
                continue
            try:
                _put(d, col, v, self.vocab)
            except ValueError as exc:
                self.problems.append(f"{where}: {exc}")
                bad.add(col.field)
                continue
            if col.form == "links" and col.targets:
                got = d.get(col.field)
                for t in got if isinstance(got, list) else [got]:
                    t = t.get("ref") if isinstance(t, dict) else t
                    if isinstance(t, str):
                        row_links.append((where, col.field, t, col.targets))
        if empty:
            return
        eid = d.get("id")
        id_cell = f"{title}!{id_col}{r}"
        if not isinstance(eid, str) or not eid.strip():
            self.problems.append(f"{id_cell}: missing id (every row needs one)")
            return
        if eid in self.first_id:
            self.problems.append(f"{id_cell}: duplicate id {eid!r} (first at {self.first_id[eid]})")
            return
        self.first_id[eid] = id_cell
        where_of["id"] = id_cell
        self.rows.append((kind, r, d, where_of, bad))
        self.plain_links.extend(row_links)

    def entities(self) -> list[Entity]:
        """Validate the rows read; problems go to :attr:`problems` with their cells."""
        kind_of_id = {d["id"]: kind for kind, _r, d, _c, _b in self.rows}
        for where, fname, target, kinds in self.plain_links:
            if target not in kind_of_id:
                self.problems.append(f"{where}: unknown {'/'.join(kinds)} id {target!r}"
                                     + _hint(target, kind_of_id, kinds))
            elif "*" not in kinds and kind_of_id[target] not in kinds:
                self.problems.append(f"{where}: {target!r} is a {kind_of_id[target]}, but {fname} takes a "
                                     f"{' or '.join(kinds)}")
        entities: list[Entity] = []
        cells_of: dict[str, dict[str, str]] = {}
        for kind, r, d, cells, bad in self.rows:
            try:
                ent = KINDS[kind].model_validate(d)
            except ValidationError as exc:
                for err in exc.errors():
                    loc = tuple(err.get("loc", ()))
                    fname = str(loc[0]) if loc else "id"
                    if fname in bad:
                        continue  # already reported at its cell
                    where = cells.get(fname) or f"{sheet_name(kind)}!{_first_col(kind, fname)}{r}"
                    rest = ".".join(str(x) for x in loc[1:])
                    self.problems.append(f"{where}: {fname}{'.' + rest if rest else ''}: {_message(err)}")
                continue
            entities.append(ent)
            cells_of[ent.id] = cells
        self.nested_refs(entities, cells_of, kind_of_id)
        return entities

    def nested_refs(self, entities: list[Entity], cells_of: dict[str, dict[str, str]],
                    kind_of_id: dict[str, str]) -> None:
        """References inside YAML cells (implementations, links with a note…): unknown or wrong-kind ids."""
        for ent in entities:
            for site in iter_refs(ent):
                if len(site.path) <= 3 and site.path[-1] == "ref" or len(site.path) == 1:
                    continue  # a plain link: checked from its cell
                fname = str(site.path[0])
                where = cells_of[ent.id].get(fname, cells_of[ent.id]["id"])
                if site.target not in kind_of_id:
                    what = "/".join(site.kinds) if "*" not in site.kinds else "entity"
                    self.problems.append(f"{where}: unknown {what} id {site.target!r}"
                                         + _hint(site.target, kind_of_id, site.kinds))
                elif "*" not in site.kinds and kind_of_id[site.target] not in site.kinds:
                    self.problems.append(f"{where}: {site.target!r} is a {kind_of_id[site.target]}, but {fname} "
                                         f"takes a {' or '.join(site.kinds)}")


def _hint(target: str, kind_of_id: dict[str, str], kinds: tuple[str, ...]) -> str:
    pool = [i for i, k in kind_of_id.items() if "*" in kinds or k in kinds]
    hint = difflib.get_close_matches(target, pool, n=1, cutoff=0.6)
    return f"; did you mean {hint[0]!r}?" if hint else ""


def _cell_order(p: str) -> tuple[str, int, str]:
    import re

    m = re.match(r"([^!]+)!([A-Z]+)(\d+)", p)
    if not m:
        return (p.split(":", 1)[0], 0, p)
    return (m.group(1), int(m.group(3)), m.group(2).rjust(3))


def _first_col(kind: str, fname: str) -> str:
    for i, c in enumerate(columns(kind, ["fi", "en"]), 1):
        if c.field == fname:
            return column_letter(i)
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

