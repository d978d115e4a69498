"""The published vocabulary (``ontology/*.ttl``) and the pydantic schema stay in step.

(a) every sg: term the schema names (fields, shortcuts, nested classes, entity
    kinds, sg:Text) is declared in the ontology with the right OWL type,
    labels in Finnish and English and a definition;
(b) the ontology declares nothing the schema does not use;
(c) every controlled list of ``schema.SCHEMES`` is a SKOS concept scheme;
(d) the exported graph of ``tests/fixtures/mini`` conforms to the SHACL shapes,
    and broken graphs do not (the shapes bite);
(e) load → RDF → Turtle / N-Triples → RDF → model is lossless.

The helpers walk the schema metadata generically (``schema.KINDS`` and the
nested classes found through field annotations); no term is listed by hand.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, SKOS, XSD

from strategygraph.core import fields, schema
from strategygraph.core.loader import load
from strategygraph.core.model import Model
from strategygraph.rdf import mapping as rdf
from strategygraph.rdf.ontology import ontology_graph, shapes_graph, validate_shapes

FIXTURE = Path(__file__).parent / "fixtures" / "mini"
SG = Namespace(rdf.SG_NS)
SH = Namespace("http://www.w3.org/ns/shacl#")
ID = Namespace(rdf.DEFAULT_BASE)
ONTOLOGY_IRI = URIRef("https://w3id.org/strategygraph/ns")
AM_NS = "https://www.opengroup.org/xsd/archimate/3.1/#"
BMM_NS = "https://www.omg.org/spec/BMM/1.3/#"


# =============================================================== schema walkers
# The tests read the schema through the same field-spec view as the loader, the mapping and the shapes
# generator (strategygraph.core.fields), so they cannot drift from what the code does.
#: pydantic classes the exporter writes as skos:Concept nodes (a model's vocabulary), not as sg: classes
CONCEPT_CLASSES = (schema.VocabularyTerm, schema.ProgressColour)
#: sg: terms the mapping writes itself, not through a field (the model node → its vocabulary concepts)
MAPPING_TERMS = {"sg:usesConcept", "sg:listPosition"}


def schema_classes() -> list[type[BaseModel]]:
    """Entity kinds, the model settings and every nested class reachable through mapped fields."""
    return [c for c in fields.reachable_classes(schema.ROOTS) if c not in CONCEPT_CLASSES]


def nested_classes() -> list[type[BaseModel]]:
    return [c for c in schema_classes() if c.__name__ not in schema.KINDS]


@dataclass(frozen=True)
class Use:
    """One use of an ontology term by a schema field."""

    term: str  # CURIE
    owner: str  # sg: class name of the subject
    map: str  # literal / text / textlist / ref / concept / nested / shortcut
    field: str
    multi: bool
    required: bool
    datatype: str | None = None  # xsd local name for literals
    targets: tuple[str, ...] = ()  # classes of the object (ref / nested / shortcut)
    scheme: str | None = None
    open: bool = False


def term_uses(classes: list[type[BaseModel]] | None = None) -> list[Use]:
    out: list[Use] = []
    for cls in classes if classes is not None else schema_classes():
        owner = fields.rdf_class(cls)
        for f in fields.mapped(cls):
            term, m, name, multi, req = f.term or "", f.map or "", f.name, f.multi, f.required
            if m == "literal":
                out.append(Use(term, owner, "literal", name, multi, req, datatype=f.datatype))
            elif m == "text":
                out.append(Use(term, owner, "textlist" if multi else "text", name, multi, req,
                               targets=("Text",) if multi else ()))
            elif m == "ref":
                out.append(Use(term, owner, "ref", name, multi, req, targets=f.targets))
            elif m == "concept":
                out.append(Use(term, owner, "concept", name, multi, req, scheme=f.scheme, open=f.open_scheme))
            elif m == "nested":
                assert f.nested is not None, f"{owner}.{name}: nested field without a model class"
                out.append(Use(term, owner, "nested", name, multi, req, targets=(fields.rdf_class(f.nested),)))
                if f.shortcut:
                    tg = fields.shortcut_targets(f)
                    assert tg, f"{owner}.{name}: shortcut without a reference field in {f.nested.__name__}"
                    out.append(Use(f.shortcut, owner, "shortcut", name, multi, req, targets=tg))
            else:  # pragma: no cover - a new mapping kind needs a new rule here
                raise AssertionError(f"unknown map {m!r} on {owner}.{name}")
    return out


def concept_term_uses() -> list[Use]:
    """Uses of terms on the vocabulary concepts a model defines (sg:carriesWork, ...)."""
    return [u for u in term_uses(list(CONCEPT_CLASSES))]


def uses_by_term() -> dict[str, list[Use]]:
    by: dict[str, list[Use]] = defaultdict(list)
    for u in term_uses():
        by[u.term].append(u)
    return by


def sg_property_terms() -> list[str]:
    return sorted(t for t in uses_by_term() if t.startswith("sg:"))


def concept_property_terms() -> list[str]:
    return sorted({u.term for u in concept_term_uses() if u.term.startswith("sg:")} | MAPPING_TERMS)


def sg_class_names() -> list[str]:
    names = list(schema.KINDS) + [fields.rdf_class(c) for c in nested_classes()]
    if any(u.map == "textlist" for u in term_uses()):
        names.append("Text")  # list-of-Label items become sg:Text nodes (rdf.py)
    return names


def expand(curie: str) -> URIRef:
    return URIRef(rdf.expand(curie))


def expected_owl_type(uses: list[Use]) -> URIRef:
    datatype_maps = {"literal", "text"}
    kinds = {u.map for u in uses}
    assert kinds <= datatype_maps or not (kinds & datatype_maps), (
        f"{uses[0].term} is used both for literals and for nodes: {sorted(kinds)}")
    return OWL.DatatypeProperty if kinds <= datatype_maps else OWL.ObjectProperty


# =============================================================== graph helpers
@cache
def onto() -> Graph:
    return ontology_graph()


@cache
def shapes() -> Graph:
    return shapes_graph()


@cache
def mini() -> Model:
    return load(FIXTURE)


def class_set(g: Graph, node: Any) -> set[URIRef]:
    """A class or an owl:unionOf of classes as a set of class IRIs."""
    union = g.value(node, OWL.unionOf)
    if union is not None:
        return set(Collection(g, union))
    return {node}


def langs(g: Graph, s: Any, p: URIRef) -> set[str]:
    return {o.language for o in g.objects(s, p) if isinstance(o, Literal) and o.language}


def declared_sg_terms(g: Graph) -> dict[URIRef, URIRef]:
    """sg: subjects the ontology declares, with their OWL type."""
    out: dict[URIRef, URIRef] = {}
    for typ in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property,
                RDFS.Class):
        for s in g.subjects(RDF.type, typ):
            if isinstance(s, URIRef) and str(s).startswith(rdf.SG_NS):
                out[s] = typ
    return out


# =============================================================== (a) schema → ontology
def test_schema_walkers_find_the_whole_schema() -> None:
    # guards the generic walkers themselves: they must see every kind and nested class
    names = sg_class_names()
    assert set(schema.KINDS) <= set(names)
    for expected in ("Link", "Implementation", "Dependency", "SourceRef", "Variant", "Measurement",
                     "QuarterValue", "StatusFact", "Text", "Target", "Money", "Funding", "RelativePeriod",
                     "StrategyModel"):
        assert expected in names
    assert len(sg_property_terms()) > 80


def test_ontology_header() -> None:
    g = onto()
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in g
    assert langs(g, ONTOLOGY_IRI, DCTERMS.title) >= {"fi", "en"}
    assert langs(g, ONTOLOGY_IRI, DCTERMS.description) >= {"fi", "en"}
    assert g.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    assert g.value(ONTOLOGY_IRI, DCTERMS.license) is not None
    assert g.value(ONTOLOGY_IRI, DCTERMS.created) == Literal("2026-11-22", datatype=XSD.date)
    assert not list(g.objects(None, OWL.imports)), "align with third-party vocabularies, do not import them"


@pytest.mark.parametrize("name", sg_class_names())
def test_schema_class_is_declared(name: str) -> None:
    g, c = onto(), SG[name]
    assert (c, RDF.type, OWL.Class) in g, f"sg:{name} is not declared as owl:Class"
    assert langs(g, c, RDFS.label) >= {"fi", "en"}, f"sg:{name} needs rdfs:label @fi and @en"
    assert "en" in langs(g, c, SKOS.definition), f"sg:{name} needs an English skos:definition"


@pytest.mark.parametrize("term", sg_property_terms())
def test_schema_property_is_declared(term: str) -> None:
    g, p, uses = onto(), expand(term), uses_by_term()[term]
    want = expected_owl_type(uses)
    assert (p, RDF.type, want) in g, f"{term} must be declared as {want.n3(g.namespace_manager)}"
    other = OWL.ObjectProperty if want == OWL.DatatypeProperty else OWL.DatatypeProperty
    assert (p, RDF.type, other) not in g, f"{term} is declared as both object and datatype property"
    assert langs(g, p, RDFS.label) >= {"fi", "en"}, f"{term} needs rdfs:label @fi and @en"
    assert "en" in langs(g, p, SKOS.definition), f"{term} needs an English skos:definition"


@pytest.mark.parametrize("term", concept_property_terms())
def test_vocabulary_concept_property_is_declared(term: str) -> None:
    """Terms written on the concepts of a model's own vocabularies are declared like every other."""
    g, p = onto(), expand(term)
    assert (p, RDF.type, OWL.DatatypeProperty) in g or (p, RDF.type, OWL.ObjectProperty) in g, term
    assert langs(g, p, RDFS.label) >= {"fi", "en"}
    assert "en" in langs(g, p, SKOS.definition)


@pytest.mark.parametrize("term", sg_property_terms())
def test_declared_domain_and_range_match_the_schema(term: str) -> None:
    """A declared rdfs:domain / rdfs:range must be exactly what the schema uses (a union where shared)."""
    g, p, uses = onto(), expand(term), uses_by_term()[term]
    owners = {SG[u.owner] for u in uses}
    for dom in g.objects(p, RDFS.domain):
        assert class_set(g, dom) == owners, f"{term}: rdfs:domain differs from the schema's owners"
    for rng in g.objects(p, RDFS.range):
        got = class_set(g, rng)
        kinds = {u.map for u in uses}
        if kinds <= {"literal"}:
            assert got == {XSD[u.datatype] for u in uses if u.datatype}
        elif kinds <= {"text"}:
            assert got == {RDF.langString}
        elif kinds <= {"concept"}:
            assert got == {SKOS.Concept}
        else:
            targets = {t for u in uses for t in u.targets}
            assert "*" not in targets, f"{term} points at any entity; it must not declare a range"
            assert got == {SG[t] for t in targets}, f"{term}: rdfs:range differs from the schema's targets"


# =============================================================== (b) ontology → schema
def test_no_dead_vocabulary() -> None:
    declared = declared_sg_terms(onto())
    used = ({SG[n] for n in sg_class_names()} | {expand(t) for t in sg_property_terms()}
            | {expand(t) for t in concept_property_terms()})
    dead = sorted(str(t) for t in set(declared) - used)
    assert not dead, f"declared in the ontology but not used by the schema: {dead}"


def test_every_sg_term_with_a_label_is_declared() -> None:
    # catches a term that was labelled but whose declaration (a owl:Class, ...) was forgotten
    g = onto()
    labelled = {s for s in g.subjects(RDFS.label, None) if isinstance(s, URIRef) and str(s).startswith(rdf.SG_NS)}
    assert labelled <= set(declared_sg_terms(g))


def test_classes_and_properties_are_disjoint_sets() -> None:
    declared = declared_sg_terms(onto())
    props = {t for t, typ in declared.items() if typ != OWL.Class}
    assert not (props & {SG[n] for n in sg_class_names()})


def test_alignment_targets_are_documented_namespaces() -> None:
    """Alignments only point to W3C/DCMI vocabularies or the documented ArchiMate / BMM IRI patterns."""
    allowed = ("http://www.w3.org/", "http://purl.org/dc/terms/", "https://schema.org/", AM_NS, BMM_NS)
    g = onto()
    for pred in (RDFS.subClassOf, RDFS.subPropertyOf, SKOS.closeMatch, SKOS.relatedMatch, SKOS.exactMatch,
                 SKOS.broadMatch, SKOS.narrowMatch):
        for s, o in g.subject_objects(pred):
            assert isinstance(o, URIRef) and str(o).startswith(allowed), f"{s} {pred} {o}"
    # subclassing (a strong claim) only towards W3C / DCMI, never towards the ArchiMate / BMM identifiers
    for s, o in g.subject_objects(RDFS.subClassOf):
        assert not str(o).startswith((AM_NS, BMM_NS, "https://schema.org/")), \
            f"{s} rdfs:subClassOf {o}: use skos:closeMatch"
    # the core strategy classes are aligned to ArchiMate and BMM
    for name in ("Theme", "Goal", "Action", "Project", "Capability", "Phase", "Milestone", "KeyResult"):
        matches = set(g.objects(SG[name], SKOS.closeMatch)) | set(g.objects(SG[name], SKOS.relatedMatch))
        assert any(str(m).startswith((AM_NS, BMM_NS)) for m in matches), f"sg:{name} has no ArchiMate/BMM match"


# =============================================================== (c) controlled lists
def concept(scheme: str, value: str) -> URIRef:
    return URIRef(rdf.concept_iri(scheme, value))


SCHEME_VALUES = [(name, e.value) for name, enum in schema.SCHEMES.items() for e in enum]


@pytest.mark.parametrize("scheme", list(schema.SCHEMES))
def test_concept_scheme_is_declared(scheme: str) -> None:
    g = onto()
    s = URIRef(rdf.CONCEPT_NS + scheme)
    assert (s, RDF.type, SKOS.ConceptScheme) in g
    assert langs(g, s, RDFS.label) >= {"fi", "en"}
    in_scheme = {c for c in g.subjects(SKOS.inScheme, s)}
    assert in_scheme == {concept(scheme, e.value) for e in schema.SCHEMES[scheme]}, \
        "the scheme holds exactly the enum's values"


@pytest.mark.parametrize("scheme,value", SCHEME_VALUES)
def test_enum_value_is_a_concept(scheme: str, value: str) -> None:
    g, c = onto(), concept(scheme, value)
    assert (c, RDF.type, SKOS.Concept) in g, f"{c} is not a skos:Concept"
    assert (c, SKOS.inScheme, URIRef(rdf.CONCEPT_NS + scheme)) in g
    assert (c, SKOS.notation, Literal(value)) in g
    assert langs(g, c, SKOS.prefLabel) >= {"fi", "en"}
    assert "en" in langs(g, c, SKOS.definition)


def test_every_concept_scheme_used_by_the_schema_exists() -> None:
    used = {u.scheme for u in term_uses() if u.scheme and not u.open}
    assert used == set(schema.SCHEMES), "every scheme is used by a field and every used scheme is known"
    opened = {u.scheme for u in term_uses() if u.open}
    assert opened == set(schema.OPEN_SCHEMES), "every organization-defined scheme is used by a field"


@pytest.mark.parametrize("scheme", list(schema.OPEN_SCHEMES))
def test_organization_defined_scheme_has_no_concepts_in_the_ontology(scheme: str) -> None:
    """A list the organization defines is a declared scheme, but its values live in each model, not here."""
    g = onto()
    s = URIRef(rdf.CONCEPT_NS + scheme)
    assert (s, RDF.type, SKOS.ConceptScheme) in g
    assert langs(g, s, RDFS.label) >= {"fi", "en"}
    assert not list(g.subjects(SKOS.inScheme, s)), "a new model starts neutral: no values in code"


# =============================================================== shapes ↔ schema
def property_shapes_of(cls_name: str) -> Iterator[tuple[Any, Any]]:
    """(property shape, path) of every node shape targeting sg:<cls_name>."""
    g = shapes()
    for ns in g.subjects(SH.targetClass, SG[cls_name]):
        for ps in g.objects(ns, SH.property):
            yield ps, g.value(ps, SH.path)


def test_shapes_name_only_declared_terms() -> None:
    g, o = shapes(), onto()
    declared = set(declared_sg_terms(o))
    for c in g.objects(None, SH["class"]):
        assert c in declared, f"sh:class {c} is not declared in the ontology"
    for c in g.objects(None, SH.targetClass):
        assert c in declared, f"sh:targetClass {c} is not declared in the ontology"
    schema_preds = {expand(u.term) for u in term_uses()} | {RDF.value}
    for path in g.objects(None, SH.path):
        steps = list(Collection(g, path)) if isinstance(path, BNode) else [path]
        for step in steps:
            assert step in schema_preds, f"sh:path {step} is not a term of the schema"


@pytest.mark.parametrize("use", [u for u in term_uses() if u.required and u.map in
                                 ("literal", "text", "ref", "concept", "shortcut")],
                         ids=lambda u: f"{u.owner}.{u.field}:{u.term}")
def test_required_fields_have_min_count(use: Use) -> None:
    """Every required field that always produces a triple has a sh:minCount 1 shape on its class."""
    g = shapes()
    hits = [ps for ps, path in property_shapes_of(use.owner) if path == expand(use.term)
            and int(g.value(ps, SH.minCount) or 0) >= 1]
    assert hits, f"{use.owner}.{use.field} is required but {use.term} has no sh:minCount 1"


@pytest.mark.parametrize("use", [u for u in term_uses() if u.map in ("ref", "shortcut") and "*" not in u.targets],
                         ids=lambda u: f"{u.owner}.{u.field}:{u.term}")
def test_link_targets_have_exact_classes(use: Use) -> None:
    """sh:class names exactly the schema's target kinds (no reliance on inference)."""
    g = shapes()
    for ps, path in property_shapes_of(use.owner):
        if path != expand(use.term):
            continue
        classes = set(g.objects(ps, SH["class"]))
        for alt in g.objects(ps, SH["or"]):
            classes |= {g.value(a, SH["class"]) for a in Collection(g, alt)}
        assert classes == {SG[t] for t in use.targets}, f"{use.owner}.{use.field}"
        return
    pytest.fail(f"no property shape for {use.term} on sg:{use.owner}")


def test_concept_shapes_list_exactly_the_scheme() -> None:
    g = shapes()
    for u in term_uses():
        if u.map != "concept" or u.open:
            continue
        lists = [g.value(ps, SH["in"]) for ps, path in property_shapes_of(u.owner) if path == expand(u.term)]
        assert lists and lists[0] is not None, f"{u.owner}.{u.field} has no sh:in shape"
        assert set(Collection(g, lists[0])) == {concept(u.scheme, e.value) for e in schema.SCHEMES[u.scheme]}


def test_shapes_use_no_sparql() -> None:
    g = shapes()
    for p in (SH.sparql, SH.select, SH.ask, SH.target):
        assert not list(g.subject_objects(p)), f"{p} is not allowed: structural shapes only"


def test_committed_shapes_are_the_generated_ones() -> None:
    """ontology/shapes.ttl is generated from the schema (python -m strategygraph.rdf.shapes)."""
    from strategygraph.rdf.shapes import shapes_turtle

    committed = (Path(__file__).parents[1] / "ontology" / "shapes.ttl").read_text(encoding="utf-8")
    assert committed == shapes_turtle(), "regenerate: python -m strategygraph.rdf.shapes"


def test_open_concept_shapes_check_the_scheme_pattern() -> None:
    g = shapes()
    for u in term_uses():
        if u.map == "concept" and u.open:
            pats = [g.value(ps, SH.pattern) for ps, path in property_shapes_of(u.owner) if path == expand(u.term)]
            assert pats and pats[0] is not None and u.scheme in str(pats[0]), f"{u.owner}.{u.field}"


# =============================================================== fixture coverage
def _defining_class(cls: type, name: str) -> str:
    for base in cls.__mro__:
        if name in base.__dict__.get("__annotations__", {}):
            return base.__name__
    return cls.__name__  # pragma: no cover


def _filled(obj: BaseModel, seen: set[tuple[str, str]]) -> None:
    for name in type(obj).model_fields:
        v = getattr(obj, name)
        if v is None or v == []:
            continue
        if schema.field_meta(type(obj), name):
            seen.add((_defining_class(type(obj), name), name))
        for item in v if isinstance(v, list) else [v]:
            if isinstance(item, BaseModel):
                _filled(item, seen)


def test_fixture_uses_every_field_of_the_schema() -> None:
    seen: set[tuple[str, str]] = set()
    for e in mini().entities.values():
        _filled(e, seen)
    assert mini().settings is not None, "the fixture has a model: section"
    _filled(mini().settings, seen)
    every = {(_defining_class(c, n), n) for c in schema_classes() for n in c.model_fields if schema.field_meta(c, n)}
    missing = sorted(every - seen)
    assert not missing, f"tests/fixtures/mini does not use: {missing}"


def test_fixture_uses_every_kind_class_and_scheme() -> None:
    m, g = mini(), rdf.to_rdf(mini())
    assert all(m.counts()[k] for k in schema.KINDS), m.counts()
    assert 40 <= len(m) <= 70
    typed = set(g.objects(None, RDF.type))
    for name in sg_class_names():
        assert SG[name] in typed, f"no sg:{name} node in the exported fixture"
    used = {str(o) for o in g.objects() if isinstance(o, URIRef) and str(o).startswith(rdf.CONCEPT_NS)}
    for scheme in schema.SCHEMES:
        assert any(u.startswith(rdf.CONCEPT_NS + scheme + "/") for u in used), f"scheme {scheme} unused"
    statuses = {p.status.value for p in m.of_kind("Project")}
    assert {"active", "planned", "proposed", "ended"} <= statuses
    assert {g_.year for g_ in m.of_kind("Goal")} >= {2024, 2025}
    labels = [lit for lit in g.objects(None, RDFS.label) if isinstance(lit, Literal)]
    assert {lit.language for lit in labels} >= {"fi", "en", "sv"}
    text = " ".join(str(lit) for lit in g.objects() if isinstance(lit, Literal))
    for ch in ("ä", "ö", "å", '"', "”"):
        assert ch in text, f"the fixture should exercise {ch!r}"


def test_exported_graph_uses_only_declared_terms() -> None:
    g, declared = rdf.to_rdf(mini()), set(declared_sg_terms(onto()))
    for p in set(g.predicates()):
        if str(p).startswith(rdf.SG_NS):
            assert p in declared, f"exported predicate {p} is not declared"
    for c in set(g.objects(None, RDF.type)) - {SKOS.Concept}:  # the model's own vocabulary: SKOS concepts
        assert c in declared, f"exported class {c} is not declared"
    o = onto()
    for c in {c for c in g.objects() if isinstance(c, URIRef) and str(c).startswith(rdf.CONCEPT_NS)}:
        if (None, SKOS.inScheme, c) in g:  # a concept scheme the model's concepts are in
            assert (c, RDF.type, SKOS.ConceptScheme) in o, f"scheme {c} is not in the ontology"
            continue
        if (c, SKOS.inScheme, None) in g:  # a concept of the model's own vocabulary: declared in the data
            assert (c, RDF.type, SKOS.Concept) in g and (c, SKOS.prefLabel, None) in g, c
            continue
        assert (c, RDF.type, SKOS.Concept) in o, f"exported concept {c} is not in the ontology"


# =============================================================== (d) SHACL
@pytest.fixture(scope="module")
def pyshacl() -> Any:
    """pyshacl is a test extra: only the validation tests need it."""
    return pytest.importorskip("pyshacl")


def shacl_results(pyshacl: Any, g: Graph) -> tuple[bool, list[dict[str, Any]], str]:
    """conforms, the results as dicts (focus, path, component) and the text, with validate_shapes' settings."""
    conforms, report, text = pyshacl.validate(g, shacl_graph=shapes(), ont_graph=None, inference="none",
                                              advanced=False, allow_warnings=True)
    out = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        path = report.value(r, SH.resultPath)
        if isinstance(path, BNode):
            path = tuple(Collection(report, path))
        out.append({"focus": report.value(r, SH.focusNode), "path": path,
                    "component": report.value(r, SH.sourceConstraintComponent)})
    return bool(conforms), out, str(text)


def test_fixture_conforms_to_shapes(pyshacl: Any) -> None:
    conforms, text = validate_shapes(rdf.to_rdf(mini()))
    assert conforms, text


def test_fixture_with_ontology_conforms_to_shapes(pyshacl: Any) -> None:
    # the ontology merged into the data graph must not create violations either
    conforms, text = validate_shapes(rdf.to_rdf(mini(), with_ontology=True))
    assert conforms, text


def _link_node(g: Graph, owner: URIRef, pred: URIRef) -> BNode:
    node = g.value(owner, pred)
    assert isinstance(node, BNode), f"the fixture should hold a qualified {pred} on {owner}"
    return node


def _add_unit(g: Graph, uid: str) -> URIRef:
    u = ID[uid]
    g.add((u, RDF.type, SG.Unit))
    g.add((u, RDFS.label, Literal("Uusi yksikkö", lang="fi")))
    g.add((u, SG.unitType, concept("unit-type", "function")))
    return u


Mutation = Callable[[Graph], tuple[Any, Any]]


def _m_subtheme_without_theme(g: Graph) -> tuple[Any, Any]:
    s = ID["subtheme/asiakasohjaus"]
    g.remove((s, SG.belongsToTheme, None))
    return s, SG.belongsToTheme


def _m_implemented_by_unit(g: Graph) -> tuple[Any, Any]:
    a = ID["action/konsultaatiomalli"]
    g.add((a, SG.implementedBy, _add_unit(g, "unit/pmo-testi")))
    return a, SG.implementedBy


def _m_project_depends_on_capability(g: Graph) -> tuple[Any, Any]:
    # allowed from a sub-theme (its Riippuvuudet may name a capability), not from a project
    p = ID["project/syli-hanke"]
    g.add((p, SG.dependsOn, ID["capability/tilannekuva"]))
    return p, SG.dependsOn


def _m_subtheme_depends_on_unit(g: Graph) -> tuple[Any, Any]:
    s = ID["subtheme/digipalvelut"]
    g.add((s, SG.dependsOn, ID["unit/talousjohtaja"]))
    return s, SG.dependsOn


def _m_milestone_two_phases(g: Graph) -> tuple[Any, Any]:
    m = ID["milestone/tilannekuva-kaytossa"]
    g.add((m, SG.inPhase, ID["phase/monialaista-palvelua"]))
    return m, SG.inPhase


def _m_milestone_phase_is_theme(g: Graph) -> tuple[Any, Any]:
    m = ID["milestone/vaikuttavuusmittarit"]
    g.set((m, SG.inPhase, ID["theme/vaikuttavat-palvelut"]))
    return m, SG.inPhase


def _m_milestone_without_theme(g: Graph) -> tuple[Any, Any]:
    m = ID["milestone/vaikuttavuusmittarit"]
    g.remove((m, SG.belongsToTheme, None))
    return m, SG.belongsToTheme


def _m_action_without_subtheme(g: Graph) -> tuple[Any, Any]:
    a = ID["action/ennaltaehkaisy"]
    g.remove((a, SG.belongsToSubTheme, None))
    return a, SG.belongsToSubTheme


def _m_key_result_without_goal(g: Graph) -> tuple[Any, Any]:
    k = ID["kr/2025/alijaama-pienenee"]
    g.remove((k, SG.partOfGoal, None))
    return k, SG.partOfGoal


def _m_task_goal_is_key_result(g: Graph) -> tuple[Any, Any]:
    t = ID["task/2025/budjettiseuranta"]
    g.set((t, SG.partOfGoal, ID["kr/2025/alijaama-pienenee"]))
    return t, SG.partOfGoal


def _m_goal_two_years(g: Graph) -> tuple[Any, Any]:
    x = ID["goal/2025/talous"]
    g.add((x, SG.year, Literal(2024)))
    return x, SG.year


def _m_goal_year_as_string(g: Graph) -> tuple[Any, Any]:
    x = ID["goal/2025/talous"]
    g.set((x, SG.year, Literal("2025")))
    return x, SG.year


def _m_phase_without_order(g: Graph) -> tuple[Any, Any]:
    p = ID["phase/monialaista-palvelua"]
    g.remove((p, SG.order, None))
    return p, SG.order


def _m_project_two_statuses(g: Graph) -> tuple[Any, Any]:
    p = ID["project/palvelukatalogi"]
    g.add((p, SG.projectStatus, concept("project-status", "ended")))
    return p, SG.projectStatus


def _m_project_status_of_another_scheme(g: Graph) -> tuple[Any, Any]:
    # the organization defines the statuses, but a value must still be a project-status concept
    p = ID["project/palvelukatalogi"]
    g.set((p, SG.projectStatus, concept("goal-status", "green")))
    return p, SG.projectStatus


def _m_money_without_amount(g: Graph) -> tuple[Any, Any]:
    p = ID["project/syli-hanke"]
    node = _link_node(g, p, SG.budget)
    g.remove((node, SG.amount, None))
    g.remove((node, SG.amountText, None))
    return node, None


def _m_phase_without_period(g: Graph) -> tuple[Any, Any]:
    p = ID["phase/yksilollista-ennakointia"]
    g.remove((p, SG.relativePeriod, None))
    g.remove((p, SG.startYear, None))
    return p, None


def _m_service_status_unknown(g: Graph) -> tuple[Any, Any]:
    s = ID["service/oirearvio"]
    g.set((s, SG.serviceStatus, concept("service-status", "paused")))
    return s, SG.serviceStatus


def _m_relies_on_project(g: Graph) -> tuple[Any, Any]:
    a = ID["action/konsultaatiomalli"]
    g.add((a, SG.reliesOn, ID["project/digiohjelma"]))
    return a, SG.reliesOn


def _m_action_affects_goal(g: Graph) -> tuple[Any, Any]:
    a = ID["action/konsultaatiomalli"]
    g.add((a, SG.affects, ID["goal/2025/talous"]))
    return a, SG.affects


def _m_unit_without_type(g: Graph) -> tuple[Any, Any]:
    u = ID["unit/talousjohtaja"]
    g.remove((u, SG.unitType, None))
    return u, SG.unitType


def _m_entity_without_label(g: Graph) -> tuple[Any, Any]:
    c = ID["capability/konsultaatiomalli"]
    g.remove((c, RDFS.label, None))
    return c, RDFS.label


def _m_two_finnish_labels(g: Graph) -> tuple[Any, Any]:
    t = ID["theme/sopiva-polku"]
    g.add((t, RDFS.label, Literal("Sopivalle polulle", lang="fi")))
    return t, RDFS.label


def _m_kpi_measures_milestone(g: Graph) -> tuple[Any, Any]:
    k = ID["kpi/digikaynnit"]
    g.add((k, SG.measures, ID["milestone/monialaiset-palvelupolut"]))
    return k, SG.measures


def _m_goal_measured_by_theme(g: Graph) -> tuple[Any, Any]:
    x = ID["goal/2025/talous"]
    g.add((x, SG.measuredBy, ID["theme/vaikuttavat-palvelut"]))
    return x, SG.measuredBy


def _m_owned_by_project(g: Graph) -> tuple[Any, Any]:
    x = ID["goal/2024/tilannekuva"]
    g.set((x, SG.ownedBy, ID["project/digiohjelma"]))
    return x, SG.ownedBy


def _m_goal_serves_phase(g: Graph) -> tuple[Any, Any]:
    x = ID["goal/2024/asiakasohjaus"]
    g.set((x, SG.serves, ID["phase/yhdessa-tehden"]))
    return x, SG.serves


def _m_requires_project(g: Graph) -> tuple[Any, Any]:
    a = ID["action/tunnistetaan-asiakasryhmat"]
    g.add((a, SG.requires, ID["project/digiohjelma"]))
    return a, SG.requires


def _m_develops_milestone(g: Graph) -> tuple[Any, Any]:
    p = ID["project/digiohjelma"]
    g.add((p, SG.develops, ID["milestone/yhtenainen-asiakaskuva"]))
    return p, SG.develops


def _m_qualified_link_target_wrong(g: Graph) -> tuple[Any, Any]:
    s = ID["subtheme/palveluiden-yhtenaistaminen"]
    link = _link_node(g, s, SG.subThemeOf)
    g.set((link, SG.target, ID["milestone/vaikuttavuusmittarit"]))
    return s, (SG.subThemeOf, SG.target)


def _m_source_is_not_a_source(g: Graph) -> tuple[Any, Any]:
    v = ID["value/vaikuttavuus"]
    g.set((v, DCTERMS.source, ID["theme/vaikuttavat-palvelut"]))
    return v, DCTERMS.source


def _m_completion_as_string(g: Graph) -> tuple[Any, Any]:
    t = ID["task/2024/johdon-tyopoyta"]
    g.set((t, SG.completion, Literal("37,5 %")))
    return t, SG.completion


def _m_number_as_decimal(g: Graph) -> tuple[Any, Any]:
    t = ID["theme/sopiva-polku"]
    g.set((t, SG.number, Literal("2.0", datatype=XSD.decimal)))
    return t, SG.number


def _m_link_without_target(g: Graph) -> tuple[Any, Any]:
    link = _link_node(g, ID["value/rohkeus"], SG.valueOf)
    g.remove((link, SG.target, None))
    return link, SG.target


def _m_implementation_without_implementer(g: Graph) -> tuple[Any, Any]:
    a = ID["action/tiedolla-johtaminen"]
    impl = _link_node(g, a, SG.implementation)
    g.remove((impl, SG.carrierType, None))
    g.remove((impl, SG.carrierUnit, None))
    return impl, None


def _m_implementation_with_both(g: Graph) -> tuple[Any, Any]:
    a = ID["action/tiedolla-johtaminen"]
    impl = _link_node(g, a, SG.implementation)
    g.add((impl, SG.implementingProject, ID["project/digiohjelma"]))
    return impl, None


def _m_text_without_value(g: Graph) -> tuple[Any, Any]:
    t = ID["theme/sopiva-polku"]
    item = BNode()
    g.add((t, SG.focusWord, item))
    g.add((item, RDF.type, SG.Text))
    return item, RDF.value


def _m_source_ref_without_document(g: Graph) -> tuple[Any, Any]:
    ref_node = _link_node(g, ID["meaning/askeleen-edella"], SG.source)
    g.remove((ref_node, SG.sourceDocument, None))
    return ref_node, SG.sourceDocument


MUTATIONS: dict[str, Mutation] = {
    name.removeprefix("_m_"): fn for name, fn in sorted(globals().items()) if name.startswith("_m_")
}


def test_validate_shapes_rejects_a_broken_graph(pyshacl: Any) -> None:
    """The library entry point reports a broken graph (the mutations below check pyshacl's results in detail)."""
    g = rdf.to_rdf(mini())
    assert validate_shapes(g)[0]
    g.remove((ID["subtheme/asiakasohjaus"], SG.belongsToTheme, None))
    conforms, text = validate_shapes(g)
    assert not conforms
    assert "subtheme/asiakasohjaus" in text and "belongsToTheme" in text


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_shapes_reject_broken_graph(pyshacl: Any, name: str) -> None:
    # each mutation starts from the fixture graph, which conforms (test_fixture_conforms_to_shapes), so
    # every violation found here is the mutation's
    g = rdf.to_rdf(mini())
    focus, path = MUTATIONS[name](g)
    conforms, results, text = shacl_results(pyshacl, g)
    assert not conforms, f"the shapes accepted a broken graph ({name})"
    hits = [r for r in results if r["focus"] == focus and (path is None or r["path"] == path)]
    assert hits, f"no violation on {focus} {path}; got:\n{text}"


# =============================================================== (e) round trip
def _canonical_decimals(g: Graph) -> Graph:
    """The graph with xsd:decimal literals in one lexical form.

    rdflib's Turtle writer uses the shorthand ``80.0`` for ``"80"^^xsd:decimal``: the same value in another
    lexical form, so the graphs are compared value-wise for decimals.
    """
    from decimal import Decimal

    def canon(o: Any) -> Any:
        if isinstance(o, Literal) and o.datatype == XSD.decimal:
            d = Decimal(str(o)).normalize()
            return Literal(format(d, "f"), datatype=XSD.decimal)
        return o

    out = Graph()
    for s, p, o in g:
        out.add((s, p, canon(o)))
    return out


def _finnish_literals(g: Graph) -> set[Literal]:
    return {o for o in g.objects() if isinstance(o, Literal) and o.language == "fi" and re.search("[äöåÄÖÅ]", o)}


def test_round_trip_turtle() -> None:
    m = mini()
    g = rdf.to_rdf(m)
    data = g.serialize(format="turtle")
    assert "Yksilöllistä ennakointia" in data, "Turtle should carry Finnish characters as UTF-8"
    back = Graph()
    back.parse(data=data, format="turtle")
    assert isomorphic(_canonical_decimals(g), _canonical_decimals(back))
    assert _finnish_literals(back) == _finnish_literals(g) and _finnish_literals(g)
    assert rdf.normalized(rdf.from_rdf(back)) == rdf.normalized(m)


def test_round_trip_ntriples() -> None:
    m = mini()
    data = rdf.to_ntriples(m)
    back = Graph()
    back.parse(data=data, format="nt")
    assert isomorphic(back, rdf.to_rdf(m)), "to_ntriples and to_rdf must write the same graph"
    assert Literal('Segmentteihin "10" ja "20" kuuluvat asiakasryhmät tunnistettu (06/2023)', lang="fi") \
        in set(back.objects())
    assert rdf.normalized(rdf.from_rdf(back)) == rdf.normalized(m)


def test_round_trip_keeps_languages_together() -> None:
    m = mini()
    back = Graph()
    back.parse(data=rdf.to_rdf(m).serialize(format="turtle"), format="turtle")
    m2 = rdf.from_rdf(back)
    unit = m2["unit/oma-hame"]
    assert (unit.label.fi, unit.label.en, unit.label.sv) == (
        "Kanta-Hämeen hyvinvointialue", "Kanta-Häme wellbeing services county",
        "Egentliga Tavastlands välfärdsområde")
    words = {(w.fi, w.en) for w in m2["theme/sopiva-polku"].focus_words}
    assert ("Häiriökysynnän estäminen", "Preventing failure demand") in words
    assert ("Vaativien asiakassegmenttien hoito", None) in words


DECIMAL_LEXICAL = re.compile(r'"([^"]*)"\^\^<http://www\.w3\.org/2001/XMLSchema#decimal>')


def test_ntriples_decimals_are_valid_lexical_forms() -> None:
    for lex in DECIMAL_LEXICAL.findall(rdf.to_ntriples(mini())):
        assert re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", lex), lex


def _edge_model(case: str) -> Model:
    m = Model()
    m.add(schema.Theme(id="t", label="Teema"))
    m.add(schema.SubTheme(id="s", label="Alateema", theme="t"))
    m.add(schema.Project(id="p", label="Hanke", status="active"))
    m.add(schema.Unit(id="u", label="Yksikkö", unit_type="post"))
    m.add(schema.Goal(id="g", label="Tavoite", year=2025))
    if case == "tiny-decimal":
        m.add(schema.Task(id="k", label="Tehtävä", goal="g", completion=0.0000001))
    elif case == "compact-and-qualified-same-target":
        m.add(schema.Action(id="a", label="Toimenpide", subtheme="s",
                            implementation=[{"project": "p"}, {"project": "p", "part": "osa"}]))
    elif case == "duplicate-link":
        m.add(schema.Project(id="q", label="Toinen", status="planned", owner=["u", "u"]))
    elif case == "decimal-and-boolean":
        m.add(schema.KPI(id="k", label="Mittari", tentative=True, baselines=[12.0, 0.25, "n. 3 %"]))
    return m


@pytest.mark.parametrize("case", [
    "decimal-and-boolean",
    "tiny-decimal",
])
def test_edge_decimals_in_ntriples(case: str) -> None:
    m = _edge_model(case)
    for lex in DECIMAL_LEXICAL.findall(rdf.to_ntriples(m)):
        assert re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", lex), lex
    back = Graph()
    back.parse(data=rdf.to_ntriples(m), format="nt")
    assert rdf.normalized(rdf.from_rdf(back)) == rdf.normalized(m)


@pytest.mark.parametrize("case", [
    "compact-and-qualified-same-target",
])
def test_edge_round_trips(case: str) -> None:
    m = _edge_model(case)
    back = Graph()
    back.parse(data=rdf.to_rdf(m).serialize(format="turtle"), format="turtle")
    assert rdf.normalized(rdf.from_rdf(back)) == rdf.normalized(m)


def test_loader_rejects_duplicate_links(tmp_path) -> None:
    """RDF is a set: two identical links would collapse into one triple, so the loader reports them."""
    from strategygraph.core.loader import ModelError, load

    (tmp_path / "m.yaml").write_text(
        "units: [{id: u, label: Yksikkö, unit_type: division}]\n"
        "projects: [{id: p, label: Hanke, status: active, owner: [u, u]}]\n", encoding="utf-8")
    with pytest.raises(ModelError) as exc:
        load(tmp_path)
    (problem,) = exc.value.problems
    assert problem.path == "projects[0] (p).owner[1]" and "duplicate entry" in problem.message
