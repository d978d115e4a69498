"""The ArchiMate mapping shared by export and import: element types, relationship rules, identifiers.

* each kind maps to one ArchiMate element type (:data:`ELEMENT_TYPES`, with a few value-dependent
  variants in :data:`VARIANTS`); a kind not in the table is listed as unmapped, never dropped silently;
* each link maps to the first relationship of its relation's preference list (:data:`RELATION_RULES`)
  that ArchiMate allows between the two element types (Archi's ``relationships.xml``); association
  is the fallback, so a new link field still exports;
* a foreign element (from another tool) maps by type (:data:`FOREIGN_TYPES`); the motivation, strategy
  and implementation types with no strategygraph kind say why in :data:`NOT_MAPPED`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from strategygraph.core.schema import Entity

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
    "Deliverable": ("Milestone", {}),
    "Capability": ("Capability", {}),
    "Resource": ("Capability", {}),
    "ValueStream": ("Capability", {"capability_type": "model"}),
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
#: motivation, strategy and implementation types that have no strategygraph kind, and why (in the summary)
NOT_MAPPED: dict[str, str] = {
    "Driver": "a condition that moves the organization to set goals; the schema holds the strategy's own "
              "statements, and of the influencers it answers to only its values",
    "Assessment": "the result of analysing a driver; an analysis is a finding of 'check', not a fact of the model",
    "Stakeholder": "an interest group whose concerns the goals answer; the schema records who carries work "
                   "(units), not whose interests it serves",
    "Requirement": "a need a system must meet; the schema has no design requirements",
    "Constraint": "a limit on how goals may be reached; the schema has no design constraints",
    "Gap": "a difference between two plateaus; gaps are what 'check' reports, never typed into a model",
    "ImplementationEvent": "a state change in a migration; the roadmap is phases and milestones, not events",
}

PROP_KIND = "strategygraph kind"
PROP_ID = "strategygraph id"
PROP_LINK = "strategygraph link"
PROP_REVERSE = "strategygraph reverse"
SG_PROPS = (PROP_KIND, PROP_ID, PROP_LINK, PROP_REVERSE)
#: the ``strategygraph kind`` of the model itself: its other model-level properties are the model's settings
SETTINGS_KIND = "ModelSettings"
#: fields written as the element's name / documentation rather than as properties
NAME_FIELDS = ("id", "label", "description")


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


@lru_cache(maxsize=4096)
def choose_relationship(relation: str, owner_type: str, target_type: str) -> tuple[str, bool] | None:
    """The relationship (type, reversed) for a link, or None when ArchiMate allows none of the candidates."""
    table = allowed_relationships()
    for rtype, rev in RELATION_RULES.get(relation, ()) + (FALLBACK,):
        src, tgt = (target_type, owner_type) if rev else (owner_type, target_type)
        if rtype in table.get((src, tgt), ()):
            return rtype, rev
    return None


@dataclass(frozen=True)
class Rel:
    """One relationship: a link of ``source``'s or ``target``'s field ``link``."""

    ident: str
    rtype: str
    source: str  # entity ids
    target: str
    link: str  # field path in the owner
    reverse: bool
    relation: str


# ------------------------------------------------------------------ identifiers
def element_id(entity_id: str) -> str:
    """A stable xs:ID for an entity: ``project/x_y`` → ``sg-project_x__y`` (ids never hold ``/_``)."""
    return "sg-" + entity_id.replace("_", "__").replace("/", "_")


def hid(prefix: str, *parts: str) -> str:
    """A stable identifier from a hash of ``parts``."""
    return prefix + hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def element_type(entity: Entity) -> str | None:
    for (kind, fname, value), etype in VARIANTS.items():
        if entity.KIND == kind:
            v = getattr(entity, fname, None)
            if getattr(v, "value", v) == value:
                return etype
    return ELEMENT_TYPES.get(entity.KIND)


_CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPECIAL = re.compile(r"[&<>\"\r\n\t\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def esc(text: str, quote: bool = False) -> str:
    """Text as XML 1.0 character data (control characters other than tab/newline dropped)."""
    if not _SPECIAL.search(text):
        return text
    if _CTRL.search(text):
        text = _CTRL.sub("", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    if quote:
        text = text.replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")
    return text


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
