"""The types of the schema's field values: controlled lists and structured values.

Controlled lists are the enums fixed in code (:data:`SCHEMES`), the lists an organization defines in its
model (:data:`OPEN_SCHEMES`, values typed :data:`CodeT`) and the lists schema version 1 fixed in code
(:data:`LEGACY_VOCABULARIES`). Structured values are what an entity's fields hold besides plain
literals: a multilingual :class:`Label`, a :class:`SourceRef`, a :class:`Link` to another entity, a
:class:`Measurement` or :class:`Target`, :class:`Money` and :class:`Funding`, an
:class:`Implementation`, a :class:`Dependency`, a :class:`RelativePeriod`, a :class:`StatusCount`
(one line of a progress report) and :data:`Time` expressions. Each maps to RDF through its fields'
metadata (:mod:`strategygraph.core.fields`).

The entity kinds that hold them are in :mod:`strategygraph.core.schema`, which re-exports every name
defined here.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated as _Annotated
from typing import Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ValidationInfo,
    field_validator,
    model_validator,
)

from strategygraph.core.fields import concept, list_fields, lit, nested, ref, text

#: languages a :class:`Label` can hold
LANGUAGES = ("fi", "en", "sv")
TIME_PATTERN = re.compile(
    r"^(?P<start>\d{4}(-Q[1-4]|-\d{2}(-\d{2})?)?)(/(?P<end>\d{4}(-Q[1-4]|-\d{2}(-\d{2})?)?)?)?$"
)


# ---------------------------------------------------------------- concept ids
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


def not_negative(v: int | None, info: ValidationInfo) -> int | None:
    """The check of a count field (a field validator): zero or more, or none."""
    if v is not None and v < 0:
        raise ValueError(f"{info.field_name} cannot be negative")
    return v


def percentage(v: float | None, info: ValidationInfo) -> float | None:
    """The check of a field in percent (a field validator): a value from 0 to 100, or none."""
    if v is not None and not 0 <= v <= 100:
        raise ValueError(f"{info.field_name} is a percentage between 0 and 100")
    return v


class StatusCount(Annotated):
    """One line of a set-level progress report: how many of the items had one status, as a count or a share."""

    value: str = lit("sg:valueText", default=..., description="the figure as the source writes it, e.g. '3/5', 'noin 85 %'")
    status_text: Label = text("sg:reportedStatus", default=..., description="the status as the report words it")
    status: GoalStatus | None = concept("sg:status", "goal-status",
                                        description="the colour, where the report gives one")
    count: int | None = lit("sg:itemCount", datatype="integer", description="how many items had this status")
    share: float | None = lit("sg:sharePercent", datatype="decimal",
                              description="the share of the items, in percent (0–100)")

    _count = field_validator("count")(not_negative)

    _share = field_validator("share")(percentage)
