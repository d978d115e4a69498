"""ArchiMate Model Exchange File Format 3.1: export a model, import an exchange file.

:func:`to_archimate` and :func:`from_archimate` are a pair of pure functions (plus a graphviz call
for the diagram layout). The mapping is generic over the schema's field metadata:

* each kind maps to one ArchiMate element type (:data:`ELEMENT_TYPES`, with a few value-dependent
  variants in :data:`VARIANTS`); a kind not in the table is listed as unmapped, never dropped silently;
* each link maps to the first relationship of its relation's preference list (:data:`RELATION_RULES`)
  that ArchiMate allows between the two element types (Archi's ``relationships.xml``); association
  is the fallback, so a new link field still exports;
* every other field becomes a property with a property definition: literals as text or numbers,
  multilingual texts with ``xml:lang``, structured values as JSON;
* identifiers are derived from entity ids (stable across exports).

The importer reads strategygraph's own properties when present (a lossless round trip) and
otherwise maps foreign motivation, strategy and implementation elements by type
(:data:`FOREIGN_TYPES`), listing everything it does not map with counts.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ValidationError

from strategygraph.core.model import Model, iter_refs
from strategygraph.core.schema import KINDS, Entity, Label, Link, field_meta
from strategygraph.interop.modelio import (
    LANGS,
    compact,
    field_class,
    is_multi,
    link_fields,
    site_path,
    slug,
)

NS = "http://www.opengroup.org/xsd/archimate/3.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML_NS}}}lang"
SCHEMA_LOCATION = f"{NS} http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd"

#: strategygraph kind → ArchiMate element type
ELEMENT_TYPES: dict[str, str] = {
    "Meaning": "Meaning",
    "Value": "Value",
    "Theme": "Goal",
    "SubTheme": "Goal",
    "Goal": "Goal",
    "KeyResult": "Outcome",
    "Milestone": "Outcome",
    "KPI": "Outcome",
    "Phase": "Plateau",
    "Action": "CourseOfAction",
    "Project": "WorkPackage",
    "Task": "WorkPackage",
    "Capability": "Capability",
    "Unit": "BusinessActor",
    "Source": "Representation",
    "Service": "ApplicationService",
}
#: (kind, field, value) → element type used instead of the kind's default
VARIANTS: dict[tuple[str, str, str], str] = {
    ("Value", "value_kind", "principle"): "Principle",
    ("Unit", "unit_type", "post"): "BusinessRole",
}

#: relation (local name of the link's term) → relationship types in order of preference;
#: ``True`` = the relationship runs from the link's target to its owner (e.g. the project realizes the action)
RELATION_RULES: dict[str, tuple[tuple[str, bool], ...]] = {
    "subOrganizationOf": (("Composition", True), ("Aggregation", True)),
    "belongsToTheme": (("Composition", True), ("Realization", False)),
    "belongsToSubTheme": (("Composition", True), ("Realization", False)),
    "partOfGoal": (("Composition", True), ("Realization", False)),
    "partOf": (("Composition", True), ("Aggregation", True)),
    "inPhase": (("Aggregation", True),),
    "requires": (("Serving", True), ("Realization", True)),
    "implementedBy": (("Realization", True), ("Assignment", True)),
    "deliveredBy": (("Realization", True),),
    "carriedBy": (("Realization", True),),
    "develops": (("Realization", False),),
    "contributesTo": (("Realization", False), ("Influence", False)),
    "ownedBy": (("Assignment", True),),
    "responsibleUnit": (("Assignment", True),),
    "steeredUnder": (("Influence", False),),
    "measuredBy": (("Influence", True),),
    "measures": (("Influence", False),),
    "serves": (("Influence", False),),
    "guides": (("Influence", False),),
    "derivedFrom": (("Influence", True),),
}
FALLBACK = ("Association", False)

#: foreign ArchiMate element type → strategygraph kind (and fixed field values) on import
FOREIGN_TYPES: dict[str, tuple[str, dict[str, Any]]] = {
    "Goal": ("Theme", {}),
    "Outcome": ("SubTheme", {}),
    "CourseOfAction": ("Action", {}),
    "WorkPackage": ("Project", {}),
    "Capability": ("Capability", {}),
    "Resource": ("Capability", {}),
    "Meaning": ("Meaning", {}),
    "Value": ("Value", {}),
    "Principle": ("Value", {"value_kind": "principle"}),
    "BusinessActor": ("Unit", {"unit_type": "organization"}),
    "BusinessRole": ("Unit", {"unit_type": "post"}),
    "Plateau": ("Phase", {}),
}
#: required fields a foreign element cannot state, with the value used and why (reported in the summary)
FOREIGN_DEFAULTS: dict[str, dict[str, Any]] = {
    "Project": {"status": "planned"},
}

PROP_KIND = "strategygraph kind"
PROP_ID = "strategygraph id"
PROP_LINK = "strategygraph link"
PROP_REVERSE = "strategygraph reverse"
_SG_PROPS = (PROP_KIND, PROP_ID, PROP_LINK, PROP_REVERSE)
#: fields written as the element's name / documentation rather than as properties
_NAME_FIELDS = ("id", "label", "description")

#: views are laid out by graphviz; a linkage view shows at most this many elements (nearest first)
MAX_VIEW_NODES = 60
NODE_W, NODE_H = 140, 60


class ArchimateError(Exception):
    """The input is not a readable exchange file, or graphviz is missing."""


# ------------------------------------------------------------------ allowed relationships
_LETTERS = {"a": "Access", "c": "Composition", "f": "Flow", "g": "Aggregation", "i": "Assignment",
            "n": "Influence", "o": "Association", "r": "Realization", "s": "Specialization",
            "t": "Triggering", "v": "Serving"}


def parse_allowed(xml_text: str) -> dict[tuple[str, str], frozenset[str]]:
    """Archi's ``relationships.xml`` as (source type, target type) → allowed relationship types.

    The letters are Archi's keys (``relationships-keys.xml``): i is assignment, n influence, o association.
    """
    table: dict[tuple[str, str], frozenset[str]] = {}
    for src, body in re.findall(r'<source concept="(\w+)">(.*?)</source>', xml_text, re.S):
        for tgt, letters in re.findall(r'<target concept="(\w+)" relations="(\w*)"', body):
            table[(src, tgt)] = frozenset(_LETTERS[c] for c in letters if c in _LETTERS)
    return table


@lru_cache(maxsize=1)
def allowed_relationships() -> dict[tuple[str, str], frozenset[str]]:
    text = resources.files("strategygraph.interop").joinpath("data/archimate-relationships.xml").read_text("utf-8")
    return parse_allowed(text)


def choose_relationship(relation: str, owner_type: str, target_type: str) -> tuple[str, bool] | None:
    """The relationship (type, reversed) for a link, or None when ArchiMate allows none of the candidates."""
    table = allowed_relationships()
    for rtype, rev in RELATION_RULES.get(relation, ()) + (FALLBACK,):
        src, tgt = (target_type, owner_type) if rev else (owner_type, target_type)
        if rtype in table.get((src, tgt), ()):
            return rtype, rev
    return None


# ------------------------------------------------------------------ identifiers
def element_id(entity_id: str) -> str:
    """A stable xs:ID for an entity: ``project/x_y`` → ``sg-project_x__y`` (ids never hold ``/_``)."""
    return "sg-" + entity_id.replace("_", "__").replace("/", "_")


def _hid(prefix: str, *parts: str) -> str:
    return prefix + hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def element_type(entity: Entity) -> str | None:
    for (kind, fname, value), etype in VARIANTS.items():
        if entity.KIND == kind:
            v = getattr(entity, fname, None)
            if getattr(v, "value", v) == value:
                return etype
    return ELEMENT_TYPES.get(entity.KIND)


# ------------------------------------------------------------------ export
@dataclass
class ExportReport:
    """What the export wrote and what it could not map (kinds without an element type, ...)."""

    elements: int = 0
    relationships: int = 0
    views: int = 0
    unmapped: Counter[str] = field(default_factory=Counter)
    relationship_types: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class _Rel:
    ident: str
    rtype: str
    source: str  # entity ids
    target: str
    link: str  # field path in the owner
    reverse: bool
    relation: str


def _prop_type(cls: type[BaseModel], name: str) -> str:
    meta = field_meta(cls, name)
    if meta.get("map") == "literal" and not is_multi(cls, name):
        return {"integer": "number", "decimal": "number", "boolean": "boolean"}.get(meta.get("datatype", ""), "string")
    return "string"


def _property_values(entity: Entity, name: str, plain_links: set[str]) -> list[tuple[str | None, str]] | None:
    """The (language, text) values of field ``name``, or None when the field is empty or links only."""
    value = getattr(entity, name)
    if value is None or value == []:
        return None
    cls = type(entity)
    if isinstance(value, Label):
        return [(lang, text) for lang, text in value.items()]
    if name in plain_links:
        links = value if isinstance(value, list) else [value]
        if all(isinstance(x, Link) and x.source is None and x.note is None for x in links):
            return None  # the relationships say it all
    if isinstance(value, (BaseModel, list)) or is_multi(cls, name):
        dumped = value.model_dump(mode="json", exclude_none=True) if isinstance(value, BaseModel) else [
            v.model_dump(mode="json", exclude_none=True) if isinstance(v, BaseModel) else getattr(v, "value", v)
            for v in value]
        return [(None, json.dumps(compact(dumped), ensure_ascii=False, sort_keys=True))]
    if isinstance(value, bool):
        return [(None, "true" if value else "false")]
    return [(None, str(getattr(value, "value", value)))]


def _relationships(model: Model, etypes: dict[str, str], report: ExportReport) -> list[_Rel]:
    rels: list[_Rel] = []
    for e in model.entities.values():
        if e.id not in etypes:
            continue
        seen: Counter[tuple[str, str]] = Counter()
        for site in iter_refs(e):
            if "source" in site.path:
                continue
            path = site_path(site.path)
            if site.target not in etypes:
                report.unmapped[f"link {e.KIND}.{path} to a {model.kind_of(site.target) or 'missing'} "
                                f"(no element type)"] += 1
                continue
            choice = choose_relationship(site.relation, etypes[e.id], etypes[site.target])
            if choice is None:
                report.unmapped[f"link {e.KIND}.{path}: ArchiMate allows no relationship "
                                f"{etypes[e.id]} → {etypes[site.target]}"] += 1
                continue
            rtype, rev = choice
            key = (path, site.target)
            n = seen[key]
            seen[key] += 1
            ident = _hid("rel-", e.id, path, site.target, str(n))
            src, tgt = (site.target, e.id) if rev else (e.id, site.target)
            rels.append(_Rel(ident, rtype, src, tgt, path, rev, site.relation))
            report.relationship_types[f"{rtype}: {etypes[src]} → {etypes[tgt]}"] += 1
    return rels


def _words(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r" \1", name).lower()


class _Writer:
    """A fast, streaming XML writer for the exchange file (a string list; no DOM for 100k elements)."""

    def __init__(self) -> None:
        self.parts: list[str] = ['<?xml version="1.0" encoding="UTF-8"?>\n']
        self.depth = 0

    def open(self, tag: str, **attrs: str) -> None:
        self.parts.append(f"{'  ' * self.depth}<{tag}{_attrs(attrs)}>\n")
        self.depth += 1

    def close(self, tag: str) -> None:
        self.depth -= 1
        self.parts.append(f"{'  ' * self.depth}</{tag}>\n")

    def leaf(self, tag: str, text: str | None = None, lang: str | None = None, **attrs: str) -> None:
        a = _attrs(attrs) + (f' xml:lang="{lang}"' if lang else "")
        if text is None:
            self.parts.append(f"{'  ' * self.depth}<{tag}{a}/>\n")
        else:
            self.parts.append(f"{'  ' * self.depth}<{tag}{a}>{_esc(text)}</{tag}>\n")

    def bytes(self) -> bytes:
        return "".join(self.parts).encode("utf-8")


_CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


_SPECIAL = re.compile(r"[&<>\"\r\n\t\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _esc(text: str, quote: bool = False) -> str:
    """Text as XML 1.0 character data (control characters other than tab/newline dropped)."""
    if not _SPECIAL.search(text):
        return text
    if _CTRL.search(text):
        text = _CTRL.sub("", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    if quote:
        text = text.replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")
    return text


def _attrs(attrs: dict[str, str]) -> str:
    return "".join([f' {"xsi:type" if k == "xsi_type" else k}="{_esc(v, True)}"' for k, v in attrs.items()])


def to_archimate(model: Model, name: str = "Strategy", lang: str = "fi", views: bool = True) -> tuple[bytes, ExportReport]:
    """The model as an ArchiMate exchange file (UTF-8 XML bytes) plus a report of what was not mapped."""
    report = ExportReport()
    order = {k: i for i, k in enumerate(KINDS)}
    entities = sorted(model.entities.values(), key=lambda x: (order.get(x.KIND, 99), x.id))
    etypes: dict[str, str] = {}
    for e in entities:
        t = element_type(e)
        if t is None:
            report.unmapped[f"entity kind {e.KIND} (no ArchiMate element type)"] += 1
        else:
            etypes[e.id] = t
    rels = _relationships(model, etypes, report)

    pdefs: dict[str, tuple[str, str]] = {}  # name -> (identifier, type)

    def pdef(pname: str, ptype: str = "string") -> str:
        got = pdefs.get(pname)
        if got is None:
            got = pdefs[pname] = ("pd-" + re.sub(r"[^A-Za-z0-9_.-]", "-", pname), ptype)
        return got[0]

    w = _Writer()
    w.open("model", xmlns=NS, **{"xmlns:xsi": XSI, "xsi:schemaLocation": SCHEMA_LOCATION},
           identifier=_hid("model-", name), version="1.0")
    w.leaf("name", name, lang)
    w.leaf("documentation", "Exported by strategygraph: one element per entity, one relationship per link; "
           "other fields as properties.", "en")
    w.open("elements")
    plain: dict[str, set[str]] = {}
    fields_of: dict[str, list[tuple[str, str]]] = {}
    for e in entities:
        if e.id not in etypes:
            continue
        cls = type(e)
        if e.KIND not in plain:
            plain[e.KIND] = {lf.path for lf in link_fields(e.KIND) if lf.plain}
            fields_of[e.KIND] = [(f, _prop_type(cls, f)) for f in cls.model_fields if f not in _NAME_FIELDS]
        w.open("element", identifier=element_id(e.id), xsi_type=etypes[e.id])
        for lg, text in e.label.items():
            w.leaf("name", text, lg)
        if e.description is not None:
            for lg, text in e.description.items():
                w.leaf("documentation", text, lg)
        w.open("properties")
        for pname, pvalue in ((PROP_KIND, e.KIND), (PROP_ID, e.id)):
            w.open("property", propertyDefinitionRef=pdef(pname))
            w.leaf("value", pvalue)
            w.close("property")
        for fname, ftype in fields_of[e.KIND]:
            values = _property_values(e, fname, plain[e.KIND])
            if not values:
                continue
            w.open("property", propertyDefinitionRef=pdef(fname, ftype))
            for plang, ptext in values:
                w.leaf("value", ptext, plang)
            w.close("property")
        w.close("properties")
        w.close("element")
        report.elements += 1
    w.close("elements")
    if rels:
        w.open("relationships")
        link_ref, rev_ref = pdef(PROP_LINK), pdef(PROP_REVERSE, "boolean")
        for r in rels:
            attrs = {"identifier": r.ident, "source": element_id(r.source), "target": element_id(r.target),
                     "xsi_type": r.rtype}
            if r.rtype == "Association":
                attrs["isDirected"] = "true"
            w.open("relationship", **attrs)
            w.leaf("name", _words(r.relation), "en")
            w.open("properties")
            w.open("property", propertyDefinitionRef=link_ref)
            w.leaf("value", r.link)
            w.close("property")
            if r.reverse:
                w.open("property", propertyDefinitionRef=rev_ref)
                w.leaf("value", "true")
                w.close("property")
            w.close("properties")
            w.close("relationship")
            report.relationships += 1
        w.close("relationships")
    # organizations: one folder per kind, so Archi's model tree is readable
    by_kind: dict[str, list[str]] = defaultdict(list)
    for e in entities:
        if e.id in etypes:
            by_kind[e.KIND].append(e.id)
    w.open("organizations")
    for kind, ids in by_kind.items():
        w.open("item")
        w.leaf("label", kind, "en")
        for i in ids:
            w.leaf("item", identifierRef=element_id(i))
        w.close("item")
    if rels:
        w.open("item")
        w.leaf("label", "Relations", "en")
        for r in rels:
            w.leaf("item", identifierRef=r.ident)
        w.close("item")
    w.close("organizations")
    if not rels:
        pdefs.pop(PROP_LINK, None)
        pdefs.pop(PROP_REVERSE, None)
    w.open("propertyDefinitions")
    for pname, (ident, ptype) in pdefs.items():
        w.open("propertyDefinition", identifier=ident, type=ptype)
        w.leaf("name", pname)
        w.close("propertyDefinition")
    w.close("propertyDefinitions")
    if views:
        _views(w, model, etypes, rels, report)
    w.close("model")
    return w.bytes(), report


# ------------------------------------------------------------------ views
def _view_sets(model: Model, etypes: dict[str, str], rels: list[_Rel]) -> list[tuple[str, str, list[str]]]:
    """(view id, view name, element ids): the strategy house and one linkage view per theme."""
    house_kinds = ("Meaning", "Value", "Theme", "SubTheme")
    house = [e.id for k in house_kinds for e in model.of_kind(k) if e.id in etypes][:MAX_VIEW_NODES * 2]
    out = [("view-strategy-house", "Strategy house", house)]
    adj: dict[str, list[str]] = defaultdict(list)
    for r in rels:
        adj[r.source].append(r.target)
        adj[r.target].append(r.source)
    hubs = {"Theme", "Unit", "Source", "Phase", "Meaning", "Value", "KPI"}
    for theme in model.of_kind("Theme"):
        if theme.id not in etypes:
            continue
        seen = [theme.id]
        frontier = [theme.id]
        depth = 0
        members = set(seen)
        while frontier and depth < 3 and len(seen) < MAX_VIEW_NODES:
            nxt: list[str] = []
            for n in frontier:
                for m in sorted(adj[n]):
                    if m in members:
                        continue
                    members.add(m)
                    seen.append(m)
                    if model.kind_of(m) not in hubs:
                        nxt.append(m)
                    if len(seen) >= MAX_VIEW_NODES:
                        break
                if len(seen) >= MAX_VIEW_NODES:
                    break
            frontier = nxt
            depth += 1
        out.append((_hid("view-", theme.id), f"Linkage: {theme.label.get('en')}", seen))
    return out


def _dot_quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def layout(graphs: list[tuple[list[str], list[tuple[str, str]], list[list[str]]]]) -> list[dict[str, tuple[int, int, int, int]]]:
    """Graphviz ``dot`` positions for several graphs in one call: node → (x, y, w, h) in pixels.

    Each graph is (nodes, edges, rank groups); nodes are boxes of the ArchiMate default size.
    """
    if not graphs:
        return []
    dot = shutil.which("dot")
    if dot is None:
        raise ArchimateError("graphviz 'dot' is not installed (the ArchiMate views are laid out with it); "
                             "install graphviz, e.g. apt-get install graphviz")
    parts: list[str] = []
    for gi, (nodes, edges, ranks) in enumerate(graphs):
        idx = {n: i for i, n in enumerate(nodes)}
        lines = [f"digraph g{gi} {{", "rankdir=TB; nodesep=0.3; ranksep=0.6; mclimit=0.5; nslimit=5; nslimit1=5;",
                 f'node [shape=box, fixedsize=true, width={NODE_W / 72:.4f}, height={NODE_H / 72:.4f}, label=""];']
        lines += [f"n{i};" for i in range(len(nodes))]
        lines += [f"n{idx[a]} -> n{idx[b]};" for a, b in edges if a in idx and b in idx]
        for group in ranks:
            members = " ".join(f"n{idx[m]};" for m in group if m in idx)
            if members:
                lines.append(f"{{ rank=same; {members} }}")
        lines.append("}")
        parts.append("\n".join(lines))
    try:
        proc = subprocess.run([dot, "-Tplain"], input="\n".join(parts), capture_output=True, text=True,
                              timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ArchimateError(f"graphviz 'dot' failed: {exc}") from None
    if proc.returncode != 0:
        raise ArchimateError(f"graphviz 'dot' failed: {proc.stderr.strip()[:300]}")
    results: list[dict[str, tuple[int, int, int, int]]] = []
    height = 0.0
    current: dict[str, tuple[int, int, int, int]] = {}
    gi = -1
    for line in proc.stdout.splitlines():
        f = line.split()
        if not f:
            continue
        if f[0] == "graph":
            gi += 1
            current = {}
            results.append(current)
            height = float(f[3])
        elif f[0] == "node":
            nodes = graphs[gi][0]
            i = int(f[1][1:])
            x, y, w, h = (float(v) for v in f[2:6])
            current[nodes[i]] = (int(round((x - w / 2) * 72)) + 20, int(round((height - y - h / 2) * 72)) + 20,
                                 int(round(w * 72)), int(round(h * 72)))
    if len(results) != len(graphs):
        raise ArchimateError("graphviz 'dot' returned an unexpected layout")
    return results


def _views(w: _Writer, model: Model, etypes: dict[str, str], rels: list[_Rel], report: ExportReport) -> None:
    sets = _view_sets(model, etypes, rels)
    by_source: dict[str, list[_Rel]] = defaultdict(list)
    for r in rels:
        by_source[r.source].append(r)
    graphs = []
    view_rels: list[list[_Rel]] = []
    for _vid, _name, members in sets:
        mset = set(members)
        vr = [r for m in members for r in by_source.get(m, ()) if r.target in mset]
        view_rels.append(vr)
        by_kind: dict[str, list[str]] = defaultdict(list)
        for m in members:
            by_kind[model.kind_of(m) or ""].append(m)
        ranks = [v for k, v in by_kind.items() if k in ("Meaning", "Value", "Theme") and len(v) > 1]
        graphs.append((members, [(r.source, r.target) for r in vr], ranks))
    positions = layout(graphs)
    w.open("views")
    w.open("diagrams")
    for (vid, name, members), pos, vr in zip(sets, positions, view_rels, strict=True):
        w.open("view", identifier=vid, xsi_type="Diagram")
        w.leaf("name", name, "en")
        for m in members:
            x, y, wd, ht = pos[m]
            w.leaf("node", identifier=f"{vid}.{element_id(m)}", elementRef=element_id(m), xsi_type="Element",
                   x=str(max(x, 0)), y=str(max(y, 0)), w=str(wd), h=str(ht))
        for r in vr:
            w.leaf("connection", identifier=f"{vid}.{r.ident}", relationshipRef=r.ident, xsi_type="Relationship",
                   source=f"{vid}.{element_id(r.source)}", target=f"{vid}.{element_id(r.target)}")
        w.close("view")
        report.views += 1
    w.close("diagrams")
    w.close("views")


# ------------------------------------------------------------------ import
@dataclass
class ImportResult:
    """Entities read from an exchange file plus everything that was not mapped (with counts)."""

    entities: list[Entity]
    unmapped: Counter[str] = field(default_factory=Counter)
    defaults: Counter[str] = field(default_factory=Counter)
    mapped: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        lines = ["imported: " + (", ".join(f"{n} {k}" for k, n in sorted(self.mapped.items())) or "nothing")]
        if self.defaults:
            lines.append("filled in (the file does not state them):")
            lines += [f"  {n:5d}  {k}" for k, n in sorted(self.defaults.items())]
        if self.unmapped:
            lines.append("not imported:")
            lines += [f"  {n:5d}  {k}" for k, n in sorted(self.unmapped.items(), key=lambda kv: (-kv[1], kv[0]))]
        else:
            lines.append("not imported: nothing")
        return "\n".join(lines)


@lru_cache(maxsize=64)
def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _xsi_type(el: Any) -> str:
    t = el.get(f"{{{XSI}}}type") or ""
    return t.split(":", 1)[-1]


def _langs(els: Iterable[Any]) -> tuple[dict[str, str], list[str]]:
    """Language-tagged texts as a Label dict; texts in other languages are returned separately."""
    out: dict[str, str] = {}
    other: list[str] = []
    for el in els:
        text = el.text or ""
        lg = (el.get(XML_LANG) or "en").lower().split("-")[0]
        if lg in LANGS and lg not in out:
            out[lg] = text
        else:
            other.append(lg)
    return out, other


def _prop_value(cls: type[BaseModel], fname: str, values: list[tuple[str | None, str]]) -> Any:
    """A property's value(s) as field data for ``cls.fname`` (reverse of :func:`_property_values`)."""
    meta = field_meta(cls, fname)
    if meta.get("map") == "text" and not is_multi(cls, fname):
        return {(lg or "en"): v for lg, v in values}
    text = values[0][1] if values else ""
    sub = field_class(cls, fname)
    if is_multi(cls, fname) or (sub is not None and issubclass(sub, BaseModel)):
        try:
            return json.loads(text)
        except ValueError:
            return text  # a plain value: let the schema say what is wrong
    if meta.get("datatype") == "boolean":
        return text.strip().lower() in ("true", "1", "yes")
    return text


def from_archimate(xml: bytes, file_name: str = "model.xml") -> ImportResult:
    """Read an exchange file into strategygraph entities.

    Raises :class:`ArchimateError` for a file that is not XML or not an exchange-format model.
    """
    from lxml import etree

    try:
        root = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    except etree.XMLSyntaxError as exc:
        raise ArchimateError(f"{file_name}: not well-formed XML: {exc}") from None
    if root.tag != _q("model"):
        raise ArchimateError(f"{file_name}: not an ArchiMate exchange file (root element {root.tag!r}, expected "
                             f"'model' in namespace {NS})")
    res = ImportResult([])
    pdef_names = {d.get("identifier"): " ".join((n.text or "").split()) for d in root.iter(_q("propertyDefinition"))
                  for n in d.findall(_q("name"))[:1]}

    t_props, t_prop, t_value, t_name, t_doc = (_q("properties"), _q("property"), _q("value"), _q("name"),
                                               _q("documentation"))

    def props(el: Any) -> dict[str, list[tuple[str | None, str]]]:
        out: dict[str, list[tuple[str | None, str]]] = {}
        for ps in el.iterchildren(t_props):  # direct children only: faster than find() on big files
            for p in ps.iterchildren(t_prop):
                ref = p.get("propertyDefinitionRef")
                out[pdef_names.get(ref, ref or "?")] = [(v.get(XML_LANG), v.text or "") for v in p.iterchildren(t_value)]
        return out

    model_name, _ = _langs(root.findall(_q("name")))
    stem = re.sub(r"\.xml$", "", file_name.rsplit("/", 1)[-1], flags=re.I)
    src_id = "source/archimate-" + slug(stem)
    views_of: dict[str, list[str]] = defaultdict(list)
    for view in root.iter(_q("view")):
        vname, _ = _langs(view.findall(_q("name")))
        label = vname.get("en") or next(iter(vname.values()), view.get("identifier") or "view")
        for node in view.iter(_q("node")):
            ref = node.get("elementRef")
            if ref and label not in views_of[ref]:
                views_of[ref].append(label)
        res.unmapped["views (diagrams are not imported; their names are kept in source references)"] += 1
    n_orgs = sum(1 for it in root.iter(_q("item")) if it.get("identifierRef") is None)
    if n_orgs:
        res.unmapped["organization folders (the model's folder tree)"] += n_orgs
    if root.find(_q("metadata")) is not None:
        res.unmapped["model metadata"] += 1
    if root.find(_q("properties")) is not None:
        res.unmapped["model-level properties"] += len(root.find(_q("properties")))

    # elements → entity data
    data: dict[str, dict[str, Any]] = {}  # archimate identifier -> data
    kinds: dict[str, str] = {}
    atype: dict[str, str] = {}
    own: set[str] = set()  # elements written by strategygraph (round trip)
    used_ids: set[str] = set()
    for el in root.iter(_q("element")):
        ident = el.get("identifier") or ""
        t = _xsi_type(el)
        atype[ident] = t
        p = props(el)
        names, other_names = _langs(el.iterchildren(t_name))
        docs, other_docs = _langs(el.iterchildren(t_doc))
        if other_names or other_docs:
            res.unmapped["names/documentation in languages other than " + ", ".join(LANGS)] += len(other_names) + len(other_docs)
        sg_kind = p.get(PROP_KIND, [(None, "")])[0][1]
        fixed: dict[str, Any]
        if sg_kind in KINDS:
            kind, fixed = sg_kind, {}
            own.add(ident)
        elif t in FOREIGN_TYPES:
            kind, fixed = FOREIGN_TYPES[t]
        else:
            res.unmapped[f"element {t} (no strategygraph kind)"] += 1
            continue
        cls = KINDS[kind]
        eid = p.get(PROP_ID, [(None, "")])[0][1] if ident in own else ""
        if not eid:
            base = f"{slug(kind, 20)}/{slug(names.get('en') or next(iter(names.values()), ident))}"
            eid, n = base, 2
            while eid in used_ids:
                eid, n = f"{base}-{n}", n + 1
        used_ids.add(eid)
        d: dict[str, Any] = {"id": eid, "label": names or {"en": ident}, **fixed}
        if not names:
            res.defaults[f"{kind}: label (the element has no name; its identifier is used)"] += 1
        if docs:
            d["description"] = docs
        for pname, values in p.items():
            if pname in _SG_PROPS:
                continue
            if pname in cls.model_fields and pname not in _NAME_FIELDS and field_meta(cls, pname).get("map"):
                d[pname] = _prop_value(cls, pname, values)
            else:
                res.unmapped[f"property {pname!r} on {t}"] += 1
        if "source" not in d:
            section = "; ".join(views_of.get(ident, [])) or None
            d["source"] = {"doc": src_id, "locator": f"element {ident}", **({"section": section} if section else {})}
        data[ident] = d
        kinds[ident] = kind

    # relationships → links
    inverse = _inverse_rules()
    for rel in root.iter(_q("relationship")):
        t = _xsi_type(rel)
        s, g = rel.get("source") or "", rel.get("target") or ""
        if s not in data or g not in data:
            res.unmapped[f"relationship {t} {atype.get(s, 'relationship')} → {atype.get(g, 'relationship')} "
                         "(an end is not imported)"] += 1
            continue
        p = props(rel)
        link = p.get(PROP_LINK, [(None, "")])[0][1]
        if link and s in own and g in own:
            rev = p.get(PROP_REVERSE, [(None, "")])[0][1] == "true"
            owner, target = (g, s) if rev else (s, g)
            _add_link(data[owner], KINDS[kinds[owner]], link, data[target]["id"], from_property=True)
            continue
        cand = inverse.get((t, kinds[s], kinds[g]))
        if cand is None:
            res.unmapped[f"relationship {t} {atype[s]} → {atype[g]} (no strategygraph link between "
                         f"{kinds[s]} and {kinds[g]})"] += 1
            continue
        path, rev = cand
        owner, target = (g, s) if rev else (s, g)
        if not _add_link(data[owner], KINDS[kinds[owner]], path, data[target]["id"], from_property=False):
            res.unmapped[f"relationship {t} {atype[s]} → {atype[g]} (a second one where "
                         f"{kinds[owner]}.{path} takes one)"] += 1

    # validate each entity; one that cannot be built is reported, not guessed
    src_needed = False
    for ident, d in data.items():
        kind = kinds[ident]
        for fname, value in FOREIGN_DEFAULTS.get(kind, {}).items():
            if ident not in own and fname not in d:
                d[fname] = value
                res.defaults[f"{kind}: {fname} = {value!r} (a {atype[ident]} states none)"] += 1
        try:
            ent = KINDS[kind].model_validate(d)
        except ValidationError as exc:
            reasons = "; ".join(sorted({_why(err) for err in exc.errors()}))
            res.unmapped[f"element {atype[ident]} as {kind}: {reasons}"] += 1
            continue
        if ent.source is not None and ent.source.doc == src_id:
            src_needed = True
        res.entities.append(ent)
    # drop links to entities that could not be built (and report them)
    ids = {e.id for e in res.entities}
    kept: list[Entity] = []
    for ent in res.entities:
        bad = [site for site in iter_refs(ent) if site.target not in ids and site.target != src_id]
        if bad:
            fixed_ent = _without(ent, {s.target for s in bad}, res)
            if fixed_ent is None:
                continue
            ent = fixed_ent
        kept.append(ent)
    res.entities = kept
    if src_needed and src_id not in ids:
        from strategygraph.core.schema import Source

        res.entities.append(Source(id=src_id, label=Label.model_validate(model_name or {"en": stem}),
                                   document_type="ArchiMate Model Exchange File", location=file_name.rsplit("/", 1)[-1]))
    for e in res.entities:
        res.mapped[e.KIND] += 1
    return res


def _why(err: Any) -> str:
    loc = ".".join(str(x) for x in err.get("loc", ()))
    if err.get("type") == "missing":
        return f"needs {loc}, which the file does not give"
    return f"{loc}: {err.get('msg', '')}"


def _without(ent: Entity, missing: set[str], res: ImportResult) -> Entity | None:
    """``ent`` without its links to ``missing`` ids; None when a required link is lost."""
    d = ent.model_dump(mode="json", exclude_none=True)
    for name in type(ent).model_fields:
        v = d.get(name)
        if isinstance(v, dict) and v.get("ref") in missing:
            del d[name]
        elif isinstance(v, list):
            d[name] = [x for x in v if not (isinstance(x, dict) and (x.get("ref") in missing
                       or x.get("project") in missing or x.get("target") in missing))]
    try:
        return type(ent).model_validate(d)
    except ValidationError as exc:
        res.unmapped[f"{ent.KIND}: {'; '.join(sorted({_why(e) for e in exc.errors()}))}"] += 1
        return None


def _add_link(d: dict[str, Any], cls: type[Entity], path: str, target: str, from_property: bool) -> bool:
    """Add a link to entity data; False when a single-valued field is already taken."""
    name, _, subname = path.partition(".")
    if name not in cls.model_fields:
        return False
    multi = is_multi(cls, name)
    if subname:
        item = {subname: target}
        items = d.setdefault(name, [])
        if not isinstance(items, list):
            return False
        if any(isinstance(x, dict) and x.get(subname) == target for x in items):
            return True  # the structured property holds it already
        items.append(item)
        return True
    if multi:
        items = d.setdefault(name, [])
        if not isinstance(items, list):
            return False
        if any((x.get("ref") if isinstance(x, dict) else x) == target for x in items):
            return True
        items.append(target)
        return True
    current = d.get(name)
    if current is None:
        d[name] = target
        return True
    return (current.get("ref") if isinstance(current, dict) else current) == target


@lru_cache(maxsize=1)
def _inverse_rules() -> dict[tuple[str, str, str], tuple[str, bool]]:
    """(relationship type, source kind, target kind) → (owner's field, reversed) for foreign relationships.

    Built from :data:`RELATION_RULES` over the schema's link fields; association is left out (it says
    too little to choose a field), and the first field found for a key wins.
    """
    out: dict[tuple[str, str, str], tuple[str, bool]] = {}
    for kind in KINDS:
        for lf in link_fields(kind):
            for target in lf.targets:
                if target not in KINDS:
                    continue
                for rtype, rev in RELATION_RULES.get(lf.relation, ()):
                    key = (rtype, target, kind) if rev else (rtype, kind, target)
                    out.setdefault(key, (lf.path, rev))
    # foreign conventions: an outcome or course of action realizes / influences the goal it serves
    for rtype in ("Realization", "Influence"):
        out.setdefault((rtype, "SubTheme", "Theme"), ("theme", False))
        out.setdefault((rtype, "Action", "SubTheme"), ("subtheme", False))
    out.setdefault(("Influence", "Project", "Theme"), ("steered_under", False))
    out.setdefault(("Realization", "Project", "Theme"), ("steered_under", False))
    return out


def validate_xsd(xml: bytes, xsd_dir: str) -> list[str]:
    """Validate against the exchange-format XSD in ``xsd_dir`` offline; the errors (empty when valid)."""
    from lxml import etree

    class _Local(etree.Resolver):  # type: ignore[misc]
        def resolve(self, url: str, pubid: Any, context: Any) -> Any:
            if url.endswith("xml.xsd"):
                return self.resolve_filename(f"{xsd_dir}/xml.xsd", context)
            return None

    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_Local())
    schema_doc = etree.parse(f"{xsd_dir}/archimate3_Diagram.xsd", parser)
    schema = etree.XMLSchema(schema_doc)
    doc = etree.fromstring(xml)
    if schema.validate(doc):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]
