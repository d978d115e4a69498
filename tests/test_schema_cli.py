"""`strategygraph schema` (the generated field reference, docs/schema.md) and `strategygraph migrate`."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from rdflib import BNode
from typer.testing import CliRunner

from strategygraph.cli import app
from strategygraph.core import schema
from strategygraph.core.fields import specs
from strategygraph.core.loader import load
from strategygraph.rdf import mapping as rdf
from strategygraph.views.reference import example_model, full_reference, kind_reference, reference_classes

ROOT = Path(__file__).resolve().parents[1]
MINI = Path(__file__).parent / "fixtures" / "mini"
runner = CliRunner()


# ------------------------------------------------------------------ the field reference
def test_docs_schema_md_is_the_generated_reference() -> None:
    committed = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    assert committed == full_reference(), "regenerate: python -m strategygraph.views.reference"


@pytest.mark.parametrize("cls", reference_classes(), ids=lambda c: c.__name__)
def test_reference_covers_every_field(cls: type) -> None:
    text = kind_reference(cls)
    shared = set()
    if cls is not schema.Entity and issubclass(cls, schema.Entity):
        shared = set(schema.Entity.model_fields)
    elif cls is not schema.Annotated and issubclass(cls, schema.Annotated):
        shared = set(schema.Annotated.model_fields)
    for f in specs(cls):
        if f.name in shared or f.name == "id" and cls in schema.KINDS.values():
            continue
        row = next((line for line in text.splitlines() if line.startswith(f"| `{f.name}` |")), None)
        assert row is not None, f"{cls.__name__}.{f.name} is missing from the reference"
        assert ("| yes |" in row) == f.required, f"{cls.__name__}.{f.name}: required or not"
    for enum_field in (f for f in specs(cls) if f.map == "concept" and not f.open_scheme):
        for value in schema.SCHEMES[enum_field.scheme or ""]:
            assert f"`{value.value}`" in text


def test_reference_names_every_kind_and_shared_field() -> None:
    text = full_reference()
    for kind, cls in schema.KINDS.items():
        assert f"## {kind}\n" in text and f"`{cls.SECTION}:`" in text
    for name in ("`label`", "`source`", "`note`", "`variants`", "`description`"):
        assert name in text


@pytest.mark.parametrize("kind", list(schema.KINDS))
def test_each_kinds_example_is_a_valid_model(tmp_path: Path, kind: str) -> None:
    (tmp_path / "example.yaml").write_text(yaml.safe_dump(example_model(schema.KINDS[kind]), allow_unicode=True),
                                           encoding="utf-8")
    m = load(tmp_path)
    assert m.counts()[kind] >= 1


def test_schema_command_one_kind_and_unknown_kind() -> None:
    res = runner.invoke(app, ["schema", "projects"])
    assert res.exit_code == 0
    assert "## Project" in res.stdout and "| `status_as_of` | time |" in res.stdout
    assert "| `funding` | list of [Funding](#funding) |" in res.stdout
    res = runner.invoke(app, ["schema", "model"])
    assert res.exit_code == 0 and "| `schema_version` | integer | yes |" in res.stdout
    res = runner.invoke(app, ["schema", "Projekt"])
    assert res.exit_code == 2 and "did you mean 'Project'?" in res.stderr


# ------------------------------------------------------------------ migrate
def _old_copy(src: Path, dest: Path) -> Path:
    """A copy of a model in schema-1 form: its ``model:`` section removed (a file holding nothing else goes)."""
    shutil.copytree(src, dest)
    for f in dest.rglob("*.yaml"):
        text = f.read_text(encoding="utf-8")
        if not re.search(r"^model:", text, re.M):
            continue
        lines, out, skipping = text.splitlines(keepends=True), [], False
        for line in lines:
            if line.startswith("model:"):
                skipping = True
                continue
            if skipping and line.strip() and not line.startswith((" ", "#")):
                skipping = False
            if not skipping:
                out.append(line)
        rest = "".join(out)
        if yaml.safe_load(rest):
            f.write_text(rest, encoding="utf-8")
        else:
            f.unlink()
    return dest


@pytest.mark.parametrize("src", [ROOT / "model", MINI], ids=["omahame", "mini"])
def test_migrate_check_shows_the_change_and_writes_nothing(tmp_path: Path, src: Path) -> None:
    d = _old_copy(src, tmp_path / "m")
    before = {p: p.read_bytes() for p in d.rglob("*") if p.is_file()}
    res = runner.invoke(app, ["migrate", str(d), "--check"])
    assert res.exit_code == 1, res.output
    assert "schema version 1 -> 2" in res.stdout
    assert "+++ " + str(d / "model-settings.yaml") in res.stdout
    assert "+  schema_version: 2" in res.stdout and "+    project_statuses:" in res.stdout
    assert {p: p.read_bytes() for p in d.rglob("*") if p.is_file()} == before, "--check must not write"


@pytest.mark.parametrize("src", [ROOT / "model", MINI], ids=["omahame", "mini"])
def test_migrate_keeps_every_fact(tmp_path: Path, src: Path) -> None:
    d = _old_copy(src, tmp_path / "m")
    old = load(d)
    assert old.schema_version == 1
    res = runner.invoke(app, ["migrate", str(d)])
    assert res.exit_code == 0, res.output
    new = load(d)
    assert new.schema_version == schema.SCHEMA_VERSION and new.default_lang == "fi"
    assert new.perspectives == [p.value for p in schema.Perspective]
    # no fact lost: every triple of the old RDF is in the new one (blank nodes compared by what they hold,
    # through the model read back), and the migration only adds the model's own node and its concepts
    g_old, g_new = rdf.to_rdf(old), rdf.to_rdf(new)
    ground = {t for t in g_old if not any(isinstance(x, BNode) for x in t)}
    assert ground and ground <= set(g_new)
    back_old, back_new = rdf.normalized(rdf.from_rdf(g_old)), rdf.normalized(rdf.from_rdf(g_new))
    assert back_old.items() <= back_new.items()
    added = {k for k in back_new if k not in back_old}
    assert added == {rdf.MODEL_NODE}
    # and the migrated model is current
    res = runner.invoke(app, ["migrate", str(d), "--check"])
    assert res.exit_code == 0 and "nothing to do" in res.stdout


def test_migrate_refuses_a_dirty_git_tree_without_force(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    d = _old_copy(MINI, tmp_path / "m")
    env = ["-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "add", "."], check=True)
    subprocess.run(["git", "-C", str(tmp_path), *env, "commit", "-qm", "model"], check=True)
    (d / "units.yaml").write_text((d / "units.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    res = runner.invoke(app, ["migrate", str(d)])
    assert res.exit_code == 2 and "uncommitted changes" in res.stderr
    assert not (d / "model-settings.yaml").exists()
    res = runner.invoke(app, ["migrate", str(d), "--force"])
    assert res.exit_code == 0 and (d / "model-settings.yaml").exists()


def test_migrate_an_invalid_model_reports_its_problems(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text("themes: [{id: T, label: x}]\n", encoding="utf-8")
    res = runner.invoke(app, ["migrate", str(tmp_path)])
    assert res.exit_code == 2 and "m.yaml:1" in res.stderr
