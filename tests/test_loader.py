"""Bad input: every class of problem is reported with file, line, column and field, and exit 2."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strategygraph.cli import app
from strategygraph.core.loader import ModelError, load

runner = CliRunner()

GOOD = """\
sources:
  - id: lahde
    label: {fi: Lähde, en: Source}
themes:
  - id: sopiva-polku
    label: {fi: Autamme sopivalle polulle, en: We help onto the right path}
    source: {doc: lahde, section: Painopisteet}
subthemes:
  - id: sopiva-polku/ymmarramme
    label: {fi: Ymmärrämme asiakasta, en: We understand the customer}
    theme: sopiva-polku
projects:
  - id: digiohjelma
    label: {fi: Digiohjelma, en: Digital programme}
    status: active
    start: 2023-Q1
"""


def write(tmp_path: Path, text: str, name: str = "model.yaml") -> Path:
    d = tmp_path / "model"
    d.mkdir(exist_ok=True)
    (d / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return d


def problems(d: Path) -> list:
    with pytest.raises(ModelError) as exc:
        load(d)
    return exc.value.problems


def cli_errors(d: Path) -> list[dict]:
    res = runner.invoke(app, ["validate", str(d), "--format", "json"])
    assert res.exit_code == 2, res.output
    data = json.loads(res.stdout)
    assert data["valid"] is False
    return data["errors"]


def test_good_model_loads(tmp_path):
    m = load(write(tmp_path, GOOD))
    assert m.counts()["Theme"] == 1 and m.counts()["Project"] == 1
    assert m.link_count() == 1  # the sub-theme's theme link (source references are not links)


def test_yaml_syntax_error_names_line(tmp_path):
    d = write(tmp_path, GOOD + "  - id: [broken\n")
    (p,) = problems(d)
    assert p.file.endswith("model.yaml") and p.line == 18  # where the parser gave up (end of file)
    assert "YAML syntax error" in p.message and "line 17" in p.message  # where the sequence started
    errs = cli_errors(d)
    assert errs[0]["line"] == 18 and errs[0]["file"].endswith("model.yaml")


def test_unknown_key(tmp_path):
    d = write(tmp_path, GOOD.replace("    status: active\n", "    status: active\n    budjet: 5\n"))
    (p,) = problems(d)
    assert (p.line, p.column) == (16, 5)
    assert p.path == "projects[0] (digiohjelma).budjet"
    assert "unknown field" in p.message


VOCABULARY = """\
model:
  schema_version: 2
  vocabularies:
    project_statuses:
      - {id: active, label: Käynnissä, carries: true}
      - {id: ended, label: Päättynyt}
"""


def test_wrong_type_and_enum(tmp_path):
    d = write(tmp_path, GOOD.replace("status: active", "status: käynnissä").replace("start: 2023-Q1",
                                                                                      "start: Q1/23"))
    ps = problems(d)
    assert [p.path for p in ps] == ["projects[0] (digiohjelma).status", "projects[0] (digiohjelma).start"]
    assert "käynnissä" in ps[0].message and "not a concept id" in ps[0].message
    assert ps[1].line == 16 and "YYYY-QN" in ps[1].message


def test_value_outside_the_models_vocabulary(tmp_path):
    d = write(tmp_path, GOOD.replace("status: active", "status: actve"))
    write(tmp_path, VOCABULARY, "settings.yaml")
    (p,) = problems(d)
    assert p.path == "projects[0] (digiohjelma).status" and (Path(p.file).name, p.line, p.column) == ("model.yaml", 15, 13)
    assert "'actve' is not in the model's project_statuses (active, ended)" in p.message
    assert "did you mean 'active'?" in p.message


def test_a_model_without_vocabulary_accepts_any_value(tmp_path):
    d = write(tmp_path, GOOD.replace("status: active", "status: under-way"))
    assert load(d)["digiohjelma"].status == "under-way"


def test_missing_required_field(tmp_path):
    d = write(tmp_path, GOOD.replace("    theme: sopiva-polku\n", ""))
    (p,) = problems(d)
    assert p.path == "subthemes[0] (sopiva-polku/ymmarramme).theme"
    assert p.message == "required field is missing"
    assert p.line == 9  # the entity's line


def test_duplicate_id_names_both_places(tmp_path):
    d = write(tmp_path, GOOD)
    (d / "more.yaml").write_text("projects:\n  - id: digiohjelma\n    label: Toinen\n    status: planned\n")
    ps = problems(d)
    assert len(ps) == 1
    assert ps[0].file.endswith("more.yaml") and ps[0].line == 2
    assert "duplicate id 'digiohjelma'" in ps[0].message and "model.yaml:13" in ps[0].message


def test_unknown_reference_with_suggestion(tmp_path):
    d = write(tmp_path, GOOD.replace("    theme: sopiva-polku\n", "    theme: sopiva-polu\n"))
    (p,) = problems(d)
    assert p.path == "subthemes[0] (sopiva-polku/ymmarramme).theme"
    assert p.line == 11 and p.column == 12
    assert "unknown Theme id 'sopiva-polu'" in p.message and "did you mean 'sopiva-polku'" in p.message


def test_reference_to_wrong_kind(tmp_path):
    d = write(tmp_path, GOOD.replace("    theme: sopiva-polku\n", "    theme: digiohjelma\n"))
    (p,) = problems(d)
    assert "'digiohjelma' is a Project, but this field takes a Theme" in p.message
    assert p.line == 11


def test_unknown_section_and_duplicate_key(tmp_path):
    d = write(tmp_path, GOOD + "projekts: []\n")
    (p,) = problems(d)
    assert p.path == "projekts" and "did you mean 'projects'" in p.message
    d2 = write(tmp_path, GOOD.replace("    status: active\n", "    status: active\n    status: planned\n"),
               name="model.yaml")
    (p2,) = problems(d2)
    assert "duplicate key 'status'" in p2.message and p2.line == 16


def test_all_problems_reported_at_once(tmp_path):
    # a broken reference is reported even inside an entity that has other errors, and a reference to an
    # entity that is itself invalid is not reported as unknown
    d = write(tmp_path, GOOD.replace("theme: sopiva-polku", "theme: x")
              .replace("status: active", "status: Käynnissä\n    owner: nobody\n    depends_on: broken"))
    (tmp_path / "model" / "other.yaml").write_text("themes: [ {id: Bad Id, label: X} ]\n"
                                                   "projects: [ {id: broken, label: B, start: soon} ]\n")
    ps = problems(d)
    assert sorted((Path(p.file).name, p.path) for p in ps) == [
        ("model.yaml", "projects[0] (digiohjelma).owner[0]"),
        ("model.yaml", "projects[0] (digiohjelma).status"),
        ("model.yaml", "subthemes[0] (sopiva-polku/ymmarramme).theme"),
        ("other.yaml", "projects[0] (broken).start"),
        ("other.yaml", "themes[0] (Bad Id).id"),
    ]
    assert "unknown Unit id 'nobody'" in next(p.message for p in ps if ".owner" in p.path)


def test_cli_text_errors_on_stderr_and_no_traceback(tmp_path):
    d = write(tmp_path, GOOD.replace("theme: sopiva-polku", "theme: x"))
    res = runner.invoke(app, ["validate", str(d)])
    assert res.exit_code == 2
    assert "model.yaml:11:12" in res.stderr and "Traceback" not in res.output + res.stderr


def test_missing_directory_and_empty_directory(tmp_path):
    res = runner.invoke(app, ["validate", str(tmp_path / "nope")])
    assert res.exit_code == 2 and "no such file or directory" in res.stderr
    (tmp_path / "empty").mkdir()
    res = runner.invoke(app, ["validate", str(tmp_path / "empty")])
    assert res.exit_code == 2 and "no *.yaml files" in res.stderr


def test_not_utf8_and_top_level_list(tmp_path):
    d = tmp_path / "m"
    d.mkdir()
    (d / "a.yaml").write_bytes(b"themes:\n  - id: x\n    label: \xe4\n")
    (d / "b.yaml").write_text("- just a list\n")
    ps = problems(d)
    assert any("not UTF-8" in p.message for p in ps)
    assert any("mapping of sections" in p.message for p in ps)


def test_every_command_exits_2_on_bad_model(tmp_path):
    d = write(tmp_path, GOOD.replace("theme: sopiva-polku", "theme: x"))
    for args in (["export", str(d)], ["query", "ASK { ?s ?p ?o }", str(d)], ["check", str(d)],
                 ["coverage", str(d)], ["overlaps", str(d)], ["impact", "digiohjelma", str(d)]):
        res = runner.invoke(app, args)
        assert res.exit_code == 2, (args, res.output)
        assert "Traceback" not in res.output + res.stderr


def test_impossible_dates_are_rejected(tmp_path):
    d = write(tmp_path, GOOD.replace("start: 2023-Q1", "start: 2024-02-30\n    end: 2024-13"))
    ps = problems(d)
    assert [p.path for p in ps] == ["projects[0] (digiohjelma).start", "projects[0] (digiohjelma).end"]
    assert "not a real date" in ps[0].message
    d = write(tmp_path, GOOD.replace("start: 2023-Q1", "start: 2025/2024"))
    (p,) = problems(d)
    assert "ends before it starts" in p.message
