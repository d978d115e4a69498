"""Rule tests in the style of sqlfluff's ``std_rule_cases``.

Every registered rule has a fixture file ``tests/rule_cases/<CODE>.yaml``::

    rule: G101
    cases:
      - name: uncarried
        description: what the case shows
        config: {carrying_statuses: [active, planned]}   # optional Config overrides
        model: {themes: [...], projects: [...], accepted: [...]}
        expect: [[t1], [t2]]            # every finding of the rule, each by its subjects
        expect_accepted: [[t1]]         # optional: the findings the model accepts
        expect_severity: info           # optional: every finding's severity (default: the rule's)

``model`` extends ``rule_cases/_base.yaml`` (sources, units, a meaning and two
phases) section by section. ``expect`` is the exact multiset of findings: each
finding is identified by its full subject list (order-insensitive), the order
of findings does not matter. ``expect_accepted`` (default: none) is the
multiset of those findings the model's ``accepted`` section marks accepted.

The one parametrized test :func:`test_rule_case` runs *only* the case's rule.
The other tests check the registry, the docstrings, rule selection,
configuration files and the exit code.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from strategygraph.analysis.rules.engine import (
    CATEGORIES,
    DEFAULTS,
    REGISTRY,
    SEVERITIES,
    Config,
    ConfigError,
    Context,
    Finding,
    all_rules,
    apply_acceptances,
    exit_code,
    get_rule,
    iter_doc_problems,
    load_config,
    run_rules,
    select_rules,
)
from strategygraph.core.loader import load

CASES_DIR = Path(__file__).parent / "rule_cases"
BASE_FILE = CASES_DIR / "_base.yaml"
CASE_KEYS = {"name", "description", "config", "model", "expect", "expect_accepted", "expect_severity"}
CATEGORY_LETTER = {"gap": "G", "overlap": "O", "ownership": "W", "dependency": "D", "consistency": "C"}


# ------------------------------------------------------------------ fixture helpers
def _read_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def case_files() -> list[Path]:
    return sorted(p for p in CASES_DIR.glob("*.yaml") if not p.name.startswith("_"))


def all_cases() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in case_files():
        data = _read_yaml(path)
        for case in data.get("cases") or []:
            out.append((data.get("rule"), case))
    return out


def merged_model(model: dict[str, Any] | None) -> dict[str, Any]:
    """The base model with the case's sections appended to the base's (a ``model:`` settings section as is)."""
    merged: dict[str, Any] = {k: list(v) for k, v in (_read_yaml(BASE_FILE) or {}).items()}
    for section, items in (model or {}).items():
        if section == "model":
            merged["model"] = items
            continue
        merged[section] = merged.get(section, []) + list(items or [])
    return merged


def write_model(directory: Path, model: dict[str, Any]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "model.yaml").write_text(yaml.safe_dump(model, allow_unicode=True, sort_keys=False),
                                          encoding="utf-8")
    return directory


def context_for(tmp_path: Path, model: dict[str, Any] | None, config: dict[str, Any] | None = None) -> Context:
    folder = write_model(tmp_path / "model", merged_model(model))
    return Context(load(folder), Config().with_overrides(**(config or {})))


def run_one(ctx: Context, code: str, accept: bool) -> list[Finding]:
    rule = get_rule(code)
    assert rule is not None, f"no rule {code}"
    findings = list(rule.func(ctx, rule))
    if accept:
        apply_acceptances(findings, ctx.model)
    return findings


def as_multiset(subject_lists: list[list[str]] | None) -> Counter:
    return Counter(tuple(sorted(str(s) for s in subjects)) for subjects in (subject_lists or []))


def _case_id(rule_and_case: tuple[str, dict[str, Any]]) -> str:
    rule, case = rule_and_case
    return f"{rule}-{case.get('name')}"


# ------------------------------------------------------------------ the parametrized rule test
@pytest.mark.parametrize("rule_and_case", all_cases(), ids=_case_id)
def test_rule_case(rule_and_case: tuple[str, dict[str, Any]], tmp_path: Path) -> None:
    code, case = rule_and_case
    unknown = set(case) - CASE_KEYS
    assert not unknown, f"unknown case key(s) {sorted(unknown)}"
    assert case.get("description"), "every case needs a description"
    assert "expect" in case, "every case needs 'expect' (use [] for a passing case)"

    ctx = context_for(tmp_path, case.get("model"), case.get("config"))
    accept = bool((case.get("model") or {}).get("accepted"))
    findings = run_one(ctx, code, accept)

    got = as_multiset([f.subjects for f in findings])
    want = as_multiset(case["expect"])
    messages = "\n".join(f"  {sorted(f.subjects)}: {f.message}" for f in findings)
    assert got == want, f"{code} {case['name']}: findings differ\n{messages}"

    got_acc = as_multiset([f.subjects for f in findings if f.accepted is not None])
    assert got_acc == as_multiset(case.get("expect_accepted")), f"{code} {case['name']}: accepted findings differ"

    rule = get_rule(code)
    for f in findings:
        assert (f.rule, f.name, f.category) == (rule.code, rule.name, rule.category)
        assert f.severity == case.get("expect_severity", ctx.config.severity_of(rule))
        assert f.message.strip()
        assert f.subjects and len(set(f.subjects)) == len(f.subjects), f"repeated subjects: {f.subjects}"
        assert all(s in ctx.model for s in f.subjects), f"subject not in the model: {f.subjects}"
        json.dumps(f.as_dict())  # evidence must serialize for --format json

    # a fresh context gives the same findings in the same order (no hidden state, no set-order output)
    again = run_one(context_for(tmp_path / "again", case.get("model"), case.get("config")), code, accept)
    assert [f.as_dict() for f in again] == [f.as_dict() for f in findings]


# ------------------------------------------------------------------ fixture coverage
def test_every_rule_has_cases() -> None:
    files = {p.stem: p for p in case_files()}
    codes = [r.code for r in all_rules()]
    assert sorted(files) == sorted(codes), "one rule_cases/<CODE>.yaml per registered rule, and no other"
    for code in codes:
        data = _read_yaml(files[code])
        assert data.get("rule") == code, f"{files[code].name}: 'rule' must be {code}"
        assert set(data) == {"rule", "cases"}, f"{files[code].name}: only 'rule' and 'cases' at the top"
        cases = data.get("cases") or []
        names = [c.get("name") for c in cases]
        assert all(names) and len(set(names)) == len(names), f"{code}: case names must be unique and non-empty"
        assert any(c.get("expect") == [] for c in cases), f"{code}: needs a passing case (expect: [])"
        assert any(c.get("expect") for c in cases), f"{code}: needs a failing case"


def test_base_model_alone_has_no_findings(tmp_path: Path) -> None:
    """The shared base must not make any rule fire, so cases only see what they add."""
    ctx = context_for(tmp_path, {})
    findings = run_rules(ctx, all_rules())
    assert [(f.rule, f.subjects) for f in findings] == []


def test_every_rule_runs_on_every_case_model(tmp_path: Path) -> None:
    """No rule crashes on any fixture model (each case exercises one rule, but all must cope with it)."""
    for i, (code, case) in enumerate(all_cases()):
        ctx = context_for(tmp_path / f"case{i}", case.get("model"), case.get("config"))
        for f in run_rules(ctx, all_rules()):
            # a flood root (many findings of one rule gathered) has no subjects of its own but lists them
            assert f.severity in SEVERITIES and (f.subjects or (f.affected and f.children)), \
                f"{code} {case['name']}: {f.rule} {f.subjects}"
            assert all(s in ctx.model for s in f.subjects), f"{code} {case['name']}: {f.rule} {f.subjects}"


def test_rules_are_deterministic_across_hash_seeds(tmp_path: Path) -> None:
    """Every case's findings (order, messages, evidence) are the same under different string hashing."""
    dirs = []
    for i, (code, case) in enumerate(all_cases()):
        d = write_model(tmp_path / f"case{i}", merged_model(case.get("model")))
        dirs.append({"dir": str(d), "code": code, "config": case.get("config") or {}})
    spec = tmp_path / "cases.json"
    spec.write_text(json.dumps(dirs), encoding="utf-8")
    script = (
        "import json, sys\n"
        "from strategygraph.core.loader import load\n"
        "from strategygraph.analysis.rules.engine import Config, Context, get_rule, apply_acceptances\n"
        "out = []\n"
        "for c in json.load(open(sys.argv[1], encoding='utf-8')):\n"
        "    m = load(c['dir'])\n"
        "    ctx = Context(m, Config().with_overrides(**c['config']))\n"
        "    r = get_rule(c['code']); fs = list(r.func(ctx, r))\n"
        "    apply_acceptances(fs, m)\n"
        "    out.append([f.as_dict() for f in fs])\n"
        "print(json.dumps(out, sort_keys=True))\n"
    )
    outputs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        res = subprocess.run([sys.executable, "-c", script, str(spec)], capture_output=True, text=True, env=env,
                             check=False)
        assert res.returncode == 0, res.stderr
        outputs.append(json.loads(res.stdout))
    for spec_item, a, b in zip(dirs, *outputs, strict=False):
        assert a == b, f"{spec_item['code']}: findings depend on the hash seed"


# ------------------------------------------------------------------ registry and docstrings
def test_registry_has_the_thirty_six_rules() -> None:
    rules = all_rules()
    assert len(rules) == 36
    assert [r.code for r in rules] == sorted(REGISTRY)


def test_codes_unique_and_match_category() -> None:
    rules = all_rules()
    codes = [r.code for r in rules]
    names = [r.name for r in rules]
    assert len(set(codes)) == len(codes)
    assert len(set(names)) == len(names)
    assert set(CATEGORY_LETTER) == set(CATEGORIES)
    for r in rules:
        assert r.code[0] == CATEGORY_LETTER[r.category], f"{r.code} is in category {r.category}"
        assert r.name.startswith(r.category + "."), f"{r.code}: name {r.name} must start with its category"
        assert r.severity in SEVERITIES
        assert get_rule(r.code) is r and get_rule(r.code.lower()) is r and get_rule(r.name) is r


def test_registering_a_used_code_fails() -> None:
    from strategygraph.analysis.rules.engine import rule

    all_rules()
    with pytest.raises(ValueError, match="already registered"):
        rule("G101", "gap.other", "gap", "error")(lambda ctx, r: [])
    with pytest.raises(ValueError):
        rule("G1", "gap.bad-code", "gap", "error")
    with pytest.raises(ValueError):
        rule("X901", "x.bad-category", "nonsense", "error")
    assert REGISTRY["G101"].name == "gap.uncarried-theme"


@pytest.mark.parametrize("code", [r.code for r in all_rules()])
def test_docstring_sections(code: str) -> None:
    r = get_rule(code)
    assert list(iter_doc_problems(r)) == []
    assert r.summary and r.summary.endswith("."), f"{code}: the docstring's first line is its summary"
    secs = r.sections()
    assert all(secs[s] for s in ("What it finds", "Why it matters", "How to fix", "Example"))


# ------------------------------------------------------------------ select_rules
def _codes(rules: list[Any]) -> list[str]:
    return [r.code for r in rules]


def test_select_all_by_default() -> None:
    """Every rule but those off by default (G105: work the line organization carries is no gap; O204: word
    similarity cannot tell a differing word of substance from a rewording)."""
    on = [r.code for r in all_rules() if r.default]
    assert [r.code for r in all_rules() if not r.default] == ["G105", "O204"]
    assert _codes(select_rules()) == on
    assert _codes(select_rules([""], ["  "])) == on


def test_a_rule_off_by_default_runs_when_named() -> None:
    assert _codes(select_rules(["G105"])) == ["G105"]
    assert _codes(select_rules(["gap.action-outside-portfolio"])) == ["G105"]
    assert "G105" not in _codes(select_rules(["gap"])) and "G105" not in _codes(select_rules(["G10"]))


def test_select_by_code_prefix_category_and_name() -> None:
    assert _codes(select_rules(["G101"])) == ["G101"]
    assert _codes(select_rules(["g101", " W301 "])) == ["G101", "W301"]
    assert _codes(select_rules(["D4"])) == ["D401", "D402", "D403", "D404", "D405"]
    assert _codes(select_rules(["G11"])) == [f"G11{i}" for i in range(1, 10)]
    assert _codes(select_rules(["overlap"])) == ["O201", "O202", "O203"]  # O204 only when named
    assert _codes(select_rules(["O204"])) == ["O204"]
    assert _codes(select_rules(["Ownership"])) == ["W301", "W302", "W303"]
    assert _codes(select_rules(["gap.uncarried-theme", "dependency.cycle"])) == ["D401", "G101"]
    assert all(r.category == "gap" for r in select_rules(["G"]))
    assert len(select_rules(["G"])) == 15


def test_ignore() -> None:
    assert _codes(select_rules(["gap"], ["G10", "G11", "G12"])) == []
    assert _codes(select_rules(["overlap", "O204"], ["O202", "overlap.near-duplicate"])) == ["O201", "O203"]
    assert "C504" not in _codes(select_rules([], ["consistency"]))
    assert len(select_rules([], ["consistency"])) == len(all_rules()) - 8 - 2  # 8 consistency; G105, O204 off


@pytest.mark.parametrize("bad", ["X999", "G999", "gaps", "gap.no-such-rule", "G1000"])
def test_select_unknown_is_config_error(bad: str) -> None:
    with pytest.raises(ConfigError, match="no rule matches"):
        select_rules([bad])
    with pytest.raises(ConfigError, match="no rule matches"):
        select_rules([], [bad])


# ------------------------------------------------------------------ configuration
def test_load_config_defaults() -> None:
    cfg = load_config(None)
    assert cfg.values == DEFAULTS and cfg.origin is None


def test_load_config_without_files(tmp_path: Path) -> None:
    model = tmp_path / "model"
    model.mkdir()
    assert load_config(model).values == DEFAULTS


def test_load_config_strategygraph_toml(tmp_path: Path) -> None:
    model = tmp_path / "model"
    model.mkdir()
    path = model / "strategygraph.toml"
    path.write_text('carrying_statuses = ["active", "planned"]\noverlap-min-score = 0.5\n'
                    'fail_on = "warning"\n[severity]\nW301 = "error"\n', encoding="utf-8")
    cfg = load_config(model)
    assert cfg.origin == str(path)
    assert cfg.carrying_statuses == ["active", "planned"]
    assert cfg.overlap_min_score == 0.5  # dashes in keys are read as underscores
    assert cfg.fail_on == "warning"
    assert cfg.severity_of(get_rule("W301")) == "error"
    assert cfg.severity_of(get_rule("W302")) == "warning"
    assert cfg.owner_max_share == DEFAULTS["owner_max_share"]  # unspecified keys keep their defaults
    # a model file instead of a directory looks in the file's folder
    (model / "m.yaml").write_text("{}\n", encoding="utf-8")
    assert load_config(model / "m.yaml").origin == str(path)


def test_load_config_pyproject(tmp_path: Path) -> None:
    model = tmp_path / "model"
    model.mkdir()
    path = model / "pyproject.toml"
    path.write_text('[project]\nname = "x"\n[tool.strategygraph]\nspof_min_share = 0.5\n'
                    'carrying_statuses = ["active", "pending-decision"]\n', encoding="utf-8")
    cfg = load_config(model)
    assert cfg.origin == str(path)
    assert cfg.spof_min_share == 0.5
    assert cfg.carrying_statuses == ["active", "pending-decision"]


def test_load_config_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    model = tmp_path / "model"
    model.mkdir()
    (model / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.other]\na = 1\n', encoding="utf-8")
    parent_cfg = tmp_path / "strategygraph.toml"
    parent_cfg.write_text("cluster_min_size = 4\n", encoding="utf-8")
    cfg = load_config(model)
    assert cfg.origin == str(parent_cfg) and cfg.cluster_min_size == 4


def test_load_config_precedence(tmp_path: Path) -> None:
    model = tmp_path / "model"
    model.mkdir()
    (tmp_path / "strategygraph.toml").write_text("cluster_min_size = 7\n", encoding="utf-8")
    (model / "pyproject.toml").write_text("[tool.strategygraph]\ncluster_min_size = 5\n", encoding="utf-8")
    assert load_config(model).cluster_min_size == 5  # the model directory before its parent
    (model / "strategygraph.toml").write_text("cluster_min_size = 6\n", encoding="utf-8")
    assert load_config(model).cluster_min_size == 6  # strategygraph.toml before pyproject.toml


@pytest.mark.parametrize("filename, text, reason", [
    ("strategygraph.toml", "carying_statuses = ['active']\n", "unknown key"),
    ("pyproject.toml", "[tool.strategygraph]\nno_such_key = 1\n", "unknown key"),
    ("strategygraph.toml", "fail_on = 'sometimes'\n", "fail_on"),
    ("strategygraph.toml", "carrying_statuses = ['running']\n", "carrying_statuses"),
    ("strategygraph.toml", "overlap_min_score = 2\n", "overlap_min_score"),
    ("strategygraph.toml", "[severity]\nG101 = 'fatal'\n", "severity.G101"),
    ("strategygraph.toml", "select = [\n", "invalid TOML"),
])
def test_load_config_invalid_names_the_file(tmp_path: Path, filename: str, text: str, reason: str) -> None:
    model = tmp_path / "model"
    model.mkdir()
    path = model / filename
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(model)
    assert str(path) in str(exc.value)
    assert reason in str(exc.value)


def test_config_overrides() -> None:
    cfg = Config().with_overrides(carrying_statuses=["active", "planned"], fail_on=None)
    assert cfg.carrying_statuses == ["active", "planned"] and cfg.fail_on == "error"
    assert Config().carrying_statuses == ["active"]  # the defaults are not shared or changed
    with pytest.raises(ConfigError, match="unknown key"):
        Config().with_overrides(no_such_key=1)


def test_severity_override_changes_findings(tmp_path: Path) -> None:
    ctx = context_for(tmp_path, {"themes": [{"id": "t1", "label": "Teema"}]}, {"severity": {"G101": "info"}})
    findings = run_one(ctx, "G101", accept=False)
    assert [(f.subjects, f.severity) for f in findings] == [(["t1"], "info")]


# ------------------------------------------------------------------ exit code and acceptance
def _finding(code: str, severity: str, accepted: bool = False) -> Finding:
    r = get_rule(code)
    return Finding(r.code, r.name, r.category, severity, ["x"], "m",
                   accepted={"reason": "r", "date": "2024-01-01"} if accepted else None)


def test_exit_code_levels() -> None:
    assert exit_code([], "error") == 0
    assert exit_code([_finding("G101", "error")], "error") == 1
    assert exit_code([_finding("G102", "warning")], "error") == 0
    assert exit_code([_finding("G102", "warning")], "warning") == 1
    assert exit_code([_finding("G105", "info")], "warning") == 0
    assert exit_code([_finding("G105", "info")], "info") == 1
    assert exit_code([_finding("G101", "error")], "never") == 0


def test_exit_code_ignores_accepted_findings() -> None:
    assert exit_code([_finding("G101", "error", accepted=True)], "error") == 0
    assert exit_code([_finding("G101", "error", accepted=True), _finding("G102", "warning")], "error") == 0
    assert exit_code([_finding("G101", "error", accepted=True), _finding("G102", "warning")], "warning") == 1
    assert exit_code([_finding("G101", "error", accepted=True), _finding("G101", "error")], "error") == 1


def test_run_rules_with_accepted_finding_passes(tmp_path: Path) -> None:
    model = {
        "themes": [{"id": "t1", "label": "Teema"}],
        "accepted": [{"rule": "G101", "subjects": ["t1"], "reason": "Carried by operations", "date": "2024-05-01"}],
    }
    ctx = context_for(tmp_path, model)
    findings = run_rules(ctx, select_rules(["G101"]))
    assert [(f.rule, f.subjects, f.accepted) for f in findings] == [
        ("G101", ["t1"], {"reason": "Carried by operations", "date": "2024-05-01"})]
    assert exit_code(findings, "error") == 0
    # without the acceptance the same model fails the run
    ctx = context_for(tmp_path / "open", {"themes": model["themes"]})
    findings = run_rules(ctx, select_rules(["G101"]))
    assert findings[0].accepted is None
    assert exit_code(findings, "error") == 1


def test_run_rules_sorts_errors_first(tmp_path: Path) -> None:
    model = {
        "themes": [{"id": "t1", "label": "Teema"}],
        "subthemes": [{"id": "t1/s", "label": "Ala", "theme": "t1"}],
    }
    findings = run_rules(context_for(tmp_path, model), select_rules(["G101", "G102", "G114"]))
    sev = [f.severity for f in findings]
    assert sev == sorted(sev, key=lambda s: -{"error": 3, "warning": 2, "info": 1}[s])
    assert findings[0].rule == "G101"


def test_severity_overrides_name_real_rules(tmp_path):
    from strategygraph.analysis.rules.engine import DEFAULTS, Config, ConfigError

    cfg = Config({**DEFAULTS, "severity": {"g101": "warning"}}, "t.toml")
    cfg.check()
    assert cfg.values["severity"] == {"G101": "warning"}
    with pytest.raises(ConfigError, match=r"severity.G1O1: no such rule; did you mean G1"):
        Config({**DEFAULTS, "severity": {"G1O1": "warning"}}, "t.toml").check()


def test_config_values_are_not_shared_between_instances():
    from strategygraph.analysis.rules.engine import DEFAULTS, Config

    a = Config()
    a.values["carrying_statuses"].append("planned")
    assert Config().values["carrying_statuses"] == ["active"] == DEFAULTS["carrying_statuses"]
