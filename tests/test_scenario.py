"""The scenario command: decisions applied to an in-memory copy, consequences before and after."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strategygraph.analysis.scenario import (
    Decision,
    ScenarioError,
    apply,
    compare,
    disposition_decisions,
    parse_file,
    shift_time,
)
from strategygraph.cli import app
from strategygraph.core.loader import load
from strategygraph.core.schema import Task

needs_v2 = pytest.mark.skipif("completion_as_of" not in Task.model_fields,
                              reason="needs schema version 2 (the schema branch)")

runner = CliRunner()
V1 = Path(__file__).parent / "fixtures" / "timeline" / "v1"
OMAHAME = Path(__file__).resolve().parents[1] / "model"

EXPECTED_TEXT = f"""\
scenario on {V1}: 2 decision(s)
  shell p/kuori   [disposition of p/kuori: shell]
  merge p/polku into p/digi   [disposition of p/polku: merge]

coverage (elements with a carrying project, before → after):
  Theme          2 → 2    of 2
  SubTheme       2 → 2    of 2
  Milestone      3 → 2    of 3
  Goal           2 → 2    of 3
  Action         2 → 2    of 2
  Capability     0 → 0    of 0

carriers changed (themes, sub-themes, milestones):
  Theme th/a: p/digi, p/polku → p/digi
  Theme th/b: p/kuori, p/polku → p/digi
  SubTheme st/a1: p/digi, p/polku → p/digi
  SubTheme st/b1: p/polku → p/digi
  Milestone ms/a1: p/digi, p/polku → p/digi
  Milestone ms/b1: p/polku → p/digi
  Milestone ms/b2: p/kuori → (none)

losing their last carrier: 1
  Milestone ms/b2: Palautekanava käytössä – was p/kuori

projects whose load grows (work items they do themselves):
  p/digi: 3 → 5

findings: 2 introduced, 4 resolved, 14 unchanged
  + D404 warning: Hanke Digiohjelma (p/digi) on ainoa toteuttaja 2/2 painopisteen Autamme sopivalle polulle (th/a) toimenpiteelle ja virstanpylväälle (100 %)
  + D404 warning: Hanke Digiohjelma (p/digi) on ainoa toteuttaja 2/3 painopisteen Onnistumme yhdessä (th/b) toimenpiteelle ja virstanpylväälle (67 %)
  - D404 warning: Hanke Kuorihanke (p/kuori) on ainoa toteuttaja 1/3 painopisteen Onnistumme yhdessä (th/b) toimenpiteelle ja virstanpylväälle (33 %)
  - D404 warning: Hanke Palvelupolkujen valmistelu (p/polku) on ainoa toteuttaja 2/3 painopisteen Onnistumme yhdessä (th/b) toimenpiteelle ja virstanpylväälle (67 %)
  - O201 warning: Hankkeet Digiohjelma (p/digi) ja Palvelupolkujen valmistelu (p/polku) ovat päällekkäisiä (pistemäärä 0,40): yhteisiä 1 × toimenpiteet, 1 × virstanpylväät
  - O203 info: Toimenpidettä Asiakasryhmittelyn perusteet (act/a1) toteuttaa 2 hanketta ilman kirjattua työnjakoa: p/digi, p/polku

The model was not changed.
"""


def test_apply_dispositions_text_exact() -> None:
    res = runner.invoke(app, ["scenario", str(V1), "--apply-dispositions"])
    assert res.exit_code == 0, res.output
    assert res.stdout == EXPECTED_TEXT


def test_the_model_is_never_changed() -> None:
    m = load(V1)
    before = {i: e.model_dump() for i, e in m.entities.items()}
    applied = apply(m, disposition_decisions(m) + [Decision("delay", "p/digi", by="2Q"),
                                                   Decision("set", "goal/3", field="status", value="red")])
    assert {i: e.model_dump() for i, e in m.entities.items()} == before
    after = applied.model
    assert after["p/polku"].status.value == "discontinued"
    assert [i.project for i in after["act/b1"].implementation] == ["p/digi"]
    assert (after["p/digi"].start, after["p/digi"].end) == ("2023-Q3", "2026-Q2")
    assert after["goal/3"].status.value == "red"
    assert applied.shells == {"p/kuori"}


def test_stop_json() -> None:
    res = runner.invoke(app, ["scenario", str(V1), "--stop", "p/digi", "--no-findings", "-f", "json"])
    d = json.loads(res.stdout)
    assert d["lost_last_carrier"] == []  # act/a1 (and all above it) keeps p/polku
    assert {r["id"]: r["after"] for r in d["coverage"]["SubTheme"]}["st/a1"] == ["p/polku"]
    assert d["projects"][0]["status_after"] == "discontinued" and d["findings"] is None
    res = runner.invoke(app, ["scenario", str(V1), "--stop", "p/digi", "--stop", "p/polku", "--no-findings",
                              "-f", "json"])
    d = json.loads(res.stdout)
    assert [(r["kind"], r["id"]) for r in d["lost_last_carrier"]] == [
        ("Theme", "th/a"), ("SubTheme", "st/a1"), ("SubTheme", "st/b1"), ("Milestone", "ms/a1"),
        ("Milestone", "ms/b1"), ("Goal", "goal/1"), ("Goal", "goal/2"), ("Action", "act/a1"), ("Action", "act/b1")]
    assert d["summary"]["coverage"]["Milestone"] == {"elements": 3, "carried_before": 3, "carried_after": 1}


def test_merge_chain_goes_to_the_final_receiver() -> None:
    m = load(V1)
    applied = apply(m, [Decision("merge", "p/polku", into=("p/kuori",)), Decision("merge", "p/kuori", into=("p/digi",))])
    assert [i.project for i in applied.model["act/b1"].implementation] == ["p/digi"]
    assert [lk.ref for lk in applied.model["ms/b2"].delivered_by] == ["p/digi"]


def test_markdown_and_delay_and_set_flags() -> None:
    res = runner.invoke(app, ["scenario", str(V1), "--merge", "p/polku:p/digi", "--delay", "p/digi:1Y",
                              "--set", "p/kuori.status=planned", "-f", "markdown", "--no-findings"])
    assert res.exit_code == 0, res.output
    md = res.stdout
    assert md.startswith("### If the decisions are carried out\n")
    assert "- merge p/polku into p/digi (--merge p/polku:p/digi)" in md
    assert "| Milestone | 3 | 2 | 3 |" in md
    assert "| SubTheme | `st/b1` | Johdamme tavoitteellisesti | p/polku | p/digi |" in md
    assert "| Milestone | `ms/b2` | Palautekanava käytössä | p/kuori |" in md


def test_scenario_file(tmp_path: Path) -> None:
    f = tmp_path / "s.yaml"
    f.write_text("name: test\ndecisions:\n  - stop: p/kuori\n  - merge: p/polku\n    into: p/digi\n"
                 "  - delay: p/digi\n    by: -1Q\n", encoding="utf-8")
    decisions, flag = parse_file(f.read_text(), str(f))
    assert flag is False and [d.describe() for d in decisions] == [
        "stop p/kuori", "merge p/polku into p/digi", "delay p/digi by -1Q"]
    assert decisions[1].origin == f"{f}:4: decisions[1]"
    res = runner.invoke(app, ["scenario", str(V1), "--file", str(f), "--no-findings", "-f", "json"])
    d = json.loads(res.stdout)
    assert [r["id"] for r in d["lost_last_carrier"]] == ["ms/b2"]
    assert {p["project"]: p["end_after"] for p in d["projects"]} == {"p/digi": "2025-Q3", "p/kuori": "2025-Q4",
                                                                      "p/polku": "2024-Q4"}


@pytest.mark.parametrize(("args", "message"), [
    (["--stop", "p/nope"], "stop p/nope (--stop p/nope): no project 'p/nope'"),
    (["--merge", "p/polku:p/digii"], "no project 'p/digii'; did you mean 'p/digi'?"),
    (["--merge", "p/polku"], "--merge p/polku: expected P:INTO"),
    (["--delay", "p/digi:2X"], "expected a number and Q, M or Y"),
    (["--set", "p/digi.colour=red"], "Project has no field 'colour'"),
    (["--set", "goal/1.status=bogus"], "set goal/1.status=bogus: Input should be"),
    (["--stop", "goal/1"], "no project 'goal/1'"),
    ([], "no decisions"),
])
def test_bad_decisions_exit_2(args: list[str], message: str) -> None:
    res = runner.invoke(app, ["scenario", str(V1), *args])
    assert res.exit_code == 2
    assert message in res.stderr
    assert "Traceback" not in res.output


def test_bad_scenario_file(tmp_path: Path) -> None:
    f = tmp_path / "s.yaml"
    f.write_text("decisions:\n  - stop: p/kuori\n  - merge: p/polku\n", encoding="utf-8")
    res = runner.invoke(app, ["scenario", str(V1), "--file", str(f)])
    assert res.exit_code == 2 and f"{f}:3: decisions[1]: merge needs 'into'" in res.stderr
    f.write_text("decisions:\n  - stop: p/nope\n", encoding="utf-8")
    res = runner.invoke(app, ["scenario", str(V1), "--file", str(f)])
    assert res.exit_code == 2 and f"({f}:2: decisions[0]): no project 'p/nope'" in res.stderr
    with pytest.raises(ScenarioError, match="unknown key"):
        parse_file("decision: []\n", "x.yaml")


def test_shift_time() -> None:
    assert shift_time("2024-Q4", 6) == "2025-Q2"
    assert shift_time("2024", 12) == "2025"
    assert shift_time("2024", 6) == "2024-07/2025-06"
    assert shift_time("2023/2024", 3) == "2023-04/2025-03"
    assert shift_time("2024-01-31", 1) == "2024-02-29"
    assert shift_time(None, 3) is None


def test_real_model_dispositions_leave_without_carrier() -> None:
    res = runner.invoke(app, ["scenario", str(OMAHAME), "--apply-dispositions", "-f", "json", "--no-findings"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert [(r["kind"], r["id"], r["before"]) for r in d["lost_last_carrier"]] == [
        ("Milestone", "milestone/ennakointi/1.3", ["syli"]),
        ("Goal", "goal/2024/13", ["syli"]),
        ("Action", "ennakointi/automaatio-tukee-tyotamme/2", ["syli"]),
    ]
    m = load(OMAHAME)
    compare(m, apply(m, disposition_decisions(m)))  # pure: no model written, no exception


@needs_v2
def test_statuses_from_the_models_vocabulary(tmp_path: Path) -> None:
    head = """\
model:
  schema_version: 2
  vocabularies:
    project_statuses:
      - {id: active, label: {fi: Käynnissä}, carries: true}
      - {id: paused, label: {fi: Tauolla}, carries: false}
      - {id: closed, label: {fi: Suljettu}, carries: false}
"""
    (tmp_path / "model.yaml").write_text(head + (V1 / "model.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    res = runner.invoke(app, ["scenario", str(tmp_path), "--set", "p/digi.status=bogus"])
    assert res.exit_code == 2
    assert "set p/digi.status=bogus: 'bogus' is not in the model's project_statuses (active, paused, closed)" in res.stderr
    m = load(tmp_path)
    assert apply(m, [Decision("stop", "p/digi")]).model["p/digi"].status == "closed"  # its last non-carrying status
    assert apply(m, [Decision("set", "p/digi", field="status", value="paused")]).model["p/digi"].status == "paused"


def test_scenario_text_names_the_model_by_its_title() -> None:
    from strategygraph.core.loader import load

    res = runner.invoke(app, ["scenario", str(OMAHAME), "--apply-dispositions", "--lang", "en"])
    assert res.exit_code == 0, res.output
    first = res.stdout.splitlines()[0]
    assert first.startswith(f"scenario on {load(OMAHAME).title_text('en')}: "), first
    assert str(OMAHAME) not in first
