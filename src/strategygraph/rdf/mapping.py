"""One generic mapping between the pydantic model and RDF, driven by field metadata.

``to_rdf`` turns any model object into triples by reading the ``term`` and
``map`` metadata of its fields (see :mod:`strategygraph.schema`); ``from_rdf``
reads them back. Nothing here knows about a particular entity kind.

Mapping rules
-------------
* entity ``e`` of kind ``K`` → ``<base + e.id> a sg:K``
* ``literal`` → typed literal; ``text`` → one language-tagged literal per
  language (a *list* of texts → one ``sg:Text`` node per item, with
  ``rdf:value`` literals, so the languages of one item stay together)
* ``ref`` → the target's IRI; ``concept`` → the SKOS concept's IRI
* ``nested`` → a blank node typed with the nested class (``sg:Link``,
  ``sg:Implementation``, …) holding its own fields. With a ``shortcut`` the
  owner also gets a direct triple to the nested object's reference
  (``?action sg:implementedBy ?project``); a nested object that holds nothing
  but that reference is written as the direct triple alone.

Multi-valued fields are sets in RDF: ``from_rdf`` returns their items in a
canonical order (see :func:`canonical`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from enum import Enum
from itertools import islice
from typing import Any

from pydantic import BaseModel

from strategygraph.core.fields import mapped, per_class, ref_field, spec
from strategygraph.core.model import Model
from strategygraph.core.schema import KINDS, SCHEMES, VOCABULARY_SCHEMES, Label, ModelSettings, Vocabularies
from strategygraph.core.util import gc_paused

SG_NS = "https://w3id.org/strategygraph/ns#"
CONCEPT_NS = "https://w3id.org/strategygraph/concept/"
DEFAULT_BASE = "https://w3id.org/strategygraph/id/"

PREFIXES = {
    "sg": SG_NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "time": "http://www.w3.org/2006/time#",
    "sh": "http://www.w3.org/ns/shacl#",
    "schema": "https://schema.org/",
}
RDF_TYPE = PREFIXES["rdf"] + "type"
RDF_VALUE = PREFIXES["rdf"] + "value"


def expand(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix] + local


def concept_iri(scheme: str, value: str) -> str:
    return f"{CONCEPT_NS}{scheme}/{value}"


# ------------------------------------------------------------------ model → triples
# Terms are produced as tuples so that both rdflib and pyoxigraph can be fed
# without going through the other: ("iri", value) / ("bnode", n) /
# ("lit", lexical, datatype_iri_or_None, lang_or_None).
Term = tuple[Any, ...]


class _BNodes:
    """Blank node labels, unique per export so that two exports merged into one graph never collide."""

    def __init__(self) -> None:
        import uuid

        self.prefix = "b" + uuid.uuid4().hex[:10]
        self.n = 0

    def new(self) -> Term:
        self.n += 1
        return ("bnode", f"{self.prefix}x{self.n}")


_XSD = PREFIXES["xsd"]


def _literal(value: Any, datatype: str) -> Term:
    if datatype == "boolean":
        return ("lit", "true" if value else "false", _XSD + "boolean", None)
    if datatype == "integer":
        return ("lit", str(int(value)), _XSD + "integer", None)
    if datatype == "decimal":
        d = Decimal(str(value))
        return ("lit", format(d.normalize() if d == d.to_integral() else d, "f"), _XSD + "decimal", None)
    return ("lit", str(value), None, None)


_RDF_TYPE_T: Term = ("iri", RDF_TYPE)
_TEXT_T: Term = ("iri", SG_NS + "Text")
_RDF_VALUE_T: Term = ("iri", RDF_VALUE)

@per_class
def _triple_plan(cls: type[BaseModel]) -> tuple[tuple[Any, ...], ...]:
    """How each mapped field of ``cls`` becomes triples: (name, map, predicate, datatype, scheme, shortcut)."""
    return tuple(
        (f.name, f.map, ("iri", expand(f.term or "")), f.datatype, f.scheme,
         ("iri", expand(f.shortcut)) if f.shortcut else None)
        for f in mapped(cls)
    )


@per_class
def _nested_info(cls: type[BaseModel]) -> tuple[str | None, tuple[str, ...], Term]:
    """A nested class's reference field, the names of its other fields and its sg:Class term."""
    rf = ref_field(cls)
    return rf, tuple(n for n in cls.model_fields if n != rf), ("iri", SG_NS + cls.__name__)


def _obj_triples(subject: Term, obj: BaseModel, base: str, bn: _BNodes) -> Iterator[tuple[Term, Term, Term]]:
    for name, mapping, pred, datatype, scheme, shortcut in _triple_plan(type(obj)):
        value = getattr(obj, name)
        if value is None or value == []:
            continue
        is_list = isinstance(value, list)
        values = value if is_list else [value]
        if mapping == "literal":
            for v in values:
                yield subject, pred, _literal(v, datatype)
        elif mapping == "text":
            for v in values:
                if is_list:
                    node = bn.new()
                    yield subject, pred, node
                    yield node, _RDF_TYPE_T, _TEXT_T
                    for lang, s in v.items():
                        yield node, _RDF_VALUE_T, ("lit", s, None, lang)
                else:
                    for lang, s in v.items():
                        yield subject, pred, ("lit", s, None, lang)
        elif mapping == "ref":
            for v in values:
                yield subject, pred, ("iri", base + v)
        elif mapping == "concept":
            for v in values:
                yield subject, pred, ("iri", concept_iri(scheme, v.value if isinstance(v, Enum) else v))
        elif mapping == "nested":
            rf, others, _ = _nested_info(type(values[0]))
            targets = [getattr(v, rf) for v in values] if rf else []
            for v in values:
                rf, others, class_term = _nested_info(type(v))
                target = getattr(v, rf) if rf else None
                if shortcut and target:
                    yield subject, shortcut, ("iri", base + target)
                    # nothing but the reference, and the only item with this target: the direct triple
                    # says it all (with two items naming the same target, both need their node)
                    if targets.count(target) == 1 and all(getattr(v, n) in (None, [], False) for n in others):
                        continue
                node = bn.new()
                yield subject, pred, node
                yield node, _RDF_TYPE_T, class_term
                yield from _obj_triples(node, v, base, bn)


#: the IRI (after the base) of the model itself, the subject of its settings; not a valid entity id
MODEL_NODE = "_model"
_SKOS = PREFIXES["skos"]


def _settings_triples(settings: ModelSettings, base: str, bn: _BNodes) -> Iterator[tuple[Term, Term, Term]]:
    """The ``model:`` section: a sg:StrategyModel node, and each vocabulary term as a SKOS concept."""
    s = ("iri", base + MODEL_NODE)
    yield s, _RDF_TYPE_T, ("iri", SG_NS + "StrategyModel")
    yield from _obj_triples(s, settings, base, bn)
    for name, scheme in VOCABULARY_SCHEMES.items():
        for position, term in enumerate(getattr(settings.vocabularies, name), 1):
            value = term.id.value if isinstance(term.id, Enum) else str(term.id)
            c = ("iri", concept_iri(scheme, value))
            yield c, _RDF_TYPE_T, ("iri", _SKOS + "Concept")
            yield c, ("iri", _SKOS + "inScheme"), ("iri", CONCEPT_NS + scheme)
            yield c, ("iri", _SKOS + "notation"), ("lit", value, None, None)
            yield s, ("iri", SG_NS + "usesConcept"), c
            yield c, ("iri", SG_NS + "listPosition"), _literal(position, "integer")
            yield from _obj_triples(c, term, base, bn)


def iter_triples(model: Model, base: str = DEFAULT_BASE) -> Iterator[tuple[Term, Term, Term]]:
    """Every triple of the model, as plain term tuples."""
    bn = _BNodes()
    rdf_type = ("iri", RDF_TYPE)
    if model.settings is not None:
        yield from _settings_triples(model.settings, base, bn)
    for e in model.entities.values():
        s = ("iri", base + e.id)
        yield s, rdf_type, ("iri", SG_NS + e.KIND)
        yield from _obj_triples(s, e, base, bn)


def _to_rdflib(t: Term) -> Any:
    from rdflib import BNode, Literal, URIRef

    kind = t[0]
    if kind == "iri":
        return URIRef(t[1])
    if kind == "bnode":
        return BNode(t[1])
    _, lex, dt, lang = t
    if lang:
        return Literal(lex, lang=lang)
    return Literal(lex, datatype=URIRef(dt)) if dt else Literal(lex)


def to_rdf(model: Model, base: str = DEFAULT_BASE, with_ontology: bool = False) -> Any:
    """The model as an rdflib ``Graph`` (optionally with the ontology and shapes)."""
    from rdflib import Graph

    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    g.bind("sgc", CONCEPT_NS)
    g.bind("id", base)
    cache: dict[Term, Any] = {}

    def conv(t: Term) -> Any:
        r = cache.get(t)
        if r is None:
            r = cache[t] = _to_rdflib(t)
        return r

    add = g.add
    with gc_paused():
        for s, p, o in iter_triples(model, base):
            add((conv(s), conv(p), conv(o)))
    if with_ontology:
        from strategygraph.rdf.ontology import ontology_graph

        g += ontology_graph()
    return g


def _nt(t: Term) -> str:
    kind = t[0]
    if kind == "iri":
        return f"<{t[1]}>"
    if kind == "bnode":
        return f"_:{t[1]}"
    _, lex, dt, lang = t
    esc = lex.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if lang:
        return f'"{esc}"@{lang}'
    return f'"{esc}"^^<{dt}>' if dt else f'"{esc}"'


def to_ntriples(model: Model, base: str = DEFAULT_BASE) -> str:
    """The model as an N-Triples document (fast path for bulk loading into a store)."""
    return "".join(ntriples_chunks(model, base))


def ntriples_chunks(model: Model, base: str = DEFAULT_BASE, lines: int = 20_000) -> Iterator[str]:
    """The N-Triples document of :func:`to_ntriples` in pieces of about ``lines`` triples, for streaming
    into a store without holding the whole document (at 100k entities it is some 150 MB of text)."""
    cache: dict[Term, str] = {}  # IRIs repeat (every subject, predicate and link target)

    def nt(t: Term) -> str:
        r = cache.get(t)
        if r is None:
            r = _nt(t)
            if t[0] == "iri":
                cache[t] = r
        return r

    triples = iter_triples(model, base)
    while True:
        with gc_paused():
            chunk = "".join([f"{nt(s)} {nt(p)} {nt(o)} .\n" for s, p, o in islice(triples, lines)])
        if not chunk:
            return
        yield chunk


# ------------------------------------------------------------------ RDF → model
def _lit_value(o: Any, datatype: str) -> Any:
    v = o.toPython()
    if datatype == "decimal":
        return float(v) if not isinstance(v, (int, float)) else float(v)
    if datatype == "integer":
        return int(v)
    if datatype == "boolean":
        return bool(v)
    return str(o)


def _label_from(objs: list[Any]) -> dict[str, str] | None:
    out = {o.language: str(o) for o in objs if getattr(o, "language", None)}
    return out or None


def canonical(items: list[Any]) -> list[Any]:
    """Canonical order for a multi-valued field (RDF has no order)."""
    def key(x: Any) -> str:
        if isinstance(x, BaseModel):
            return json.dumps(x.model_dump(mode="json", exclude_none=True), sort_keys=True, ensure_ascii=False)
        if isinstance(x, dict):
            return json.dumps(x, sort_keys=True, ensure_ascii=False, default=str)
        return str(x)
    return sorted(items, key=key)


#: per class: how each mapped field is read back, from the field metadata (built once)
@per_class
def _read_plan(cls: type[BaseModel]) -> tuple[tuple[Any, ...], ...]:
    """How to read each mapped field of ``cls`` back: (name, map, predicate, multi, datatype, concept prefix,
    nested class, its reference field, shortcut predicate), built once per class."""
    from rdflib import URIRef

    items = []
    for f in mapped(cls):
        sub = f.nested if f.map == "nested" else None
        rf = ref_field(sub) if sub is not None else None
        shortcut = URIRef(expand(f.shortcut)) if f.map == "nested" and f.shortcut else None
        prefix = f"{CONCEPT_NS}{f.scheme}/" if f.map == "concept" else None
        items.append((f.name, f.map, URIRef(expand(f.term or "")), f.multi, f.datatype, prefix, sub, rf, shortcut))
    return tuple(items)


def _read_obj(g: Any, node: Any, cls: type[BaseModel], base: str) -> dict[str, Any]:
    from rdflib import URIRef

    data: dict[str, Any] = {}
    for name, mapping, pred, multi, datatype, prefix, sub, rf, shortcut in _read_plan(cls):
        objs = list(g.objects(node, pred))
        if not objs and not shortcut:
            continue
        values: list[Any] = []
        if mapping == "literal":
            values = [_lit_value(o, datatype) for o in objs]
        elif mapping == "text":
            if multi:
                values = [_label_from(list(g.objects(o, URIRef(RDF_VALUE)))) for o in objs]
            else:
                lab = _label_from(objs)
                values = [lab] if lab else []
        elif mapping == "ref":
            values = [str(o)[len(base):] for o in objs if str(o).startswith(base)]
        elif mapping == "concept":
            values = [str(o)[len(prefix):] for o in objs if str(o).startswith(prefix)]
        elif mapping == "nested" and sub is not None:
            values = [_read_obj(g, o, sub, base) for o in objs]
            if shortcut and rf:
                # targets reached only by the direct triple were compact nested objects
                covered: dict[str, int] = {}
                for v in values:
                    if v.get(rf):
                        covered[v[rf]] = covered.get(v[rf], 0) + 1
                for o in g.objects(node, shortcut):
                    t = str(o)[len(base):]
                    if covered.get(t):
                        covered[t] -= 1
                    else:
                        values.append({rf: t})
        if not values:
            continue
        if multi:
            data[name] = canonical(values)
        else:
            data[name] = values[0]
    return data


def _read_settings(g: Any, base: str) -> ModelSettings | None:
    """The ``model:`` section, if the graph has one (only ``objects`` and typed ``subjects`` look-ups, so
    that it works on an rdflib graph and on :func:`from_ntriples`' index alike)."""
    from rdflib import URIRef

    # the node as the graph gives it (an rdflib URIRef, or the index's plain string)
    node = next((x for x in g.subjects(URIRef(RDF_TYPE), URIRef(SG_NS + "StrategyModel"))
                 if str(x) == base + MODEL_NODE), None)
    if node is None:
        return None
    data = _read_obj(g, node, ModelSettings, base)
    skos = PREFIXES["skos"]
    by_scheme: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for c in g.objects(node, URIRef(SG_NS + "usesConcept")):
        schemes = [str(x) for x in g.objects(c, URIRef(skos + "inScheme"))]
        notation = [str(getattr(x, "value", x)) for x in g.objects(c, URIRef(skos + "notation"))]
        position = [_lit_value(x, "integer") for x in g.objects(c, URIRef(SG_NS + "listPosition"))]
        for scheme in schemes:
            by_scheme.setdefault(scheme, []).append((position[0] if position else 0, {
                "id": notation[0] if notation else str(c).rsplit("/", 1)[-1], "_node": c}))
    vocab: dict[str, list[dict[str, Any]]] = {}
    for name, scheme in VOCABULARY_SCHEMES.items():
        items = sorted(by_scheme.get(CONCEPT_NS + scheme, []), key=lambda pi: pi[0])
        if items:
            item_cls = _nested_item(Vocabularies, name)
            vocab[name] = [{"id": d["id"], **_read_obj(g, d["_node"], item_cls, base)} for _, d in items]
    data["vocabularies"] = vocab
    return ModelSettings.model_validate(data)


def _nested_item(cls: type[BaseModel], name: str) -> type[BaseModel]:
    item = spec(cls, name).nested
    assert item is not None
    return item


def from_rdf(g: Any, base: str = DEFAULT_BASE) -> Model:
    """Rebuild a :class:`Model` from an rdflib graph written by :func:`to_rdf`."""
    from rdflib import RDF, URIRef

    model = Model()
    for kind, cls in KINDS.items():
        for s in g.subjects(RDF.type, URIRef(SG_NS + kind)):
            iri = str(s)
            if not iri.startswith(base):
                continue
            data = _read_obj(g, s, cls, base)
            data["id"] = iri[len(base):]
            model.add(cls.model_validate(data))
    model.settings = _read_settings(g, base)
    return model


class _Lit:
    """A literal read by :func:`from_ntriples`: what :func:`_read_obj` asks of an rdflib Literal."""

    __slots__ = ("value", "language", "datatype")

    def __init__(self, value: str, language: str | None, datatype: str | None) -> None:
        self.value, self.language, self.datatype = value, language, datatype

    def __str__(self) -> str:
        return self.value

    def toPython(self) -> Any:  # noqa: N802 - rdflib's name
        dt = self.datatype or ""
        if dt == _XSD + "boolean":
            return self.value.strip() in ("true", "1")
        if dt in (_XSD + "integer", _XSD + "int", _XSD + "long"):
            return int(self.value)
        if dt in (_XSD + "decimal", _XSD + "double", _XSD + "float"):
            return Decimal(self.value)
        return self.value


class _BNodeKey(str):
    """A blank node of :func:`from_ntriples` (a str that no IRI can equal)."""


class _TripleIndex:
    """Subject → predicate → objects, with just the two look-ups :func:`from_rdf` makes."""

    def __init__(self) -> None:
        self.spo: dict[str, dict[str, list[Any]]] = {}
        self.types: dict[str, list[str]] = {}

    def objects(self, subject: Any, predicate: Any) -> list[Any]:
        return self.spo.get(subject, {}).get(str(predicate), [])

    def subjects(self, predicate: Any, obj: Any) -> list[str]:
        assert str(predicate) == RDF_TYPE
        return self.types.get(str(obj), [])


def from_ntriples(data: bytes, base: str = DEFAULT_BASE) -> Model:
    """Rebuild a :class:`Model` from N-Triples (e.g. a graph read back from a SPARQL server).

    The same mapping as :func:`from_rdf`, on an index built with pyoxigraph's parser (rdflib's
    parser and graph are some ten times slower on a large model). Raises ``ValueError`` on
    unreadable data or entities that do not validate.
    """
    import pyoxigraph as ox

    idx = _TripleIndex()
    spo = idx.spo
    lits: dict[tuple[str, str | None, str | None], _Lit] = {}

    def key(term: Any) -> Any:
        if isinstance(term, ox.BlankNode):
            return _BNodeKey("_:" + term.value)
        if isinstance(term, ox.Literal):
            k = (term.value, term.language, term.datatype.value if term.datatype else None)
            lit = lits.get(k)
            if lit is None:
                lit = lits[k] = _Lit(*k)
            return lit
        return term.value

    try:
        with gc_paused():
            for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
                s, p, o = key(t.subject), t.predicate.value, key(t.object)
                spo.setdefault(s, {}).setdefault(p, []).append(o)
                if p == RDF_TYPE and isinstance(o, str) and not isinstance(s, _BNodeKey):
                    idx.types.setdefault(o, []).append(s)
            return from_rdf(idx, base)
    except SyntaxError as exc:
        raise ValueError(f"unreadable N-Triples: {exc}") from None


def normalized(model: Model) -> dict[str, Any]:
    """A comparable form of a model: entities as JSON with every list in canonical order."""

    def norm(x: Any) -> Any:
        if isinstance(x, dict):
            return {k: norm(v) for k, v in x.items() if v not in (None, [], {})}
        if isinstance(x, list):
            return canonical([norm(v) for v in x])
        return x

    out = {eid: norm(e.model_dump(mode="json")) for eid, e in sorted(model.entities.items())}
    if model.settings is not None:
        out[MODEL_NODE] = norm(model.settings.model_dump(mode="json"))
    return out


__all__ = ["to_rdf", "from_rdf", "from_ntriples", "iter_triples", "to_ntriples", "ntriples_chunks", "normalized", "DEFAULT_BASE", "SG_NS",
           "CONCEPT_NS", "PREFIXES", "SCHEMES", "Label"]
