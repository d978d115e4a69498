"""Hostile input, one test per class (issue 12): each ends handled, or as a clear message naming file, line
and field (or option) with exit 2 – never "internal error" (the conftest guard fails any test that
reaches it), never a partial output.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strategygraph.cli import app

MINI = Path(__file__).parent / "fixtures" / "mini"
ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def copy_mini(tmp_path: Path) -> Path:
    d = tmp_path / "model"
    shutil.copytree(MINI, d)
    return d


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def validate(d: Path, *extra: str) -> object:
    return runner.invoke(app, ["validate", str(d), *extra])


def counts(d: Path) -> dict[str, int]:
    res = validate(d, "--format", "json")
    return json.loads(res.stdout)["counts"]


@pytest.fixture(scope="module")
def mini_counts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, int]:
    return counts(copy_mini(tmp_path_factory.mktemp("m")))


# ------------------------------------------------------------------ model discovery
def test_upper_case_extension_is_read(tmp_path: Path, mini_counts: dict[str, int]) -> None:
    d = copy_mini(tmp_path)
    (d / "portfolio.yaml").rename(d / "portfolio.YAML")
    (d / "units.yaml").rename(d / "units.Yml")
    assert counts(d) == mini_counts


def test_symlinked_folder_is_followed_and_a_loop_skipped(tmp_path: Path, mini_counts: dict[str, int]) -> None:
    d = copy_mini(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (d / "actions.yaml").rename(elsewhere / "actions.yaml")
    (d / "actions").symlink_to(elsewhere, target_is_directory=True)
    (elsewhere / "loop").symlink_to(elsewhere, target_is_directory=True)
    res = validate(d)
    assert res.exit_code == 0, res.stderr
    assert "loop: skipped: folder already read" in res.stderr
    assert counts(d) == mini_counts


def test_unreadable_folder_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from strategygraph.core import inputs

    d = copy_mini(tmp_path)
    (d / "private").mkdir()
    real = os.scandir

    def scandir(path: object) -> object:  # as for a folder without read permission (root reads anything)
        if str(path).endswith("private"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(inputs.os, "scandir", scandir)
    res = validate(d)
    assert res.exit_code == 2
    assert "private:1:1: cannot read folder: Permission denied" in res.stderr


def test_dangling_symlink_is_named(tmp_path: Path) -> None:
    d = copy_mini(tmp_path)
    (d / "goals-2026.yaml").symlink_to(tmp_path / "gone.yaml")
    res = validate(d)
    assert res.exit_code == 2
    assert "goals-2026.yaml:1:1: broken symbolic link" in res.stderr and "gone.yaml" in res.stderr


def test_skipped_files_warned_hidden_and_docs_quiet(tmp_path: Path, mini_counts: dict[str, int]) -> None:
    d = copy_mini(tmp_path)
    (d / "notes.csv").write_text("a,b\n", encoding="utf-8")
    (d / "goals.yaml.bak").write_text("x", encoding="utf-8")
    (d / ".hidden.yaml").write_text("themes: [", encoding="utf-8")  # would be a syntax error if read
    (d / ".git").mkdir()
    (d / ".git" / "x.yaml").write_text("themes: [", encoding="utf-8")
    res = validate(d)
    assert res.exit_code == 0, res.stderr
    assert "notes.csv: skipped: not a model file" in res.stderr
    assert "goals.yaml.bak: skipped" in res.stderr
    assert "README.md" not in res.stderr and ".hidden" not in res.stderr
    assert re.search(r"files read\s*│\s*6\b", res.stdout)
    assert counts(d) == mini_counts


# ------------------------------------------------------------------ YAML safety and hygiene
BOMB = "".join(f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True))
BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + BOMB


@pytest.mark.parametrize("name, text, expected", [
    ("bomb.yaml", BOMB, "aliases (*name) repeat more than 100,000 nodes"),
    ("recursive.yaml", "themes: &a\n  - *a\n", "recursive alias"),
    ("deep.yaml", "themes: " + "[" * 70 + "]" * 70 + "\n", "nested"),
    ("nul.yaml", "themes: []\n\x00\n", "U+0000 is not allowed"),
    ("latin1.yaml", None, "not UTF-8 text"),
    ("merge.yaml", "a: &a {x: 1}\nb:\n  <<: *a\n", "merge keys"),
])
def test_hostile_yaml_is_refused(tmp_path: Path, name: str, text: str | None, expected: str) -> None:
    d = copy_mini(tmp_path)
    if text is None:
        (d / name).write_bytes("themes:\n  - id: hämäläinen\n".encode("latin-1"))
    else:
        (d / name).write_text(text, encoding="utf-8")
    res = validate(d)
    assert res.exit_code == 2
    lines = [x for x in res.stderr.splitlines() if x.startswith(str(d))]
    assert len(lines) == 1 and f"{name}:" in lines[0] and expected in lines[0], res.stderr


def test_file_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from strategygraph.core import loader

    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 2000)
    res = validate(copy_mini(tmp_path))
    assert res.exit_code == 2
    assert re.search(r"strategy.yaml:1:1: file of [\d,]+ bytes is larger than the limit of 2,000 bytes", res.stderr)


@pytest.mark.parametrize("label, expected", [
    ('"Kanta\\e[31mHäme"', "units[0].label.fi: control character U+001B"),
    ('"Kanta\\0Häme"', "units[0].label.fi: control character U+0000"),
    ('"Kanta\\u202eemäH"', "units[0].label.fi: control character U+202E"),
    ("x" * 16_385, "units[0].label.fi: text of 16,385 characters is longer than the limit of 16,384"),
])
def test_bad_text_is_refused_at_load_naming_the_field(tmp_path: Path, label: str, expected: str) -> None:
    d = copy_mini(tmp_path)
    edit(d / "units.yaml", "fi: Kanta-Hämeen hyvinvointialue", f"fi: {label}")
    res = validate(d)
    assert res.exit_code == 2
    assert f"units.yaml:5:11: {expected}" in res.stderr
    assert "\x1b" not in res.stderr  # the raw escape never reaches the terminal


def test_longest_text_allowed_reaches_the_report(tmp_path: Path) -> None:
    """A 16,384-character label is valid, and the diagrams shorten it (graphviz would refuse it)."""
    from strategygraph.analysis.rules.engine import Context, run_rules
    from strategygraph.core.loader import load
    from strategygraph.views.diagrams import build, plain

    d = copy_mini(tmp_path)
    edit(d / "strategy.yaml", "fi: Järjestämme vaikuttavat palvelut", "fi: " + "sana " * 3275 + "sanat")
    ctx = Context(load(d))
    diagram = build("house", ctx, run_rules(ctx))
    assert max(len(s) for s in re.findall(r'"(?:[^"\\]|\\.)*"', diagram.source)) < 16_384
    assert len(str(plain("x" * 20_000))) <= 1000
    if shutil.which("dot"):
        assert diagram.render("svg").lstrip().startswith(b"<?xml")


@pytest.mark.parametrize("value", [".nan", ".inf", "-.Inf"])
def test_nan_and_infinity_are_refused(tmp_path: Path, value: str) -> None:
    d = copy_mini(tmp_path)
    edit(d / "actions.yaml", "number: 2", f"number: {value}")
    res = validate(d)
    assert res.exit_code == 2
    assert "actions.yaml:6:13: actions[0].number:" in res.stderr and "not a finite number" in res.stderr


@pytest.mark.parametrize("written, read", [("1.10", "float 1.1"), ("010", "int 8"), ("yes", "bool True")])
def test_number_as_id_is_refused(tmp_path: Path, written: str, read: str) -> None:
    d = copy_mini(tmp_path)
    edit(d / "portfolio.yaml", "id: project/digiohjelma", f"id: {written}")
    res = validate(d)
    assert res.exit_code == 2
    assert f'portfolio.yaml:3:9: projects[0].id: an id must be text, but {written} is read as the {read}' in res.stderr
    assert f'id: "{written}"' in res.stderr


@pytest.mark.parametrize("breakage", ["syntax", "unknown-key", "latin1", "nul"])
def test_one_broken_file_gives_one_problem_not_bogus_unknown_ids(tmp_path: Path, breakage: str) -> None:
    d = copy_mini(tmp_path)
    p = d / "portfolio.yaml"
    if breakage == "syntax":
        edit(p, "label: {fi: Digiohjelma, en: Digital programme}", "label: {fi: Digiohjelma, en: Digital programme} ]]")
    elif breakage == "unknown-key":
        edit(p, "  - id: project/digiohjelma\n", "  - id: project/digiohjelma\n    colour: red\n")
    elif breakage == "latin1":
        p.write_bytes(p.read_text(encoding="utf-8").encode("latin-1"))
    else:
        p.write_text(p.read_text(encoding="utf-8") + "\x00", encoding="utf-8")
    res = validate(d, "--format", "json")
    assert res.exit_code == 2
    errors = json.loads(res.stdout)["errors"]
    assert len(errors) == 1, errors
    assert errors[0]["file"].endswith("portfolio.yaml") and "unknown" not in errors[0]["message"].replace(
        "unknown field", "")


def test_part_of_loop_among_units_is_an_error(tmp_path: Path) -> None:
    d = copy_mini(tmp_path)
    edit(d / "units.yaml", "  - id: unit/oma-hame\n", "  - id: unit/oma-hame\n    part_of: unit/aluevaltuusto\n")
    res = validate(d)
    assert res.exit_code == 2
    assert ("units.yaml:16:14: units[1] (unit/aluevaltuusto).part_of: part_of makes a loop: "
            "unit/aluevaltuusto → unit/oma-hame → unit/aluevaltuusto") in res.stderr


def test_validate_json_counts_what_loaded_when_invalid(tmp_path: Path, mini_counts: dict[str, int]) -> None:
    d = copy_mini(tmp_path)
    edit(d / "portfolio.yaml", "  - id: project/digiohjelma\n", "  - id: project/digiohjelma\n    colour: red\n")
    res = validate(d, "--format", "json")
    out = json.loads(res.stdout)
    assert res.exit_code == 2 and out["valid"] is False
    assert out["counts"] == {**mini_counts, "Project": mini_counts["Project"] - 1}


# ------------------------------------------------------------------ configuration
@pytest.mark.parametrize("toml, expected", [
    ('overlap_weights = { Action = "heavy" }', "overlap_weights: Action: must be a number, not str 'heavy'"),
    ("overlap_weights = [1, 2]", "overlap_weights: must be a table of KIND = weight"),
    ("overlap_weights = { Projekt = 1.0 }", "overlap_weights: 'Projekt' is not an entity kind; did you mean 'Project'?"),
    ("cluster_min_size = -1", "cluster_min_size: Input should be greater than or equal to 2 (got -1)"),
    ('owner_min_items = "3"', "owner_min_items: must be a whole number, not str '3'"),
    ("overlap_min_score = 2", "overlap_min_score: Input should be less than or equal to 1 (got 2)"),
    ("status_yellow_min = 95", "status_yellow_min must not be above status_green_min"),
    ('fail_on = "sometimes"', "fail_on: Input should be 'error', 'warning', 'info' or 'never'"),
    ('carrying_statuses = ["activ"]', "carrying_statuses.0: Input should be"),
    ("carrying_statuses = []", "carrying_statuses: List should have at least 1 item"),
    ('severity = { G1O1 = "warning" }', "severity.G1O1: no such rule; did you mean G1"),
    ('severity = { G101 = "fatal" }', "severity.G101: Input should be 'error', 'warning' or 'info'"),
    ("colour = 1", "colour: unknown key; known keys: select"),
    ("overlap_min_scor = 0.3", "overlap_min_scor: unknown key; did you mean 'overlap_min_score'?"),
])
def test_configuration_errors_name_file_and_key(tmp_path: Path, toml: str, expected: str) -> None:
    d = copy_mini(tmp_path)
    (d / "strategygraph.toml").write_text(toml + "\n", encoding="utf-8")
    res = runner.invoke(app, ["check", str(d)])
    assert res.exit_code == 2
    assert f"{d / 'strategygraph.toml'}: {expected}" in res.stderr


def test_configuration_not_utf8_and_set_option_named(tmp_path: Path) -> None:
    d = copy_mini(tmp_path)
    (d / "strategygraph.toml").write_bytes('ignore = ["ä"]\n'.encode("latin-1"))
    res = runner.invoke(app, ["check", str(d)])
    assert res.exit_code == 2 and "strategygraph.toml:1: not UTF-8 text" in res.stderr
    (d / "strategygraph.toml").unlink()
    res = runner.invoke(app, ["check", str(d), "--set", "cluster_min_size=many"])
    assert res.exit_code == 2
    assert "--set cluster_min_size: cluster_min_size: must be a whole number, not str 'many'" in res.stderr


def test_select_as_a_string_is_a_list(tmp_path: Path) -> None:
    d = copy_mini(tmp_path)
    (d / "strategygraph.toml").write_text('select = "G101, W301"\n', encoding="utf-8")
    res = runner.invoke(app, ["check", str(d), "--format", "json", "--fail-on", "never"])
    assert res.exit_code == 0, res.stderr
    rules = {f["rule"] for f in json.loads(res.stdout)["findings"]}
    assert rules and rules <= {"G101", "W301"}


@pytest.mark.parametrize("base", ["http://a b/", "http://x/<y>", 'https://x/"', "urn:x:\x07", "http://"])
def test_hostile_base_iri_is_refused(tmp_path: Path, base: str) -> None:
    res = runner.invoke(app, ["export", str(copy_mini(tmp_path)), "--base", base])
    assert res.exit_code == 2 and "--base" in res.stderr
    assert "is not allowed in an IRI" in res.stderr or "is not an absolute IRI" in res.stderr


ACCEPT = "\naccepted:\n  - {rule: %s, subjects: [project/palvelukatalogi], reason: PMO decision, date: %s}\n"


@pytest.mark.parametrize("rule, date, expected", [
    ("W3O1", "2025-02-01", "accepted.rule: no rule 'W3O1'; did you mean 'W301'?"),
    ("ownership.no-such-rule", "2025-02-01", "accepted.rule: no rule 'ownership.no-such-rule'"),
    ("W301", "whenever", "accepted[0].date: 'whenever' is not a date; write it as YYYY-MM-DD"),
    ("W301", "2025-02-30", "accepted[0].date: '2025-02-30' is not a date"),
])
def test_accepted_entries_are_checked(tmp_path: Path, rule: str, date: str, expected: str) -> None:
    d = copy_mini(tmp_path)
    (d / "portfolio.yaml").write_text((d / "portfolio.yaml").read_text(encoding="utf-8") + ACCEPT % (rule, date),
                                      encoding="utf-8")
    for cmd in ("validate", "check"):
        res = runner.invoke(app, [cmd, str(d)])
        assert res.exit_code == 2 and "portfolio.yaml:" in res.stderr and expected in res.stderr, res.stderr


def test_accepted_by_dotted_rule_name_matches(tmp_path: Path) -> None:
    from strategygraph.analysis.rules.engine import REGISTRY, all_rules

    all_rules()
    name = REGISTRY["W301"].name
    d = copy_mini(tmp_path)
    (d / "portfolio.yaml").write_text((d / "portfolio.yaml").read_text(encoding="utf-8")
                                      + ACCEPT % (name, "2025-02-01"), encoding="utf-8")
    res = runner.invoke(app, ["check", str(d), "--format", "json", "--select", "W301", "--fail-on", "never"])
    found = [f for f in json.loads(res.stdout)["findings"] if "project/palvelukatalogi" in f["subjects"]]
    assert found and all(f["accepted"] == {"reason": "PMO decision", "date": "2025-02-01"} for f in found)


# ------------------------------------------------------------------ query
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


def test_runaway_query_is_stopped_at_its_timeout() -> None:
    from strategygraph.core.loader import load
    from strategygraph.rdf.store import QueryTimeout, build_store, run_query

    store = build_store(load(MINI))
    with pytest.raises(QueryTimeout, match="did not finish within 0.5 s"):
        run_query(store, RUNAWAY, timeout=0.5)
    # a query that finishes gives the same answer in the child process as in-process
    q = "SELECT ?p WHERE { ?p a sg:Project } ORDER BY ?p"
    assert run_query(store, q, timeout=30) == run_query(store, q)


def test_query_timeout_option_and_ctrl_c(tmp_path: Path) -> None:
    res = runner.invoke(app, ["query", RUNAWAY, str(MINI), "--timeout", "0.5"])
    assert res.exit_code == 2 and "did not finish within 0.5 s" in res.stderr
    code = ("import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler)\n"
            "from strategygraph.cli import main\n"
            f"sys.argv = ['strategygraph', 'query', {RUNAWAY!r}, {str(MINI)!r}, '--timeout', '0']\nmain()\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, stderr=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        import time

        time.sleep(2.5)  # let it start the query (no timed assert: only that Ctrl-C ends it)
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode in (1, 130)


@pytest.mark.parametrize("query, expected", [
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "give --allow-service"),
    ("PREFIX ex: <http://e/>\nselect * { service silent <http://e/> { ?s ?p ?o } }", "give --allow-service"),
    ("DELETE WHERE { ?s ?p ?o }", "updates are not allowed"),
    ("PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b ex:c }", "updates are not allowed"),
    ("SELECT ?s WHERE { ?s ?p }", "SPARQL syntax error: at line 1, column"),
])
def test_query_refusals(query: str, expected: str) -> None:
    res = runner.invoke(app, ["query", query, str(MINI)])
    assert res.exit_code == 2 and expected in res.stderr and "error error" not in res.stderr


def test_query_words_inside_names_and_strings_are_not_refused() -> None:
    q = 'SELECT ?service WHERE { ?service sg:label ?l FILTER(?l != "SERVICE DELETE") } LIMIT 1'
    res = runner.invoke(app, ["query", q, str(MINI), "--format", "json"])
    assert res.exit_code == 0, res.stderr


def test_query_help_lists_every_predeclared_prefix() -> None:
    from strategygraph.rdf.mapping import PREFIXES

    res = runner.invoke(app, ["query", "--help"])
    text = " ".join(res.stdout.split())
    for p in PREFIXES:
        assert f"{p}:" in text
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert all(f"`{p}:`" in readme for p in PREFIXES)


# ------------------------------------------------------------------ outputs
@pytest.mark.parametrize("label", ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)"])
def test_workbook_cells_that_look_like_formulas_are_text(label: str) -> None:
    from openpyxl import load_workbook

    from strategygraph.views.workbook import coverage_workbook

    data = {"by": "theme", "projects": [{"id": "p", "carrying": True, "status": "active"}],
            "rows": [{"id": "t", "label": label, "cells": {"p": 1}, "carriers": ["p"], "other_carriers": []}]}
    cell = load_workbook(io.BytesIO(coverage_workbook(data))).active["B2"]
    assert cell.value == label and cell.data_type == "s" and cell.quotePrefix


def test_coverage_xlsx_from_a_model_with_formula_label(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    d = copy_mini(tmp_path)
    edit(d / "strategy.yaml", "fi: Järjestämme vaikuttavat palvelut", "fi: '=HYPERLINK(\"http://x\",\"y\")'")
    out = tmp_path / "c.xlsx"
    res = runner.invoke(app, ["coverage", str(d), "--format", "xlsx", "-o", str(out)])
    assert res.exit_code == 0, res.stderr
    cells = [c for row in load_workbook(out).active.iter_rows() for c in row if str(c.value).startswith("=")]
    assert cells and all(c.data_type == "s" for c in cells)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signals_clean_up_temporary_output(tmp_path: Path, sig: signal.Signals) -> None:
    code = textwrap.dedent(f"""
        import os, signal, sys
        signal.signal(signal.SIGINT, signal.default_int_handler)
        from strategygraph.core.files import atomic_directory
        with atomic_directory({str(tmp_path / 'out')!r}) as tmp:
            (tmp / "half.html").write_text("half")
            os.kill(os.getpid(), {int(sig)})
            signal.pause()
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, timeout=60)
    assert proc.returncode != 0
    assert list(tmp_path.iterdir()) == []  # neither the output nor a hidden .out.*.tmp/ folder


def test_diagram_unknown_suffix_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "f.gif"
    res = runner.invoke(app, ["diagram", "house", str(MINI), "-o", str(out)])
    assert res.exit_code == 2 and "unsupported file type .gif" in res.stderr
    assert not out.exists()


def test_diagram_file_names_distinct_for_ids_differing_by_slash_and_underscore() -> None:
    from strategygraph.views.diagrams import slug

    ids = ["theme/a_b", "theme_a/b", "theme/a/b", "theme_a_b", "theme/a-b", "theme_a-b"]
    assert len({slug(i) for i in ids}) == len(ids)
    assert slug("sopiva-polku") == "sopiva-polku" and slug("theme/x") == "theme_x"


def test_synth_explains_its_minimum(tmp_path: Path) -> None:
    res = runner.invoke(app, ["synth", "-n", "5", "-o", str(tmp_path / "s")])
    assert res.exit_code == 0
    assert re.search(r"note: 5 entities are fewer than the smallest model synth writes.*\(\d+ entities\)",
                     res.stderr)


def test_check_output_file_only(tmp_path: Path) -> None:
    out = tmp_path / "c.txt"
    res = runner.invoke(app, ["check", str(MINI), "-o", str(out), "--fail-on", "never", "--lang", "en"])
    assert res.exit_code == 0 and res.stdout == ""
    assert "findings" in out.read_text(encoding="utf-8")


def test_requires_python_is_the_version_the_code_needs() -> None:
    import tomllib

    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert meta["requires-python"] == ">=3.11"  # tomllib (3.11) is imported without a fallback
    assert sys.version_info >= (3, 11)


def test_internal_error_guard_catches_an_unexpected_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    """The conftest guard itself: an exception other than SystemExit counts as an internal error."""
    import strategygraph.core.loader as loader
    from tests.conftest import _original_invoke, internal_error_of

    def boom(*a: object, **k: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(loader, "load", boom)
    res = _original_invoke(CliRunner(), app, ["validate", str(MINI)])  # unwatched, so this test may see it
    assert internal_error_of(res) == "RuntimeError: boom"
    assert internal_error_of(runner.invoke(app, ["rules"])) is None


def test_output_to_a_device_or_symlink_is_written_through_not_replaced(tmp_path: Path) -> None:
    from strategygraph.core.files import atomic_write_bytes

    atomic_write_bytes("/dev/null", b"x")
    assert Path("/dev/null").is_char_device()
    target = tmp_path / "real.txt"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    atomic_write_bytes(link, b"new")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "new"
