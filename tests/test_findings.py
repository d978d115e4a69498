"""Findings as a planner reads them: root causes, floods, ranking, ids, locations, formats and languages.

The fixture model below has one cause of each kind the grouping knows, with exact expected roots:

* ``p-planned`` (planned) is the only project of theme ``t-lead``: the theme (G101), its sub-theme (G102),
  the elements resting on it (G119) and the theme's phases (G113) all follow from the project (D403);
* none of the five projects has an owner: one W301 root lists them (a practice, so it drops to info);
* ``p-old`` ends before the milestone it alone carries is due (D402), ``p-a``/``p-b`` share work (O201).
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from strategygraph.analysis.rules.engine import (
    DEFAULTS,
    Context,
    all_rules,
    load_config,
    run_rules,
)
from strategygraph.cli import app
from strategygraph.core.loader import load

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()

MODEL: dict[str, Any] = {
    "sources": [{"id": "src", "label": "Strategia 2024", "date": "2024-06-30"}],
    "units": [{"id": "u1", "label": "Talous", "unit_type": "division"}],
    "phases": [
        {"id": "ph1", "label": "Perusta", "order": 1, "period": "2024-2025", "start_year": 2024, "end_year": 2025},
        {"id": "ph2", "label": "Jatko", "order": 2, "period": "2026-2027", "start_year": 2026, "end_year": 2027},
    ],
    "themes": [{"id": "t-lead", "label": "Johtaminen"}, {"id": "t-care", "label": "Hoito"}],
    "subthemes": [{"id": "t-lead/s", "label": "Johdamme", "theme": "t-lead"},
                  {"id": "t-care/s", "label": "Hoidamme", "theme": "t-care"}],
    "milestones": [
        {"id": "ms-lead", "label": "Johtamismalli käytössä", "theme": "t-lead", "phase": "ph1"},
        {"id": "ms-care", "label": "Hoitopolut käytössä", "theme": "t-care", "phase": "ph1"},
        {"id": "ms-late", "label": "Hoitopolut vakiintuneet", "theme": "t-care", "phase": "ph2"},
    ],
    "actions": [
        {"id": "t-lead/s/1", "label": "Johtamisen periaatteet", "subtheme": "t-lead/s",
         "implementation": [{"project": "p-planned"}], "milestones": ["ms-lead"]},
        {"id": "t-lead/s/2", "label": "Lähijohtajan rooli", "subtheme": "t-lead/s",
         "implementation": [{"project": "p-planned"}]},
        {"id": "t-care/s/1", "label": "Hoitopolkujen kuvaus", "subtheme": "t-care/s",
         "implementation": [{"project": "p-a"}, {"project": "p-b"}], "milestones": ["ms-care"]},
        {"id": "t-care/s/2", "label": "Hoitopolkujen vakiinnutus", "subtheme": "t-care/s",
         "implementation": [{"project": "p-old"}], "milestones": ["ms-late"]},
    ],
    "projects": [
        {"id": "p-planned", "label": "Johtamisen tiekartta", "status": "planned", "steered_under": ["t-lead"],
         "source": {"doc": "src"}},
        {"id": "p-a", "label": "Hanke A", "status": "active", "end": "2027-Q4"},
        {"id": "p-b", "label": "Hanke B", "status": "active", "end": "2027-Q4"},
        {"id": "p-old", "label": "Vanha hanke", "status": "active", "start": "2023", "end": "2025-Q4"},
        {"id": "p-x", "label": "Hanke X", "status": "active", "steered_under": ["t-care"]},
    ],
    "kpis": [{"id": f"k-{t}-{p}", "label": f"{t}{p}", "themes": [t], "perspective": p}
             for t in ("t-lead", "t-care") for p in ("customer-experience", "personnel-experience",
                                                     "finance-efficiency", "impact")],
}
#: the fixture has no binding goals (G112 would list every milestone) and p-old is the only carrier of half
#: the care theme (not what these tests are about)
CONFIG = 'ignore = ["G112"]\nspof_min_share = 0.6\n'


@pytest.fixture()
def model_dir(tmp_path: Path) -> Path:
    d = tmp_path / "model"
    d.mkdir()
    (d / "model.yaml").write_text(yaml.safe_dump(MODEL, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (d / "strategygraph.toml").write_text(CONFIG, encoding="utf-8")
    return d


def _run(model_dir: Path, lang: str = "en", **config: Any) -> list[Any]:
    return run_rules(Context(load(model_dir), load_config(model_dir).with_overrides(**config), lang=lang))


def test_roots_and_their_consequences(model_dir: Path) -> None:
    findings = _run(model_dir)
    by_id = {f.id: f for f in findings}
    roots = {(f.rule, tuple(f.subjects[:1])) for f in findings if f.root is None}
    assert roots == {("D403", ("p-planned",)), ("W301", ()), ("D402", ("p-old",)), ("O201", ("p-a",))}
    d403 = next(f for f in findings if f.rule == "D403")
    under = sorted((f.rule, f.subjects[0]) for f in findings if f.root is not None and _top(f, by_id) == d403.id)
    assert under == [("G101", "t-lead"), ("G102", "t-lead/s"), ("G113", "t-lead"),
                     ("G119", "ms-lead"), ("G119", "t-lead/s/1"), ("G119", "t-lead/s/2")]
    # the theme's phase follows from the theme, the theme from the project
    g113 = next(f for f in findings if f.rule == "G113")
    g101 = next(f for f in findings if f.rule == "G101")
    assert g113.root == g101.id and g101.root == d403.id
    # a root is as severe as its worst consequence (the uncarried theme is an error)
    assert d403.severity == "error" and d403.children == 6
    assert set(d403.affected) >= {"p-planned", "t-lead", "t-lead/s", "ms-lead", "t-lead/s/1", "t-lead/s/2"}


def test_owner_less_set_is_one_root_at_a_planners_severity(model_dir: Path) -> None:
    findings = _run(model_dir)
    w301 = [f for f in findings if f.rule == "W301"]
    root = next(f for f in w301 if f.root is None)
    assert not root.subjects and sorted(root.affected) == ["p-a", "p-b", "p-old", "p-planned", "p-x"]
    assert root.evidence["count"] == 5 and root.evidence["of"] == 5
    # every project lacks one: a practice to change, so the root and its items drop from warning to info
    assert root.severity == "info" and all(f.severity == "info" for f in w301)
    assert sorted(f.subjects[0] for f in w301 if f.root == root.id) == ["p-a", "p-b", "p-old", "p-planned", "p-x"]


def test_a_few_findings_of_a_rule_stay_separate(model_dir: Path) -> None:
    findings = _run(model_dir, group_min_findings=6)
    assert sum(1 for f in findings if f.rule == "W301" and f.root is None) == 5


def test_ranking(model_dir: Path) -> None:
    """Roots come first in score order, each followed by its consequences; the score follows its formula."""
    findings = _run(model_dir)
    roots = [f for f in findings if f.root is None]
    assert [f.rule for f in roots] == ["D403", "O201", "D402", "W301"]
    assert [f.score for f in roots] == sorted((f.score for f in roots), reverse=True)
    # D402: warning (4) × (1 + log2(1 + 2 affected)) × 1.0 (phase 2026-2027, over a year after 2024-06-30)
    d402 = roots[2]
    assert d402.affected == ["p-old", "ms-late"] and d402.score == pytest.approx(4 * (1 + math.log2(3)), abs=0.01)
    # consequences follow their root directly
    i = findings.index(roots[0])
    assert all(f.root is not None for f in findings[i + 1: i + 1 + roots[0].children])


def test_as_of_moves_nearness(model_dir: Path) -> None:
    ctx = Context(load(model_dir), load_config(model_dir), lang="en")
    assert ctx.as_of.isoformat() == "2024-06-30"  # the newest source
    from datetime import date

    ctx.as_of = date(2026, 6, 1)  # the late phase is now current: nearness 1.5
    d402 = next(f for f in run_rules(ctx) if f.rule == "D402")
    assert d402.score == pytest.approx(4 * (1 + math.log2(3)) * 1.5, abs=0.01)


def test_ids_are_stable_and_unique(model_dir: Path) -> None:
    a = [f.id for f in _run(model_dir)]
    b = [f.id for f in _run(model_dir, lang="fi")]
    assert a == b and len(set(a)) == len(a)
    assert all(re.fullmatch(r"[A-Z]\d{3}-[0-9a-f]{10}", i) for i in a)


def test_location_is_the_primary_subjects_yaml_position(model_dir: Path) -> None:
    findings = _run(model_dir)
    d402 = next(f for f in findings if f.rule == "D402")
    loc = d402.location
    lines = (model_dir / "model.yaml").read_text(encoding="utf-8").splitlines()
    assert loc["file"].endswith("model.yaml")
    assert lines[loc["line"] - 1][loc["column"] - 1:].startswith("id: p-old")


def test_finnish_output_has_no_english_messages(model_dir: Path) -> None:
    en = _run(model_dir, lang="en")
    fi = _run(model_dir, lang="fi")
    english = re.compile(r"\b(is|the|by|has|no|project|ends|rest|only|carried|overlap)\b")
    for e, f in zip(en, fi, strict=True):
        assert e.id == f.id and e.message != f.message and e.fix != f.fix
        assert not english.search(f.message.replace(f.subjects[0] if f.subjects else "", "")), f.message
        assert not english.search(f.fix), f.fix


def test_every_text_has_both_languages_with_the_same_placeholders() -> None:
    from string import Formatter

    from strategygraph.analysis.rules.messages import MESSAGES

    for key, texts in MESSAGES.items():
        assert set(texts) == {"fi", "en"}, key
        names = [{n for _, n, _, _ in Formatter().parse(texts[lang]) if n} for lang in ("fi", "en")]
        assert names[0] == names[1], key


def test_every_configuration_key_is_documented() -> None:
    """A key belongs to a rule's Options section or to the README's configuration section."""
    documented = {k for r in all_rules() for k in r.options()}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Configuration", 1)[1].split("\n## ", 1)[0] if "### Configuration" in readme else ""
    documented |= {k for k in DEFAULTS if f"`{k}`" in section}
    assert set(DEFAULTS) <= documented, f"undocumented: {sorted(set(DEFAULTS) - documented)}"


# ------------------------------------------------------------------ formats
def test_text_output_is_one_line_per_root(model_dir: Path) -> None:
    res = runner.invoke(app, ["check", str(model_dir), "--lang", "en"])
    lines = res.stdout.splitlines()
    assert res.exit_code == 1  # the uncarried theme is an error
    assert re.match(r"^\S+model\.yaml:\d+:\d+: D403 \[error\] 3 element\(s\) rest on project", lines[0]), lines[0]
    assert "(+6 consequences)" in lines[0]
    assert len([x for x in lines if re.match(r"^\S+:\d+:\d+: ", x)]) == 4
    assert "4 root findings (errors 1, warnings 2, info 1); 16 findings in all" in res.stdout
    full = runner.invoke(app, ["check", str(model_dir), "--lang", "en", "--all"]).stdout
    assert len([x for x in full.splitlines() if re.search(r"\d+:\d+: [A-Z]\d{3} ", x)]) == 16
    shown = runner.invoke(app, ["check", str(model_dir), "--lang", "en", "--show", "affected"]).stdout
    assert "    affects: p-planned" in shown and "    ↳ " in shown


def test_sarif_validates_against_the_official_schema(model_dir: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    res = runner.invoke(app, ["check", str(model_dir), "--format", "sarif", "--all"])
    log = json.loads(res.stdout)
    jsonschema.validate(log, schema)
    results = log["runs"][0]["results"]
    assert len(results) == 16
    d403 = next(r for r in results if r["ruleId"] == "D403")
    assert d403["level"] == "error" and d403["locations"][0]["physicalLocation"]["region"]["startColumn"] == 3
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert rules[d403["ruleIndex"]]["id"] == "D403"


def test_github_annotations(model_dir: Path) -> None:
    out = runner.invoke(app, ["check", str(model_dir), "--format", "github", "--lang", "en"]).stdout.splitlines()
    assert len(out) == 4
    assert re.match(r"^::error file=\S+model\.yaml,line=\d+,col=3,title=D403 dependency\.rests-on-non-carrying::3 "
                    r"element", out[0]), out[0]
    assert any(x.startswith("::notice ") for x in out)


def test_baseline_end_to_end(model_dir: Path, tmp_path: Path) -> None:
    base = tmp_path / "baseline.json"
    res = runner.invoke(app, ["check", str(model_dir), "--format", "json", "-o", str(base)])
    assert res.exit_code == 1
    # nothing new: exit 0 and nothing listed
    res = runner.invoke(app, ["check", str(model_dir), "--baseline", str(base), "--lang", "en"])
    assert res.exit_code == 0 and "0 new findings" in res.stdout
    # a change to the model: a new project without an owner and work it alone carries, ending too early
    data = yaml.safe_load((model_dir / "model.yaml").read_text(encoding="utf-8"))
    data["projects"].append({"id": "p-new", "label": "Uusi", "status": "active", "end": "2024-Q4"})
    data["actions"].append({"id": "t-care/s/3", "label": "Uusi työ", "subtheme": "t-care/s", "due": "2026",
                            "implementation": [{"project": "p-new"}]})
    (model_dir / "model.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    res = runner.invoke(app, ["check", str(model_dir), "--baseline", str(base), "--format", "json"])
    new = json.loads(res.stdout)["findings"]
    assert sorted((f["rule"], f["subjects"][0]) for f in new) == [("D402", "p-new"), ("W301", "p-new")]
    assert res.exit_code == 0  # warnings and infos only
    res = runner.invoke(app, ["check", str(model_dir), "--baseline", str(base), "--lang", "en"])
    assert "2 new findings" in res.stdout and "D402 [warning] Project Uusi (p-new) ends 2024-Q4" in res.stdout


@pytest.mark.parametrize("content, message", [
    ("{not json", "not a JSON file"),
    ('{"findings": [{"rule": "G101"}]}', "have no 'id'"),
    ('[1, 2]', "expected the output of 'strategygraph check --format json'"),
])
def test_bad_baseline_is_a_clear_error(model_dir: Path, tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    res = runner.invoke(app, ["check", str(model_dir), "--baseline", str(bad)])
    assert res.exit_code == 2 and message in res.stderr and "Traceback" not in res.output


def test_bad_as_of_is_a_clear_error(model_dir: Path) -> None:
    res = runner.invoke(app, ["check", str(model_dir), "--as-of", "2024-13-01"])
    assert res.exit_code == 2 and "--as-of '2024-13-01': expected a date YYYY-MM-DD" in res.stderr


def _top(f: Any, by_id: dict[str, Any]) -> str:
    while f.root is not None:
        f = by_id[f.root]
    return str(f.id)


def test_as_of_tells_past_current_and_future_phases(model_dir: Path) -> None:
    def g113(*extra: str) -> list[str]:
        out = runner.invoke(app, ["check", str(model_dir), "--lang", "en", "--all", "--format", "json", *extra])
        return sorted(f["message"].rsplit("(", 1)[1] for f in json.loads(out.stdout)["findings"] if f["rule"] == "G113")

    assert g113() == ["2024-2025, current)"]  # the analysis date defaults to the newest source: 2024-06-30
    assert g113("--as-of", "2026-03-01") == ["2024-2025, past)"]
    assert g113("--as-of", "2023-03-01") == ["2024-2025, future)"]


def test_a_goal_serving_an_uncarried_milestone_nests_under_it(tmp_path: Path) -> None:
    """A goal no project and no unit carries, serving a milestone nobody carries, follows from the milestone;
    a goal with an owning unit is carried by that unit, and so is the milestone it serves: no finding."""
    model = {
        "sources": [{"id": "src", "label": "Strategia", "date": "2024-06-30"}],
        "units": [{"id": "u1", "label": "Talous", "unit_type": "division"}],
        "phases": [{"id": "ph1", "label": "Perusta", "order": 1, "period": "2024", "start_year": 2024,
                    "end_year": 2024}],
        "themes": [{"id": "t1", "label": "Teema"}],
        "milestones": [{"id": "ms1", "label": "Virstanpylväs", "theme": "t1", "phase": "ph1"},
                       {"id": "ms2", "label": "Toinen", "theme": "t1", "phase": "ph1"}],
        "projects": [{"id": "p1", "label": "Hanke", "status": "active", "steered_under": ["t1"], "owner": ["u1"]}],
        "goals": [{"id": "g1", "label": "Tavoite ilman omistajaa", "year": 2024, "serves": ["ms1"]},
                  {"id": "g2", "label": "Tavoite omistajineen", "year": 2024, "serves": ["ms2"], "owner": ["u1"]}],
    }
    d = tmp_path / "m"
    d.mkdir()
    (d / "model.yaml").write_text(yaml.safe_dump(model, allow_unicode=True), encoding="utf-8")
    findings = run_rules(Context(load(d), load_config(d).with_overrides(select=["G103", "G106"]), lang="en"))
    g103 = next(f for f in findings if f.rule == "G103")
    g106 = [f for f in findings if f.rule == "G106"]
    assert [f.subjects for f in g106] == [["g1"]] and g106[0].root == g103.id and g103.root is None
    assert [f.subjects for f in findings if f.rule == "G103"] == [["ms1"]]  # ms2 is carried by g2's owner
