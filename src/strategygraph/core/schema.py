"""The strategy schema: one pydantic class per entity kind, and the model's own settings.

The pydantic classes define the YAML format *and* the RDF mapping. Every field
that becomes an RDF statement names its ontology term in the field metadata
(``json_schema_extra``), so :mod:`strategygraph.rdf` maps any object to triples
with one generic function. The builders :func:`lit`, :func:`text`, :func:`ref`,
:func:`concept` and :func:`nested` that declare those fields, and the metadata
keys, are in :mod:`strategygraph.core.fields`; the types of the values fields
hold (controlled lists, labels, links, measurements, money, implementations,
time expressions) are in :mod:`strategygraph.core.values`. This module
re-exports every public name of both, so ``from strategygraph.core.schema
import Label`` keeps working.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Any, ClassVar, Literal, Union

from pydantic import (
    BaseModel,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from strategygraph.core.fields import concept, field_meta, lit, nested, ref, text
from strategygraph.core.values import (
    CODE_PATTERN,
    CURRENCY_PATTERN,
    LANGUAGES,
    LEGACY_VOCABULARIES,
    OPEN_SCHEMES,
    SCHEMES,
    TIME_PATTERN,
    Annotated,
    CapabilityType,
    CarrierType,
    Code,
    CodeT,
    Dependency,
    Disposition,
    Funding,
    FundingClass,
    GoalStatus,
    Implementation,
    Label,
    Link,
    Measurement,
    Money,
    Perspective,
    ProjectKind,
    ProjectStatus,
    QuarterValue,
    RelativePeriod,
    ServiceKind,
    ServiceStatus,
    SourceRef,
    StatusCount,
    StatusFact,
    Strict,
    Target,
    Time,
    UnitType,
    Unstated,
    ValueKind,
    Variant,
    _any_of,
    _code,
    not_negative,
    percentage,
)

#: the version of the YAML format this code writes and reads; a model states it in ``model: schema_version:``
SCHEMA_VERSION = 2

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*$")


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

    _pct = field_validator("min_completion")(percentage)


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

    _total = field_validator("total")(not_negative)

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


#: every public name, those of :mod:`strategygraph.core.values` and the field builders of
#: :mod:`strategygraph.core.fields` included (imports from this module keep working)
__all__ = [
    "Acceptance",
    "Action",
    "Annotated",
    "CODE_PATTERN",
    "CURRENCY_PATTERN",
    "Capability",
    "CapabilityType",
    "CarrierType",
    "Code",
    "CodeT",
    "Dependency",
    "Disposition",
    "Entity",
    "EntityT",
    "Funding",
    "FundingClass",
    "Goal",
    "GoalStatus",
    "ID_PATTERN",
    "Implementation",
    "KINDS",
    "KPI",
    "KeyResult",
    "LANGUAGES",
    "LEGACY_VOCABULARIES",
    "Label",
    "Lang",
    "Link",
    "Meaning",
    "Measurement",
    "Milestone",
    "ModelFile",
    "ModelSettings",
    "Money",
    "OPEN_SCHEMES",
    "Perspective",
    "Phase",
    "ProgressColour",
    "ProgressReport",
    "Project",
    "ProjectKind",
    "ProjectStatus",
    "QuarterValue",
    "ROOTS",
    "RelativePeriod",
    "SCHEMA_VERSION",
    "SCHEMES",
    "SECTIONS",
    "Service",
    "ServiceKind",
    "ServiceStatus",
    "Source",
    "SourceRef",
    "StatusCount",
    "StatusFact",
    "Strict",
    "SubTheme",
    "TIME_PATTERN",
    "Target",
    "Task",
    "Theme",
    "Time",
    "Unit",
    "UnitType",
    "Unstated",
    "VOCABULARY_SCHEMES",
    "Value",
    "ValueKind",
    "Variant",
    "not_negative",
    "percentage",
    "Vocabularies",
    "VocabularyTerm",
    "concept",
    "field_meta",
    "lit",
    "nested",
    "ref",
    "text",
]
