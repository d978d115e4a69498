"""Synthetic models: valid, deterministic, and `check` finds exactly the planted problems.

Recall: every planted problem is reported by its rule. Precision: in a clean model the
planted-problem rules report nothing, and in a planted one they report nothing that was
not planted. No timing here (see benchmarks/ for that).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from strategygraph.analysis.rules.engine import Context, run_rules, select_rules
from strategygraph.cli import app
from strategygraph.core.loader import load
from strategygraph.core.schema import KINDS
from strategygraph.core.synth import PLANTED_RULES, count_entities, generate

runner = CliRunner()
SIZE = 300


def write_model(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def explains(planted: dict[str, Any], finding: Any) -> bool:
    return finding.rule == planted["rule"] and set(planted["subjects"]) <= set(finding.subjects)


@pytest.fixture(scope="module", params=[0, 7])
def planted_model(request, tmp_path_factory):
    files, planted = generate(SIZE, seed=request.param)
    d = write_model(tmp_path_factory.mktemp("planted") / "model", files)
    return load(d), planted


@pytest.fixture(scope="module", params=[0, 7])
def clean_model(request, tmp_path_factory):
    files, planted = generate(SIZE, seed=request.param, plant=False)
    assert planted == []
    return load(write_model(tmp_path_factory.mktemp("clean") / "model", files))


def test_every_planted_rule_has_a_problem_and_rules_exist(planted_model):
    _, planted = planted_model
    assert {p["rule"] for p in planted} == set(PLANTED_RULES)
    assert {r.code for r in select_rules(PLANTED_RULES)} == set(PLANTED_RULES)
    for p in planted:
        assert p["subjects"] and p["what"]


def test_recall_every_planted_problem_is_found(planted_model):
    model, planted = planted_model
    findings = run_rules(Context(model), select_rules(PLANTED_RULES))
    missed = [p for p in planted if not any(explains(p, f) for f in findings)]
    assert missed == []


def test_precision_nothing_found_that_was_not_planted(planted_model):
    model, planted = planted_model
    findings = run_rules(Context(model), select_rules(PLANTED_RULES))
    extra = [(f.rule, f.subjects) for f in findings if not any(explains(p, f) for p in planted)]
    assert extra == []


def test_precision_clean_model_has_no_finding(clean_model):
    findings = run_rules(Context(clean_model), select_rules(PLANTED_RULES))
    assert [(f.rule, f.subjects, f.message) for f in findings] == []


def test_labels_do_not_trigger_near_duplicates(clean_model):
    assert run_rules(Context(clean_model), select_rules(["O204"])) == []


def test_model_is_valid_and_has_every_kind(clean_model):
    counts = clean_model.counts()
    assert set(counts) == set(KINDS)
    assert all(n > 0 for n in counts.values()), counts
    assert 0.75 * SIZE <= len(clean_model) <= 1.25 * SIZE
    # realistic proportions: three sub-themes per theme, tasks and key results outnumber goals
    assert counts["SubTheme"] == 3 * counts["Theme"]
    assert counts["Task"] > counts["KeyResult"] > counts["Goal"] > counts["Theme"]
    assert clean_model.link_count() > len(clean_model)


def test_model_conforms_to_the_shacl_shapes(clean_model):
    pytest.importorskip("pyshacl")
    from strategygraph.rdf.mapping import to_rdf
    from strategygraph.rdf.ontology import validate_shapes

    conforms, text = validate_shapes(to_rdf(clean_model))
    assert conforms, text[:2000]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_larger_models_load_without_problems(seed, tmp_path):
    # more organizations and themes exercise the random choices (e.g. no list repeats an entry)
    files, planted = generate(2500, seed=seed)
    model = load(write_model(tmp_path / "model", files))
    assert len(model) == count_entities(files)
    assert len(planted) >= len(PLANTED_RULES)


@pytest.mark.parametrize("size", [250, 1200])
def test_size_is_about_n(size):
    files, _ = generate(size, seed=3)
    assert 0.75 * size <= count_entities(files) <= 1.25 * size


def test_same_seed_same_output_other_seed_other_output():
    a = generate(SIZE, seed=5)
    assert generate(SIZE, seed=5) == a
    assert generate(SIZE, seed=6)[0] != a[0]
    assert generate(SIZE, seed=5, plant=False)[0] != a[0]


def test_generate_rejects_non_positive_size():
    with pytest.raises(ValueError):
        generate(0)


# ------------------------------------------------------------------ CLI
def test_cli_synth_then_check_finds_the_planted_problems(tmp_path):
    out = tmp_path / "synthetic"
    res = runner.invoke(app, ["synth", "--entities", str(SIZE), "--seed", "2", "-o", str(out)])
    assert res.exit_code == 0, res.output
    meta = json.loads((out / "planted.json").read_text(encoding="utf-8"))
    assert meta["seed"] == 2 and meta["clean"] is False and meta["planted"]
    assert meta["entities"] == count_entities(generate(SIZE, seed=2)[0])
    assert sorted(p.name for p in out.glob("*.yaml")) == sorted(generate(SIZE, seed=2)[0])

    res = runner.invoke(app, ["check", str(out), "--format", "json", "--select", ",".join(PLANTED_RULES)])
    assert res.exit_code == 1, res.output  # planted errors (D401, C504)
    found = json.loads(res.stdout)["findings"]
    for p in meta["planted"]:
        assert any(f["rule"] == p["rule"] and set(p["subjects"]) <= set(f["subjects"]) for f in found), p


def test_cli_synth_refuses_non_empty_directory_unless_forced(tmp_path):
    out = tmp_path / "m"
    out.mkdir()
    (out / "keep.yaml").write_text("themes: []\n", encoding="utf-8")
    res = runner.invoke(app, ["synth", "-n", "200", "-o", str(out)])
    assert res.exit_code == 2 and "not empty" in res.output
    assert [p.name for p in out.iterdir()] == ["keep.yaml"]  # untouched

    res = runner.invoke(app, ["synth", "-n", "200", "-o", str(out), "--force", "--clean"])
    assert res.exit_code == 0, res.output
    assert not (out / "keep.yaml").exists()
    assert json.loads((out / "planted.json").read_text(encoding="utf-8"))["planted"] == []
    res = runner.invoke(app, ["check", str(out), "--format", "json", "--select", ",".join(PLANTED_RULES)])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["findings"] == []


def test_cli_synth_rejects_a_file_and_bad_size(tmp_path):
    f = tmp_path / "file.txt"
    f.write_text("x", encoding="utf-8")
    res = runner.invoke(app, ["synth", "-n", "200", "-o", str(f)])
    assert res.exit_code == 2
    res = runner.invoke(app, ["synth", "-n", "0", "-o", str(tmp_path / "new")])
    assert res.exit_code == 2
    assert not (tmp_path / "new").exists()


def test_cli_synth_help_documents_every_option():
    res = runner.invoke(app, ["synth", "--help"])
    assert res.exit_code == 0
    for opt in ("--entities", "--seed", "--clean", "--output", "--force"):
        assert opt in res.output
