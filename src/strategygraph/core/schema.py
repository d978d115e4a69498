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
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated as _Annotated, Any, ClassVar, Optional, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

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


def concept(term: str, scheme: str, default: Any = None, multi: bool = False, **kw: Any) -> Any:
    """A value of a controlled list (SKOS concept scheme ``scheme``)."""
    return _field({"term": term, "map": "concept", "scheme": scheme}, default, multi, **kw)


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


_LIST_FIELDS: dict[type, tuple[str, ...]] = {}


def _list_fields(cls: type[BaseModel]) -> tuple[str, ...]:
    try:
        return _LIST_FIELDS[cls]
    except KeyError:
        names = tuple(
            n for n, f in cls.model_fields.items() if getattr(f.annotation, "__origin__", None) is list
        )
        _LIST_FIELDS[cls] = names
        return names


# ---------------------------------------------------------------- controlled lists
class Perspective(str, Enum):
    """KPI perspective (näkökulma) of the KPI matrix."""

    customer_experience = "customer-experience"
    personnel_experience = "personnel-experience"
    finance_efficiency = "finance-efficiency"
    impact = "impact"


class ProjectStatus(str, Enum):
    """Life-cycle status of a project, as the sources state it."""

    active = "active"  # approved / confirmed and under way
    planned = "planned"  # planned, schedule or decision not confirmed
    pending_decision = "pending-decision"  # plan made, waiting for a go/no-go decision
    proposed = "proposed"  # proposed, not started
    ended = "ended"
    discontinued = "discontinued"


class ProjectKind(str, Enum):
    project = "project"
    programme = "programme"


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


class CarrierType(str, Enum):
    """Non-project carriers of an action (Toteutus that is not a project)."""

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


SCHEMES: dict[str, type[Enum]] = {
    "perspective": Perspective,
    "project-status": ProjectStatus,
    "project-kind": ProjectKind,
    "funding-class": FundingClass,
    "disposition": Disposition,
    "goal-status": GoalStatus,
    "unit-type": UnitType,
    "carrier-type": CarrierType,
    "capability-type": CapabilityType,
    "value-kind": ValueKind,
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
            for name in _list_fields(cls):
                v = data.get(name)
                if v is not None and not isinstance(v, list):
                    data = {**data, name: [v]}
        return data


class Label(Strict):
    """A multilingual text: ``{fi: ..., en: ...}``. At least one language."""

    fi: Optional[str] = None
    en: Optional[str] = None
    sv: Optional[str] = None

    @model_validator(mode="before")
    @classmethod
    def _from_plain(cls, v: Any) -> Any:
        if isinstance(v, str):
            return {"fi": v}
        return v

    @model_validator(mode="after")
    def _not_empty(self) -> "Label":
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
    section: Optional[str] = lit("sg:sourceSection")
    locator: Optional[str] = lit("sg:sourceLocator")

    @model_validator(mode="before")
    @classmethod
    def _from_plain(cls, v: Any) -> Any:
        if isinstance(v, str):
            doc, _, section = v.partition("#")
            return {"doc": doc.strip(), "section": section.strip() or None}
        return v


class Annotated(Strict):
    """Anything that can carry a source reference and a note."""

    source: Optional[SourceRef] = nested("sg:source", shortcut="dcterms:source")
    note: Optional[str] = lit("skos:note")


class Link(Annotated):
    """A link to another entity; in YAML a bare id or ``{ref: id, source:, note:}``."""

    ref: str = ref("sg:target", "*", default=...)

    @model_validator(mode="before")
    @classmethod
    def _from_plain(cls, v: Any) -> Any:
        if isinstance(v, str):
            return {"ref": v}
        return v


class Variant(Annotated):
    """Another wording of the same element in another table or document."""

    text: str = lit("sg:variantText", default=...)


class Measurement(Annotated):
    """A reported value: verbatim text plus the number where it is one."""

    value: str = lit("sg:valueText", default=...)
    number: Optional[float] = lit("sg:numericValue", datatype="decimal")
    unit: Optional[str] = lit("sg:unitText")
    period: Optional[str] = lit("sg:period")

    @model_validator(mode="before")
    @classmethod
    def _from_plain(cls, v: Any) -> Any:
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return {"value": str(v), "number": v}
        if isinstance(v, str):
            return {"value": v}
        return v


class QuarterValue(Annotated):
    quarter: str = lit("sg:quarter", default=...)
    value: str = lit("sg:valueText", default=...)
    status: Optional[GoalStatus] = concept("sg:status", "goal-status")


class StatusFact(Annotated):
    """A dated status statement from a report (e.g. 'service discontinued 9/2024')."""

    date: Optional[str] = lit("sg:date")

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v: Any) -> Optional[str]:
        return _time_validator(v)
    text: Label = text("sg:statusText", default=...)


class Implementation(Annotated):
    """One implementer of an action (a row's *Toteutus*).

    Either ``project`` (a portfolio project, optionally only a ``part`` of it)
    or ``carrier`` (a non-project carrier such as continuous operations).
    ``text`` keeps the source wording.
    """

    project: Optional[str] = ref("sg:implementingProject", "Project")
    part: Optional[Label] = text("sg:projectPart")
    carrier: Optional[CarrierType] = concept("sg:carrierType", "carrier-type")
    unit: Optional[str] = ref("sg:carrierUnit", "Unit")
    scope: Optional[Label] = text("sg:implementationScope")
    text: Optional[str] = lit("sg:implementationText")

    @model_validator(mode="after")
    def _one_carrier(self) -> "Implementation":
        if bool(self.project) == bool(self.carrier):
            raise ValueError("an implementation names exactly one of 'project' or 'carrier'")
        return self


class Dependency(Annotated):
    """A dependency listed on a sub-theme page (Riippuvuudet): verbatim text, target if it names one."""

    text: str = lit("sg:dependencyText", default=...)
    target: Optional[str] = ref("sg:dependencyTarget", "Project", "SubTheme", "Action", "Capability")


# ---------------------------------------------------------------- entities
class Entity(Annotated):
    """Fields every entity has."""

    KIND: ClassVar[str] = "Entity"
    SECTION: ClassVar[str] = "entities"

    id: str
    label: Label = text("rdfs:label", default=...)
    description: Optional[Label] = text("dcterms:description")
    variants: list[Variant] = nested(multi=True, term="sg:variant")

    @field_validator("id")
    @classmethod
    def _check_id(cls, v: str) -> str:
        if not ID_PATTERN.match(v):
            raise ValueError(
                f"id {v!r} is not a valid id: use lowercase ASCII letters, digits, '-', '.', '_' "
                "and '/' between parts (write ä as a, ö as o)"
            )
        return v


def _time_validator(v: Optional[str]) -> Optional[str]:
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


class Source(Entity):
    KIND = "Source"
    SECTION = "sources"
    date: Optional[Time] = lit("dcterms:issued")
    publisher: Optional[str] = lit("dcterms:publisher")
    location: Optional[str] = lit("sg:location")
    document_type: Optional[str] = lit("dcterms:type")



class Unit(Entity):
    KIND = "Unit"
    SECTION = "units"
    unit_type: UnitType = concept("sg:unitType", "unit-type", default=...)
    part_of: Optional[Link] = nested("sg:unitPartOf", shortcut="sg:subOrganizationOf", targets=("Unit",))


class Meaning(Entity):
    KIND = "Meaning"
    SECTION = "meanings"
    edition: Optional[str] = lit("sg:edition")
    statements: list[Label] = text(multi=True, term="sg:statement")


class Value(Entity):
    KIND = "Value"
    SECTION = "values"
    value_kind: ValueKind = concept("sg:valueKind", "value-kind", default=ValueKind.value)
    edition: Optional[str] = lit("sg:edition")
    meaning: Optional[Link] = nested("sg:valueOf", shortcut="sg:guides", targets=("Meaning",))


class Theme(Entity):
    KIND = "Theme"
    SECTION = "themes"
    number: Optional[int] = lit("sg:number", datatype="integer")
    derived_from: Optional[Link] = nested("sg:themeDerivation", shortcut="sg:derivedFrom", targets=("Meaning",))
    focus_words: list[Label] = text(multi=True, term="sg:focusWord")
    rationale: Optional[Label] = text("sg:rationale")


class SubTheme(Entity):
    KIND = "SubTheme"
    SECTION = "subthemes"
    theme: Link = nested("sg:subThemeOf", shortcut="sg:belongsToTheme", targets=("Theme",), default=...)
    number: Optional[int] = lit("sg:number", datatype="integer")
    current_state: Optional[Label] = text("sg:currentState")
    target_state: Optional[Label] = text("sg:targetState")
    dependencies: list[Dependency] = nested(multi=True, term="sg:dependency", shortcut="sg:dependsOn")


class Phase(Entity):
    KIND = "Phase"
    SECTION = "phases"
    order: int = lit("sg:order", datatype="integer", default=...)
    period: str = lit("sg:period", default=...)
    start_year: int = lit("sg:startYear", datatype="integer", default=...)
    end_year: Optional[int] = lit("sg:endYear", datatype="integer")


class Capability(Entity):
    KIND = "Capability"
    SECTION = "capabilities"
    capability_type: Optional[CapabilityType] = concept("sg:capabilityType", "capability-type")


class Milestone(Entity):
    KIND = "Milestone"
    SECTION = "milestones"
    theme: Link = nested("sg:milestoneTheme", shortcut="sg:belongsToTheme", targets=("Theme",), default=...)
    phase: Link = nested("sg:milestonePhase", shortcut="sg:inPhase", targets=("Phase",), default=...)
    requires: list[Link] = nested(multi=True, term="sg:milestoneRequirement", shortcut="sg:requires", targets=("Capability",))
    delivered_by: list[Link] = nested(multi=True, term="sg:milestoneDelivery", shortcut="sg:deliveredBy", targets=("Project",))


class Project(Entity):
    KIND = "Project"
    SECTION = "projects"
    project_kind: ProjectKind = concept("sg:projectKind", "project-kind", default=ProjectKind.project)
    funding_class: Optional[FundingClass] = concept("sg:fundingClass", "funding-class")
    start: Optional[Time] = lit("sg:start")
    start_text: Optional[str] = lit("sg:startText")
    end: Optional[Time] = lit("sg:end")
    end_text: Optional[str] = lit("sg:endText")
    status: ProjectStatus = concept("sg:projectStatus", "project-status", default=...)
    status_text: Optional[Label] = text("sg:statusText")
    status_facts: list[StatusFact] = nested(multi=True, term="sg:statusFact")
    owner: list[Link] = nested(multi=True, term="sg:ownership", shortcut="sg:ownedBy", targets=("Unit",))
    steered_under: list[Link] = nested(multi=True, term="sg:steering", shortcut="sg:steeredUnder", targets=("Theme",))
    disposition: Optional[Disposition] = concept("sg:disposition", "disposition")
    disposition_text: Optional[Label] = text("sg:dispositionText")
    merge_into: list[Link] = nested(multi=True, term="sg:mergeTarget", shortcut="sg:mergeInto", targets=("Project",))
    depends_on: list[Link] = nested(multi=True, term="sg:projectDependency", shortcut="sg:dependsOn", targets=("Project",))
    develops: list[Link] = nested(multi=True, term="sg:development", shortcut="sg:develops", targets=("Capability",))
    part_of: Optional[Link] = nested("sg:projectPartOf", shortcut="sg:partOf", targets=("Project",))



class Action(Entity):
    KIND = "Action"
    SECTION = "actions"
    subtheme: Link = nested("sg:actionOf", shortcut="sg:belongsToSubTheme", targets=("SubTheme",), default=...)
    number: Optional[int] = lit("sg:number", datatype="integer")
    goal: Optional[Label] = text("sg:actionGoal")
    results: list[Label] = text(multi=True, term="sg:actionResult")
    due: Optional[Time] = lit("sg:due")
    due_text: Optional[str] = lit("sg:dueText")
    implementation: list[Implementation] = nested(multi=True, term="sg:implementation", shortcut="sg:implementedBy")
    requires: list[Link] = nested(multi=True, term="sg:actionRequirement", shortcut="sg:requires", targets=("Capability",))
    milestones: list[Link] = nested(multi=True, term="sg:actionContribution", shortcut="sg:contributesTo", targets=("Milestone",))



class KPI(Entity):
    KIND = "KPI"
    SECTION = "kpis"
    perspective: Optional[Perspective] = concept("sg:perspective", "perspective")
    themes: list[Link] = nested(multi=True, term="sg:measurement", shortcut="sg:measures", targets=("Theme",))
    unit: Optional[str] = lit("sg:unitText")
    baselines: list[Measurement] = nested(multi=True, term="sg:baseline")
    tentative: bool = lit("sg:tentative", default=False, datatype="boolean")


class Goal(Entity):
    KIND = "Goal"
    SECTION = "goals"
    year: int = lit("sg:year", datatype="integer", default=...)
    theme: Optional[Link] = nested("sg:goalTheme", shortcut="sg:belongsToTheme", targets=("Theme",))
    serves: list[Link] = nested(multi=True, term="sg:goalService", shortcut="sg:serves", targets=("Milestone",))
    cited_milestones: list[str] = lit(multi=True, term="sg:citedMilestoneText")
    kpis: list[Link] = nested(multi=True, term="sg:goalIndicator", shortcut="sg:measuredBy", targets=("KPI",))
    owner: list[Link] = nested(multi=True, term="sg:ownership", shortcut="sg:ownedBy", targets=("Unit",))
    status: Optional[GoalStatus] = concept("sg:status", "goal-status")
    status_facts: list[StatusFact] = nested(multi=True, term="sg:statusFact")
    carried_by: list[Link] = nested(multi=True, term="sg:goalCarrier", shortcut="sg:carriedBy", targets=("Project",))


class KeyResult(Entity):
    KIND = "KeyResult"
    SECTION = "key_results"
    goal: Link = nested("sg:keyResultOf", shortcut="sg:partOfGoal", targets=("Goal",), default=...)
    baselines: list[Measurement] = nested(multi=True, term="sg:baseline")
    target: Optional[Measurement] = nested("sg:targetValue")
    unit: Optional[str] = lit("sg:unitText")
    quarterly: list[QuarterValue] = nested(multi=True, term="sg:quarterValue")
    kpis: list[Link] = nested(multi=True, term="sg:keyResultIndicator", shortcut="sg:measuredBy", targets=("KPI",))
    status: Optional[GoalStatus] = concept("sg:status", "goal-status")
    owner: list[Link] = nested(multi=True, term="sg:ownership", shortcut="sg:ownedBy", targets=("Unit",))


class Task(Entity):
    KIND = "Task"
    SECTION = "tasks"
    goal: Link = nested("sg:taskOf", shortcut="sg:partOfGoal", targets=("Goal",), default=...)
    completion: Optional[float] = lit("sg:completion", datatype="decimal")
    status: Optional[GoalStatus] = concept("sg:status", "goal-status")
    responsible: list[Link] = nested(multi=True, term="sg:responsibility", shortcut="sg:responsibleUnit", targets=("Unit",))


KINDS: dict[str, type[Entity]] = {
    c.KIND: c
    for c in (
        Meaning, Value, Theme, SubTheme, Phase, Milestone, Action, Project,
        Capability, KPI, Goal, KeyResult, Task, Unit, Source,
    )
}
SECTIONS: dict[str, type[Entity]] = {c.SECTION: c for c in KINDS.values()}



class Acceptance(Strict):
    """A finding the organization has accepted, with a written reason (a PMO decision)."""

    rule: str
    subjects: list[str] = Field(default_factory=list)
    reason: str
    date: str
    by: Optional[str] = None

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v: Any) -> str:
        return str(v)


class ModelFile(Strict):
    """The shape of one YAML file: any of the sections below, plus ``accepted``."""

    meanings: list[Meaning] = Field(default_factory=list)
    values: list[Value] = Field(default_factory=list)
    themes: list[Theme] = Field(default_factory=list)
    subthemes: list[SubTheme] = Field(default_factory=list)
    phases: list[Phase] = Field(default_factory=list)
    milestones: list[Milestone] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    capabilities: list[Capability] = Field(default_factory=list)
    kpis: list[KPI] = Field(default_factory=list)
    goals: list[Goal] = Field(default_factory=list)
    key_results: list[KeyResult] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    units: list[Unit] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    accepted: list[Acceptance] = Field(default_factory=list)


EntityT = Union[tuple(KINDS.values())]  # type: ignore[valid-type]
