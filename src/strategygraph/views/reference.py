"""The field reference, generated from the schema: every kind and field, its type, whether it is required,
its allowed values and an example (``strategygraph schema [KIND]`` and ``docs/schema.md``).

Everything here is read through :mod:`strategygraph.core.fields`; nothing is listed by hand, so the
reference cannot fall behind the schema. Each kind's example is generated from its required fields and
is itself a valid model (a test loads it).
"""

from __future__ import annotations

import inspect
from enum import Enum
from typing import Any, get_args

from pydantic import BaseModel

from strategygraph.core import schema
from strategygraph.core.fields import FieldSpec, inner_type, rdf_class, reachable_classes, specs

INTRO = """\
# Field reference (schema version {version})

Generated from the schema by `strategygraph schema` (`python -m strategygraph.views.reference`
rewrites this file; a test fails when it is out of date). A model is a folder of YAML files; each file
holds any of the sections below (`themes:`, `projects:`, …), each a list of entities, plus at most one
`model:` section for the whole model.

Conventions for every kind:

- **text** is a multilingual label: `{{fi: …, en: …, sv: …}}`, or a plain string, which is in the model's
  default language (`model: default_lang:`; fi when the model does not say).
- **time** is `YYYY`, `YYYY-QN`, `YYYY-MM`, `YYYY-MM-DD` or `START/END` (e.g. `2024/2025`).
- **link to K** is an id of an entity of kind K, or `{{ref: id, source: …, note: …}}` when the link itself
  needs a source or a note. A list field also takes a single value.
- Every entity and every nested object may carry `source:` (a source id, optionally `#section`) and
  `note:`.
- Values of **organization lists** come from the model's own `model: vocabularies:`; a model that
  defines no list for a notion accepts any value there (a new model starts neutral).
"""


def _time_field(f: FieldSpec) -> bool:
    def walk(ann: Any) -> bool:
        for a in get_args(ann):
            if getattr(getattr(a, "func", None), "__name__", "") == "_time_validator" or walk(a):
                return True
        return False

    return walk(f.owner.model_fields[f.name].annotation)


def _enum_of(f: FieldSpec) -> type[Enum] | None:
    return inner_type(f.owner.model_fields[f.name].annotation, Enum)


def type_text(f: FieldSpec) -> str:
    """A short description of what a field takes."""
    if f.map == "text":
        base = "text"
    elif f.map == "ref":
        base = "id of " + " or ".join(f.targets)
    elif f.map == "concept":
        if f.open_scheme:
            base = f"value of the organization list `{schema.OPEN_SCHEMES[f.scheme or '']}`"
        else:
            base = "one of the allowed values"
    elif f.map == "nested" or f.nested is not None:
        nested = f.nested
        if nested is schema.Link:
            base = "link to " + " or ".join(f.targets) if f.targets else "link"
        elif nested is schema.Label:
            base = "text"
        else:
            base = f"[{nested.__name__}](#{nested.__name__.lower()})" if nested else "object"
    elif _time_field(f):
        base = "time"
    elif _enum_of(f) is not None:
        base = "one of the allowed values"
    else:
        ann = f.owner.model_fields[f.name].annotation
        literal = [a for a in get_args(ann) if isinstance(a, str)]
        names = {"integer": "integer", "decimal": "number", "boolean": "true/false"}
        base = ("one of " + ", ".join(f"`{x}`" for x in literal)) if literal else names.get(f.datatype, "string")
        if "Lang" in str(ann) or f.name in ("default_lang", "languages"):
            base = "language code (fi, en, sv)"
    return f"list of {base}" if f.multi else base


def allowed_values(f: FieldSpec) -> str:
    enum = _enum_of(f)
    if f.map == "concept" and not f.open_scheme and f.scheme:
        enum = schema.SCHEMES[f.scheme]
    if enum is None:
        return ""
    return ", ".join(f"`{e.value}`" for e in enum)


def _doc(cls: type[BaseModel]) -> str:
    doc = inspect.getdoc(cls) or ""
    if cls in schema.KINDS.values() and doc == inspect.getdoc(schema.Entity):
        return ""
    return " ".join(doc.split("\n\n")[0].split())


def _own(cls: type[BaseModel]) -> list[FieldSpec]:
    shared: set[str] = set()
    if cls is not schema.Annotated and issubclass(cls, schema.Annotated):
        shared |= set(schema.Annotated.model_fields)
    if cls is not schema.Entity and issubclass(cls, schema.Entity):
        shared |= set(schema.Entity.model_fields)
    return [f for f in specs(cls) if f.name not in shared]


def _sample(f: FieldSpec) -> Any:
    """A value for a required field in a generated example."""
    if f.map == "ref" or (f.nested is schema.Link):
        return f"{f.targets[0].lower()}/example" if f.targets and f.targets[0] != "*" else "example"
    if f.map == "text":
        return {"fi": "Esimerkki", "en": "Example"}
    if f.map == "concept" and f.scheme in schema.SCHEMES:
        return next(iter(schema.SCHEMES[f.scheme])).value
    if f.datatype == "integer":
        return 1
    if f.nested is not None:
        return {g.name: _sample(g) for g in specs(f.nested) if g.required}
    return "example"


def example(cls: type[schema.Entity]) -> dict[str, Any]:
    """A minimal valid entity of ``cls`` (its required fields), as YAML-ready data."""
    out: dict[str, Any] = {"id": f"{cls.KIND.lower()}/example"}
    for f in specs(cls):
        if f.required and f.name != "id":
            out[f.name] = _sample(f)
    for group in getattr(cls, "ONE_OF", ()) or ():
        out[group[0]] = "example"
        break
    for name in getattr(cls, "ANY_OF", ()) or ():
        f = next(s for s in specs(cls) if s.name == name)
        out[name] = 2025 if f.datatype == "integer" else "example"
        break
    return out


def example_model(cls: type[schema.Entity]) -> dict[str, list[dict[str, Any]]]:
    """The example of ``cls`` plus one entity for each id it points to, so that the example loads."""
    data: dict[str, list[dict[str, Any]]] = {cls.SECTION: [example(cls)]}
    for f in specs(cls):
        if f.required and (f.map == "ref" or f.nested is schema.Link):
            target = schema.KINDS[f.targets[0]]
            if target is not cls:
                data.setdefault(target.SECTION, []).append({**example(target), "id": _sample(f)})
    for section, items in list(data.items()):  # the targets' own required links (e.g. a sub-theme's theme)
        for item in items:
            tcls = schema.SECTIONS[section]
            for f in specs(tcls):
                if f.required and (f.map == "ref" or f.nested is schema.Link) and f.targets[0] != cls.KIND:
                    target = schema.KINDS[f.targets[0]]
                    ids = {e["id"] for e in data.get(target.SECTION, [])}
                    if item[f.name] not in ids:
                        data.setdefault(target.SECTION, []).append({**example(target), "id": item[f.name]})
    return data


def _yaml(data: Any) -> str:
    import yaml

    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None, width=100)


def _table(fields: list[FieldSpec]) -> list[str]:
    lines = ["| field | type | required | allowed values | meaning |", "|---|---|---|---|---|"]
    for f in fields:
        desc = f.description.replace("|", "\\|")
        lines.append(f"| `{f.name}` | {type_text(f)} | {'yes' if f.required else ''} | {allowed_values(f)} "
                     f"| {desc} |")
    return lines


def kind_reference(cls: type[BaseModel]) -> str:
    """The reference of one kind (or nested class, or the model section)."""
    lines: list[str] = []
    if cls in schema.KINDS.values():
        kind: Any = cls
        lines.append(f"## {kind.KIND}")
        lines.append("")
        lines.append(f"Section `{kind.SECTION}:`; RDF class `sg:{rdf_class(cls)}`. {_doc(cls)}".rstrip())
        lines.append("")
        lines.append("Every entity also has `id` (required), `label` (text, required), `description` (text), "
                     "`variants`, `source` and `note`.")
    elif cls is schema.ModelSettings:
        lines.append("## model (the model's own section)")
        lines.append("")
        lines.append(_doc(cls))
    else:
        lines.append(f"### {cls.__name__}")
        lines.append("")
        lines.append(_doc(cls))
    fields = _own(cls)
    if cls in schema.KINDS.values():
        fields = [f for f in fields if f.name not in ("id",)]
    one_of = getattr(cls, "ONE_OF", None)
    any_of = getattr(cls, "ANY_OF", None)
    if one_of:
        lines += ["", "Give exactly one of: " + "; ".join(" and/or ".join(f"`{n}`" for n in g) for g in one_of) + "."]
    if any_of:
        lines += ["", "Give at least one of: " + ", ".join(f"`{n}`" for n in any_of) + "."]
    lines.append("")
    lines += _table(fields)
    if cls in schema.KINDS.values():
        assert issubclass(cls, schema.Entity)
        lines += ["", "Example (a minimal valid entry):", "", "```yaml", _yaml(example_model(cls)).rstrip(), "```"]
    return "\n".join(lines) + "\n"


def reference_classes() -> list[type[BaseModel]]:
    """Kinds first, then the model section, then every nested class, in a stable order."""
    kinds: list[type[BaseModel]] = list(schema.KINDS.values())
    extra: list[type[BaseModel]] = [schema.ModelSettings, schema.Vocabularies, schema.VocabularyTerm,
                                    schema.ProgressColour]
    nested = [c for c in reachable_classes(schema.ROOTS) if c not in kinds and c not in extra]
    return kinds + extra + sorted(nested, key=lambda c: c.__name__)


def full_reference() -> str:
    parts = [INTRO.format(version=schema.SCHEMA_VERSION)]
    parts.append("## Kinds\n\n" + "\n".join(
        f"- [{k}](#{k.lower()}) — `{c.SECTION}:`" for k, c in schema.KINDS.items()) + "\n")
    classes = reference_classes()
    for cls in classes:
        if cls is schema.ModelSettings:
            parts.append("# The model section and its vocabularies\n")
        if cls is classes[len(schema.KINDS) + 4]:
            parts.append("# Nested objects\n")
        parts.append(kind_reference(cls))
    return "\n".join(parts)


def find_class(name: str) -> type[BaseModel] | None:
    """A kind, section or nested class by name (case-insensitive)."""
    low = name.lower()
    for cls in reference_classes():
        names = {cls.__name__.lower(), rdf_class(cls).lower(), str(getattr(cls, "SECTION", "")).lower()}
        if cls is schema.ModelSettings:
            names.add("model")
        if low in names:
            return cls
    return None


if __name__ == "__main__":  # pragma: no cover - the build step
    from pathlib import Path

    target = Path(__file__).resolve().parents[3] / "docs" / "schema.md"
    target.parent.mkdir(exist_ok=True)
    target.write_text(full_reference(), encoding="utf-8")
    print(f"wrote {target}")
