"""The strategy schema: one pydantic class per entity kind.

The pydantic classes define the YAML format *and* the RDF mapping. Every field
that becomes an RDF statement names its ontology term in the field metadata
(``json_schema_extra``), so :mod:`strategygraph.rdf` maps any object to triples
with one generic function. The helpers :func:`lit`, :func:`text`, :func:`ref`,
:func:`concept` and :func:`nested` build those fields.

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

:mod:`strategygraph.core.fields` reads this metadata once per class; every walker
(loader, model, RDF mapping, shapes, field reference) goes through it.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated as _Annotated
from typing import Any, ClassVar, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from strategygraph.core.fields import list_fields

#: the version of the YAML format this code writes and reads; a model states it in ``model: schema_version:``
SCHEMA_VERSION = 2
#: languages a :class:`Label` can hold
LANGUAGES = ("fi", "en", "sv")

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*$")
TIME_PATTERN = re.compile(
    r"^(?P<start>\d{4}(-Q[1-4]|-\d{2}(-\d{2})?)?)(/(?P<end>\d{4}(-Q[1-4]|-\d{2}(-\d{2})?)?)?)?$"
)


# ---------------------------------------------------------------- field helpers
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


CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


class Code(str):
    """A concept id of a vocabulary the organization defines in its model (e.g. a project status).

    ``.value`` returns the id itself, so code written against the former fixed enums keeps working.
    """

    __slots__ = ()

    @property
    def value(self) -> str:
        return str(self)


def _code(v: str) -> Code:
    if not CODE_PATTERN.match(v):
        raise ValueError(f"{v!r} is not a concept id: use lowercase ASCII letters, digits, '-', '.', '_'")
    return Code(v)


def _code_before(v: Any) -> Any:
    return v.value if isinstance(v, Enum) else v


#: a value of an organization-defined vocabulary (checked against ``model: vocabularies:`` by the loader)
CodeT = _Annotated[str, BeforeValidator(_code_before), AfterValidator(_code)]


# ---------------------------------------------------------------- controlled lists
# The three enums below are the lists of Oma Häme's 2023 strategy map that were fixed in code up to
# schema version 1. The organization now defines them in its model (``model: vocabularies:``); these
# stay as the lists ``strategygraph migrate`` writes into a version-1 model, so its values keep meaning.
class Perspective(str, Enum):
    """KPI perspective (näkökulma) of the 2023 KPI matrix (legacy list, see ``LEGACY_VOCABULARIES``)."""

    customer_experience = "customer-experience"
    personnel_experience = "personnel-experience"
    finance_efficiency = "finance-efficiency"
    impact = "impact"


class ProjectStatus(str, Enum):
    """Life-cycle status of a project (legacy list, see ``LEGACY_VOCABULARIES``)."""

    active = "active"  # approved / confirmed and under way
    planned = "planned"  # planned, schedule or decision not confirmed
    pending_decision = "pending-decision"  # plan made, waiting for a go/no-go decision
    proposed = "proposed"  # proposed, not started
    ended = "ended"
    discontinued = "discontinued"


class ProjectKind(str, Enum):
    project = "project"
    programme = "programme"
    investment = "investment"


class FundingClass(str, Enum):
    """The three portfolio classes of the 2023 strategy map (plus proposed)."""

    external_funding = "external-funding"  # ulkopuolisen rahoituksen ohjaamat
    development_need = "development-need"  # kehitystarpeiden käynnistämät
    inherited = "inherited"  # aiemmin aloitetut, perityt
    proposed = "proposed"  # ehdotettu lisähanke


class Disposition(str, Enum):
    """Proposed disposition of a project in the portfolio alignment."""

    continue_ = "continue"
    refine = "refine"  # continue, content to be completed from the strategy
    merge = "merge"  # merge into another project
    shell = "shell"  # shell project: reports on work done elsewhere
    discontinue = "discontinue"
    new = "new"  # a newly proposed project


class GoalStatus(str, Enum):
    """Reported status of a goal, key result or task (traffic lights)."""

    green = "green"  # achieved / progressing as planned
    yellow = "yellow"  # partly achieved / challenges being solved
    red = "red"  # not achieved / not progressing, support needed
    not_reported = "not-reported"


class UnitType(str, Enum):
    organization = "organization"
    body = "body"  # council, board, committee
    division = "division"  # toimiala
    result_area = "result-area"  # tulosalue
    function = "function"  # a staff function, e.g. PMO
    post = "post"  # a post or role, e.g. chief financial officer
    partner = "partner"  # an external partner organization (a company, a municipality, an association)


class CarrierType(str, Enum):
    """Non-project carriers of an action (legacy list, see ``LEGACY_VOCABULARIES``)."""

    continuous_operations = "continuous-operations"  # osana jatkuvaa toimintaa
    divisions = "divisions"  # toimialat toteuttavat / toimialojen tavoitteet
    result_areas = "result-areas"  # tulosaluekohtainen toteutus
    operational_work = "operational-work"  # osana operatiivista työtä
    training = "training"  # jatkuva koulutus
    other = "other"


class CapabilityType(str, Enum):
    process = "process"
    tool = "tool"
    model = "model"  # an operating or service model
    skill = "skill"
    data = "data"


class ValueKind(str, Enum):
    value = "value"
    principle = "principle"


class ServiceKind(str, Enum):
    """What a service the strategy relies on is."""

    digital_service = "digital-service"  # a service people use online (an app, an e-service)
    system = "system"  # an information system
    service = "service"  # a service delivered to people (not digital)
    asset = "asset"  # a building, vehicle, network or other physical asset


class ServiceStatus(str, Enum):
    """Life-cycle status of a service, system or asset."""

    planned = "planned"
    in_use = "in-use"
    discontinued = "discontinued"  # ended before it was planned to (terminated)
    ended = "ended"


#: controlled lists fixed in code (their values are SKOS concepts of the ontology)
SCHEMES: dict[str, type[Enum]] = {
    "project-kind": ProjectKind,
    "funding-class": FundingClass,
    "disposition": Disposition,
    "goal-status": GoalStatus,
    "unit-type": UnitType,
    "capability-type": CapabilityType,
    "value-kind": ValueKind,
    "service-kind": ServiceKind,
    "service-status": ServiceStatus,
}

#: controlled lists the organization defines in its model: scheme -> the key under ``model: vocabularies:``
OPEN_SCHEMES: dict[str, str] = {
    "perspective": "perspectives",
    "project-status": "project_statuses",
    "carrier-type": "carrier_kinds",
    "goal-level": "goal_levels",
    "goal-kind": "goal_kinds",
}

#: the lists schema version 1 fixed in code; ``migrate`` writes them into a version-1 model's vocabularies
LEGACY_VOCABULARIES: dict[str, type[Enum]] = {
    "perspectives": Perspective,
    "project_statuses": ProjectStatus,
    "carrier_kinds": CarrierType,
}


# ---------------------------------------------------------------- value objects
class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, validate_assignment=False,
                              coerce_numbers_to_str=True)

    @model_validator(mode="before")
    @classmethod
    def _scalar_to_list(cls, data: Any) -> Any:
        """Let a list field take a single value (``owner: talous`` as ``owner: [talous]``)."""
        if isinstance(data, dict):
            for name in list_fields(cls):
                v = data.get(name)
                if v is not None and not isinstance(v, list):
                    data = {**data, name: [v]}
        return data


class Label(Strict):
    """A multilingual text: ``{fi: ..., en: ...}``. At least one language."""

    fi: str | None = None
    en: str | None = None
    sv: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_plain(cls, v: Any, info: ValidationInfo) -> Any:
        """A plain string is text in the model's default language (``model: default_lang:``; else fi)."""
        if isinstance(v, str):
            ctx = info.context if isinstance(info.context, dict) else {}
            return {ctx.get("lang") or "fi": v}
        return v

    @model_validator(mode="after")
    def _not_empty(self) -> Label:
        if not any((self.fi, self.en, self.sv)):
            raise ValueError("a label needs at least one language (fi, en)")
        return self

    def get(self, lang: str = "fi") -> str:
        return getattr(self, lang, None) or self.fi or self.en or self.sv or ""

    def items(self) -> list[tuple[str, str]]:
        return [(k, v) for k in ("fi", "en", "sv") if (v := getattr(self, k))]


class SourceRef(Strict):
    """Where a fact comes from: a Source id plus the section or slide heading."""

    doc: str = ref("sg:sourceDocument", "Source", default=...)
    section: str | None = lit("sg:sourceSection")
    locator: str | None = lit("sg:sourceLocator")

    @model_validator(mode="before")
    @classmethod
    def _from_plain(cls, v: Any) -> Any:
        if isinstance(v, str):
            doc, _, section = v.partition("#")
            return {"doc": doc.strip(), "section": section.strip() or None}
        return v


class Annotated(Strict):
    """Anything that can carry a source reference and a note."""

    source: SourceRef | None = nested("sg:source", shortcut="dcterms:source")
    note: str | None = lit("skos:note")


class Link(Annotated):
    """A link to another entity; in YAML a bare id or ``{ref: id, source:, note:}``."""

    ref: str = ref("sg:target", "*", default=...)

    @model_validator(mode="before")
    @classmethod
    def _from_plain(cls, v: Any) -> Any:
        if isinstance(v, str):
            return {"ref": v}
        return v


def _time_validator(v: str | None) -> str | None:
    if v is None:
        return v
    v = str(v)
    if not TIME_PATTERN.match(v):
        raise ValueError(
            f"{v!r} is not a time: use YYYY, YYYY-QN, YYYY-MM, YYYY-MM-DD or START/END (e.g. 2024/2025)"
        )
    from strategygraph.core.time import span

    try:
        first, last = span(v)  # type: ignore[misc]
    except ValueError as exc:  # e.g. 2024-13 or 2024-02-30
        raise ValueError(f"{v!r} is not a real date ({exc})") from None
    if last < first:
        raise ValueError(f"{v!r}: the period ends before it starts")
    return v


#: a time expression (YYYY, YYYY-QN, YYYY-MM, YYYY-MM-DD or START/END), checked on input
Time = _Annotated[str, BeforeValidator(_time_validator)]


class Variant(Annotated):
    """Another wording of the same element in another table or document."""

    text: str = lit("sg:variantText", default=...)


class Unstated(Annotated):
    """A field the sources leave unstated (the fact exists, but no source says what it is).

    Different from an empty field: an empty ``theme`` says the goal has none, ``unstated: [{field:
    theme}]`` says the source page that would name it is missing or unreadable. Rules that report a
    missing field stay silent where the model records it as unstated (the gap is in the sources, not in
    the strategy); ``note`` says why and ``source`` where.
    """

    field: str = lit("sg:unstatedField", default=..., description="the name of the field the sources leave unstated")

    @model_validator(mode="before")
    @classmethod
    def _from_plain(cls, v: Any) -> Any:
        if isinstance(v, str):
            return {"field": v}
        return v


def _value_from_plain(v: Any) -> Any:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return {"value": str(v), "number": v}
    if isinstance(v, str):
        return {"value": v}
    return v


class Measurement(Annotated):
    """A reported value: verbatim text, the number where it is one, and the date or period it describes."""

    value: str = lit("sg:valueText", default=..., description="the value as the source writes it")
    number: float | None = lit("sg:numericValue", datatype="decimal", description="the value as a number")
    unit: str | None = lit("sg:unitText", description="unit of measure, e.g. '%', 'kt CO2e'")
    period: str | None = lit("sg:period", description="the period the value covers, as written")
    date: Time | None = lit("sg:date", description="the date the value describes (as of)")

    @model_validator(mode="before")
    @classmethod
    def _from_plain(cls, v: Any) -> Any:
        return _value_from_plain(v)


class Target(Annotated):
    """A target: verbatim text (a number or words), the number where it is one, and by when."""

    value: str = lit("sg:valueText", default=..., description="the target as the source writes it")
    number: float | None = lit("sg:numericValue", datatype="decimal", description="the target as a number")
    unit: str | None = lit("sg:unitText", description="unit of measure")
    due: Time | None = lit("sg:due", description="when the target is to be reached")

    @model_validator(mode="before")
    @classmethod
    def _from_plain(cls, v: Any) -> Any:
        return _value_from_plain(v)


class QuarterValue(Annotated):
    quarter: str = lit("sg:quarter", default=...)
    value: str = lit("sg:valueText", default=...)
    status: GoalStatus | None = concept("sg:status", "goal-status")


class StatusFact(Annotated):
    """A dated status statement from a report (e.g. 'service discontinued 9/2024')."""

    date: Time | None = lit("sg:date")
    text: Label = text("sg:statusText", default=...)


CURRENCY_PATTERN = re.compile(r"^[A-Z]{3}$")


def _any_of(obj: BaseModel, names: tuple[str, ...], what: str) -> None:
    if all(getattr(obj, n) in (None, "", []) for n in names):
        raise ValueError(f"{what} needs at least one of: {', '.join(repr(n) for n in names)}")


class Money(Annotated):
    """An amount of money (a cost or a budget); aligned to schema.org's MonetaryAmount."""

    #: at least one of these fields is given (also a SHACL sh:or of the generated shapes)
    ANY_OF: ClassVar[tuple[str, ...]] = ("amount", "amount_text")

    amount: float | None = lit("sg:amount", datatype="decimal", description="the amount as a number")
    amount_text: str | None = lit("sg:amountText", description="the amount as the source writes it")
    currency: str | None = lit("sg:currency", description="ISO 4217 code, e.g. EUR")
    period: Time | None = lit("sg:period", description="the period the amount covers")

    @model_validator(mode="before")
    @classmethod
    def _from_plain(cls, v: Any) -> Any:
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return {"amount": v}
        if isinstance(v, str):
            return {"amount_text": v}
        return v

    @field_validator("currency")
    @classmethod
    def _currency(cls, v: str | None) -> str | None:
        if v is not None and not CURRENCY_PATTERN.match(v):
            raise ValueError(f"{v!r} is not a currency code: use three capital letters (ISO 4217), e.g. EUR")
        return v

    @model_validator(mode="after")
    def _some_amount(self) -> Money:
        _any_of(self, self.ANY_OF, type(self).__name__.lower())
        return self


class Funding(Money):
    """Funding of a project or action: an amount, who grants it and on what conditions."""

    ANY_OF: ClassVar[tuple[str, ...]] = ("amount", "amount_text", "funder", "funder_text")

    funder: Link | None = nested("sg:funderLink", shortcut="sg:fundedBy", targets=("Unit",),
                                    description="the funding unit or partner (a Unit)")
    funder_text: Label | None = text("sg:funderText", description="the funder as the source names it")
    conditions: Label | None = text("sg:fundingConditions", description="conditions attached to the funding")


class Implementation(Annotated):
    """One implementer of an action, milestone or goal (a row's *Toteutus*).

    Either a portfolio ``project`` (optionally only a ``part`` of it), or a
    non-project carrier: a ``carrier`` kind from the organization's vocabulary
    (continuous operations, …), a ``unit`` (a unit, post or external partner),
    or both. ``due`` and ``scope`` are this implementer's own date and share.
    ``text`` keeps the source wording.
    """

    #: exactly one of these groups of fields is given (also a SHACL sh:xone of the generated shapes)
    ONE_OF: ClassVar[tuple[tuple[str, ...], ...]] = (("project",), ("carrier", "unit"))

    project: str | None = ref("sg:implementingProject", "Project", description="a portfolio project")
    part: Label | None = text("sg:projectPart", description="the part of the project that does this")
    carrier: CodeT | None = concept("sg:carrierType", "carrier-type", open=True,
                                       description="a non-project carrier kind (model: vocabularies: carrier_kinds)")
    unit: str | None = ref("sg:carrierUnit", "Unit", description="the unit, post or partner that carries it")
    scope: Label | None = text("sg:implementationScope", description="what this implementer does")
    due: Time | None = lit("sg:implementationDue", description="this implementer's own due date")
    text: str | None = lit("sg:implementationText", description="the source's wording")

    @model_validator(mode="after")
    def _one_carrier(self) -> Implementation:
        given = [any(getattr(self, f) for f in group) for group in self.ONE_OF]
        if sum(given) != 1:
            raise ValueError("an implementation names either a 'project', or a 'carrier' and/or a 'unit'")
        return self


class Dependency(Annotated):
    """A dependency listed on a sub-theme page (Riippuvuudet): verbatim text, target if it names one."""

    text: str = lit("sg:dependencyText", default=...)
    target: str | None = ref("sg:dependencyTarget", "Project", "SubTheme", "Action", "Capability")


class RelativePeriod(Annotated):
    """A period stated relative to an event, e.g. 'years 0–5 from the contract': offsets and the anchor."""

    start_offset: int = lit("sg:startOffset", datatype="integer", default=..., description="start, in units after the anchor")
    end_offset: int | None = lit("sg:endOffset", datatype="integer", description="end, in units after the anchor")
    time_unit: Literal["years", "quarters", "months"] = lit("sg:timeUnit", default="years",
                                                            description="years, quarters or months")
    anchor: Label = text("sg:anchor", default=..., description="the event the offsets count from")

    @model_validator(mode="after")
    def _order(self) -> RelativePeriod:
        if self.end_offset is not None and self.end_offset < self.start_offset:
            raise ValueError("the period ends before it starts (end_offset < start_offset)")
        return self


# ---------------------------------------------------------------- entities
class Entity(Annotated):
    """Fields every entity has."""

    KIND: ClassVar[str] = "Entity"
    SECTION: ClassVar[str] = "entities"

    id: str
    label: Label = text("rdfs:label", default=...)
    description: Label | None = text("dcterms:description")
    variants: list[Variant] = nested(multi=True, term="sg:variant")
    unstated: list[Unstated] = nested(multi=True, term="sg:unstated",
                                      description="fields the sources leave unstated (not: stated as empty)")

    @field_validator("id")
    @classmethod
    def _check_id(cls, v: str) -> str:
        if not ID_PATTERN.match(v):
            raise ValueError(
                f"id {v!r} is not a valid id: use lowercase ASCII letters, digits, '-', '.', '_' "
                "and '/' between parts (write ä as a, ö as o)"
            )
        return v

    @model_validator(mode="after")
    def _unstated_fields_exist(self) -> Entity:
        for u in self.unstated:
            if u.field not in type(self).model_fields or u.field in ("id", "unstated"):
                allowed = ", ".join(f for f in type(self).model_fields if f not in ("id", "unstated"))
                raise ValueError(f"unstated: {u.field!r} is not a field of {self.KIND}; fields: {allowed}")
        return self

    def is_unstated(self, *fields: str) -> bool:
        """Whether the model records any of ``fields`` as left unstated by the sources."""
        return any(u.field in fields for u in self.unstated)


class Source(Entity):
    KIND = "Source"
    SECTION = "sources"
    date: Time | None = lit("dcterms:issued")
    publisher: str | None = lit("dcterms:publisher")
    location: str | None = lit("sg:location")
    document_type: str | None = lit("dcterms:type")


class Unit(Entity):
    """An organizational unit, a body, a post (role) or an external partner."""

    KIND = "Unit"
    SECTION = "units"
    unit_type: UnitType = concept("sg:unitType", "unit-type", default=...)
    part_of: Link | None = nested("sg:unitPartOf", shortcut="sg:subOrganizationOf", targets=("Unit",))


class Meaning(Entity):
    KIND = "Meaning"
    SECTION = "meanings"
    edition: str | None = lit("sg:edition")
    statements: list[Label] = text(multi=True, term="sg:statement")


class Value(Entity):
    KIND = "Value"
    SECTION = "values"
    value_kind: ValueKind = concept("sg:valueKind", "value-kind", default=ValueKind.value)
    edition: str | None = lit("sg:edition")
    meaning: Link | None = nested("sg:valueOf", shortcut="sg:guides", targets=("Meaning",))


class Theme(Entity):
    KIND = "Theme"
    SECTION = "themes"
    number: int | None = lit("sg:number", datatype="integer")
    derived_from: Link | None = nested("sg:themeDerivation", shortcut="sg:derivedFrom", targets=("Meaning",))
    focus_words: list[Label] = text(multi=True, term="sg:focusWord")
    rationale: Label | None = text("sg:rationale")


class SubTheme(Entity):
    KIND = "SubTheme"
    SECTION = "subthemes"
    theme: Link = nested("sg:subThemeOf", shortcut="sg:belongsToTheme", targets=("Theme",), default=...)
    number: int | None = lit("sg:number", datatype="integer")
    current_state: Label | None = text("sg:currentState")
    target_state: Label | None = text("sg:targetState")
    dependencies: list[Dependency] = nested(multi=True, term="sg:dependency", shortcut="sg:dependsOn")


class Phase(Entity):
    """A phase of the roadmap: absolute years (``start_year``/``end_year``) or a ``relative`` period."""

    KIND = "Phase"
    SECTION = "phases"
    ANY_OF: ClassVar[tuple[str, ...]] = ("start_year", "relative")
    order: int = lit("sg:order", datatype="integer", default=...)
    period: str | None = lit("sg:period", description="the period as the source writes it")
    start_year: int | None = lit("sg:startYear", datatype="integer")
    end_year: int | None = lit("sg:endYear", datatype="integer")
    relative: RelativePeriod | None = nested("sg:relativePeriod",
                                                description="a period relative to an event (instead of years)")

    @property
    def period_text(self) -> str:
        """The period for display: as written, else the years, else the relative period (e.g. '0–2 years')."""
        if self.period:
            return self.period
        if self.start_year is not None:
            return f"{self.start_year}–{self.end_year}" if self.end_year else f"{self.start_year}–"
        r = self.relative
        if r is None:  # pragma: no cover - the validator requires one of them
            return ""
        end = f"–{r.end_offset}" if r.end_offset is not None else "+"
        return f"{r.start_offset}{end} {r.time_unit}"

    @model_validator(mode="after")
    def _some_period(self) -> Phase:
        _any_of(self, self.ANY_OF, "a phase")
        if self.start_year is not None and self.end_year is not None and self.end_year < self.start_year:
            raise ValueError("end_year is before start_year")
        return self


class Capability(Entity):
    KIND = "Capability"
    SECTION = "capabilities"
    capability_type: CapabilityType | None = concept("sg:capabilityType", "capability-type")


class Service(Entity):
    """A service, information system or asset that actions and milestones rely on, with its life cycle."""

    KIND = "Service"
    SECTION = "services"
    service_kind: ServiceKind | None = concept("sg:serviceKind", "service-kind")
    start: Time | None = lit("sg:start", description="when it was (or is to be) taken into use")
    end: Time | None = lit("sg:end", description="when it ended (or is to end)")
    status: ServiceStatus | None = concept("sg:serviceStatus", "service-status")
    status_as_of: Time | None = lit("sg:statusAsOf", description="the date the status describes")
    status_facts: list[StatusFact] = nested(multi=True, term="sg:statusFact")
    owner: list[Link] = nested(multi=True, term="sg:ownership", shortcut="sg:ownedBy", targets=("Unit",))


class Milestone(Entity):
    KIND = "Milestone"
    SECTION = "milestones"
    theme: Link = nested("sg:milestoneTheme", shortcut="sg:belongsToTheme", targets=("Theme",), default=...)
    also_themes: list[Link] = nested(multi=True, term="sg:additionalMilestoneTheme", shortcut="sg:alsoBelongsToTheme",
                                     targets=("Theme",), description="other themes the milestone spans")
    phase: Link = nested("sg:milestonePhase", shortcut="sg:inPhase", targets=("Phase",), default=...)
    requires: list[Link] = nested(multi=True, term="sg:milestoneRequirement", shortcut="sg:requires", targets=("Capability",))
    delivered_by: list[Link] = nested(multi=True, term="sg:milestoneDelivery", shortcut="sg:deliveredBy", targets=("Project",))
    implementation: list[Implementation] = nested(multi=True, term="sg:implementation", shortcut="sg:implementedBy",
                                                  description="projects, units or carriers that implement it")
    relies_on: list[Link] = nested(multi=True, term="sg:reliance", shortcut="sg:reliesOn", targets=("Service",),
                                   description="services or systems it relies on")


class Project(Entity):
    KIND = "Project"
    SECTION = "projects"
    project_kind: ProjectKind = concept("sg:projectKind", "project-kind", default=ProjectKind.project)
    funding_class: FundingClass | None = concept("sg:fundingClass", "funding-class")
    start: Time | None = lit("sg:start")
    start_text: str | None = lit("sg:startText")
    end: Time | None = lit("sg:end")
    end_text: str | None = lit("sg:endText")
    status: CodeT | None = concept("sg:projectStatus", "project-status", open=True,
                                      description="model: vocabularies: project_statuses")
    status_as_of: Time | None = lit("sg:statusAsOf", description="the date the status describes")
    status_text: Label | None = text("sg:statusText")
    status_facts: list[StatusFact] = nested(multi=True, term="sg:statusFact")
    owner: list[Link] = nested(multi=True, term="sg:ownership", shortcut="sg:ownedBy", targets=("Unit",))
    steered_under: list[Link] = nested(multi=True, term="sg:steering", shortcut="sg:steeredUnder", targets=("Theme",))
    disposition: Disposition | None = concept("sg:disposition", "disposition")
    disposition_text: Label | None = text("sg:dispositionText")
    merge_into: list[Link] = nested(multi=True, term="sg:mergeTarget", shortcut="sg:mergeInto", targets=("Project",))
    depends_on: list[Link] = nested(multi=True, term="sg:projectDependency", shortcut="sg:dependsOn", targets=("Project",))
    develops: list[Link] = nested(multi=True, term="sg:development", shortcut="sg:develops", targets=("Capability",),
                                  description="capabilities the project builds")
    uses: list[Link] = nested(multi=True, term="sg:capabilityUse", shortcut="sg:usesCapability",
                              targets=("Capability",), description="capabilities the project uses (built elsewhere)")
    relies_on: list[Link] = nested(multi=True, term="sg:reliance", shortcut="sg:reliesOn", targets=("Service",),
                                   description="services or systems it relies on")
    part_of: Link | None = nested("sg:projectPartOf", shortcut="sg:partOf", targets=("Project",))
    budget: list[Money] = nested(multi=True, term="sg:budget", description="budgeted amounts")
    costs: list[Money] = nested(multi=True, term="sg:cost", description="estimated or actual costs")
    funding: list[Funding] = nested(multi=True, term="sg:funding", description="funding with funder and conditions")


class Action(Entity):
    KIND = "Action"
    SECTION = "actions"
    subtheme: Link = nested("sg:actionOf", shortcut="sg:belongsToSubTheme", targets=("SubTheme",), default=...)
    also_subthemes: list[Link] = nested(multi=True, term="sg:additionalSubTheme",
                                        shortcut="sg:alsoBelongsToSubTheme", targets=("SubTheme",),
                                        description="other sub-themes the action belongs to")
    number: int | None = lit("sg:number", datatype="integer")
    goal: Label | None = text("sg:actionGoal")
    results: list[Label] = text(multi=True, term="sg:actionResult")
    due: Time | None = lit("sg:due")
    due_text: str | None = lit("sg:dueText")
    implementation: list[Implementation] = nested(multi=True, term="sg:implementation", shortcut="sg:implementedBy")
    requires: list[Link] = nested(multi=True, term="sg:actionRequirement", shortcut="sg:requires", targets=("Capability",),
                                  description="capabilities the action uses")
    builds: list[Link] = nested(multi=True, term="sg:capabilityBuild", shortcut="sg:builds", targets=("Capability",),
                                description="capabilities the action builds")
    milestones: list[Link] = nested(multi=True, term="sg:actionContribution", shortcut="sg:contributesTo", targets=("Milestone",))
    kpis: list[Link] = nested(multi=True, term="sg:actionIndicator", shortcut="sg:affects", targets=("KPI",),
                              description="KPIs the action is expected to move")
    relies_on: list[Link] = nested(multi=True, term="sg:reliance", shortcut="sg:reliesOn", targets=("Service",),
                                   description="services or systems it relies on")
    costs: list[Money] = nested(multi=True, term="sg:cost", description="estimated or actual costs")
    funding: list[Funding] = nested(multi=True, term="sg:funding", description="funding with funder and conditions")


class KPI(Entity):
    KIND = "KPI"
    SECTION = "kpis"
    perspective: CodeT | None = concept("sg:perspective", "perspective", open=True,
                                           description="model: vocabularies: perspectives")
    definition: Label | None = text("sg:kpiDefinition", description="what is measured and how")
    themes: list[Link] = nested(multi=True, term="sg:measurement", shortcut="sg:measures", targets=("Theme",))
    unit: str | None = lit("sg:unitText")
    owner: list[Link] = nested(multi=True, term="sg:ownership", shortcut="sg:ownedBy", targets=("Unit",))
    baselines: list[Measurement] = nested(multi=True, term="sg:baseline")
    targets: list[Target] = nested(multi=True, term="sg:targetOf", description="targets, each with its due date")
    measurements: list[Measurement] = nested(multi=True, term="sg:measuredValue",
                                             description="reported values with their dates")
    tentative: bool = lit("sg:tentative", default=False, datatype="boolean")


class Goal(Entity):
    KIND = "Goal"
    SECTION = "goals"
    year: int | None = lit("sg:year", datatype="integer", description="the year of a yearly goal")
    level: CodeT | None = concept("sg:goalLevel", "goal-level", open=True,
                                     description="model: vocabularies: goal_levels")
    goal_kind: CodeT | None = concept("sg:goalKind", "goal-kind", open=True,
                                         description="model: vocabularies: goal_kinds")
    due: Time | None = lit("sg:due", description="when the goal is to be reached")
    theme: Link | None = nested("sg:goalTheme", shortcut="sg:belongsToTheme", targets=("Theme",))
    serves: list[Link] = nested(multi=True, term="sg:goalService", shortcut="sg:serves", targets=("Milestone",))
    cited_milestones: list[str] = lit(multi=True, term="sg:citedMilestoneText")
    kpis: list[Link] = nested(multi=True, term="sg:goalIndicator", shortcut="sg:measuredBy", targets=("KPI",))
    baselines: list[Measurement] = nested(multi=True, term="sg:baseline",
                                          description="the starting level the goal states (e.g. 'from the current 1.9 %')")
    targets: list[Target] = nested(multi=True, term="sg:targetOf", description="targets (numeric or text)")
    measurements: list[Measurement] = nested(multi=True, term="sg:measuredValue",
                                             description="reported values with their dates")
    owner: list[Link] = nested(multi=True, term="sg:ownership", shortcut="sg:ownedBy", targets=("Unit",))
    status: GoalStatus | None = concept("sg:status", "goal-status")
    status_as_of: Time | None = lit("sg:statusAsOf", description="the date the status describes")
    status_facts: list[StatusFact] = nested(multi=True, term="sg:statusFact")
    carried_by: list[Link] = nested(multi=True, term="sg:goalCarrier", shortcut="sg:carriedBy", targets=("Project",))
    implementation: list[Implementation] = nested(multi=True, term="sg:implementation", shortcut="sg:implementedBy",
                                                  description="projects, units or carriers that implement it")


class KeyResult(Entity):
    KIND = "KeyResult"
    SECTION = "key_results"
    goal: Link = nested("sg:keyResultOf", shortcut="sg:partOfGoal", targets=("Goal",), default=...)
    baselines: list[Measurement] = nested(multi=True, term="sg:baseline")
    target: Measurement | None = nested("sg:targetValue")
    due: Time | None = lit("sg:due", description="when the key result is to be reached")
    unit: str | None = lit("sg:unitText")
    quarterly: list[QuarterValue] = nested(multi=True, term="sg:quarterValue")
    measurements: list[Measurement] = nested(multi=True, term="sg:measuredValue",
                                             description="reported values with their dates")
    kpis: list[Link] = nested(multi=True, term="sg:keyResultIndicator", shortcut="sg:measuredBy", targets=("KPI",))
    status: GoalStatus | None = concept("sg:status", "goal-status")
    status_as_of: Time | None = lit("sg:statusAsOf", description="the date the status describes")
    owner: list[Link] = nested(multi=True, term="sg:ownership", shortcut="sg:ownedBy", targets=("Unit",))


class Task(Entity):
    KIND = "Task"
    SECTION = "tasks"
    goal: Link = nested("sg:taskOf", shortcut="sg:partOfGoal", targets=("Goal",), default=...)
    completion: float | None = lit("sg:completion", datatype="decimal", description="percent complete (0–100)")
    completion_as_of: Time | None = lit("sg:completionAsOf", description="the date the completion describes")
    status: GoalStatus | None = concept("sg:status", "goal-status")
    status_as_of: Time | None = lit("sg:statusAsOf", description="the date the status describes")
    responsible: list[Link] = nested(multi=True, term="sg:responsibility", shortcut="sg:responsibleUnit", targets=("Unit",))
    relies_on: list[Link] = nested(multi=True, term="sg:reliance", shortcut="sg:reliesOn", targets=("Service",),
                                   description="services or systems it relies on")


KINDS: dict[str, type[Entity]] = {
    c.KIND: c
    for c in (
        Meaning, Value, Theme, SubTheme, Phase, Milestone, Action, Project,
        Capability, Service, KPI, Goal, KeyResult, Task, Unit, Source,
    )
}
SECTIONS: dict[str, type[Entity]] = {c.SECTION: c for c in KINDS.values()}


# ---------------------------------------------------------------- the model's own settings
class VocabularyTerm(Annotated):
    """One value of an organization-defined list (a SKOS concept of the model)."""

    id: str = Field(description="the value written in entities, e.g. 'active'")
    label: Label = text("skos:prefLabel", default=...)
    definition: Label | None = text("skos:definition")
    carries: bool | None = lit("sg:carriesWork", datatype="boolean",
                                  description="project statuses and carrier kinds: does it count as carrying work")

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        return _code(v)


class ProgressColour(Annotated):
    """One colour of the organization's progress (RAG) rules: what it means and its threshold."""

    id: GoalStatus = Field(description="the colour: green, yellow, red or not-reported")
    label: Label = text("skos:prefLabel", default=...)
    rule: Label | None = text("sg:colourRule", description="the rule as the organization words it")
    min_completion: float | None = lit("sg:minCompletion", datatype="decimal",
                                          description="lowest completion percent that earns this colour")

    @field_validator("min_completion")
    @classmethod
    def _pct(cls, v: float | None) -> float | None:
        if v is not None and not 0 <= v <= 100:
            raise ValueError("min_completion is a percentage between 0 and 100")
        return v


def _vocab(scheme: str, description: str) -> Any:
    return Field(default_factory=list, json_schema_extra={"scheme": scheme}, description=description)


class Vocabularies(Strict):
    """The organization's own lists; a list left out means the model does not use that notion."""

    perspectives: list[VocabularyTerm] = _vocab("perspective", "KPI perspectives (e.g. a scorecard's)")
    goal_levels: list[VocabularyTerm] = _vocab("goal-level", "levels of goals (council, division, …)")
    goal_kinds: list[VocabularyTerm] = _vocab("goal-kind", "kinds of goals (binding yearly goal, target, …)")
    project_statuses: list[VocabularyTerm] = _vocab("project-status", "project statuses; 'carries' marks those that carry work")
    carrier_kinds: list[VocabularyTerm] = _vocab("carrier-type", "non-project carrier kinds; 'carries' marks those that count")
    progress_colours: list[ProgressColour] = _vocab("goal-status", "the progress colour rules")

    def duplicates(self) -> list[tuple[str, int, str]]:
        """(list name, index, id) of every term that repeats an earlier id of its list (the loader reports them)."""
        out = []
        for name in type(self).model_fields:
            seen: set[str] = set()
            for i, t in enumerate(getattr(self, name)):
                tid = str(t.id.value if isinstance(t.id, Enum) else t.id)
                if tid in seen:
                    out.append((name, i, tid))
                seen.add(tid)
        return out


#: vocabulary list name -> the concept scheme its terms are in
VOCABULARY_SCHEMES: dict[str, str] = {
    name: str((f.json_schema_extra or {})["scheme"])  # type: ignore[index]
    for name, f in Vocabularies.model_fields.items()
}

class StatusCount(Annotated):
    """One line of a set-level progress report: how many of the items had one status, as a count or a share."""

    value: str = lit("sg:valueText", default=..., description="the figure as the source writes it, e.g. '3/5', 'noin 85 %'")
    status_text: Label = text("sg:reportedStatus", default=..., description="the status as the report words it")
    status: GoalStatus | None = concept("sg:status", "goal-status",
                                        description="the colour, where the report gives one")
    count: int | None = lit("sg:itemCount", datatype="integer", description="how many items had this status")
    share: float | None = lit("sg:sharePercent", datatype="decimal",
                              description="the share of the items, in percent (0–100)")

    @field_validator("count")
    @classmethod
    def _count(cls, v: int | None) -> int | None:
        if v is not None and v < 0:
            raise ValueError("count cannot be negative")
        return v

    @field_validator("share")
    @classmethod
    def _share(cls, v: float | None) -> float | None:
        if v is not None and not 0 <= v <= 100:
            raise ValueError("share is a percentage between 0 and 100")
        return v


class ProgressReport(Annotated):
    """Progress reported for a SET of goals, key results or tasks (e.g. '3 of 5 goals on track'): the set
    (what is counted, its level and year), its size, and counts or shares per status, as of a date."""

    items: Literal["goals", "key-results", "tasks"] = lit(
        "sg:countedItems", default=..., description="what the report counts: goals, key-results or tasks")
    scope: Label | None = text("sg:reportScope", description="the set as the report words it")
    level: CodeT | None = concept("sg:goalLevel", "goal-level", open=True,
                                  description="the goal level of the set (model: vocabularies: goal_levels)")
    year: int | None = lit("sg:year", datatype="integer", description="the year of the set")
    total: int | None = lit("sg:itemTotal", datatype="integer", description="how many items the set has")
    date: Time = lit("sg:date", default=..., description="the date the figures describe (as of)")
    counts: list[StatusCount] = nested(multi=True, term="sg:statusCount", description="count or share per status")

    @field_validator("total")
    @classmethod
    def _total(cls, v: int | None) -> int | None:
        if v is not None and v < 0:
            raise ValueError("total cannot be negative")
        return v

    def problems(self) -> list[tuple[tuple[str | int, ...], str]]:
        """(field path, message) of every count that does not fit the set: a count over the total, counts or
        shares adding up to more than the whole (the loader reports them at the field's line)."""
        out: list[tuple[tuple[str | int, ...], str]] = []
        if self.total is not None:
            for i, c in enumerate(self.counts):
                if c.count is not None and c.count > self.total:
                    out.append((("counts", i, "count"), f"the count {c.count} is larger than the total ({self.total})"))
            known = sum(c.count for c in self.counts if c.count is not None)
            if known > self.total and not out:
                out.append((("total",), f"the counts add up to {known}, more than the total ({self.total})"))
        shares = sum(c.share for c in self.counts if c.share is not None)
        if shares > 100.5:  # shares stated as 'noin' (about) may round to a little over 100
            out.append((("counts",), f"the shares add up to {shares:g} %, more than 100 %"))
        return out


Lang = Literal["fi", "en", "sv"]


class ModelSettings(Annotated):
    """The ``model:`` section (in one file of the model): what the model is and its vocabularies."""

    RDF_CLASS: ClassVar[str] = "StrategyModel"

    schema_version: int = lit("sg:schemaVersion", datatype="integer", default=...,
                              description=f"the version of the YAML format the model is written in ({SCHEMA_VERSION})")
    title: Label | None = text("dcterms:title", description="the model's name, e.g. the strategy's title")
    organization: str | None = ref("sg:organization", "Unit", description="the organization (a Unit)")
    languages: list[Lang] = lit("dcterms:language", multi=True, description="languages the model's texts are in")
    default_lang: Lang | None = lit("sg:defaultLanguage", description="language of plain (untagged) strings")
    as_of: Time | None = lit("sg:asOf", description="the date the model's facts describe")
    vocabularies: Vocabularies = Field(default_factory=Vocabularies)
    progress_reports: list[ProgressReport] = nested(
        multi=True, term="sg:progressReport",
        description="progress reported for sets of goals, key results or tasks (counts per status)")

    @field_validator("schema_version")
    @classmethod
    def _version(cls, v: int) -> int:
        if v > SCHEMA_VERSION:
            raise ValueError(f"schema_version {v} is newer than this strategygraph understands ({SCHEMA_VERSION}); "
                             "update strategygraph")
        if v < 1:
            raise ValueError("schema_version starts at 1")
        return v

    @field_validator("default_lang")
    @classmethod
    def _default_lang(cls, v: str | None, info: ValidationInfo) -> str | None:
        langs = info.data.get("languages") or []
        if v and langs and v not in langs:
            raise ValueError(f"default_lang {v!r} is not one of languages {list(langs)}")
        return v


class Acceptance(Strict):
    """A finding the organization has accepted, with a written reason (a PMO decision)."""

    rule: str
    subjects: list[str] = Field(default_factory=list)
    reason: str
    date: str
    by: str | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v: Any) -> str:
        return str(v)


class ModelFile(Strict):
    """The shape of one YAML file: any of the sections below, plus ``model`` and ``accepted``."""

    model: ModelSettings | None = None
    meanings: list[Meaning] = Field(default_factory=list)
    values: list[Value] = Field(default_factory=list)
    themes: list[Theme] = Field(default_factory=list)
    subthemes: list[SubTheme] = Field(default_factory=list)
    phases: list[Phase] = Field(default_factory=list)
    milestones: list[Milestone] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    capabilities: list[Capability] = Field(default_factory=list)
    services: list[Service] = Field(default_factory=list)
    kpis: list[KPI] = Field(default_factory=list)
    goals: list[Goal] = Field(default_factory=list)
    key_results: list[KeyResult] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    units: list[Unit] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    accepted: list[Acceptance] = Field(default_factory=list)


#: every class whose fields are mapped to RDF from the top (entities, the model settings, vocabulary terms)
ROOTS: tuple[type[BaseModel], ...] = (*KINDS.values(), ModelSettings, VocabularyTerm, ProgressColour)

EntityT = Union[tuple(KINDS.values())]  # type: ignore[valid-type]  # noqa: UP007 (a union built from a tuple)
