"""Shared helpers of the importers and exporters: entity data, schema walking and YAML output.

Everything here reads the schema's field metadata (:mod:`strategygraph.core.schema`), so a kind or
field added to the schema flows through the exchange formats without code here.
"""

from __future__ import annotations

import re
import types
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Union, get_args, get_origin

import yaml
from pydantic import BaseModel

from strategygraph.core.model import Model
from strategygraph.core.schema import KINDS, Entity, Label, Link, SourceRef, field_meta
from strategygraph.core.util import gc_paused
from strategygraph.core.yamltext import yaml_flow, yaml_section

LANGS: tuple[str, ...] = tuple(Label.model_fields)


# ------------------------------------------------------------------ schema walking
@lru_cache(maxsize=1024)
def field_class(cls: type[BaseModel], name: str) -> type | None:
    """The item class of a field: ``Link`` for ``list[Link]``, ``str`` for ``Optional[str]``, an Enum..."""
    ann = cls.model_fields[name].annotation
    while True:
        origin = get_origin(ann)
        if origin is list:
            ann = get_args(ann)[0]
            continue
        if origin is Union or origin is types.UnionType:  # Optional[X] and X | None
            args = [a for a in get_args(ann) if a is not type(None)]
            ann = args[0] if args else str
            continue
        if origin is not None and hasattr(ann, "__metadata__"):  # Annotated[str, ...]
            ann = get_args(ann)[0]
            continue
        break
    if hasattr(ann, "__origin__") and hasattr(ann, "__metadata__"):
        ann = get_args(ann)[0]
    return ann if isinstance(ann, type) else None


@lru_cache(maxsize=1024)
def is_multi(cls: type[BaseModel], name: str) -> bool:
    ann = cls.model_fields[name].annotation
    if get_origin(ann) is Union or get_origin(ann) is types.UnionType:
        ann = next((a for a in get_args(ann) if a is not type(None)), ann)
    return get_origin(ann) is list


@dataclass(frozen=True)
class LinkField:
    """A field of an entity kind that holds references to other entities.

    ``path`` is the field (``owner``) or field and sub-field (``implementation.project``);
    ``relation`` the local name of the link's ontology term (as the graph views name it).
    """

    kind: str
    path: str
    targets: tuple[str, ...]
    relation: str
    plain: bool  # a Link field (bare ids possible) rather than a ref inside another nested class


def _local(term: str) -> str:
    return term.split(":", 1)[-1]


def link_fields(kind: str) -> list[LinkField]:
    """Every reference-holding field of ``kind`` except source references, from the field metadata."""
    cls = KINDS[kind]
    out: list[LinkField] = []
    for name in cls.model_fields:
        meta = field_meta(cls, name)
        mapping = meta.get("map")
        if mapping == "ref":
            out.append(LinkField(kind, name, tuple(meta.get("targets", ("*",))), _local(meta["term"]), False))
        elif mapping == "nested":
            sub = field_class(cls, name)
            if sub is None or sub is SourceRef or not issubclass(sub, BaseModel):
                continue
            term = meta.get("shortcut") or meta["term"]
            if sub is Link or issubclass(sub, Link):
                out.append(LinkField(kind, name, tuple(meta.get("targets", ("*",))), _local(term), True))
                continue
            for sname in sub.model_fields:
                smeta = field_meta(sub, sname)
                if smeta.get("map") == "ref" and field_class(sub, sname) is str:
                    out.append(LinkField(kind, f"{name}.{sname}", tuple(smeta.get("targets", ("*",))),
                                         _local(meta.get("shortcut") or smeta["term"]), False))
    return out


def site_path(path: tuple[Any, ...]) -> str:
    """``("implementation", 0, "project")`` → ``implementation.project``; ``("owner", 1, "ref")`` → ``owner``."""
    parts = [p for p in path if isinstance(p, str)]
    if parts and parts[-1] == "ref" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


# ------------------------------------------------------------------ entity data
def compact(value: Any) -> Any:
    """Drop empty values from dumped data and write plain links / source references the short way."""
    if isinstance(value, dict):
        out = {k: compact(v) for k, v in value.items() if v is not None and v != [] and v != {}}
        if set(out) == {"ref"} and isinstance(out["ref"], str):
            return out["ref"]
        return out
    if isinstance(value, list):
        return [compact(v) for v in value]
    return value


def entity_data(entity: BaseModel) -> dict[str, Any]:
    """The entity as YAML-ready data (JSON types, no empty fields, bare ids for plain links)."""
    data = compact(entity.model_dump(mode="json", exclude_none=True))
    assert isinstance(data, dict)
    head = [k for k in ("id", "label", "description") if k in data]
    tail = [k for k in ("variants", "source", "note") if k in data]
    return {k: data[k] for k in head + [k for k in data if k not in head and k not in tail] + tail}


def model_languages(model: Model) -> list[str]:
    """The label languages used anywhere in the model, in schema order (at least ``fi`` and ``en``)."""
    used = {"fi", "en"} | set(model.text_languages())
    return [lang for lang in LANGS if lang in used]


# ------------------------------------------------------------------ YAML output
_Base = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # the C emitter is several times faster


class _Dumper(_Base):  # type: ignore[misc,valid-type]
    pass


def _str_rep(dumper: Any, data: str) -> yaml.Node:
    style = "|" if "\n" in data and not data.endswith((" ", "\n")) and "\t" not in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _str_rep)


def to_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110,
                     default_flow_style=False)


# The fast emitter of model files and workbook cells is core/yamltext (yaml_scalar, yaml_flow, yaml_section).


def yaml_items(value: Any) -> str:
    """A value as short YAML: a list one ``- item`` per line, anything else in flow style."""
    if isinstance(value, list):
        return "\n".join(f"- {yaml_flow(x)}" for x in value) if value else "[]"
    return yaml_flow(value)


def model_files(entities: list[Entity], header: str = "") -> dict[str, str]:
    """YAML files (``<section>.yaml`` → text) holding ``entities``, one file per kind, in schema order."""
    by_section: dict[str, list[dict[str, Any]]] = {}
    order = {k: i for i, k in enumerate(KINDS)}
    for e in sorted(entities, key=lambda x: (order.get(x.KIND, 99), x.id)):
        by_section.setdefault(e.SECTION, []).append(entity_data(e))
    return {f"{section}.yaml": yaml_section(section, items, header) for section, items in by_section.items()}


def slug(text: str, limit: int = 48) -> str:
    """A valid id part from any text: ASCII lowercase, ``-`` between words (ä → a)."""
    norm = unicodedata.normalize("NFKD", text)
    ascii_ = norm.encode("ascii", "ignore").decode("ascii").lower()
    s = re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")
    return s[:limit].strip("-") or "x"


def plural(kind: str) -> str:
    """``Capability`` → ``Capabilities``, ``KPI`` → ``KPIs``."""
    if kind.endswith("y") and not kind.endswith(("ay", "ey", "oy", "uy")):
        return kind[:-1] + "ies"
    if kind.endswith(("s", "x", "ch", "sh")):
        return kind + "es"
    return kind + "s"


# ------------------------------------------------------------------ writing a model directory
def write_new_model(entities: list[Entity], out_dir: Path, header: str = "", settings: Any = None) -> Model:
    """Write ``entities`` (and the model ``settings``, if any) as a new model directory, all or nothing.

    The files are built in a temporary directory and loaded with the model loader; only a model
    that validates replaces ``out_dir`` (raises :class:`~strategygraph.core.loader.ModelError`).
    """
    from strategygraph.core.files import atomic_directory
    from strategygraph.core.loader import load

    with gc_paused(), atomic_directory(out_dir) as tmp:  # gc: many small acyclic objects (YAML, entities)
        for name, text in model_files(entities, header).items():
            (tmp / name).write_text(text, encoding="utf-8")
        if settings is not None:  # the model's own settings (title, languages, vocabularies)
            doc = {"model": settings.model_dump(mode="json", exclude_none=True)}
            (tmp / "model-settings.yaml").write_text(
                (f"# {header}\n" if header else "") + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False),
                encoding="utf-8")
        model = load(tmp, display_root=tmp)
    return model


def merge_into_model(entities: list[Entity], model_dir: Path, header: str = "") -> tuple[Model, int, int]:
    """Add ``entities`` to the model in ``model_dir``: same id → replaced in its own file, new → ``<section>.yaml``.

    Entities not in ``entities`` are kept; files without a changed entity are left byte for byte
    (comments included). The merged directory is loaded before it replaces the old one; returns the
    merged model and the numbers of updated and added entities.
    """
    with gc_paused():
        return _merge(entities, model_dir, header)


def _merge(entities: list[Entity], model_dir: Path, header: str) -> tuple[Model, int, int]:
    import shutil

    from strategygraph.core.files import atomic_directory
    from strategygraph.core.loader import _Loader, load

    old = load(model_dir, display_root=model_dir)
    by_file: dict[str, dict[str, Entity]] = {}
    new: list[Entity] = []
    updated = 0
    for e in entities:
        loc = old.locations.get(e.id)
        if loc is None:
            new.append(e)
            continue
        current = old.entities[e.id]
        if current.model_dump(mode="json") == e.model_dump(mode="json") and current.KIND == e.KIND:
            continue
        by_file.setdefault(loc[0], {})[e.id] = e
        updated += 1
    with atomic_directory(model_dir) as tmp:
        shutil.copytree(model_dir, tmp, dirs_exist_ok=True)
        for rel, changed in by_file.items():
            path = tmp / rel
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
            for section, items in data.items():
                if not isinstance(items, list) or section == "accepted":
                    continue
                for i, item in enumerate(items):
                    if isinstance(item, dict) and item.get("id") in changed:
                        e = changed.pop(item["id"])
                        if e.SECTION == section:
                            items[i] = entity_data(e)
                        else:  # the kind changed: move it
                            items[i] = None
                            new.append(e)
                data[section] = [x for x in items if x is not None]
            path.write_text((f"# {header}\n" if header else "") + to_yaml(data), encoding="utf-8")
        by_section: dict[str, list[Entity]] = {}
        for e in new:
            by_section.setdefault(e.SECTION, []).append(e)
        for section, items in by_section.items():
            path = tmp / f"{section}.yaml"
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) if path.exists() else None
            data = data if isinstance(data, dict) else {}
            data.setdefault(section, []).extend(entity_data(e) for e in items)
            path.write_text(to_yaml(data), encoding="utf-8")
        model = load(tmp, display_root=tmp)
    return model, updated, len(new)
