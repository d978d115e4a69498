"""ArchiMate import: an exchange file as strategygraph entities (and the model's settings).

The importer reads strategygraph's own properties when present (a lossless round trip) and
otherwise maps foreign motivation, strategy and implementation elements by type
(:data:`~strategygraph.interop.archimate.mapping.FOREIGN_TYPES`), listing everything it does not
map with counts.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ValidationError

from strategygraph.core.model import iter_refs
from strategygraph.core.schema import KINDS, Entity, Label, ModelSettings, Source, field_meta
from strategygraph.core.util import gc_paused
from strategygraph.interop.archimate.mapping import (
    FOREIGN_DEFAULTS,
    FOREIGN_TYPES,
    NAME_FIELDS,
    NOT_MAPPED,
    NS,
    PROP_ID,
    PROP_KIND,
    PROP_LINK,
    PROP_REVERSE,
    RELATION_RULES,
    SETTINGS_KIND,
    SG_PROPS,
    XML_LANG,
    XSI,
    ArchimateError,
)
from strategygraph.interop.modelio import LANGS, field_class, is_multi, link_fields, site_path, slug

Values = list[tuple[str | None, str]]


@dataclass
class ImportResult:
    """Entities read from an exchange file plus everything that was not mapped (with counts)."""

    entities: list[Entity]
    unmapped: Counter[str] = field(default_factory=Counter)
    defaults: Counter[str] = field(default_factory=Counter)
    mapped: Counter[str] = field(default_factory=Counter)
    #: the model's settings (title, languages, vocabularies…) of a file strategygraph wrote, else None
    settings: ModelSettings | None = None

    def summary(self) -> str:
        lines = ["imported: " + (", ".join(f"{n} {k}" for k, n in sorted(self.mapped.items())) or "nothing")
                 + ("; the model's settings" if self.settings is not None else "")]
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


_XSI_TYPE = f"{{{XSI}}}type"


def _xsi_type(el: Any) -> str:
    t = el.get(_XSI_TYPE) or ""
    return str(t).split(":", 1)[-1]


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


@lru_cache(maxsize=1024)
def _prop_form(cls: type[BaseModel], fname: str) -> str:
    """How a property's values become field data: text (one per language), json, boolean or plain."""
    meta = field_meta(cls, fname)
    if meta.get("map") == "text" and not is_multi(cls, fname):
        return "text"
    sub = field_class(cls, fname)
    if is_multi(cls, fname) or (sub is not None and issubclass(sub, BaseModel)):
        return "json"
    return "boolean" if meta.get("datatype") == "boolean" else "plain"


@lru_cache(maxsize=64)
def _property_fields(cls: type[BaseModel]) -> frozenset[str]:
    """The fields of ``cls`` a property can fill (mapped fields other than id, label and description)."""
    return frozenset(n for n in cls.model_fields if n not in NAME_FIELDS and field_meta(cls, n).get("map"))


def prop_value(cls: type[BaseModel], fname: str, values: Values) -> Any:
    """A property's value(s) as field data for ``cls.fname`` (reverse of the export's property values)."""
    form = _prop_form(cls, fname)
    if form == "text":
        return {(lg or "en"): v for lg, v in values}
    text = values[0][1] if values else ""
    if form == "json":
        try:
            return json.loads(text)
        except ValueError:
            return text  # a plain value: let the schema say what is wrong
    if form == "boolean":
        return text.strip().lower() in ("true", "1", "yes")
    return text


def why(err: Any) -> str:
    loc = ".".join(str(x) for x in err.get("loc", ()))
    if err.get("type") == "missing":
        return f"needs {loc}, which the file does not give"
    return f"{loc}: {err.get('msg', '')}"


class _Reader:
    """The state of one import: the parsed file, the entity data built so far and the result."""

    def __init__(self, root: Any, file_name: str) -> None:
        self.root = root
        self.file_name = file_name
        self.res = ImportResult([])
        self.pdef_names = {d.get("identifier"): " ".join((n.text or "").split())
                           for d in root.iter(_q("propertyDefinition")) for n in d.findall(_q("name"))[:1]}
        stem = re.sub(r"\.xml$", "", file_name.rsplit("/", 1)[-1], flags=re.I)
        self.stem = stem
        self.src_id = "source/archimate-" + slug(stem)
        self.data: dict[str, dict[str, Any]] = {}  # archimate identifier -> entity data
        self.kinds: dict[str, str] = {}
        self.atype: dict[str, str] = {}
        self.own: set[str] = set()  # elements written by strategygraph (round trip)
        self.used_ids: set[str] = set()
        #: owner identifier -> the relationships stored in its data (reported if the owner cannot be built)
        self.held: dict[str, list[str]] = defaultdict(list)
        self._props, self._prop, self._value = _q("properties"), _q("property"), _q("value")

    def props(self, el: Any) -> dict[str, Values]:
        out: dict[str, Values] = {}
        for ps in el.iterchildren(self._props):  # direct children only: faster than find() on big files
            for p in ps.iterchildren(self._prop):
                ref = p.get("propertyDefinitionRef")
                out[self.pdef_names.get(ref, ref or "?")] = [(v.get(XML_LANG), v.text or "")
                                                            for v in p.iterchildren(self._value)]
        return out

    # -------------------------------------------------------------- model level
    def model_level(self) -> dict[str, list[str]]:
        """Settings, metadata, folders and views (whose names become source sections): element id → views."""
        res, root = self.res, self.root
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
        props = self.props(root)
        if props.get(PROP_KIND, [(None, "")])[0][1] == SETTINGS_KIND:
            res.settings = self.settings(props)
        elif props:
            res.unmapped["model-level properties"] += len(props)
        return views_of

    def settings(self, props: dict[str, Values]) -> ModelSettings | None:
        data = {name: prop_value(ModelSettings, name, values) for name, values in props.items()
                if name in ModelSettings.model_fields}
        for name in props:
            if name not in ModelSettings.model_fields and name != PROP_KIND:
                self.res.unmapped[f"model-level property {name!r} (not a model setting)"] += 1
        try:
            return ModelSettings.model_validate(data)
        except ValidationError as exc:
            reasons = "; ".join(sorted({why(err) for err in exc.errors()}))
            self.res.unmapped[f"the model's settings: {reasons}"] += 1
            return None

    # -------------------------------------------------------------- elements
    def element(self, el: Any, views_of: dict[str, list[str]]) -> None:
        res = self.res
        ident = el.get("identifier") or ""
        t = _xsi_type(el)
        self.atype[ident] = t
        p = self.props(el)
        names, other_names = _langs(el.iterchildren(_q("name")))
        docs, other_docs = _langs(el.iterchildren(_q("documentation")))
        if other_names or other_docs:
            res.unmapped["names/documentation in languages other than " + ", ".join(LANGS)] += len(other_names) + len(other_docs)
        sg_kind = p.get(PROP_KIND, [(None, "")])[0][1]
        fixed: dict[str, Any]
        if sg_kind in KINDS:
            kind, fixed = sg_kind, {}
            self.own.add(ident)
        elif t in FOREIGN_TYPES:
            kind, fixed = FOREIGN_TYPES[t]
        else:
            reason = NOT_MAPPED.get(t)
            res.unmapped[f"element {t} (no strategygraph kind" + (f": {reason})" if reason else ")")] += 1
            return
        cls = KINDS[kind]
        fillable = _property_fields(cls)
        d: dict[str, Any] = {"id": self.entity_id(ident, kind, names, p), "label": names or {"en": ident}, **fixed}
        if not names:
            res.defaults[f"{kind}: label (the element has no name; its identifier is used)"] += 1
        if docs:
            d["description"] = docs
        for pname, values in p.items():
            if pname in SG_PROPS:
                continue
            if pname in fillable:
                d[pname] = prop_value(cls, pname, values)
            else:
                res.unmapped[f"property {pname!r} on {t}"] += 1
        if "source" not in d:
            section = "; ".join(views_of.get(ident, [])) or None
            d["source"] = {"doc": self.src_id, "locator": f"element {ident}", **({"section": section} if section else {})}
        self.data[ident] = d
        self.kinds[ident] = kind

    def entity_id(self, ident: str, kind: str, names: dict[str, str], p: dict[str, Values]) -> str:
        eid = p.get(PROP_ID, [(None, "")])[0][1] if ident in self.own else ""
        if not eid:
            base = f"{slug(kind, 20)}/{slug(names.get('en') or next(iter(names.values()), ident))}"
            eid, n = base, 2
            while eid in self.used_ids:
                eid, n = f"{base}-{n}", n + 1
        self.used_ids.add(eid)
        return eid

    # -------------------------------------------------------------- relationships
    def relationship(self, rel: Any, inverse: dict[tuple[str, str, str], tuple[str, bool]]) -> None:
        res, data, kinds, atype = self.res, self.data, self.kinds, self.atype
        t = _xsi_type(rel)
        s, g = rel.get("source") or "", rel.get("target") or ""
        if s not in data or g not in data:
            res.unmapped[f"relationship {t} {atype.get(s, 'relationship')} → {atype.get(g, 'relationship')} "
                         "(an end is not imported)"] += 1
            return
        if s in self.own and g in self.own:
            p = self.props(rel)
            link = p.get(PROP_LINK, [(None, "")])[0][1]
            if link:
                rev = p.get(PROP_REVERSE, [(None, "")])[0][1] == "true"
                owner, target = (g, s) if rev else (s, g)
                add_link(data[owner], KINDS[kinds[owner]], link, data[target]["id"])
                self.held[owner].append(f"relationship {t} {atype[s]} → {atype[g]} (an end could not be imported)")
                return
        cand = inverse.get((t, kinds[s], kinds[g]))
        if cand is None:
            res.unmapped[f"relationship {t} {atype[s]} → {atype[g]} (no strategygraph link between "
                         f"{kinds[s]} and {kinds[g]})"] += 1
            return
        path, rev = cand
        owner, target = (g, s) if rev else (s, g)
        if not add_link(data[owner], KINDS[kinds[owner]], path, data[target]["id"]):
            res.unmapped[f"relationship {t} {atype[s]} → {atype[g]} (a second one where "
                         f"{kinds[owner]}.{path} takes one)"] += 1
            return
        self.held[owner].append(f"relationship {t} {atype[s]} → {atype[g]} (an end could not be imported)")

    # -------------------------------------------------------------- entities
    def build(self) -> None:
        """Validate each entity; one that cannot be built is reported, not guessed."""
        res = self.res
        for ident, d in self.data.items():
            kind = self.kinds[ident]
            for fname, value in FOREIGN_DEFAULTS.get(kind, {}).items():
                if ident not in self.own and fname not in d:
                    d[fname] = value
                    res.defaults[f"{kind}: {fname} = {value!r} (a {self.atype[ident]} states none)"] += 1
            try:
                ent = KINDS[kind].model_validate(d)
            except ValidationError as exc:
                reasons = "; ".join(sorted({why(err) for err in exc.errors()}))
                res.unmapped[f"element {self.atype[ident]} as {kind}: {reasons}"] += 1
                res.unmapped.update(self.held.get(ident, ()))
                continue
            res.entities.append(ent)

    def drop_dangling(self) -> None:
        """Drop links to entities that could not be built (reported); an entity that needs one goes too."""
        res = self.res
        while True:
            ids = {e.id for e in res.entities} | {self.src_id}
            kept: list[Entity] = []
            for ent in res.entities:
                sites = [site for site in iter_refs(ent) if site.target not in ids]
                if sites:
                    bad = {site.target for site in sites}
                    res.unmapped.update(f"link {ent.KIND}.{site_path(site.path)} (its target could not be imported)"
                                        for site in sites)
                    fixed = _without(ent, bad, res)
                    if fixed is None:
                        continue
                    ent = fixed
                kept.append(ent)
            dropped = len(kept) < len(res.entities)
            res.entities = kept
            if not dropped:
                return

    def finish(self, model_name: dict[str, str]) -> None:
        res = self.res
        ids = {e.id for e in res.entities}
        if any(e.source is not None and e.source.doc == self.src_id for e in res.entities) and self.src_id not in ids:
            res.entities.append(Source(id=self.src_id, label=Label.model_validate(model_name or {"en": self.stem}),
                                       document_type="ArchiMate Model Exchange File",
                                       location=self.file_name.rsplit("/", 1)[-1]))
        st = res.settings
        if st is not None and st.organization and st.organization not in ids:
            res.unmapped[f"the model's organization {st.organization!r} (not an imported unit)"] += 1
            res.settings = st.model_copy(update={"organization": None})
        for e in res.entities:
            res.mapped[e.KIND] += 1


def from_archimate(xml: bytes, file_name: str = "model.xml") -> ImportResult:
    """Read an exchange file into strategygraph entities (and the settings of a model strategygraph wrote).

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
    reader = _Reader(root, file_name)
    model_name, _ = _langs(root.findall(_q("name")))
    with gc_paused():  # many small acyclic objects: the cyclic collector would only walk them again and again
        views_of = reader.model_level()
        for el in root.iter(_q("element")):
            reader.element(el, views_of)
        inverse = _inverse_rules()
        for rel in root.iter(_q("relationship")):
            reader.relationship(rel, inverse)
        reader.build()
        reader.drop_dangling()
        reader.finish(model_name)
    return reader.res


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
        res.unmapped[f"{ent.KIND}: {'; '.join(sorted({why(e) for e in exc.errors()}))}"] += 1
        return None


def add_link(d: dict[str, Any], cls: type[Entity], path: str, target: str) -> bool:
    """Add a link to entity data; False when a single-valued field is already taken."""
    name, _, subname = path.partition(".")
    if name not in cls.model_fields:
        return False
    if subname:
        items = d.setdefault(name, [])
        if not isinstance(items, list):
            return False
        if not any(isinstance(x, dict) and x.get(subname) == target for x in items):
            items.append({subname: target})  # unless the structured property holds it already
        return True
    if is_multi(cls, name):
        items = d.setdefault(name, [])
        if not isinstance(items, list):
            return False
        if not any((x.get("ref") if isinstance(x, dict) else x) == target for x in items):
            items.append(target)
        return True
    current = d.get(name)
    if current is None:
        d[name] = target
        return True
    return bool((current.get("ref") if isinstance(current, dict) else current) == target)


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
    # a plateau can only be associated with a deliverable (ArchiMate allows no aggregation): it is its phase
    out.setdefault(("Association", "Phase", "Milestone"), ("phase", True))
    out.setdefault(("Association", "Milestone", "Phase"), ("phase", False))
    out.setdefault(("Influence", "Project", "Theme"), ("steered_under", False))
    out.setdefault(("Realization", "Project", "Theme"), ("steered_under", False))
    return out
