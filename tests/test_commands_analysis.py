"""End-to-end tests of the planner/PMO commands: check, coverage, overlaps, impact, rules, explain."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strategygraph.analysis.rules import all_rules
from strategygraph.cli import app

runner = CliRunner()
MINI = Path(__file__).parent / "fixtures" / "mini"
OMAHAME = Path(__file__).resolve().parents[1] / "model"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    d = tmp_path / "mini"
    shutil.copytree(MINI, d)
    return d


def run_json(args: list[str]) -> tuple[int, dict]:
    res = runner.invoke(app, args)
    return res.exit_code, json.loads(res.stdout)


def test_check_json_contract(mini):
    code, data = run_json(["check", str(mini), "--format", "json"])
    assert code == 0  # the fixture has warnings and infos, no errors
    assert set(data) == {"findings", "summary"}
    f = data["findings"][0]
    assert set(f) == {"rule", "name", "category", "severity", "subjects", "message", "evidence", "accepted",
                      "id", "root", "affected", "affected_count", "children", "score", "location", "fix"}
    ids = {x["id"] for x in data["findings"]}
    assert len(ids) == len(data["findings"])
    for x in data["findings"]:
        assert x["root"] is None or x["root"] in ids
        assert x["affected_count"] == len(x["affected"]) and x["fix"].strip()
        assert x["location"] is None or set(x["location"]) == {"file", "line", "column"}
    assert data["summary"]["roots"] == sum(1 for x in data["findings"] if x["root"] is None)
    s = data["summary"]
    assert sum(s["by_category"].values()) == sum(s["by_severity"].values()) == len(data["findings"]) == s["total"]
    assert set(s["by_category"]) == {"gap", "overlap", "ownership", "dependency", "consistency"}
    codes = {r.code for r in all_rules()}
    assert all(f["rule"] in codes for f in data["findings"])


def test_fail_on_levels(mini):
    assert runner.invoke(app, ["check", str(mini)]).exit_code == 0
    assert runner.invoke(app, ["check", str(mini), "--fail-on", "warning"]).exit_code == 1
    assert runner.invoke(app, ["check", str(mini), "--fail-on", "info"]).exit_code == 1
    assert runner.invoke(app, ["check", str(mini), "--fail-on", "never", "--select", "gap"]).exit_code == 0


def test_fail_on_from_configuration_file(mini):
    (mini / "strategygraph.toml").write_text('fail_on = "warning"\n')
    assert runner.invoke(app, ["check", str(mini)]).exit_code == 1
    assert runner.invoke(app, ["check", str(mini), "--fail-on", "error"]).exit_code == 0


def test_select_and_ignore(mini):
    _, data = run_json(["check", str(mini), "-f", "json", "--select", "gap"])
    assert data["findings"] and {f["category"] for f in data["findings"]} == {"gap"}
    _, data = run_json(["check", str(mini), "-f", "json", "--select", "W301,W302"])
    assert {f["rule"] for f in data["findings"]} == {"W301", "W302"}
    _, data = run_json(["check", str(mini), "-f", "json", "--ignore", "gap", "--ignore", "overlap"])
    assert not {f["category"] for f in data["findings"]} & {"gap", "overlap"}
    res = runner.invoke(app, ["check", str(mini), "--select", "X999"])
    assert res.exit_code == 2 and "no rule matches 'X999'" in res.stderr


def test_accepted_findings_stay_visible_and_do_not_fail(mini):
    code, data = run_json(["check", str(mini), "-f", "json", "--select", "W301", "--fail-on", "warning"])
    assert code == 1
    target = data["findings"][0]
    (mini / "accepted.yaml").write_text(
        "accepted:\n" + "".join(
            f"  - rule: {f['rule']}\n    subjects: {json.dumps(f['subjects'])}\n"
            f"    reason: PMO päätös 1.2.2025\n    date: 2025-02-01\n" for f in data["findings"]),
        encoding="utf-8")
    code, data2 = run_json(["check", str(mini), "-f", "json", "--select", "W301", "--fail-on", "warning"])
    assert code == 0
    assert len(data2["findings"]) == len(data["findings"])
    again = next(f for f in data2["findings"] if f["subjects"] == target["subjects"])
    assert again["accepted"] == {"reason": "PMO päätös 1.2.2025", "date": "2025-02-01"}
    assert data2["summary"]["accepted"] == len(data["findings"])


def test_set_and_carrying_override(mini):
    _, base = run_json(["check", str(mini), "-f", "json", "--select", "G119"])
    _, wider = run_json(["check", str(mini), "-f", "json", "--select", "G119",
                         "--carrying", "active,planned,proposed,pending-decision,ended"])
    assert len(wider["findings"]) < len(base["findings"]) or not base["findings"]
    res = runner.invoke(app, ["check", str(mini), "--set", "overlap_min_score=2"])
    assert res.exit_code == 2 and "overlap_min_score" in res.stderr
    res = runner.invoke(app, ["check", str(mini), "--carrying", "running"])
    assert res.exit_code == 2 and "carrying_statuses" in res.stderr
    res = runner.invoke(app, ["check", str(mini), "--set", "nonsense"])
    assert res.exit_code == 2 and "KEY=VALUE" in res.stderr


def test_markdown_and_text_output(mini, tmp_path):
    res = runner.invoke(app, ["check", str(mini), "-f", "markdown"])
    assert res.exit_code == 0 and res.stdout.startswith("# strategygraph check:")
    assert "| severity | rule | subjects | message |" in res.stdout
    out = tmp_path / "check.txt"
    res = runner.invoke(app, ["check", str(mini), "-o", str(out), "--lang", "en"])
    text = out.read_text(encoding="utf-8")
    assert res.exit_code == 0 and "root findings (errors" in text
    first = text.splitlines()[0]
    assert re.match(r"^\S+\.yaml:\d+:\d+: [A-Z]\d{3} \[(error|warning|info)\] ", first), first


@pytest.mark.parametrize("by", ["theme", "subtheme", "milestone", "goal", "capability", "action"])
def test_coverage_json_rows_uncarried_first(mini, by):
    code, data = run_json(["coverage", str(mini), "--by", by, "-f", "json"])
    assert code == 0
    flags = [bool(r["carriers"]) for r in data["rows"]]
    assert flags == sorted(flags)  # uncarried (False) rows come first
    ids = {p["id"] for p in data["projects"]}
    for r in data["rows"]:
        assert set(r["cells"]) <= ids and all(v > 0 for v in r["cells"].values())
        assert set(r["carriers"]) <= {p["id"] for p in data["projects"] if p["carrying"]}


def test_coverage_csv_table_and_xlsx(mini, tmp_path):
    res = runner.invoke(app, ["coverage", str(mini), "--by", "action", "-f", "csv"])
    header = res.stdout.splitlines()[0].split(",")
    assert header[:2] == ["id", "label"] and header[-2:] == ["carriers", "other_carriers"]
    assert runner.invoke(app, ["coverage", str(mini)]).exit_code == 0
    res = runner.invoke(app, ["coverage", str(mini), "-f", "xlsx"])
    assert res.exit_code == 2 and "--output" in res.stderr
    out = tmp_path / "c.xlsx"
    assert runner.invoke(app, ["coverage", str(mini), "-f", "xlsx", "-o", str(out), "--by", "subtheme"]).exit_code == 0
    from openpyxl import load_workbook

    ws = load_workbook(out).active
    assert ws.freeze_panes == "C2" and ws.auto_filter.ref and ws["A1"].value == "tunniste"  # --lang fi (default)


def test_overlaps_and_impact(mini):
    code, data = run_json(["overlaps", str(mini), "-f", "json"])
    assert code == 0
    for p in data["pairs"]:
        assert len(p["projects"]) == 2 and p["shared"] and 0 < p["rank"] and 0 <= p["containment"] <= 1
        assert set(p["state"]) == set(p["projects"]) and p["decision"].strip()
        assert all(s["weight"] > 0 and s["items"] for s in p["shared"])
    ranks = [p["rank"] for p in data["pairs"]]
    assert ranks == sorted(ranks, reverse=True)
    project = next(iter(json.loads(runner.invoke(app, ["coverage", str(mini), "-f", "json"]).stdout)["projects"]))["id"]
    code, imp = run_json(["impact", project, str(mini), "-f", "json"])
    assert code == 0 and imp["project"] == project and project in imp["stopped"]
    res = runner.invoke(app, ["impact", "digiohjelmaa", str(mini)])
    assert res.exit_code == 2 and "unknown project" in res.stderr


def test_rules_and_explain():
    res = runner.invoke(app, ["rules", "-f", "json"])
    rules = json.loads(res.stdout)
    assert len(rules) == len(all_rules()) and all(r["summary"] for r in rules)
    res = runner.invoke(app, ["explain", "g101"])
    assert res.exit_code == 0
    for section in ("What it finds", "Why it matters", "How to fix", "Example"):
        assert section in res.stdout
    res = runner.invoke(app, ["explain", "G10"])
    assert res.exit_code == 2 and "did you mean" in res.stderr


def test_every_rule_documented_in_readme():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for r in all_rules():
        assert r.code in readme, f"README does not list rule {r.code}"
    for cmd in ("validate", "export", "query", "check", "coverage", "overlaps", "impact", "rules", "explain"):
        assert f"### {cmd}" in readme or f"strategygraph {cmd}" in readme


# ---------------------------------------------------------------- the real model
def test_check_runs_on_the_oma_hame_model():
    code, data = run_json(["check", str(OMAHAME), "-f", "json", "--fail-on", "never"])
    assert code == 0
    by_rule = {}
    for f in data["findings"]:
        by_rule.setdefault(f["rule"], []).append(f["subjects"])
    # facts of the sources the analyzer must find by itself
    # two of the trust theme's three sub-themes rest only on a planned or proposed project
    assert ["luottamus/johdamme-systemaattisesti-ja-tavoitteellisesti"] in by_rule["G102"]
    assert ["luottamus"] in by_rule["G114"]  # the KPI matrix has no impact KPI for the trust theme
    assert any(s[0] == "johtamisen-tiekartta" for s in by_rule["D403"])
    assert ["assi"] in by_rule["W301"]  # the portfolio table names no owners (assi runs to 2027)
    assert ["syli", "tulevaisuuden-sote-keskus"] in by_rule["O201"]


def test_readme_rule_table_is_generated_from_the_registry():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- rules:start", 1)[1].split("-->", 1)[1].split("<!-- rules:end -->", 1)[0]
    res = runner.invoke(app, ["rules", "--format", "markdown"])
    assert block.strip() == res.stdout.strip(), "regenerate the README table: strategygraph rules -f markdown"
