"""Upgrade a model to the current schema version (``strategygraph migrate``).

A migration is a plan first (:func:`plan`): which file gets which text. Nothing is written here; the
command shows the plan (``--check``) or writes it. Every step keeps every fact: a step only adds what
the older version left implicit, so the model's RDF before and after differs only by the additions.

Version 1 → 2: version 1 had no ``model:`` section; its project statuses, KPI perspectives and
non-project carrier kinds were lists fixed in code, and plain strings were Finnish. The step writes a
``model:`` section that states exactly that: ``schema_version: 2``, ``default_lang: fi``, the languages
the labels use, and the three former lists as the model's vocabularies (with the labels and definitions
the ontology gave them), marking the project statuses that carried work by the configuration then in
force. Entities are not touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from strategygraph.core.legacy import LEGACY_TERMS
from strategygraph.core.model import Model
from strategygraph.core.schema import SCHEMA_VERSION

#: the file a migration adds to a model directory (another name is chosen if it exists)
SETTINGS_FILE = "model-settings.yaml"


@dataclass(frozen=True)
class Migration:
    """What upgrading a model changes: a new file with its text (existing files are never rewritten)."""

    from_version: int
    to_version: int
    path: Path
    text: str
    summary: list[str]


def _languages(model: Model) -> list[str]:
    """The languages the model's texts use, the most used first (fi first on a tie)."""
    count = model.text_languages()
    order = ("fi", "en", "sv")
    return sorted(count, key=lambda lang: (-count[lang], order.index(lang) if lang in order else 9))


def _settings_file(model_dir: Path) -> Path:
    path = model_dir / SETTINGS_FILE
    n = 2
    while path.exists():
        path = model_dir / f"model-settings-{n}.yaml"
        n += 1
    return path


def _quote(s: str) -> str:
    import json

    return json.dumps(s, ensure_ascii=False)


def _term_line(tid: str, labels: dict[str, str], definitions: dict[str, str], carries: bool | None) -> list[str]:
    lab = ", ".join(f"{k}: {_quote(v)}" for k, v in labels.items())
    out = [f"      - id: {tid}", f"        label: {{{lab}}}"]
    if definitions:
        out.append("        definition: {" + ", ".join(f"{k}: {_quote(v)}" for k, v in definitions.items()) + "}")
    if carries is not None:
        out.append(f"        carries: {'true' if carries else 'false'}")
    return out


def plan(model: Model, model_dir: Path, carrying_statuses: list[str] | None = None) -> Migration | None:
    """The migration of ``model`` (loaded from ``model_dir``) to the current version, or None if current."""
    if model.schema_version >= SCHEMA_VERSION or model.settings is not None:
        return None
    if not model_dir.is_dir():
        raise ValueError(f"{model_dir} is a single file: migrate works on a model directory")
    carrying = set(carrying_statuses or ["active"])
    langs = _languages(model) or ["fi"]
    if "fi" not in langs:
        langs.append("fi")
    lines = [
        "# The model's own settings, added by `strategygraph migrate` (schema version 1 -> 2).",
        "# Version 1 fixed these lists in code and read plain strings as Finnish; they are stated here so",
        "# that every value keeps its meaning. Edit them to fit the organization.",
        "model:",
        f"  schema_version: {SCHEMA_VERSION}",
        "  languages: [" + ", ".join(langs) + "]",
        "  default_lang: fi",
        "  vocabularies:",
    ]
    for name, terms in LEGACY_TERMS.items():
        lines.append(f"    {name}:")
        for tid, labels, definitions in terms:
            carries = (tid in carrying) if name == "project_statuses" else None
            lines += _term_line(tid, labels, definitions, carries)
    path = _settings_file(model_dir)
    summary = [
        f"add {path.name} with a model: section (schema_version {SCHEMA_VERSION}, languages {', '.join(langs)}, "
        "default_lang fi)",
        "state the former fixed lists as the model's vocabularies: " + ", ".join(LEGACY_TERMS),
        f"project statuses that carry work: {', '.join(sorted(carrying))} (from the configuration)",
    ]
    return Migration(1, SCHEMA_VERSION, path, "\n".join(lines) + "\n", summary)
