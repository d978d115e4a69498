"""Load ``model/*.yaml`` into a validated :class:`~strategygraph.model.Model`.

Every problem is reported at once, each with file, line, column and field
path: YAML syntax errors, unknown keys, wrong types, missing fields, duplicate
ids, references to unknown ids (with a "did you mean" suggestion) and
references to an entity of the wrong kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from strategygraph.core.fields import container_fields, mapped
from strategygraph.core.inputs import MAX_ALIAS_NODES, MAX_DEPTH, MAX_FILE_BYTES, number_problem, text_problem
from strategygraph.core.inputs import discover as _discover
from strategygraph.core.model import Model, iter_refs
from strategygraph.core.schema import OPEN_SCHEMES, SECTIONS, Acceptance, ModelSettings
from strategygraph.core.util import did_you_mean, gc_paused

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader is several times faster


_STR_TAG = "tag:yaml.org,2002:str"


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """A safe loader that keeps dates as written (2023-04-06 stays text; the schema checks it)."""

    #: plain scalar -> its resolved tag; the parser asks for every scalar, and ids repeat a lot
    _tag_cache: dict[str, str] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        # Same answer as BaseResolver.resolve (the safe loader has no path resolvers), memoized:
        # a plain scalar's tag depends on its text alone, a quoted one is always a string.
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return self.DEFAULT_SCALAR_TAG
            tag = self._tag_cache.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(self._tag_cache) < 200_000:
                    self._tag_cache[value] = tag
            return tag
        return super().resolve(kind, value, implicit)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))

Path_ = tuple[Any, ...]


@dataclass(frozen=True)
class Problem:
    """One problem in the model input."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "column": self.column, "path": self.path,
                "message": self.message}


class ModelError(Exception):
    """The model could not be loaded; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem], model: Model | None = None):
        self.problems = problems
        #: what did load (entities that passed the schema), for counts in reports of an invalid model
        self.model = model
        super().__init__("\n".join(str(p) for p in problems))


def format_path(path: Iterable[Any]) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


class _Positions:
    """Maps a data path to the (line, column) of its YAML node (1-based)."""

    def __init__(self) -> None:
        self.values: dict[Path_, tuple[int, int]] = {}
        self.keys: dict[Path_, tuple[int, int]] = {}

    def at(self, path: Path_, key: bool = False) -> tuple[int, int]:
        if key and path in self.keys:
            return self.keys[path]
        p = tuple(path)
        while p:
            if p in self.values:
                return self.values[p]
            p = p[:-1]
        return self.values.get((), (1, 1))


class _Build:
    """State of one file's conversion from YAML nodes to data: problems found and the alias budget."""

    def __init__(self, loader: Any, pos: _Positions) -> None:
        self.loader = loader
        self.pos = pos
        self.dup: list[tuple[Path_, str]] = []  # problems at a key
        self.bad: list[tuple[Path_, str]] = []  # problems at a value (text hygiene, numbers, ids)
        self.seen: set[int] = set()  # nodes already built once (a second visit is an alias)
        self.active: set[int] = set()  # nodes being built (an alias to one of them is recursive)
        self.repeated = 0  # nodes built again through aliases


class _TooBig(Exception):
    """The data exceeds a structural limit (alias expansion, nesting); the message says which."""

    def __init__(self, message: str, path: Path_) -> None:
        super().__init__(message)
        self.path = path


def _build(st: _Build, node: yaml.Node, path: Path_) -> Any:
    pos = st.pos
    pos.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        key_ = id(node)
        if key_ in st.active:
            raise _TooBig("an alias refers to the structure that contains it (recursive alias)", path)
        if key_ in st.seen:
            st.repeated += len(node.value) + 1
            if st.repeated > MAX_ALIAS_NODES:
                raise _TooBig(f"aliases (*name) repeat more than {MAX_ALIAS_NODES:,} nodes; write the data "
                              "out or use fewer nested aliases", path)
        st.seen.add(key_)
        if len(path) > MAX_DEPTH:
            raise _TooBig(f"data nested more than {MAX_DEPTH} levels deep", path)
        st.active.add(key_)
        try:
            return _build_collection(st, node, path)
        finally:
            st.active.discard(key_)
    if node.tag == _STR_TAG:  # most scalars: what construct_object would return, without its machinery
        value: Any = node.value
        if not value.isascii() or len(value) > 256 or not value.isprintable():
            why = text_problem(value)
            if why:
                st.bad.append((path, why))
        return value
    try:
        value = st.loader.construct_object(node, deep=True)
    except (ValueError, OverflowError):
        # a scalar that looks like a YAML date or number but is not one (2024-02-30): keep the text,
        # so that the schema reports it with its field
        return node.value
    why = number_problem(value)
    if why is None and path and path[-1] in ("id", "ref") and isinstance(value, (int, float, bool)):
        why = (f"an id must be text, but {node.value} is read as the {type(value).__name__} {value!r}; "
               f"put it in quotes: {path[-1]}: \"{node.value}\"")
    if why:
        st.bad.append((path, why))
    return value


def _build_collection(st: _Build, node: yaml.Node, path: Path_) -> Any:
    if isinstance(node, yaml.SequenceNode):
        return [_build(st, item, path + (i,)) for i, item in enumerate(node.value)]
    out: dict[Any, Any] = {}
    for knode, vnode in node.value:
        if knode.tag == "tag:yaml.org,2002:merge":
            raise yaml.MarkedYAMLError(problem="merge keys (<<) are not supported", problem_mark=knode.start_mark)
        key = knode.value if knode.tag == _STR_TAG else st.loader.construct_object(knode, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            key = str(key)
        kp = path + (key,)
        st.pos.keys[kp] = (knode.start_mark.line + 1, knode.start_mark.column + 1)
        if isinstance(key, str) and (why := text_problem(key)):
            st.dup.append((kp, why))
        if key in out:
            st.dup.append((kp, f"duplicate key {key!r}"))
        out[key] = _build(st, vnode, kp)
    return out


def _read_yaml(path: Path, display: str) -> tuple[Any, _Positions, list[Problem]]:
    pos = _Positions()
    problems: list[Problem] = []
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, pos, [Problem(display, 1, 1, "", f"file of {size:,} bytes is larger than the limit of "
                                                          f"{MAX_FILE_BYTES:,} bytes (split it into several files)")]
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = exc.object[:exc.start].count(b"\n") + 1 if isinstance(exc.object, bytes) else 1
        return None, pos, [Problem(display, line, 1, "", f"not UTF-8 text ({exc.reason} at byte {exc.start}); "
                                                         "save the file as UTF-8")]
    except OSError as exc:
        return None, pos, [Problem(display, 1, 1, "", f"cannot read file: {exc.strerror}")]
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, pos, []
        st = _Build(loader, pos)
        try:
            data = _build(st, node, ())
        except _TooBig as exc:
            line, col = pos.at(exc.path)
            return None, pos, [Problem(display, line, col, format_path(exc.path), str(exc))]
        except RecursionError:
            return None, pos, [Problem(display, 1, 1, "", f"data nested too deeply (the limit is {MAX_DEPTH} levels)")]
        for p, msg in st.dup:
            line, col = pos.at(p, key=True)
            problems.append(Problem(display, line, col, format_path(p), msg))
        for p, msg in st.bad:
            line, col = pos.at(p)
            problems.append(Problem(display, line, col, format_path(p), msg))
        return data, pos, problems
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        msg = " ".join(x for x in (exc.context, exc.problem) if x) or "invalid YAML"
        if exc.context_mark is not None and exc.problem_mark is not None and \
                exc.context_mark.line != exc.problem_mark.line:
            msg += f" (the construct started at line {exc.context_mark.line + 1}, column {exc.context_mark.column + 1})"
        return None, pos, [Problem(display, line, col, "", f"YAML syntax error: {msg}")]
    except yaml.reader.ReaderError as exc:
        before = text[:exc.position]
        line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        return None, pos, [Problem(display, line, col, "", f"character U+{ord(char):04X} is not allowed in "
                                                           "YAML text (control characters are refused)")]
    except yaml.YAMLError as exc:
        return None, pos, [Problem(display, 1, 1, "", f"YAML error: {exc}")]
    except RecursionError:
        return None, pos, [Problem(display, 1, 1, "", f"data nested too deeply (the limit is {MAX_DEPTH} levels)")]
    finally:
        loader.dispose()


def _duplicate_items(obj: Any, path: Path_ = ()) -> list[Path_]:
    """Paths of list items that repeat an earlier item of the same list (recursively)."""
    from pydantic import BaseModel

    out: list[Path_] = []
    for name in container_fields(type(obj)):
        value = getattr(obj, name)
        if isinstance(value, list):
            multi = len(value) > 1
            seen: set[str] = set()
            for i, item in enumerate(value):
                if multi:
                    key = item.model_dump_json() if isinstance(item, BaseModel) else repr(item)
                    if key in seen:
                        out.append(path + (name, i))
                    seen.add(key)
                if isinstance(item, BaseModel):
                    out.extend(_duplicate_items(item, path + (name, i)))
        elif isinstance(value, BaseModel):
            out.extend(_duplicate_items(value, path + (name,)))
    return out


def _pydantic_message(err: Mapping[str, Any]) -> str:
    typ = err.get("type", "")
    if typ == "missing":
        return "required field is missing"
    if typ == "extra_forbidden":
        return "unknown field (not part of the schema)"
    msg = err.get("msg", "invalid value")
    msg = msg.removeprefix("Value error, ")
    inp = err.get("input")
    if typ.startswith("enum") or typ in {"literal_error", "string_type", "int_parsing", "int_type", "float_parsing", "bool_parsing"}:
        if not isinstance(inp, (dict, list)):
            msg += f" (got {inp!r})"
    return msg


def _clean_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    # pydantic adds validator names such as 'function-after[...]' for some errors
    return tuple(p for p in loc if not (isinstance(p, str) and ("[" in p and "]" in p)))


def discover(model_dir: Path) -> list[Path]:
    """The YAML files of a model directory (recursively, following symbolic links), sorted.

    See :mod:`strategygraph.core.inputs` for what is read and what is skipped.
    """
    return _discover(model_dir).files


def _display(f: Path, display_root: Path | None) -> str:
    if display_root is not None:
        try:
            return str(f.relative_to(display_root))
        except ValueError:
            pass
    return str(f)


_ID_LINE = re.compile(r"(?:^[ \t-]*|[{,][ \t]*)id:[ \t]*[\"']?([^\s\"'#,}\]]+)", re.M)


def _ids_written_in(path: Path) -> set[str]:
    """The ids a file that could not be loaded seems to define (read from its raw text).

    References to them are not reported as unknown: the file's own problem is the one to fix.
    """
    try:
        return set(_ID_LINE.findall(path.read_bytes().decode("utf-8", errors="replace")))
    except OSError:
        return set()


def _part_of_loops(model: Model, entity_pos: dict[str, tuple[str, _Positions, Path_]]) -> list[Problem]:
    """An entity that is, through ``part_of`` links, part of itself (units, projects)."""
    problems: list[Problem] = []
    reported: set[str] = set()
    for start in model.entities.values():
        if getattr(start, "part_of", None) is None or start.id in reported:
            continue
        chain = [start.id]
        cur: Any = start
        while (link := getattr(cur, "part_of", None)) is not None:
            nxt = model.entities.get(link.ref)
            if nxt is None or type(nxt) is not type(start):
                break
            if nxt.id in chain:
                loop = chain[chain.index(nxt.id):]
                if not reported.intersection(loop):
                    first = min(loop)
                    display, pos, ipath = entity_pos[first]
                    line, col = pos.at(ipath + ("part_of",))
                    cycle = loop[loop.index(first):] + loop[:loop.index(first)] + [first]
                    problems.append(Problem(display, line, col, f"{start.SECTION}[{ipath[1]}] ({first}).part_of",
                                            "part_of makes a loop: " + " → ".join(cycle)))
                    reported.update(loop)
                break
            chain.append(nxt.id)
            cur = nxt
    return problems


@dataclass
class _Input:
    """One parsed YAML file."""

    display: str
    data: dict[str, Any]
    pos: _Positions


def _validation_problems(exc: ValidationError, display: str, pos: _Positions, base: Path_, where: str,
                         name_of: str | None = None) -> list[Problem]:
    out = []
    for err in exc.errors():
        loc = _clean_loc(tuple(err["loc"]))
        line, col = pos.at(base + loc, key=err.get("type") == "extra_forbidden")
        label = where + (f" ({name_of})" if name_of else "")
        path_s = format_path(loc)
        out.append(Problem(display, line, col, label + ("." + path_s if path_s else ""), _pydantic_message(err)))
    return out


def _settings(inputs: list[_Input], problems: list[Problem]) -> ModelSettings | None:
    """The ``model:`` section (at most one in the whole model)."""
    found: ModelSettings | None = None
    first: str | None = None
    for inp in inputs:
        if "model" not in inp.data:
            continue
        line, col = inp.pos.at(("model",), key=True)
        if first is not None:
            problems.append(Problem(inp.display, line, col, "model",
                                    f"a second 'model:' section (the first is in {first}); keep one"))
            continue
        first = f"{inp.display}:{line}"
        raw = inp.data["model"]
        if not isinstance(raw, dict):
            problems.append(Problem(inp.display, *inp.pos.at(("model",)), "model",
                                    "the model section must be a mapping (schema_version:, title:, ...)"))
            continue
        lang = raw.get("default_lang") or (raw.get("languages") or [None])[0]
        try:
            found = ModelSettings.model_validate(raw, context={"lang": lang if isinstance(lang, str) else None})
        except ValidationError as exc:
            problems.extend(_validation_problems(exc, inp.display, inp.pos, ("model",), "model"))
            continue
        for name, i, tid in found.vocabularies.duplicates():
            line, col = inp.pos.at(("model", "vocabularies", name, i, "id"))
            problems.append(Problem(inp.display, line, col, f"model.vocabularies.{name}[{i}].id",
                                    f"{tid!r} is listed twice in {name}"))
        for i, report in enumerate(found.progress_reports):
            for rpath, msg in report.problems():
                line, col = inp.pos.at(("model", "progress_reports", i, *rpath))
                problems.append(Problem(inp.display, line, col,
                                        f"model.progress_reports[{i}]." + format_path(rpath), msg))
        for vpath, scheme, value in _open_values(found):
            name = OPEN_SCHEMES[scheme]
            allowed = [t.id for t in getattr(found.vocabularies, name)]
            if allowed and value not in allowed:
                line, col = inp.pos.at(("model", *vpath))
                problems.append(Problem(inp.display, line, col, "model." + format_path(vpath),
                                        f"{value!r} is not in the model's {name} ({', '.join(allowed)})"
                                        + did_you_mean(value, allowed)))
    return found


def _open_values(obj: BaseModel, path: Path_ = ()) -> Iterable[tuple[Path_, str, str]]:
    """(field path, scheme, value) of every organization-defined concept value in ``obj``."""
    for f in mapped(type(obj)):
        value = getattr(obj, f.name)
        if value is None or value == []:
            continue
        if f.map == "concept" and f.open_scheme and f.scheme:
            for i, v in enumerate(value) if f.multi else [(None, value)]:
                yield path + ((f.name, i) if i is not None else (f.name,)), f.scheme, str(v)
        elif f.map == "nested":
            for i, v in enumerate(value) if f.multi else [(None, value)]:
                if isinstance(v, BaseModel):
                    yield from _open_values(v, path + ((f.name, i) if i is not None else (f.name,)))


def _lenient(cls: type[BaseModel], item: Any, exc: ValidationError, context: dict[str, Any]) -> Any | None:
    """``item`` without the fields that failed, if that validates: its references can still be checked."""
    if not isinstance(item, dict):
        return None
    bad = {err["loc"][0] for err in exc.errors() if err["loc"]}
    if "id" in bad:
        return None
    try:
        return cls.model_validate({k: v for k, v in item.items() if k not in bad}, context=context)
    except ValidationError:
        return None


@dataclass
class _Loading:
    """What one :func:`load` has gathered so far, shared by its steps."""

    model: Model
    files: list[Path]
    display_root: Path | None
    problems: list[Problem] = field(default_factory=list)
    #: where each loaded entity is written: (file, its positions, its path in the file)
    entity_pos: dict[str, tuple[str, _Positions, Path_]] = field(default_factory=dict)
    #: id -> (file, line, column) of its first definition
    first_def: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    acc_where: list[tuple[Acceptance, tuple[str, int, int, str]]] = field(default_factory=list)
    #: ids of items that failed validation (kind by section): references to them are not "unknown"
    invalid_ids: dict[str, str] = field(default_factory=dict)
    #: items that failed validation but whose other fields validate: their references are still checked
    partial: list[tuple[Any, str, _Positions, Path_]] = field(default_factory=list)

    def display(self, f: Path) -> str:
        return _display(f, self.display_root)


def load(model_dir: str | Path, display_root: Path | None = None) -> Model:
    """Load and validate every ``*.yaml`` below ``model_dir``.

    Raises :class:`ModelError` with all problems found: syntax, fields, references and vocabulary values
    are all checked, whatever else is wrong. A single YAML file may also be given.
    """
    ld = _start(Path(model_dir), display_root)
    # Reading builds millions of small objects (YAML nodes, data, positions) and keeps most of them: every
    # automatic collection would walk the growing heap again, for no garbage (reference counting frees it).
    with gc_paused():
        inputs = _read_inputs(ld)
        ld.model.settings = _settings(inputs, ld.problems)
        for inp in inputs:
            _load_entities(ld, inp)
        _check_links(ld, inputs)
    if ld.problems:
        ld.problems.sort(key=lambda p: (p.file, p.line, p.column))
        raise ModelError(ld.problems, ld.model)
    return ld.model


def _start(root: Path, display_root: Path | None) -> _Loading:
    """The files to read (problems of discovery noted), or a ModelError when there is nothing to read."""
    if not root.exists():
        raise ModelError([Problem(str(root), 1, 1, "", "no such file or directory")])
    found = _discover(root) if root.is_dir() else None
    files = found.files if found is not None else [root]
    ld = _Loading(Model(root=root), files, display_root)
    if found is not None:
        ld.problems += [Problem(ld.display(p), 1, 1, "", why) for p, why in found.errors]
        ld.model.skipped = [(ld.display(p), why) for p, why in found.skipped]
    if not files and not ld.problems:
        raise ModelError([Problem(str(root), 1, 1, "", "no *.yaml files (nor *.yml) found in the model directory")])
    ld.model.files = [ld.display(f) for f in files]
    return ld


def _read_inputs(ld: _Loading) -> list[_Input]:
    """Every file parsed (with positions); the ones that are not a mapping of sections are problems."""
    inputs: list[_Input] = []
    for f in ld.files:
        display = ld.display(f)
        data, pos, probs = _read_yaml(f, display)
        ld.problems.extend(probs)
        if data is None:
            continue
        if not isinstance(data, dict):
            ld.problems.append(Problem(display, 1, 1, "", "a model file must be a mapping of sections "
                                       "(themes:, projects:, ...) at the top level"))
            continue
        inputs.append(_Input(display, data, pos))
    return inputs


def _load_entities(ld: _Loading, inp: _Input) -> None:
    """The sections of one file: each item validated against its kind and added to the model."""
    display, pos = inp.display, inp.pos
    context = {"lang": ld.model.default_lang}
    for section, items in inp.data.items():
        spath = (section,)
        if section == "model":
            continue
        if section == "accepted":
            _load_accepted(ld.model, items, display, pos, ld.problems, ld.acc_where)
            continue
        cls = SECTIONS.get(section) if isinstance(section, str) else None
        if cls is None:
            line, col = pos.at(spath, key=True)
            known = list(SECTIONS) + ["accepted", "model"]
            extra = did_you_mean(str(section), known, otherwise=f"; known sections: {', '.join(known)}")
            ld.problems.append(Problem(display, line, col, str(section), f"unknown section{extra}"))
            continue
        if items is None:
            continue
        if not isinstance(items, list):
            line, col = pos.at(spath)
            ld.problems.append(Problem(display, line, col, str(section), "a section must be a list of entities"))
            continue
        for i, item in enumerate(items):
            _load_entity(ld, cls, section, i, item, inp, context)


def _load_entity(ld: _Loading, cls: Any, section: str, i: int, item: Any, inp: _Input,
                 context: dict[str, Any]) -> None:
    """One item of a section: validated, checked for repeated entries and a duplicate id, then added."""
    display, pos = inp.display, inp.pos
    ipath = (section, i)
    try:
        ent = cls.model_validate(item, context=context)
    except ValidationError as exc:
        name = item.get("id") if isinstance(item, dict) else None
        ld.problems.extend(_validation_problems(exc, display, pos, ipath, f"{section}[{i}]",
                                                name if isinstance(name, str) else None))
        if isinstance(name, str):
            ld.invalid_ids.setdefault(name, cls.KIND)
        rest = _lenient(cls, item, exc, context)
        if rest is not None:
            ld.partial.append((rest, display, pos, ipath))
        return
    for dpath in _duplicate_items(ent):
        ln, cl = pos.at(ipath + dpath)
        ld.problems.append(Problem(display, ln, cl, f"{section}[{i}] ({ent.id})." + format_path(dpath),
                                   "duplicate entry: the same value is already listed in this field"))
    line, col = pos.at(ipath)
    if ent.id in ld.first_def:
        ofile, oline, _ = ld.first_def[ent.id]
        ln, cl = pos.at(ipath + ("id",))
        ld.problems.append(Problem(display, ln, cl, f"{section}[{i}].id",
                                   f"duplicate id {ent.id!r} (first defined at {ofile}:{oline})"))
        return
    ld.first_def[ent.id] = (display, line, col)
    ld.model.add(ent, (display, line))
    ld.entity_pos[ent.id] = (display, pos, ipath)


def _check_links(ld: _Loading, inputs: list[_Input]) -> None:
    """What needs the whole model: part_of loops, references, vocabulary values, the organization and the
    subjects of accepted findings."""
    model, problems = ld.model, ld.problems
    unloaded = _unloaded_ids(ld)
    problems += _part_of_loops(model, ld.entity_pos)
    unloaded |= set(ld.invalid_ids)
    for ent in model.entities.values():
        display, pos, ipath = ld.entity_pos[ent.id]
        problems.extend(_reference_problems(ent, model, ld.invalid_ids, unloaded, display, pos, ipath))
        problems.extend(_vocabulary_problems(ent, model, display, pos, ipath))
    for ent, display, pos, ipath in ld.partial:
        problems.extend(_reference_problems(ent, model, ld.invalid_ids, unloaded, display, pos, ipath))
        problems.extend(_vocabulary_problems(ent, model, display, pos, ipath))
    if model.settings is not None and model.settings.organization:
        org = model.settings.organization
        target = model.entities.get(org)
        if (target is None and org not in unloaded) or (target is not None and target.KIND != "Unit"):
            inp = next(i for i in inputs if "model" in i.data)
            line, col = inp.pos.at(("model", "organization"))
            problems.append(Problem(inp.display, line, col, "model.organization",
                                    f"unknown Unit id {org!r}" if target is None else f"{org!r} is a {target.KIND}, "
                                    "but this field takes a Unit"))
    ids = model.entities
    for acc, loc in ld.acc_where:
        for s in acc.subjects:
            if s not in ids and s not in unloaded:
                problems.append(Problem(*loc, f"accepted finding {acc.rule}: unknown subject id {s!r}"
                                        + did_you_mean(s, ids)))


def _unloaded_ids(ld: _Loading) -> set[str]:
    """Ids written in files (or entries) that could not be loaded.

    A reference to one of them is not reported as unknown, so that the real problem (a syntax error, an
    unknown key) is not buried.
    """
    unloaded: set[str] = set()
    if ld.problems:
        failed = {p.file for p in ld.problems}
        for f in ld.files:
            if ld.display(f) in failed:
                unloaded |= _ids_written_in(f)
        unloaded -= set(ld.model.entities)
    return unloaded


def _reference_problems(ent: Any, model: Model, invalid_ids: dict[str, str], unloaded: set[str], display: str,
                        pos: _Positions, ipath: Path_) -> list[Problem]:
    """Problems of the references held by ``ent`` (positions worked out only for the wrong ones)."""
    ids = model.entities
    out: list[Problem] = []
    for site in iter_refs(ent):
        target = ids.get(site.target)
        kind = target.KIND if target is not None else invalid_ids.get(site.target)
        if kind is None and site.target in unloaded:
            continue  # written in a file or entry that could not be loaded: that problem is reported
        if kind is None:
            pool = [k for k, e in ids.items() if "*" in site.kinds or e.KIND in site.kinds]
            kinds = "/".join(site.kinds) if "*" not in site.kinds else "entity"
            msg = f"unknown {kinds} id {site.target!r}" + did_you_mean(site.target, pool)
        elif "*" not in site.kinds and kind not in site.kinds:
            msg = f"{site.target!r} is a {kind}, but this field takes a {' or '.join(site.kinds)}"
        else:
            continue
        rpath = site.path
        if rpath[-1] == "ref" and (ipath + rpath) not in pos.values:
            rpath = rpath[:-1]  # a bare-id link: show the field, not its implicit 'ref'
        line, col = pos.at(ipath + rpath)
        out.append(Problem(display, line, col, f"{ent.SECTION}[{ipath[1]}] ({ent.id})." + format_path(rpath), msg))
    return out


def _vocabulary_problems(ent: Any, model: Model, display: str, pos: _Positions, ipath: Path_) -> list[Problem]:
    """Values of organization-defined lists that the model's vocabulary does not hold.

    A model that defines no list for a notion accepts any value there (a new model starts neutral).
    """
    out: list[Problem] = []
    for path, scheme, value in _open_values(ent):
        name = OPEN_SCHEMES[scheme]
        terms = model.vocabulary(name)
        if not terms:
            continue
        allowed = [t.id for t in terms]
        if value in allowed:
            continue
        line, col = pos.at(ipath + path)
        out.append(Problem(display, line, col, f"{ent.SECTION}[{ipath[1]}] ({ent.id})." + format_path(path),
                           f"{value!r} is not in the model's {name} ({', '.join(allowed)})"
                           + did_you_mean(value, allowed)))
    return out


def _load_accepted(model: Model, items: Any, display: str, pos: _Positions, problems: list[Problem],
                   where: list[tuple[Acceptance, tuple[str, int, int, str]]]) -> None:
    if items is None:
        return
    if not isinstance(items, list):
        line, col = pos.at(("accepted",))
        problems.append(Problem(display, line, col, "accepted", "must be a list of accepted findings"))
        return
    for i, item in enumerate(items):
        try:
            acc = Acceptance.model_validate(item)
        except ValidationError as exc:
            for err in exc.errors():
                loc = _clean_loc(tuple(err["loc"]))
                line, col = pos.at(("accepted", i) + loc, key=err.get("type") == "extra_forbidden")
                problems.append(Problem(display, line, col, f"accepted[{i}]" + (("." + format_path(loc)) if loc else ""),
                                        _pydantic_message(err)))
            continue
        line, col = pos.at(("accepted", i))
        if not _is_date(acc.date):
            ln, cl = pos.at(("accepted", i, "date"))
            problems.append(Problem(display, ln, cl, f"accepted[{i}].date",
                                    f"{acc.date!r} is not a date; write it as YYYY-MM-DD (e.g. 2025-02-01)"))
            continue
        where.append((acc, (display, line, col, f"accepted[{i}].subjects")))
        model.accepted.append(acc)
        model.accepted_locations.append((display, pos.at(("accepted", i, "rule"))[0]))


def _is_date(value: str) -> bool:
    import datetime

    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10
