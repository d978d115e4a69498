"""The classes of imprecision the findings review found, each fixed in general and pinned here on one model.

The fixture is a small strategy analysed at 2025-06-30 (its newest source) in which every class appears once:

* a project that ends before the work it alone carries (D402) is also the sole carrier of most of its theme
  (D404) and leaves the theme's next phase without a project (G113): both follow from the end date;
* a shell project (D405) shares an action with another project (O201): the proposed decision settles it;
* a capability only an uncarried milestone requires (G118) follows from that milestone (G103);
* a key result without a target has no baseline either (G116 follows from G117);
* every project status is two years old (C505): a flood that keeps its severity, because every portfolio
  finding rests on those statuses – the roots about those projects (D402, D405, W301) are nested under it;
* the 2024 goals are superseded by the 2025 set: their ownership, baselines and KPIs are history, and the
  2025 goals, which name themes only, get one finding for the set (G112);
* a goal whose theme the sources leave unstated is not an orphan (G111).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from strategygraph.analysis.rules.engine import Context, load_config, run_rules
from strategygraph.analysis.rules.findings import Finding
from strategygraph.cli import app
from strategygraph.core.loader import load

runner = CliRunner()

MODEL: dict[str, Any] = {
    "sources": [{"id": "s2023", "label": "Strategiakartta 2023", "date": "2023-04-06"},
                {"id": "s2025", "label": "Tilannekatsaus 2025", "date": "2025-06-30"}],
    "units": [{"id": "u1", "label": "Strategia", "unit_type": "division"},
              {"id": "u2", "label": "Terveys", "unit_type": "division"},
              {"id": "u3", "label": "Talous", "unit_type": "division"}],
    "phases": [
        {"id": "ph1", "label": "Perusta", "order": 1, "period": "2024-2025", "start_year": 2024, "end_year": 2025},
        {"id": "ph2", "label": "Jatko", "order": 2, "period": "2026-2027", "start_year": 2026, "end_year": 2027},
    ],
    "themes": [{"id": "t1", "label": "Ennakointi"}],
    "subthemes": [{"id": "t1/s", "label": "Ennakoimme", "theme": "t1"}],
    "capabilities": [{"id": "c1", "label": "Poikkeamien tunnistus"}],
    "milestones": [
        {"id": "ms1", "label": "Digipalvelut käytössä", "theme": "t1", "phase": "ph1"},
        {"id": "ms2", "label": "Poikkeamat tunnistetaan automaattisesti", "theme": "t1", "phase": "ph2",
         "requires": ["c1"]},
    ],
    "actions": [
        {"id": "t1/s/1", "label": "Asukkaiden digipalvelut", "subtheme": "t1/s",
         "implementation": [{"project": "p-digi"}], "milestones": ["ms1"]},
        {"id": "t1/s/2", "label": "Ammattilaisen työpöytä", "subtheme": "t1/s",
         "implementation": [{"project": "p-digi"}]},
        {"id": "t1/s/3", "label": "Toiminnanohjaus", "subtheme": "t1/s",
         "implementation": [{"project": "p-shell"}]},
        {"id": "t1/s/4", "label": "Asiakasvirtaus", "subtheme": "t1/s",
         "implementation": [{"project": "p-shell"}, {"project": "p-other"}]},
    ],
    "projects": [
        {"id": "p-digi", "label": "Digiohjelma", "status": "active", "start": "2023-Q1", "end": "2024-Q4",
         "source": {"doc": "s2023"}},
        {"id": "p-shell", "label": "Kuorihanke", "status": "active", "disposition": "shell",
         "start": "2023-Q1", "end": "2025-Q4", "source": {"doc": "s2023"}},
        {"id": "p-other", "label": "Sote-keskus", "status": "active", "disposition": "merge",
         "merge_into": ["p-digi"], "start": "2023-Q1", "end": "2024-Q4", "source": {"doc": "s2023"}},
    ],
    "kpis": [{"id": "k1", "label": "Hoitoonpääsy", "baselines": ["14 vrk"]},
             {"id": "k2", "label": "Läpimenoaika"}],
    "goals": [
        {"id": "g2024a", "label": "Tavoite 2024 A", "year": 2024, "theme": "t1", "serves": ["ms1"], "owner": ["u1"]},
        {"id": "g2024b", "label": "Tavoite 2024 B", "year": 2024, "theme": "t1", "serves": ["ms1"], "owner": ["u1"]},
        {"id": "g2024c", "label": "Tavoite 2024 C", "year": 2024, "theme": "t1", "serves": ["ms1"], "owner": ["u1"]},
        {"id": "g2025a", "label": "Tavoite 2025 A", "year": 2025, "theme": "t1", "owner": ["u1"], "kpis": ["k2"]},
        {"id": "g2025b", "label": "Tavoite 2025 B", "year": 2025, "owner": ["u2"], "kpis": ["k1"],
         "unstated": [{"field": "theme", "note": "Tavoitesivun otsikkorivit puuttuvat.",
                       "source": {"doc": "s2025"}}]},
        {"id": "g2025c", "label": "Tavoite 2025 C", "year": 2025, "theme": "t1", "owner": ["u3"], "kpis": ["k1"]},
    ],
    "key_results": [
        {"id": "kr1", "label": "Läpimenoaika lyhenee", "goal": "g2025a", "kpis": ["k2"]},
        {"id": "kr2024", "label": "Vanha avaintulos", "goal": "g2024a"},
    ],
}


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory) -> list[Finding]:
    d = tmp_path_factory.mktemp("precision") / "model"
    d.mkdir()
    (d / "model.yaml").write_text(yaml.safe_dump(MODEL, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return run_rules(Context(load(d), load_config(d), lang="en"))


def _one(findings: list[Finding], rule: str, subject: str | None = None) -> Finding:
    hits = [f for f in findings if f.rule == rule and (subject is None or (f.subjects and f.subjects[0] == subject))]
    assert len(hits) == 1, [(f.rule, f.subjects) for f in findings if f.rule == rule]
    return hits[0]


def test_the_end_date_is_the_root_of_the_concentration_and_the_empty_phase(findings: list[Finding]) -> None:
    d402 = _one(findings, "D402", "p-digi")
    assert d402.root == _stale(findings).id  # the end date is a fact of the out-of-date portfolio
    assert _one(findings, "D404", "p-digi").root == d402.id
    assert _one(findings, "G113", "t1").root == d402.id


def test_an_overlap_a_proposed_decision_settles_follows_from_the_decision(findings: list[Finding]) -> None:
    d405 = _one(findings, "D405", "p-shell")
    assert d405.root == _stale(findings).id and "t1/s/3" in d405.subjects
    assert _one(findings, "O201").root == d405.id


def test_a_capability_of_an_uncarried_milestone_follows_from_the_milestone(findings: list[Finding]) -> None:
    g103 = _one(findings, "G103", "ms2")
    assert _one(findings, "G118", "c1").root == g103.id


def test_a_key_result_without_target_or_baseline_is_one_root(findings: list[Finding]) -> None:
    g117 = _one(findings, "G117", "kr1")
    assert g117.root is None
    assert _one(findings, "G116", "kr1").root == g117.id


def test_superseded_goals_are_history(findings: list[Finding]) -> None:
    # u1 owns 3 of 3 goals of 2024 but only 1 of 3 of 2025: no concentration; kr2024 needs no target now
    assert not [f for f in findings if f.rule == "W303"]
    assert not [f for f in findings if f.rule in ("G116", "G117") and "kr2024" in f.subjects]


def test_the_current_goals_naming_no_milestone_is_one_finding(findings: list[Finding]) -> None:
    g112 = _one(findings, "G112")
    assert g112.subjects == ["g2025a", "g2025b", "g2025c"] and g112.root is None
    assert g112.evidence["earlier_year"] == 2024 and g112.evidence["earlier_served"] == ["ms1"]
    assert g112.affected == ["ms1", "ms2"]  # ms1's phase 2024-2025 is current at 2025-06-30
    assert "None of the 3 binding goals of 2025 names a roadmap milestone" in g112.message


def test_a_theme_the_sources_leave_unstated_is_not_an_orphan(findings: list[Finding]) -> None:
    assert not [f for f in findings if f.rule == "G111"]


def _stale(findings: list[Finding]) -> Finding:
    return next(f for f in findings if f.rule == "C505" and f.root is None)


def test_stale_statuses_of_the_whole_portfolio_keep_their_severity(findings: list[Finding]) -> None:
    group = _stale(findings)
    assert group.severity == "warning" and group.evidence["count"] == 3 and group.evidence["of"] == 3
    assert "bring them up to date before acting on the findings that rest on them" in group.message
    # the roots about those projects wait for the update: nested under it, and named in its message
    resting = sorted((f.rule, f.subjects[0] if f.subjects else "") for f in findings if f.root == group.id
                     and f.rule != "C505")
    assert resting == [("D402", "p-digi"), ("D405", "p-shell"), ("W301", "p-shell")]  # p-digi, p-other ended
    assert "3 findings about them rest on these facts: D402 p-digi, D405 p-shell, W301 p-shell" in group.message


def test_unstated_must_name_a_field_of_the_kind(tmp_path: Path) -> None:
    bad = {**MODEL, "goals": [{"id": "g", "label": "Tavoite", "year": 2025, "unstated": [{"field": "teema"}]}],
           "key_results": []}
    d = tmp_path / "model"
    d.mkdir()
    text = yaml.safe_dump(bad, allow_unicode=True, sort_keys=False)
    (d / "model.yaml").write_text(text, encoding="utf-8")
    res = runner.invoke(app, ["validate", str(d), "--format", "json"])
    assert res.exit_code == 2 and "Traceback" not in res.output
    errors = json.loads(res.stdout)["errors"]
    hit = next(e for e in errors if e["path"].startswith("goals[0] (g)"))
    assert "'teema' is not a field of Goal" in hit["message"] and "theme" in hit["message"]
    goal_line = next(i + 1 for i, s in enumerate(text.splitlines()) if s.strip() == "- id: g")
    assert hit["file"].endswith("model.yaml") and goal_line <= hit["line"] <= goal_line + 4
