"""One view of the schema's field metadata, used by every walker.

The loader (list coercion, duplicate entries, references, vocabulary checks),
the model's reference walker, the RDF mapping both ways, the generated SHACL
shapes, the field reference (``strategygraph schema``) and the ontology tests
all read a class's fields through :func:`specs`, so they cannot disagree about
what a field is.

The schema declares each field with one of the builders :func:`lit`, :func:`text`, :func:`ref`,
:func:`concept` and :func:`nested`, which put these keys into its ``json_schema_extra``.

Field metadata keys
-------------------
``term``      the ontology property (CURIE in the ``sg:`` namespace)
``map``       how the value maps: ``literal``, ``text`` (language-tagged),
              ``ref`` (IRI of another entity), ``concept`` (SKOS concept),
              ``nested`` (a qualified node, e.g. a link with its own source)
``targets``   for ``ref``: the entity kinds the reference may point to
``scheme``    for ``concept``: the SKOS concept scheme (an Enum class)
``shortcut``  for ``nested``: a direct property from the owner to the
              nested object's ``ref`` target, so queries need not go through
              the qualified node (like ``prov:qualifiedAssociation``)
``datatype``  for ``literal``: the XSD datatype local name
``open``      for ``concept``: the scheme's values are defined by the organization
              in its model (``model: vocabularies:``), not fixed in code
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, get_args, get_origin

from pydantic import BaseModel, Field


@dataclass(frozen=True)
class FieldSpec:
    """What the schema says about one field of a pydantic class."""

    name: str
    owner: type[BaseModel]
    #: literal / text / ref / concept / nested, or None for a field that is not mapped to RDF
    map: str | None
    term: str | None
    multi: bool
    required: bool
    datatype: str = "string"
    #: for ``ref`` and ``nested`` links: the entity kinds the field may point to ("*" = any)
    targets: tuple[str, ...] = ()
    scheme: str | None = None
    #: a concept scheme the organization defines in its model (values are not fixed in code)
    open_scheme: bool = False
    shortcut: str | None = None
    #: the pydantic class a nested field (or a list of them) holds
    nested: type[BaseModel] | None = None
    #: the field can hold a list or a nested model (walked for duplicates and positions)
    container: bool = False
    description: str = ""
    default: Any = None

    @property
    def local(self) -> str:
        """The local name of the field's direct relation (shortcut or term), e.g. ``belongsToTheme``."""
        return (self.shortcut or self.term or self.name).split(":", 1)[-1]


_T = TypeVar("_T")


def per_class(fn: Callable[[type[BaseModel]], _T]) -> Callable[[type[BaseModel]], _T]:
    """Compute once per class (the schema does not change at run time)."""
    cache: dict[type[BaseModel], _T] = {}

    @functools.wraps(fn)
    def wrapper(cls: type[BaseModel]) -> _T:
        try:
            return cache[cls]
        except KeyError:
            result = cache[cls] = fn(cls)
            return result

    return wrapper


# ---------------------------------------------------------------- declaring a field
def _field(extra: dict[str, Any], default: Any = None, multi: bool = False, **kw: Any) -> Any:
    if multi:
        return Field(default_factory=list, json_schema_extra=extra, **kw)
    return Field(default, json_schema_extra=extra, **kw)


def lit(term: str, default: Any = None, datatype: str = "string", multi: bool = False, **kw: Any) -> Any:
    """A literal (string, number, boolean) mapped to ``term``."""
    return _field({"term": term, "map": "literal", "datatype": datatype}, default, multi, **kw)


def text(term: str, default: Any = None, multi: bool = False, **kw: Any) -> Any:
    """A multilingual :class:`Label` mapped to language-tagged literals of ``term``."""
    return _field({"term": term, "map": "text"}, default, multi, **kw)


def ref(term: str, *targets: str, default: Any = None, multi: bool = False, **kw: Any) -> Any:
    """An id of another entity (of one of ``targets``) mapped to its IRI."""
    return _field({"term": term, "map": "ref", "targets": list(targets)}, default, multi, **kw)


def concept(term: str, scheme: str, default: Any = None, multi: bool = False, open: bool = False,
            **kw: Any) -> Any:
    """A value of a controlled list (SKOS concept scheme ``scheme``).

    ``open``: the organization defines the list in its model (``model: vocabularies:``).
    """
    extra: dict[str, Any] = {"term": term, "map": "concept", "scheme": scheme}
    if open:
        extra["open"] = True
    return _field(extra, default, multi, **kw)


def nested(term: str, shortcut: str | None = None, targets: tuple[str, ...] = (), default: Any = None,
           multi: bool = False, **kw: Any) -> Any:
    """A structured value mapped to a qualified node of ``term``.

    ``shortcut`` adds a direct owner → target triple for the nested object's
    reference; ``targets`` restricts the kinds a :class:`Link` may point to.
    """
    extra: dict[str, Any] = {"term": term, "map": "nested"}
    if shortcut:
        extra["shortcut"] = shortcut
    if targets:
        extra["targets"] = list(targets)
    return _field(extra, default, multi, **kw)


def field_meta(model_cls: type[BaseModel], name: str) -> dict[str, Any]:
    extra = model_cls.model_fields[name].json_schema_extra
    return extra if isinstance(extra, dict) else {}


# ---------------------------------------------------------------- reading the fields
def _opt_str(v: Any) -> str | None:
    return None if v is None else str(v)


_C = TypeVar("_C")


def inner_types(ann: Any, base: type[_C]) -> list[type[_C]]:
    """The subclasses of ``base`` inside an annotation: ``X``, ``Optional[X]``, ``list[X]``, ``X | Y``, ...

    >>> from enum import Enum
    >>> class Colour(Enum):
    ...     red = "red"
    >>> [t.__name__ for t in inner_types(list[Colour] | None, Enum)], inner_types(int | None, Enum)
    (['Colour'], [])
    """
    if isinstance(ann, type) and issubclass(ann, base):
        return [ann]
    return [t for a in get_args(ann) for t in inner_types(a, base)]


def inner_type(ann: Any, base: type[_C]) -> type[_C] | None:
    """The first subclass of ``base`` inside an annotation (see :func:`inner_types`), or None."""
    found = inner_types(ann, base)
    return found[0] if found else None


def _holds_container(ann: Any) -> bool:
    if get_origin(ann) is list or (isinstance(ann, type) and issubclass(ann, BaseModel)):
        return True
    return any(_holds_container(a) for a in get_args(ann))


@per_class
def specs(cls: type[BaseModel]) -> tuple[FieldSpec, ...]:
    """Every field of ``cls`` in declaration order, with its metadata."""
    out = []
    for name, f in cls.model_fields.items():
        extra = f.json_schema_extra if isinstance(f.json_schema_extra, dict) else {}
        ann = f.annotation
        mapping = extra.get("map")
        multi = get_origin(ann) is list
        default = None if f.is_required() else (f.default_factory() if f.default_factory else f.default)  # type: ignore[call-arg]
        out.append(FieldSpec(
            name=name, owner=cls, map=_opt_str(mapping), term=_opt_str(extra.get("term")), multi=multi,
            required=f.is_required(), datatype=str(extra.get("datatype", "string")),
            targets=tuple(str(t) for t in extra.get("targets", ()) or ()),  # type: ignore[union-attr]
            scheme=_opt_str(extra.get("scheme")), open_scheme=bool(extra.get("open")),
            shortcut=_opt_str(extra.get("shortcut")),
            nested=inner_type(ann, BaseModel) if mapping in ("nested", None) else None,
            container=_holds_container(ann), description=f.description or "", default=default,
        ))
    return tuple(out)


@per_class
def mapped(cls: type[BaseModel]) -> tuple[FieldSpec, ...]:
    """The fields of ``cls`` that become RDF statements."""
    return tuple(s for s in specs(cls) if s.map is not None)


@per_class
def list_fields(cls: type[BaseModel]) -> tuple[str, ...]:
    return tuple(s.name for s in specs(cls) if s.multi)


@per_class
def container_fields(cls: type[BaseModel]) -> tuple[str, ...]:
    return tuple(s.name for s in specs(cls) if s.container)


@per_class
def ref_field(cls: type[BaseModel]) -> str | None:
    """The first reference field of a nested class (the one a shortcut points through)."""
    return next((s.name for s in specs(cls) if s.map == "ref"), None)


def spec(cls: type[BaseModel], name: str) -> FieldSpec:
    return next(s for s in specs(cls) if s.name == name)


def reachable_classes(roots: tuple[type[BaseModel], ...]) -> list[type[BaseModel]]:
    """``roots`` plus every nested class reachable through mapped fields, in discovery order."""
    seen: list[type[BaseModel]] = []
    todo = list(roots)
    while todo:
        cls = todo.pop(0)
        if cls in seen:
            continue
        seen.append(cls)
        for s in mapped(cls):
            if s.map == "nested" and s.nested is not None:
                todo.append(s.nested)
    return seen


def rdf_class(cls: type[BaseModel]) -> str:
    """The local name of the sg: class the exporter types objects of ``cls`` with."""
    return str(getattr(cls, "RDF_CLASS", None) or getattr(cls, "KIND", None) or cls.__name__)


def shortcut_targets(s: FieldSpec) -> tuple[str, ...]:
    """The kinds a nested field's shortcut triple points to."""
    if s.targets:
        return s.targets
    if s.nested is None:
        return ()
    rf = ref_field(s.nested)
    return spec(s.nested, rf).targets if rf else ()
