"""The progress rules (C506–C508) in the whole engine: messages, nesting under C503, one root for a flood."""

from __future__ import annotations

from pathlib import Path

import yaml

from strategygraph.analysis.rules.engine import Config, Context, run_rules, select_rules
from strategygraph.core.loader import load

BASE = {
    "sources": [{"id": "r2025", "label": "Raportti 2025", "date": "2025-06-30"},
                {"id": "r2024", "label": "Raportti 2024", "date": "2024-01-31"}],
}


def _run(tmp_path: Path, model: dict, lang: str = "en", codes: tuple[str, ...] = ("C503", "C506", "C507", "C508")
         ) -> list:
    folder = tmp_path / "model"
    folder.mkdir(parents=True)
    (folder / "m.yaml").write_text(yaml.safe_dump({**BASE, **model}, allow_unicode=True), encoding="utf-8")
    ctx = Context(load(folder), Config(), lang=lang)
    return run_rules(ctx, [r for r in select_rules() if r.code in codes])


def test_green_goal_with_unfinished_tasks_nests_under_c503(tmp_path: Path) -> None:
    model = {
        "goals": [{"id": "g1", "label": "Vastaanotto", "year": 2025, "status": "green"},
                  {"id": "g2", "label": "Johtaminen", "year": 2025, "status": "green"}],
        "tasks": [{"id": "t1", "label": "Kanavat", "goal": "g1", "completion": 40},
                  {"id": "t2", "label": "Ensikontakti", "goal": "g1", "completion": 60},
                  {"id": "t3", "label": "Käytännöt", "goal": "g2", "status": "red"},
                  {"id": "t4", "label": "Mittari", "goal": "g2", "status": "green"},
                  {"id": "t5", "label": "Raportti", "goal": "g2", "status": "yellow"}],
    }
    found = [(f.rule, f.subjects, f.message, f.root) for f in _run(tmp_path, model)]
    c503 = next(f for f in _run(tmp_path / "again", model) if f.rule == "C503")
    assert found == [
        ("C503", ["g1"], "Goal Vastaanotto (g1) is reported green, but its tasks are 50 % complete on average "
                         "(that is red)", None),
        ("C506", ["g1"], "Goal Vastaanotto (g1) is reported green, but 2 of its 2 tasks with a known state are "
                         "not on track: Kanavat (t1), Ensikontakti (t2)", c503.id),
        # g2's tasks have no completion, so C503 cannot see it: C506 is its root
        ("C506", ["g2"], "Goal Johtaminen (g2) is reported green, but 2 of its 3 tasks with a known state are "
                         "not on track: Käytännöt (t3), Raportti (t5)", None),
    ]


def test_messages_in_finnish(tmp_path: Path) -> None:
    model = {
        "goals": [{"id": "g1", "label": "Vastaanotto", "year": 2024, "due": "2024-12"},
                  {"id": "g2", "label": "Johtaminen", "year": 2025, "status": "green", "source": {"doc": "r2024"}}],
        "key_results": [{"id": "kr1", "label": "Ensikontakti", "goal": "g1"}],
        "kpis": [{"id": "k1", "label": "Jonotus", "targets": [{"value": "10", "number": 10, "due": "2024"}]}],
    }
    msgs = sorted((f.rule, f.message) for f in _run(tmp_path, model, "fi"))
    assert msgs == [
        ("C507", "Mittari Jonotus (k1): tavoitetason määräaika oli 31.12.2024, mutta mitattua arvoa ei ole kirjattu"),
        ("C507", "Tavoite Vastaanotto (g1): 1 avaintuloksen määräaika (31.12.2024) on ohi, eikä mitattua arvoa ole: "
                 "Ensikontakti (kr1)"),
        ("C508", "Tavoitteen Johtaminen (g2) uusin etenemistieto on 31.1.2024, 17 kuukautta ennen analyysipäivää "
                 "30.6.2025"),
    ]


def test_stale_progress_on_every_goal_is_one_root(tmp_path: Path) -> None:
    """When every open goal's progress is old, that is one practice to change, not six findings."""
    model = {"goals": [{"id": f"g{i}", "label": f"Tavoite {i}", "year": 2025, "status": "yellow",
                        "source": {"doc": "r2024"}} for i in range(1, 7)]}
    findings = _run(tmp_path, model)
    roots = [f for f in findings if f.root is None]
    assert len(findings) == 7 and len(roots) == 1
    assert roots[0].rule == "C508" and roots[0].severity == "info"
    assert roots[0].message.startswith("6 of 6 goals: An open goal whose newest progress fact is older than a set "
                                       "age at the analysis date – all of them")
    assert all(f.root == roots[0].id for f in findings if f is not roots[0])
