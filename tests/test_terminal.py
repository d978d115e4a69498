"""Terminal tables (coverage, impact, rules) at 80 and 120 columns, and -o writing only to the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from strategygraph.cli import app

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "model"
runner = CliRunner()

COMMANDS = {
    "coverage": ["coverage", str(MODEL), "--by", "subtheme"],
    "impact": ["impact", "digiohjelma", str(MODEL)],
    "rules": ["rules"],
}


def _run(args: list[str], width: int) -> str:
    res = runner.invoke(app, args, env={"COLUMNS": str(width), "TERM": "dumb"})
    assert res.exit_code == 0, res.output
    return res.stdout


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_tables_fit_the_terminal(name: str, width: int) -> None:
    out = _run(COMMANDS[name], width)
    lines = out.splitlines()
    assert len(lines) > 5
    too_wide = [ln for ln in lines if len(ln.rstrip()) > width]
    assert too_wide == [], too_wide[:3]
    assert "…" not in out  # labels and ids wrap; nothing is cut short


@pytest.mark.parametrize("width", [80, 120])
def test_coverage_names_projects_in_full(width: int) -> None:
    words = set(_run(COMMANDS["coverage"], width).replace("│", " ").split())
    # the narrow layout lists each sub-theme's carriers by name; the wide one has a column per project;
    # a long label wraps over lines, word by word
    assert "Digiohjelma" in words or "Digiohjelma," in words
    assert {"Johdamme", "systemaattisesti", "tavoitteellisesti"} <= words


def test_rules_narrow_and_wide_layouts() -> None:
    narrow, wide = _run(["rules"], 80), _run(["rules"], 120)
    assert "what it finds" in narrow and "category" not in narrow.split("\n", 3)[2]
    assert "category" in wide and "severity" in wide


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_output_file_only(name: str, tmp_path: Path) -> None:
    out = tmp_path / f"{name}.txt"
    res = runner.invoke(app, [*COMMANDS[name], "-o", str(out)], env={"COLUMNS": "100"})
    assert res.exit_code == 0, res.output
    assert res.stdout == ""  # nothing on stdout: the table went to the file
    text = out.read_text(encoding="utf-8")
    assert len(text.splitlines()) > 5 and "\x1b[" not in text
    assert f"wrote {out}" in res.stderr
