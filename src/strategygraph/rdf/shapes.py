"""SHACL shapes generated from the schema (``ontology/shapes.ttl`` is this module's output).

Every field of every class the exporter writes becomes a property shape, read
from :mod:`strategygraph.core.fields`; nothing is listed by hand. Regenerate
the committed file with ``python -m strategygraph.rdf.shapes`` (a test fails
when it differs from what this module writes).

What the shapes check: cardinalities (sh:minCount / sh:maxCount), the class of
every link target (sh:class, sh:or of sh:class), node kinds, datatypes of
literals, one label per language (sh:uniqueLang), the allowed values of the
controlled lists fixed in code (sh:in), the IRI pattern of values of lists the
organization defines in its model, and the class-level choices of the schema
(``ONE_OF`` → sh:xone, ``ANY_OF`` → sh:or). They use no SPARQL and no
inference, so validation stays fast on large models.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from pydantic import BaseModel

from strategygraph.core import schema
from strategygraph.core.fields import FieldSpec, mapped, rdf_class, reachable_classes, shortcut_targets
from strategygraph.rdf.mapping import CONCEPT_NS

HEADER = """\
# strategygraph SHACL shapes – structural integrity of an exported strategy graph
#
# GENERATED from the schema by strategygraph.rdf.shapes (python -m strategygraph.rdf.shapes);
# do not edit by hand: change the schema's field metadata and regenerate.
#
# What these shapes check: cardinalities (sh:minCount / sh:maxCount), the class
# of every link target (sh:class, sh:or of sh:class), node kinds, datatypes of
# literals (sh:datatype), one label per language (sh:uniqueLang), the allowed
# values of controlled lists (sh:in; for lists the organization defines in its
# model, the concept IRI pattern) and the schema's either/or choices (sh:xone,
# sh:or). What they deliberately do not use: SPARQL-based constraints, targets
# or property paths beyond sequences – validation must stay fast on large models.
#
# The shapes are validated WITHOUT inference against the data graph alone: every
# sh:class names the exact class the exporter writes (sg:Project, never a
# superclass), and concept values are checked against the concept IRIs.
#
# sh:name is the YAML field name of the schema, so a violation can be traced
# back to the model file. A field written as a qualified link has up to three
# property shapes: the qualified node (e.g. sg:subThemeOf → sg:Link), the
# link's target through the qualified node (( sg:subThemeOf sg:target )), and
# the direct "shortcut" triple (sg:belongsToTheme → sg:Theme), which carries the
# field's cardinality because the exporter always writes it.

@prefix sh:      <http://www.w3.org/ns/shacl#> .
@prefix sg:      <https://w3id.org/strategygraph/ns#> .
@prefix sgsh:    <https://w3id.org/strategygraph/shapes#> .
@prefix rdf:     <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix owl:     <http://www.w3.org/2002/07/owl#> .

<https://w3id.org/strategygraph/shapes>
    a owl:Ontology ;
    rdfs:label "strategygraphin SHACL-muodot"@fi, "strategygraph SHACL shapes"@en ;
    dcterms:created "2026-11-22"^^xsd:date ;
    dcterms:license <https://spdx.org/licenses/MIT> ;
    owl:versionInfo "0.2.0" .
"""

#: classes whose fields are shared by many: their shapes target every class that inherits them
_SHARED = (schema.Entity, schema.Annotated)
#: classes the exporter does not type with an sg: class (vocabulary terms are skos:Concept nodes)
_UNTYPED = (schema.VocabularyTerm, schema.ProgressColour)


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _classes(names: tuple[str, ...] | list[str]) -> list[str]:
    """``sh:class`` (one target) or ``sh:or`` of ``sh:class`` (several) for link targets."""
    names = [n for n in names if n != "*"]
    if not names:
        return []
    if len(names) == 1:
        return [f"sh:class sg:{names[0]}"]
    return ["sh:or ( " + " ".join(f"[ sh:class sg:{n} ]" for n in names) + " )"]


def _concepts(f: FieldSpec) -> list[str]:
    if f.open_scheme:
        return [f"sh:pattern {_q('^' + CONCEPT_NS.replace('.', '[.]') + str(f.scheme) + '/')}"]
    enum: type[Enum] = schema.SCHEMES[f.scheme or ""]
    return ["sh:in ( " + " ".join(f"<{CONCEPT_NS}{f.scheme}/{e.value}>" for e in enum) + " )"]


def _property_shapes(f: FieldSpec) -> list[list[str]]:
    """The property shapes of one field (each a list of 'predicate object' lines)."""
    one = [] if f.multi else ["sh:maxCount 1"]
    req = ["sh:minCount 1"] if f.required else []
    head = [f"sh:path {f.term}", f"sh:name {_q(f.name)}"]
    if f.map == "literal":
        return [head + req + one + [f"sh:datatype xsd:{f.datatype}"]]
    if f.map == "text":
        if f.multi:
            return [head + req + ["sh:class sg:Text", "sh:nodeKind sh:BlankNodeOrIRI"]]
        return [head + req + ["sh:datatype rdf:langString", "sh:uniqueLang true"]]
    if f.map == "ref":
        return [head + req + one + ["sh:nodeKind sh:IRI"] + _classes(f.targets)]
    if f.map == "concept":
        return [head + req + one + ["sh:nodeKind sh:IRI"] + _concepts(f)]
    assert f.map == "nested" and f.nested is not None
    node_req = req if not f.shortcut else []
    out = [head + node_req + one + [f"sh:class sg:{rdf_class(f.nested)}", "sh:nodeKind sh:BlankNodeOrIRI"]]
    if f.targets and f.nested is schema.Link:
        out.append([f"sh:path ( {f.term} sg:target )", f"sh:name {_q(f.name + '.ref')}"] + _classes(f.targets))
    if f.shortcut:
        out.append([f"sh:path {f.shortcut}", f"sh:name {_q(f.name)}"] + req + one + ["sh:nodeKind sh:IRI"]
                   + _classes(shortcut_targets(f)))
    return out


def _own_fields(cls: type[BaseModel]) -> list[FieldSpec]:
    """The mapped fields of ``cls`` that are not inherited from a shared base (Entity, Annotated)."""
    shared = {n for base in _SHARED if issubclass(cls, base) and cls is not base for n in base.model_fields}
    return [f for f in mapped(cls) if f.name not in shared]


def _choice(cls: type[BaseModel]) -> list[str]:
    """Class-level either/or constraints (``ONE_OF`` → sh:xone, ``ANY_OF`` → sh:or)."""
    terms = {f.name: f.term for f in mapped(cls)}

    def present(name: str) -> str:
        return f"[ sh:path {terms[name]} ; sh:minCount 1 ]"

    lines: list[str] = []
    one_of: tuple[tuple[str, ...], ...] | None = getattr(cls, "ONE_OF", None)
    if one_of:
        alts = []
        for group in one_of:
            alts.append(present(group[0]) if len(group) == 1
                        else "[ sh:or ( " + " ".join(present(n) for n in group) + " ) ]")
        lines.append("sh:xone (\n        " + "\n        ".join(alts) + "\n    )")
        names = [" and/or ".join(g) for g in one_of]
        lines.append(f"sh:message {_q('exactly one of: ' + '; '.join(names))}")
    any_of: tuple[str, ...] | None = getattr(cls, "ANY_OF", None)
    if any_of:
        lines.append("sh:or ( " + " ".join(present(n) for n in any_of) + " )")
    return lines


def _node_shape(name: str, comment: str, targets: list[str], fields: list[FieldSpec],
                extra: list[str] | None = None) -> str:
    lines = [f"# {comment}", f"sgsh:{name}Shape", "    a sh:NodeShape ;",
             "    sh:targetClass " + ", ".join(f"sg:{t}" for t in targets)]
    body = [f"    {x}" for x in extra or []]
    props = [ps for f in fields for ps in _property_shapes(f)]
    if props:
        rendered = ["        [ " + " ;\n          ".join(ps) + " ]" for ps in props]
        body.append("    sh:property\n" + " ,\n".join(rendered))
    return "\n".join(lines) + (" ;\n" + " ;\n".join(body) if body else "") + " .\n"


def shapes_turtle() -> str:
    """The SHACL shapes of the current schema, as Turtle."""
    classes = [c for c in reachable_classes(schema.ROOTS) if c not in _UNTYPED]
    kinds = list(schema.KINDS.values())
    annotated = [c for c in classes if issubclass(c, schema.Annotated)]
    parts = [HEADER]
    parts.append(_node_shape(
        "Entity", "Every entity: at least one label (one per language), optional description and variant wordings.",
        [c.KIND for c in kinds], [f for f in mapped(schema.Entity) if f.name not in schema.Annotated.model_fields]))
    parts.append(_node_shape(
        "Annotated", "Every entity and qualified node may cite one source document and hold one note.",
        [rdf_class(c) for c in annotated], list(mapped(schema.Annotated))))
    for cls in classes:
        name = rdf_class(cls)
        if cls in kinds:
            comment = f"{name} ({getattr(cls, 'SECTION', '')}:)"
        elif cls is schema.ModelSettings:
            comment = f"sg:{name} (the model: section)"
        else:
            comment = f"sg:{name} (nested {cls.__name__} objects)"
        fields = _own_fields(cls)
        extra = _choice(cls)
        if fields or extra:
            parts.append(_node_shape(name, comment, [name], fields, extra))
    parts.append(
        "# sg:Text (one item of a list of multilingual texts, e.g. a focus word)\n"
        "sgsh:TextShape\n    a sh:NodeShape ;\n    sh:targetClass sg:Text ;\n    sh:property\n"
        '        [ sh:path rdf:value ;\n          sh:name "text" ;\n          sh:minCount 1 ;\n'
        "          sh:datatype rdf:langString ;\n          sh:uniqueLang true ] .\n")
    return "\n".join(parts)


def write(path: Path) -> None:
    from strategygraph.core.files import atomic_write_text

    atomic_write_text(path, shapes_turtle())


if __name__ == "__main__":  # pragma: no cover - the build step
    from strategygraph.rdf.ontology import ontology_dir

    target = Path(__file__).resolve().parents[3] / "ontology" / "shapes.ttl"
    write(target if target.parent.exists() else ontology_dir() / "shapes.ttl")
    print(f"wrote {target}")
