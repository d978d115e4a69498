"""The report's progress and scenario sections: exact figures on the timeline fixture, fi and en, leaving out."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strategygraph.analysis.rules.engine import Context, run_rules
from strategygraph.cli import app
from strategygraph.core.loader import load
from strategygraph.views import report as rp

runner = CliRunner()
V1 = Path(__file__).parent / "fixtures" / "timeline" / "v1"
NO_DECISIONS = Path(__file__).parent / "fixtures" / "report" / "model"

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="graphviz (dot) is not installed")


def _data(lang: str = "en", sections: tuple[str, ...] = rp.OPTIONAL_SECTIONS) -> dict:
    ctx = Context(load(V1), lang=lang)
    return rp.report_data(ctx, run_rules(ctx), "v1", sections)


def _rows(level: dict) -> list[tuple]:
    return [(r["id"], r["percent"], r["colour"]["id"] if r["colour"] else None,
             r["reported"]["id"] if r["reported"] else None, r["as_of"], f"{r['known']}/{r['below']}",
             [u["id"] for u in r["unknown"]], r["notes"]) for r in level["rows"]]


def test_progress_section_figures() -> None:
    p = _data()["progress"]
    # the analysis date is the newest source's (2025-03-25): kr/3.1's quarterly values (2025-Q1, Q2) are not yet known
    assert p["as_of"] == "2025-03-25"
    assert p["rule"] == "green above 90 %, yellow above 50 %, red otherwise"
    levels = {lv["kind"]: lv for lv in p["levels"]}
    assert list(levels) == ["Theme", "SubTheme", "Milestone", "Goal"]
    assert _rows(levels["Theme"]) == [
        ("th/a", 80, "yellow", None, "2025-03-25", "1/2", ["goal/3"], []),
        ("th/b", 50, "red", None, "2025-03-25", "1/1", [], []),
    ]
    assert _rows(levels["Milestone"])[2] == (
        "ms/b2", None, None, None, "", "0/0", [], ["nothing to measure: no goal, task or key result below it"])
    assert _rows(levels["Goal"]) == [
        ("goal/1", 80, "yellow", "green", "2025-03-25", "2/2", [], ["reported green, figures say yellow"]),
        ("goal/2", 50, "red", None, "2025-03-25", "1/2", ["task/2.2"], []),
        ("goal/3", None, None, None, "", "0/2", ["kr/3.1", "kr/3.2"], []),
    ]
    assert [(x["id"], x["value"]) for x in levels["Goal"]["rows"][0]["rests_on"]] == [
        ("task/1.1", "100 %"), ("task/1.2", "60 %")]
    assert levels["Goal"]["summary"] == "2 of 3 with a figure: 0 green, 1 yellow, 1 red"
    assert [(ph["id"], ph["state"], ph["percent"], [c["id"] for c in ph["carriers"]]) for ph in p["phases"]] == [
        ("ph/1", "past", 65.0, ["p/digi", "p/polku"])]


def test_scenario_section() -> None:
    s = _data()["scenario"]
    assert [(x["project"]["id"], x["decision"]) for x in s["decisions"]] == [
        ("p/kuori", "shell project"), ("p/polku", "merge into Digital programme")]
    assert [(c["kind"], c["carried_before"], c["carried_after"], c["elements"]) for c in s["coverage"]] == [
        ("Theme", 2, 2, 2), ("SubTheme", 2, 2, 2), ("Milestone", 3, 2, 3), ("Goal", 2, 2, 3), ("Action", 2, 2, 2)]
    assert [(r["id"], [c["id"] for c in r["before"]]) for r in s["lost"]] == [("ms/b2", ["p/kuori"])]
    assert [(r["id"], r["before"], r["after"]) for r in s["grows"]] == [("p/digi", 3, 5)]
    assert (s["introduced_total"], s["resolved_total"], s["unchanged"]) == (2, 4, 14)
    assert sorted(f["rule"] for f in s["introduced"]) == ["D404", "D404"]  # ms/b2 (phase 2023-2024) is history at 2025-03-25
    assert sorted(f["rule"] for f in s["resolved"]) == ["D404", "D404", "O201", "O203"]


def test_sections_left_out_or_without_data() -> None:
    d = _data(sections=())
    assert d["progress"] is None and d["scenario"] is None
    ctx = Context(load(NO_DECISIONS), lang="en")
    d = rp.report_data(ctx, run_rules(ctx), "mini")
    assert d["scenario"] is None  # the model proposes no portfolio decision


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@needs_dot
@pytest.mark.parametrize(("lang", "progress", "scenario", "lost"), [
    ("fi", "Eteneminen", "Jos hankesalkun ehdotetut päätökset toteutetaan", "Jää ilman viimeistä kantajaansa 1"),
    ("en", "Progress", "If the proposed portfolio decisions are carried out", "Losing their last carrier 1"),
])
def test_report_cli_sections(tmp_path: Path, lang: str, progress: str, scenario: str, lost: str) -> None:
    out = tmp_path / "r"
    res = runner.invoke(app, ["report", str(V1), "-o", str(out), "--lang", lang])
    assert res.exit_code == 0, res.output
    page = (out / "index.html").read_text(encoding="utf-8")
    assert f'<section id="progress">\n  <h2>{progress}</h2>' in page
    assert f'<section id="scenario">\n  <h2>{scenario}</h2>' in page
    assert lost in _text(page)
    assert 'href="#progress"' in page and 'href="#scenario"' in page


@needs_dot
def test_report_leave_out_and_as_of(tmp_path: Path) -> None:
    out = tmp_path / "r"
    res = runner.invoke(app, ["report", str(V1), "-o", str(out), "--lang", "en", "--leave-out", "scenario",
                              "--as-of", "2025-06-30"])
    assert res.exit_code == 0, res.output
    page = (out / "index.html").read_text(encoding="utf-8")
    assert 'id="scenario"' not in page and 'href="#scenario"' not in page
    # at 2025-06-30 kr/3.1's 2025-Q2 value (70 % from a 60 % baseline to an 80 % target) is known: 50 %
    text = _text(page)
    assert "As of 2025-06-30." in text and "The client gets a solution 50 %" in text
    res = runner.invoke(app, ["report", str(V1), "-o", str(out), "--leave-out", "progress", "--leave-out", "scenario"])
    assert res.exit_code == 0, res.output
    page = (out / "index.html").read_text(encoding="utf-8")
    assert 'id="progress"' not in page and 'id="scenario"' not in page


def test_report_bad_options(tmp_path: Path) -> None:
    res = runner.invoke(app, ["report", str(V1), "-o", str(tmp_path / "r"), "--as-of", "2025-13-01"])
    assert res.exit_code == 2 and "--as-of '2025-13-01': expected a date YYYY-MM-DD" in res.output
    res = runner.invoke(app, ["report", str(V1), "-o", str(tmp_path / "r"), "--leave-out", "board"])
    assert res.exit_code == 2 and "board" in res.output
