"""The loaded strategy: entities by id and kind, plus generic walkers over their links.

The walkers read the field metadata of :mod:`strategygraph.schema`, so the
loader's reference check, the RDF mapping and the networkx view all follow
the same links without per-class code.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from pydantic import BaseModel

from strategygraph.core.fields import inner_types, mapped, per_class
from strategygraph.core.schema import KINDS, Acceptance, Entity, Label, Link, ModelSettings, VocabularyTerm

E = TypeVar("E", bound=Entity)


class RefSite(NamedTuple):
    """One reference from an entity to another id (a named tuple: made for every reference of every
    entity, several times per command, so it must be cheap to create)."""

    path: tuple[Any, ...]  # field path inside the entity, e.g. ("implementation", 0, "project")
    target: str  # the referenced id
    kinds: tuple[str, ...]  # allowed target kinds ("*" = any)
    relation: str  # relation name used in graph views (the field name, or the shortcut's local name)
    term: str  # ontology property of the direct owner → target statement
    holder: BaseModel  # the object holding the reference (a Link, Implementation, ...)


def _local(term: str) -> str:
    return term.split(":", 1)[-1]


@per_class
def _ref_plan(cls: type[BaseModel]) -> tuple[tuple[str, bool, tuple[str, ...], str | None], ...]:
    """The reference-holding fields of ``cls``: (name, is_ref, targets, term or shortcut)."""
    return tuple(
        (f.name, f.map == "ref", f.targets, f.term if f.map == "ref" else f.shortcut)
        for f in mapped(cls) if f.map in ("ref", "nested")
    )


@per_class
def _text_fields(cls: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``cls`` that can hold a :class:`Label`, directly or inside the objects they hold."""
    return tuple(name for name, f in cls.model_fields.items()
                 if any(m is Label or (m is not cls and _text_fields(m)) for m in inner_types(f.annotation, BaseModel)))


def iter_refs(obj: BaseModel, path: tuple[Any, ...] = (), targets: tuple[str, ...] = (),
              shortcut: str | None = None) -> Iterator[RefSite]:
    """Yield every reference held by ``obj`` (recursively through nested objects).

    ``targets`` and ``shortcut`` come from the field that holds ``obj`` when it
    is a nested :class:`Link`; other nested classes declare their own.
    """
    for name, is_ref, meta_targets, term_or_shortcut in _ref_plan(type(obj)):
        value = getattr(obj, name)
        if value is None or value == []:
            continue
        if is_ref:
            kinds = meta_targets
            if kinds == ("*",):
                kinds = targets or ("*",)
            term = shortcut or term_or_shortcut
            rel = _local(term)  # type: ignore[arg-type]
            if isinstance(value, list):
                for i, v in enumerate(value):
                    yield RefSite(path + (name, i), v, kinds, rel, term, obj)  # type: ignore[arg-type]
            else:
                yield RefSite(path + (name,), value, kinds, rel, term, obj)  # type: ignore[arg-type]
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from iter_refs(item, path + (name, i), meta_targets, term_or_shortcut)
        elif isinstance(value, BaseModel):
            yield from iter_refs(value, path + (name,), meta_targets, term_or_shortcut)


def link_relation(owner_cls: type[BaseModel], field_name: str) -> str:
    return next(f.local for f in mapped(owner_cls) if f.name == field_name)


@dataclass
class Model:
    """A validated strategy model."""

    entities: dict[str, Entity] = field(default_factory=dict)
    accepted: list[Acceptance] = field(default_factory=list)
    #: id -> (file, line) where the entity is defined
    locations: dict[str, tuple[str, int]] = field(default_factory=dict)
    root: Path | None = None
    #: the files read (as displayed in messages), and (file, why) of those skipped
    files: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    #: (file, line) of each entry of ``accepted``
    accepted_locations: list[tuple[str, int]] = field(default_factory=list)
    #: the ``model:`` section (title, languages, as-of date, vocabularies); None for a schema-1 model
    settings: ModelSettings | None = None

    def __post_init__(self) -> None:
        self._by_kind: dict[str, list[Entity]] | None = None

    # -- access
    def add(self, entity: Entity, location: tuple[str, int] | None = None) -> None:
        self.entities[entity.id] = entity
        if location:
            self.locations[entity.id] = location
        self._by_kind = None

    def get(self, entity_id: str) -> Entity | None:
        return self.entities.get(entity_id)

    def get_as(self, entity_id: str, cls: type[E]) -> E | None:
        """The entity ``entity_id`` if it is of kind ``cls`` (typed access), else None.

        >>> from strategygraph.core.schema import Theme, Project
        >>> m = Model()
        >>> m.add(Theme(id="t", label={"fi": "Teema"}))
        >>> m.get_as("t", Theme).id, m.get_as("t", Project)
        ('t', None)
        """
        e = self.entities.get(entity_id)
        return e if isinstance(e, cls) else None

    def all_of(self, cls: type[E]) -> list[E]:
        """Every entity of kind ``cls``, typed (the same list as ``of_kind(cls.KIND)``)."""
        return self.of_kind(cls.KIND)

    def __getitem__(self, entity_id: str) -> Entity:
        return self.entities[entity_id]

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self.entities

    def __len__(self) -> int:
        return len(self.entities)

    def of_kind(self, kind: str) -> list[Any]:
        if self._by_kind is None:
            by: dict[str, list[Entity]] = {k: [] for k in KINDS}
            for e in self.entities.values():
                by[e.KIND].append(e)
            self._by_kind = by
        return self._by_kind.get(kind, [])

    def kind_of(self, entity_id: str) -> str | None:
        e = self.entities.get(entity_id)
        return e.KIND if e else None

    def counts(self) -> dict[str, int]:
        return {k: len(self.of_kind(k)) for k in KINDS}

    def links(self) -> Iterator[tuple[Entity, RefSite]]:
        """Every (entity, reference) pair, excluding source-document references."""
        for e in self.entities.values():
            for site in iter_refs(e):
                if "source" in site.path:
                    continue
                yield e, site

    def link_count(self) -> int:
        return sum(1 for _ in self.links())

    def label(self, entity_id: str, lang: str = "fi") -> str:
        e = self.entities.get(entity_id)
        return e.label.get(lang) if e else entity_id

    # -- what the model says about itself
    @property
    def schema_version(self) -> int:
        """The YAML format version the model is written in (1 = no ``model:`` section)."""
        return self.settings.schema_version if self.settings else 1

    @property
    def default_lang(self) -> str:
        """The model's default language (``model: default_lang:``, else its first language, else fi)."""
        s = self.settings
        if s and s.default_lang:
            return s.default_lang
        if s and s.languages:
            return s.languages[0]
        return "fi"

    @property
    def languages(self) -> list[str]:
        s = self.settings
        return list(s.languages) if s and s.languages else [self.default_lang]

    def text_languages(self) -> Counter[str]:
        """How many of the entities' texts (every :class:`Label`, however deeply nested) use each language."""
        count: Counter[str] = Counter()

        def walk(obj: BaseModel) -> None:
            for name in _text_fields(type(obj)):
                value = getattr(obj, name)
                for v in value if isinstance(value, list) else (value,):
                    if isinstance(v, Label):
                        count.update(lang for lang, _ in v.items())
                    elif isinstance(v, BaseModel):
                        walk(v)

        for e in self.entities.values():
            walk(e)
        return count

    @property
    def title(self) -> Label | None:
        """The model's name: ``model: title:``, else its organization's or its (first) meaning's label."""
        s = self.settings
        if s and s.title:
            return s.title
        if s and s.organization and s.organization in self.entities:
            return self.entities[s.organization].label
        meanings = self.of_kind("Meaning")
        return meanings[0].label if meanings else None

    def title_text(self, lang: str | None = None) -> str:
        t = self.title
        return t.get(lang or self.default_lang) if t else ""

    @property
    def as_of(self) -> str | None:
        """The date the model's facts describe (``model: as_of:``), if stated."""
        return self.settings.as_of if self.settings else None

    def vocabulary(self, name: str) -> list[VocabularyTerm]:
        """An organization-defined list (``perspectives``, ``goal_levels``, ``goal_kinds``,
        ``project_statuses``, ``carrier_kinds``); empty when the model defines none (rules stay silent)."""
        if not self.settings:
            return []
        return list(getattr(self.settings.vocabularies, name))

    def defines(self, name: str) -> bool:
        return bool(self.settings and getattr(self.settings.vocabularies, name))

    @property
    def perspectives(self) -> list[str]:
        """The KPI perspectives the organization uses, in its order; empty when it defines none."""
        return [t.id for t in self.vocabulary("perspectives")]

    @property
    def carrying_statuses(self) -> set[str] | None:
        """Project statuses the model says carry work; None when the model does not say."""
        return self._carrying("project_statuses")

    @property
    def carrying_carriers(self) -> set[str] | None:
        """Non-project carrier kinds the model says count as carrying; None when the model does not say."""
        return self._carrying("carrier_kinds")

    def _carrying(self, vocabulary: str) -> set[str] | None:
        """The terms of ``vocabulary`` marked ``carries: true``; None when no term says either way."""
        terms = self.vocabulary(vocabulary)
        if not any(t.carries is not None for t in terms):
            return None
        return {t.id for t in terms if t.carries}

    @property
    def progress_colours(self) -> list[Any]:
        """The organization's progress colour rules (:class:`ProgressColour`), empty when it states none."""
        return list(self.settings.vocabularies.progress_colours) if self.settings else []

    def location(self, entity_id: str) -> str:
        loc = self.locations.get(entity_id)
        return f"{loc[0]}:{loc[1]}" if loc else ""


def link_ids(links: list[Link] | Link | None) -> list[str]:
    """The target ids of a Link field (single or list)."""
    if links is None:
        return []
    if isinstance(links, Link):
        return [links.ref]
    return [link.ref for link in links]
