"""ArchiMate export: a model as an exchange file (elements, relationships, properties, folders, views).

The XML is written as a list of strings (no DOM: a 100k-entity model stays fast); identifiers are
derived from entity ids, so two exports of the same model are byte-identical.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from pydantic import BaseModel

from strategygraph.core.model import Model, iter_refs
from strategygraph.core.schema import KINDS, Entity, Label, Link, ModelSettings, field_meta
from strategygraph.core.util import gc_paused
from strategygraph.interop.archimate.mapping import (
    NAME_FIELDS,
    NS,
    PROP_ID,
    PROP_KIND,
    PROP_LINK,
    PROP_REVERSE,
    SCHEMA_LOCATION,
    SETTINGS_KIND,
    XSI,
    Rel,
    choose_relationship,
    element_id,
    element_type,
    esc,
    hid,
)
from strategygraph.interop.archimate.views import write_views
from strategygraph.interop.modelio import compact, is_multi, link_fields, site_path


@dataclass
class ExportReport:
    """What the export wrote and what it could not map (kinds without an element type, ...)."""

    elements: int = 0
    relationships: int = 0
    views: int = 0
    unmapped: Counter[str] = field(default_factory=Counter)
    relationship_types: Counter[str] = field(default_factory=Counter)


# ------------------------------------------------------------------ XML text
def _texts(out: list[str], indent: str, tag: str, values: Sequence[tuple[str | None, str]]) -> None:
    for lang, text in values:
        a = f' xml:lang="{lang}"' if lang else ""
        out.append(f"{indent}<{tag}{a}>{esc(text)}</{tag}>\n")


@lru_cache(maxsize=256)
def _words(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r" \1", name).lower()


class _PropertyDefs:
    """Property definitions, created on first use: name → (identifier, type)."""

    def __init__(self) -> None:
        self.defs: dict[str, tuple[str, str]] = {}

    def ref(self, pname: str, ptype: str = "string") -> str:
        got = self.defs.get(pname)
        if got is None:
            got = self.defs[pname] = ("pd-" + re.sub(r"[^A-Za-z0-9_.-]", "-", pname), ptype)
        return got[0]

    def write(self, out: list[str]) -> None:
        out.append("  <propertyDefinitions>\n")
        for pname, (ident, ptype) in self.defs.items():
            out.append(f'    <propertyDefinition identifier="{ident}" type="{ptype}">\n'
                       f"      <name>{esc(pname)}</name>\n    </propertyDefinition>\n")
        out.append("  </propertyDefinitions>\n")


Props = list[tuple[str, Sequence[tuple[str | None, str]]]]


def _write_properties(out: list[str], indent: str, props: Props) -> None:
    """``<properties>`` of (definition ref, values); nothing when there are none."""
    if not props:
        return
    out.append(f"{indent}<properties>\n")
    inner = indent + "  "
    for ref, values in props:
        out.append(f'{inner}<property propertyDefinitionRef="{ref}">\n')
        _texts(out, inner + "  ", "value", values)
        out.append(f"{inner}</property>\n")
    out.append(f"{indent}</properties>\n")


# ------------------------------------------------------------------ fields as properties
def _prop_type(cls: type[BaseModel], name: str) -> str:
    meta = field_meta(cls, name)
    if meta.get("map") == "literal" and not is_multi(cls, name):
        return {"integer": "number", "decimal": "number", "boolean": "boolean"}.get(meta.get("datatype", ""), "string")
    return "string"


def property_values(obj: BaseModel, name: str, plain_links: set[str]) -> list[tuple[str | None, str]] | None:
    """The (language, text) values of field ``name``, or None when the field is empty or links only."""
    value = getattr(obj, name)
    if value is None or value == []:
        return None
    cls = type(obj)
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


def _field_properties(obj: BaseModel, fields: list[tuple[str, str]], plain: set[str],
                      pdefs: _PropertyDefs) -> Props:
    out: Props = []
    for fname, ftype in fields:
        values = property_values(obj, fname, plain)
        if values:
            out.append((pdefs.ref(fname, ftype), values))
    return out


def _settings_properties(settings: ModelSettings, pdefs: _PropertyDefs) -> Props:
    """The model's settings (title, languages, vocabularies, colour rules…) as model-level properties."""
    fields = [(f, _prop_type(ModelSettings, f)) for f in ModelSettings.model_fields]
    return [(pdefs.ref(PROP_KIND), [(None, SETTINGS_KIND)])] + _field_properties(settings, fields, set(), pdefs)


# ------------------------------------------------------------------ relationships
def _relationships(model: Model, etypes: dict[str, str], report: ExportReport) -> list[Rel]:
    rels: list[Rel] = []
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
            ident = hid("rel-", e.id, path, site.target, str(n))
            src, tgt = (site.target, e.id) if rev else (e.id, site.target)
            rels.append(Rel(ident, rtype, src, tgt, path, rev, site.relation))
            report.relationship_types[f"{rtype}: {etypes[src]} → {etypes[tgt]}"] += 1
    return rels


def _write_relationships(out: list[str], rels: list[Rel], pdefs: _PropertyDefs, report: ExportReport) -> None:
    if not rels:
        return
    out.append("  <relationships>\n")
    link_ref, rev_ref = pdefs.ref(PROP_LINK), pdefs.ref(PROP_REVERSE, "boolean")
    for r in rels:
        directed = ' isDirected="true"' if r.rtype == "Association" else ""
        rev = (f'          <property propertyDefinitionRef="{rev_ref}">\n            <value>true</value>\n'
               "          </property>\n") if r.reverse else ""
        out.append(f'    <relationship identifier="{r.ident}" source="{element_id(r.source)}" '
                   f'target="{element_id(r.target)}" xsi:type="{r.rtype}"{directed}>\n'
                   f'      <name xml:lang="en">{_words(r.relation)}</name>\n      <properties>\n'
                   f'        <property propertyDefinitionRef="{link_ref}">\n'
                   f"          <value>{esc(r.link)}</value>\n        </property>\n{rev}"
                   "      </properties>\n    </relationship>\n")
        report.relationships += 1
    out.append("  </relationships>\n")


# ------------------------------------------------------------------ elements and folders
def _write_elements(out: list[str], entities: list[Entity], etypes: dict[str, str], pdefs: _PropertyDefs,
                    report: ExportReport) -> None:
    out.append("  <elements>\n")
    plain: dict[str, set[str]] = {}
    fields_of: dict[str, list[tuple[str, str]]] = {}
    kind_ref, id_ref = pdefs.ref(PROP_KIND), pdefs.ref(PROP_ID)
    for e in entities:
        etype = etypes.get(e.id)
        if etype is None:
            continue
        if e.KIND not in plain:
            cls = type(e)
            plain[e.KIND] = {lf.path for lf in link_fields(e.KIND) if lf.plain}
            fields_of[e.KIND] = [(f, _prop_type(cls, f)) for f in cls.model_fields if f not in NAME_FIELDS]
        out.append(f'    <element identifier="{element_id(e.id)}" xsi:type="{etype}">\n')
        _texts(out, "      ", "name", list(e.label.items()))
        if e.description is not None:
            _texts(out, "      ", "documentation", list(e.description.items()))
        props: Props = [(kind_ref, [(None, e.KIND)]), (id_ref, [(None, e.id)])]
        props += _field_properties(e, fields_of[e.KIND], plain[e.KIND], pdefs)
        _write_properties(out, "      ", props)
        out.append("    </element>\n")
        report.elements += 1
    out.append("  </elements>\n")


def _write_organizations(out: list[str], entities: list[Entity], etypes: dict[str, str], rels: list[Rel]) -> None:
    """One folder per kind, so Archi's model tree is readable."""
    by_kind: dict[str, list[str]] = defaultdict(list)
    for e in entities:
        if e.id in etypes:
            by_kind[e.KIND].append(e.id)
    out.append("  <organizations>\n")
    for kind, ids in by_kind.items():
        out.append(f'    <item>\n      <label xml:lang="en">{kind}</label>\n')
        out.extend(f'      <item identifierRef="{element_id(i)}"/>\n' for i in ids)
        out.append("    </item>\n")
    if rels:
        out.append('    <item>\n      <label xml:lang="en">Relations</label>\n')
        out.extend(f'      <item identifierRef="{r.ident}"/>\n' for r in rels)
        out.append("    </item>\n")
    out.append("  </organizations>\n")


def _write_head(out: list[str], model: Model, name: str, lang: str, pdefs: _PropertyDefs) -> None:
    """The model's name (its title in every language when it has one), documentation and settings."""
    out.append('<?xml version="1.0" encoding="UTF-8"?>\n'
               f'<model xmlns="{NS}" xmlns:xsi="{XSI}" xsi:schemaLocation="{SCHEMA_LOCATION}" '
               f'identifier="{hid("model-", name)}" version="1.0">\n')
    settings = model.settings
    title: Sequence[tuple[str | None, str]] = list(settings.title.items()) if settings is not None and settings.title is not None else [(lang, name)]
    _texts(out, "  ", "name", title)
    _texts(out, "  ", "documentation", [("en", "Exported by strategygraph: one element per entity, one "
                                         "relationship per link; other fields as properties.")])
    if settings is not None:
        _write_properties(out, "  ", _settings_properties(settings, pdefs))


def mapped_entities(model: Model, report: ExportReport) -> tuple[list[Entity], dict[str, str]]:
    """The entities in kind order, and entity id → element type of those that map."""
    order = {k: i for i, k in enumerate(KINDS)}
    entities = sorted(model.entities.values(), key=lambda x: (order.get(x.KIND, 99), x.id))
    etypes: dict[str, str] = {}
    for e in entities:
        t = element_type(e)
        if t is None:
            report.unmapped[f"entity kind {e.KIND} (no ArchiMate element type)"] += 1
        else:
            etypes[e.id] = t
    return entities, etypes


def to_archimate(model: Model, name: str = "Strategy", lang: str = "fi", views: bool = True) -> tuple[bytes, ExportReport]:
    """The model as an ArchiMate exchange file (UTF-8 XML bytes) plus a report of what was not mapped.

    ``name`` names the model when its settings give no title (and makes the model's identifier).
    """
    report = ExportReport()
    out: list[str] = []
    with gc_paused():  # many small acyclic objects (strings): no cyclic garbage to find
        entities, etypes = mapped_entities(model, report)
        rels = _relationships(model, etypes, report)
        pdefs = _PropertyDefs()
        _write_head(out, model, name, lang, pdefs)
        _write_elements(out, entities, etypes, pdefs, report)
        _write_relationships(out, rels, pdefs, report)
        _write_organizations(out, entities, etypes, rels)
        pdefs.write(out)
        if views:
            report.views = write_views(out, model, etypes, rels)
    out.append("</model>\n")
    return "".join(out).encode("utf-8"), report
