"""The progress command: roll-up arithmetic, colours, as-of dates, formats and the real 2024 report."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strategygraph.analysis.progress import Progress, colour_of, parse_number
from strategygraph.cli import app
from strategygraph.core.config import Config
from strategygraph.core.loader import load
from strategygraph.core.schema import Task

#: schema version 2 (dated completions, measurements, the model's own settings) is in this tree
SCHEMA_V2 = "completion_as_of" in Task.model_fields
needs_v2 = pytest.mark.skipif(not SCHEMA_V2, reason="needs schema version 2 (the schema branch)")

runner = CliRunner()
V1 = Path(__file__).parent / "fixtures" / "timeline" / "v1"
OMAHAME = Path(__file__).resolve().parents[1] / "model"

EXPECTED_TABLE = """\
progress (green > 90 %, yellow > 50 %, red otherwise)

element                                          progress  colour  reported  as of       basis
th/a Autamme sopivalle polulle                       65 %  yellow  -         2025-06-30  2 of 2
th/b Onnistumme yhdessä                              50 %  red     -         2025-03-25  1 of 1
st/a1 Ymmärrämme asiakasta                           80 %  yellow  -         2025-03-25  1 of 1
st/b1 Johdamme tavoitteellisesti                     50 %  red     -         2025-03-25  1 of 1
ms/a1 Yhtenäinen vastaanottoprosessi käytössä        80 %  yellow  -         2025-03-25  1 of 1
ms/b1 Johtamisjärjestelmä kuvattu                    50 %  red     -         2025-03-25  1 of 1
ms/b2 Palautekanava käytössä                            ?  -       -         -           0 of 0
    no goal serves it
goal/1 Vastaanotto yhtenäistetään                    80 %  yellow  green     2025-03-25  2 of 2
    reported green, figures say yellow
goal/2 Johtaminen yhtenäistetään                     50 %  red     -         2025-03-25  1 of 2
goal/3 Asiakas saa ratkaisun                         50 %  red     -         2025-06-30  1 of 2
kr/3.1 80 % saa ratkaisun yhdellä kontaktilla        50 %  red     yellow    2025-06-30  value vs target
kr/3.2 Palvelulupaus pidetään                           ?  -       -         -           no measured value and no numeric target

roadmap phases today:
  ph/1 Yhdessä tehden (2023-2024): past, milestones 65 % (2 of 3 with a figure), 1 without a carrying project; carriers: p/digi, p/polku

Theme: 2 of 2 with a figure (green 0, yellow 1, red 1)
SubTheme: 2 of 2 with a figure (green 0, yellow 1, red 1)
Milestone: 2 of 3 with a figure (green 0, yellow 1, red 1)
Goal: 3 of 3 with a figure (green 0, yellow 1, red 2)
KeyResult: 1 of 2 with a figure (green 0, yellow 0, red 1)
"""


def test_table_exact() -> None:
    res = runner.invoke(app, ["progress", str(V1), "--level", "theme", "--level", "subtheme", "--level", "milestone",
                              "--level", "goal", "--level", "key-result"])
    assert res.exit_code == 0, res.output
    assert res.stdout == EXPECTED_TABLE


def test_roll_up_arithmetic() -> None:
    p = Progress(load(V1))
    f = p.figures
    assert f["goal/1"].percent == 80.0  # mean of 100 and 60
    assert f["goal/2"].percent == 50.0 and f["goal/2"].unknown == ["task/2.2"]  # the task without completion
    # key result: latest value 70 between baseline 60 and target 80
    assert f["kr/3.1"].percent == 50.0 and f["kr/3.1"].as_of == "2025-06-30"
    assert f["goal/3"].percent == 50.0 and f["goal/3"].unknown == ["kr/3.2"]
    assert f["th/a"].percent == 65.0 and [x["id"] for x in f["th/a"].rests_on] == ["goal/1", "goal/3"]
    assert f["ms/b2"].percent is None and f["ms/b2"].colour is None


def test_colour_rule_boundaries_and_configuration() -> None:
    cfg = Config()
    assert [colour_of(v, cfg) for v in (100, 90.1, 90, 50.1, 50, 0, None)] == [
        "green", "green", "yellow", "yellow", "red", "red", None]
    strict = cfg.with_overrides(status_green_min=95.0, status_yellow_min=75.0)
    assert Progress(load(V1), strict).figures["goal/1"].colour == "yellow"
    assert Progress(load(V1), cfg.with_overrides(status_yellow_min=85.0)).figures["goal/1"].colour == "red"


def test_as_of_leaves_later_facts_out_and_marks_stale() -> None:
    m = load(V1)
    early = Progress(m, as_of=date(2025, 4, 1)).figures
    assert early["kr/3.1"].percent == 25.0 and early["kr/3.1"].as_of == "2025-03-31"  # Q2 not yet known
    before_report = Progress(m, as_of=date(2025, 1, 1)).figures
    assert before_report["goal/1"].percent is None and before_report["goal/1"].unknown == ["task/1.1", "task/1.2"]
    late = Progress(m, as_of=date(2026, 6, 1), max_age_days=365).figures
    assert late["goal/1"].stale and not late["kr/3.1"].stale  # 433 days vs 336 days old


def test_json_csv_xlsx(tmp_path: Path) -> None:
    d = json.loads(runner.invoke(app, ["progress", str(V1), "-f", "json", "--as-of", "2025-04-01"]).stdout)
    assert d["as_of"] == "2025-04-01" and d["rule"] == {"green_above": 90.0, "yellow_above": 50.0}
    g3 = next(f for f in d["figures"] if f["id"] == "goal/3")
    assert g3["rests_on"] == [{"id": "kr/3.1", "kind": "KeyResult", "percent": 25.0, "as_of": "2025-03-31"}]
    csv_out = runner.invoke(app, ["progress", str(V1), "-f", "csv", "--level", "goal"]).stdout
    assert csv_out.splitlines()[0] == "kind,id,label,percent,colour,reported,as_of,stale,rests_on,unknown,notes"
    assert csv_out.splitlines()[2] == ("Goal,goal/2,Johtaminen yhtenäistetään,50.0,red,,2025-03-25,,"
                                       "task/2.1 50 %,task/2.2,")
    out = tmp_path / "p.xlsx"
    assert runner.invoke(app, ["progress", str(V1), "-f", "xlsx", "-o", str(out)]).exit_code == 0
    from openpyxl import load_workbook

    ws = load_workbook(out)["progress"]
    assert [c.value for c in ws[2]][:5] == ["Theme", "th/a", "Autamme sopivalle polulle", 65.0, "yellow"]
    assert ws.cell(2, 5).fill.fgColor.rgb.endswith("FFEB9C")


@pytest.mark.parametrize(("args", "message"), [
    (["--as-of", "2025-13-01"], "--as-of '2025-13-01': expected a date YYYY-MM-DD"),
    (["-f", "xlsx"], "--format xlsx needs --output FILE"),
])
def test_bad_input(args: list[str], message: str) -> None:
    res = runner.invoke(app, ["progress", str(V1), *args])
    assert res.exit_code == 2 and message in res.stderr


def test_parse_number() -> None:
    assert parse_number("69,5 %") == 69.5 and parse_number("n. 25 %") == 25.0 and parse_number("–") is None


#: the 2024 year-end report (document 003): the mean completion of each goal's main tasks, from the
#: task table; goals 1, 6, 15 and 20 have no figure (their Tilanne values cannot be assigned to tasks)
REPORT_2024 = {1: None, 2: 93.3, 3: 70.0, 4: 80.0, 5: 70.0, 6: None, 7: 100.0, 8: 100.0, 9: 90.0, 10: 83.0,
               11: 86.7, 12: 100.0, 13: 86.7, 14: 93.3, 15: None, 16: 70.0, 17: 53.3, 18: 86.7, 19: 75.0,
               20: None, 21: 93.3, 22: 100.0}


def test_real_model_reproduces_the_2024_report() -> None:
    d = json.loads(runner.invoke(app, ["progress", str(OMAHAME), "-f", "json", "--level", "goal"]).stdout)
    figures = {f["id"]: f for f in d["figures"]}
    got = {n: figures[f"goal/2024/{n}"]["percent"] for n in REPORT_2024 if n != 20}
    assert got == {n: v for n, v in REPORT_2024.items() if n != 20}
    # goal 20 has no task completion (the report gives none); its own measurement stands against its target:
    # Mittarin arvo Q4 83 % against 'vasteajat toteutuvat 96 %:sti' (model/goals-2024.yaml)
    g20 = figures["goal/2024/20"]
    assert g20["percent"] == 86.5 and [(r["what"], r["value"], r["target"]) for r in g20["rests_on"]] == [
        ("value vs target", 83.0, 96.0)]
    assert figures["goal/2024/8"]["unknown"] == ["task/2024/8.2", "task/2024/8.3"]
    # the tasks state their completion as of the year end (completion_as_of in model/goals-2024.yaml)
    assert all(figures[f"goal/2024/{n}"]["as_of"] == "2024-12-31" for n, v in REPORT_2024.items() if v is not None)
    assert sum(len(figures[f"goal/2024/{n}"]["rests_on"]) for n in REPORT_2024 if n != 20) == 49  # 49 of 60 main tasks


def test_time_commands_document_every_option() -> None:
    from strategygraph.cli.app import group_commands

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    commands = group_commands("timeline")
    for name in ("progress", "scenario", "diff"):
        cmd = commands[name]
        assert cmd.help and f"### {name}\n" in readme
        for p in cmd.params:
            if p.param_type_name == "option":
                assert p.help, f"{name} {p.opts} has no help text"
                assert any(o in readme for o in p.opts if o.startswith("--") and o != "--help") or p.opts in (
                    ["--lang"], ["--output", "-o"], ["--format", "-f"], ["--findings"]), (name, p.opts)


MODEL_V2 = """\
model:
  schema_version: 2
  as_of: 2025-04-30
  vocabularies:
    progress_colours:
      - {id: green, label: {fi: Vihreä}, min_completion: 80}
      - {id: yellow, label: {fi: Keltainen}, min_completion: 40}
      - {id: red, label: {fi: Punainen}, min_completion: 0}
"""


@needs_v2
def test_model_rules_as_of_and_dated_measurements(tmp_path: Path) -> None:
    """The model's own colour rule and as-of date; completion and measurement dates of schema version 2."""
    text = (V1 / "model.yaml").read_text(encoding="utf-8")
    text = text.replace("completion: 60, source: {doc: report-2024}", "completion: 60, completion_as_of: 2025-05-15")
    text = text.replace("""      - {quarter: 2025-Q2, value: "70 %", status: yellow}""",
                        """      - {quarter: 2025-Q2, value: "70 %", status: yellow}
    measurements:
      - {value: "72 %", number: 72, date: 2025-04-15}""")
    (tmp_path / "model.yaml").write_text(MODEL_V2 + text, encoding="utf-8")
    m = load(tmp_path)
    f = Progress(m).figures  # as of 2025-04-30, the model's own date
    assert f["task/1.2"].percent is None  # completed 2025-05-15: not yet known
    assert f["goal/1"].percent == 100.0 and f["goal/1"].colour == "green"
    assert f["kr/3.1"].percent == 60.0 and f["kr/3.1"].as_of == "2025-04-15"  # 72 between 60 and 80
    assert f["goal/3"].colour == "yellow"  # 60 >= 40 under the model's rule
    assert f["goal/2"].percent == 50.0 and f["goal/2"].colour == "yellow"  # red under the configuration's rule
    later = Progress(m, as_of=date(2025, 12, 31)).figures
    assert later["goal/1"].percent == 80.0 and later["goal/1"].colour == "green"  # 80 >= 80
    assert later["kr/3.1"].percent == 50.0  # the Q2 value (to 2025-06-30) is newer than the April measurement


def test_phases_past_current_future() -> None:
    m = load(V1)
    assert [p["state"] for p in Progress(m, as_of=date(2024, 6, 1)).phases()] == ["current"]
    assert [p["state"] for p in Progress(m, as_of=date(2022, 12, 31)).phases()] == ["future"]
    ph = Progress(m, as_of=date(2025, 6, 30)).phases()[0]
    assert ph == {"id": "ph/1", "label": "Yhdessä tehden", "period": "2023-2024", "state": "past", "milestones": 3,
                  "with_progress": 2, "percent": 65.0, "colour": "yellow", "uncarried_milestones": ["ms/b2"],
                  "carriers": ["p/digi", "p/polku"]}  # p/kuori is to run as a shell project: it carries nothing


def test_year_rolls_up_only_that_years_goals() -> None:
    m = load(V1)
    assert Progress(m, year=2024).figures["th/a"].percent == 80.0  # goal/1 only
    assert Progress(m, year=2025).figures["th/a"].percent == 50.0  # goal/3 only
    res = runner.invoke(app, ["progress", str(V1), "--year", "2025", "--level", "theme"])
    assert res.stdout.splitlines()[0] == "progress of the 2025 goals (green > 90 %, yellow > 50 %, red otherwise)"
    assert "th/b Onnistumme yhdessä                                 ?  -" in res.stdout


@needs_v2
def test_key_result_past_due_without_a_value(tmp_path: Path) -> None:
    text = (V1 / "model.yaml").read_text(encoding="utf-8").replace(
        "{id: kr/3.2, goal: goal/3,", "{id: kr/3.2, goal: goal/3, due: 2025-Q2,")
    (tmp_path / "model.yaml").write_text(text, encoding="utf-8")
    m = load(tmp_path)
    assert Progress(m, as_of=date(2025, 7, 1)).figures["kr/3.2"].notes == [
        "no measured value and no numeric target", "due 2025-06-30 passed without a measured value"]
    assert Progress(m, as_of=date(2025, 6, 30)).figures["kr/3.2"].notes == ["no measured value and no numeric target"]


MINI = Path(__file__).parent / "fixtures" / "mini"


def test_reported_set_counts_stand_beside_the_models_own() -> None:
    # the mini model's own report: 1 council-level goal of 2025, reported red; the model's roll-up of the
    # same set (goal/2025/talous, level council, year 2025) has a figure and says yellow
    res = runner.invoke(app, ["progress", str(MINI), "--level", "goal", "--as-of", "2025-06-30"])
    assert res.exit_code == 0, res.output
    tail = res.stdout.split("reported for whole sets", 1)[1].splitlines()
    assert tail == [
        " (the sources' own counts) vs the model:",
        "  goals (council 2025) as of 2025-06-30, source/tavoiteraportti-2024: Valtuustotason sitovat tavoitteet 2025",
        "    reported: total 1",
        "      1/1 – Ei toteudu [red] (1; 100 %)",
        "      0/1 – Toteutuu osittain [yellow] (0)",
        "    in the model: 1 goals, 1 with a figure (green 0, yellow 1, red 0), 1 with a reported status",
    ]
    d = json.loads(runner.invoke(app, ["progress", str(MINI), "-f", "json", "--lang", "en",
                                       "--as-of", "2025-06-30"]).stdout)
    [r] = d["reported_sets"]
    assert r["items"] == "goals" and r["level"] == "council" and r["year"] == 2025 and r["total"] == 1
    assert r["scope"] == "Council-level binding goals 2025"
    assert [(c["value"], c["status"], c["colour"], c["count"], c["share"]) for c in r["counts"]] == [
        ("1/1", "Not achieved", "red", 1, 100), ("0/1", "Toteutuu osittain", "yellow", 0, None)]
    assert r["in_model"] == {"items": 1, "with_figure": 1, "green": 0, "yellow": 1, "red": 0,
                             "with_reported_status": 1}


def test_a_set_report_dated_after_the_as_of_date_is_not_yet_known() -> None:
    res = runner.invoke(app, ["progress", str(MINI), "--level", "goal", "--as-of", "2025-01-01"])
    assert res.exit_code == 0 and "reported for whole sets" not in res.stdout
    d = json.loads(runner.invoke(app, ["progress", str(MINI), "-f", "json", "--as-of", "2025-01-01"]).stdout)
    assert d["reported_sets"] == []


def test_the_real_models_mid_year_2025_counts_are_shown() -> None:
    d = json.loads(runner.invoke(app, ["progress", str(OMAHAME), "-f", "json", "--level", "goal"]).stdout)
    by = {r["items"]: r for r in d["reported_sets"]}
    assert by["goals"]["total"] == 5 and [c["count"] for c in by["goals"]["counts"]] == [3, 2]
    assert by["goals"]["in_model"]["items"] == 5  # the five council-level goals of 2025 are all in the model
    assert by["key-results"]["total"] == 210 and [c["share"] for c in by["key-results"]["counts"]][:2] == [85, 15]
    assert by["tasks"]["total"] == 717 and [c["share"] for c in by["tasks"]["counts"]] == [54, 35, 11]
