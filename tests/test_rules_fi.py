"""Finnish rule texts: complete, translated, used by the Finnish report and ``explain --lang fi``."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strategygraph.analysis.rules.engine import Context, all_rules, get_rule, run_rules
from strategygraph.analysis.rules.texts_fi import FI
from strategygraph.cli import app
from strategygraph.core.loader import load
from strategygraph.views.report import _prose

MINI = Path(__file__).parent / "fixtures" / "mini"
runner = CliRunner()
KEYS = ("summary", "why", "fix")
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="graphviz (dot) is not installed")


def test_every_rule_has_finnish_texts() -> None:
    codes = {r.code for r in all_rules()}
    assert len(codes) == 36
    assert set(FI) == codes, f"missing: {sorted(codes - set(FI))}, unknown: {sorted(set(FI) - codes)}"
    for r in all_rules():
        fi, en = r.texts("fi"), r.texts("en")
        assert set(fi) == set(en) == set(KEYS)
        for k in KEYS:
            assert set(FI[r.code]) == set(KEYS), r.code
            assert FI[r.code][k].strip(), f"{r.code}.{k} is empty"
            assert fi[k] == FI[r.code][k]
            assert en[k].strip(), f"{r.code}.{k}: English text is empty"
            assert fi[k].strip() != en[k].strip(), f"{r.code}.{k} is not translated"


def test_english_texts_come_from_the_docstring() -> None:
    r = get_rule("G101")
    secs = r.sections()
    assert r.texts("en") == {"summary": r.summary, "why": secs["Why it matters"], "fix": secs["How to fix"]}


def test_unknown_language_falls_back_to_english() -> None:
    for r in all_rules():
        assert r.texts("sv") == r.texts("en")
        assert r.texts("") == r.texts("en")


def test_missing_translation_falls_back_to_english(monkeypatch: pytest.MonkeyPatch) -> None:
    r = get_rule("G101")
    monkeypatch.setitem(FI, "G101", {"summary": "Vain tiivistelmä."})
    texts = r.texts("fi")
    assert texts["summary"] == "Vain tiivistelmä."
    assert texts["why"] == r.texts("en")["why"] and texts["fix"] == r.texts("en")["fix"]


def test_configuration_keys_stay_untranslated() -> None:
    for r in all_rules():
        for k in KEYS:
            en_keys = {w for w in r.texts("en")[k].split("``")[1::2]}
            fi_keys = {w for w in FI[r.code][k].split("``")[1::2]}
            assert en_keys <= fi_keys, f"{r.code}.{k}: {sorted(en_keys - fi_keys)} missing in Finnish"


@pytest.fixture(scope="module")
def fired() -> list[str]:
    codes = sorted({f.rule for f in run_rules(Context(load(MINI)))})
    # rules of every category fire on the fixture (its 2024 goals are superseded at its analysis date, so
    # the goal-set rules fire on the 2025 goals only)
    assert {"C503", "D402", "G111", "G112", "G114", "O203", "W301", "W302"} <= set(codes)
    return codes


def _page(tmp_path: Path, lang: str) -> str:
    out = tmp_path / "r"
    res = runner.invoke(app, ["report", str(MINI), "-o", str(out), "--lang", lang])
    assert res.exit_code == 0, res.output
    return html.unescape((out / "index.html").read_text(encoding="utf-8"))


@needs_dot
def test_finnish_report_shows_finnish_rule_texts(tmp_path: Path, fired: list[str]) -> None:
    page = _page(tmp_path, "fi")
    for code in fired:
        r = get_rule(code)
        fi, en = r.texts("fi"), r.texts("en")
        assert _prose(fi["summary"]) in page, code
        assert _prose(en["summary"]) not in page, code
        assert _prose(fi["why"]) in page and _prose(fi["fix"]) in page, code
        assert _prose(en["why"]) not in page and _prose(en["fix"]) not in page, code


@needs_dot
def test_english_report_shows_english_rule_texts(tmp_path: Path, fired: list[str]) -> None:
    page = _page(tmp_path, "en")
    for code in fired:
        r = get_rule(code)
        fi, en = r.texts("fi"), r.texts("en")
        assert _prose(en["summary"]) in page, code
        assert _prose(fi["summary"]) not in page, code
        assert _prose(en["why"]) in page and _prose(en["fix"]) in page, code


def test_explain_in_finnish() -> None:
    r = get_rule("G101")
    res = runner.invoke(app, ["explain", "G101", "--lang", "fi"])
    assert res.exit_code == 0, res.output
    for k in KEYS:
        assert FI["G101"][k] in res.output
    assert r.summary not in res.output
    assert r.sections()["Why it matters"] not in res.output
    assert r.sections()["Example"] in res.output  # the example stays in English
    assert res.output.index(FI["G101"]["fix"]) < res.output.index(r.sections()["Example"])


def test_explain_defaults_to_english() -> None:
    r = get_rule("G101")
    res = runner.invoke(app, ["explain", "G101"])
    assert res.exit_code == 0, res.output
    assert r.doc in res.output
    assert FI["G101"]["summary"] not in res.output
    res = runner.invoke(app, ["explain", "gap.uncarried-theme", "--lang", "en"])
    assert res.exit_code == 0 and r.doc in res.output
