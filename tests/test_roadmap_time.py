"""The roadmap knows time: phases past, current or future at the as-of date, with progress and carriers."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strategygraph.cli import app

runner = CliRunner()
V1 = Path(__file__).parent / "fixtures" / "timeline" / "v1"


def _dot(*args: str) -> str:
    res = runner.invoke(app, ["diagram", "roadmap", str(V1), "-f", "dot", "--lang", "en", *args])
    assert res.exit_code == 0, res.output
    return res.stdout


def _head(dot: str) -> str:
    """The phase header cell's text (tags dropped, lines joined)."""
    cell = re.search(r'<TD BGCOLOR="(#[0-9A-F]{6})" CELLPADDING="7" WIDTH="260">(.*?)</TD>', dot)
    assert cell is not None
    return cell.group(1) + " " + " ".join(re.sub(r"<[^>]+>", " ", cell.group(2)).split())


def test_phase_past_with_progress_and_carriers() -> None:
    dot = _dot()  # the model's as-of date: its newest source, 2025-03-25
    assert _head(dot) == ("#90A4AE 2023-2024 Doing together past ● 65 % (2 of 3 with a figure) "
                          "carried by: Digital programme, Preparing service paths")
    assert "as of 2025-03-25" in dot
    assert "phase over by 2025-03-25" in dot  # the legend
    # each milestone card shows its own figure in its colour
    assert re.search(r'<FONT COLOR="#E0A23A" POINT-SIZE="8">●</FONT><FONT COLOR="#1C2833" POINT-SIZE="8"> 80 %', dot)
    assert re.search(r'<FONT COLOR="#C0392B" POINT-SIZE="8">●</FONT><FONT COLOR="#1C2833" POINT-SIZE="8"> 50 %', dot)


def test_phase_current_before_the_facts() -> None:
    dot = _dot("--as-of", "2023-06-30")  # the 2024 report's completions are not yet known
    assert _head(dot) == ("#1565C0 2023-2024 Doing together current "
                          "carried by: Digital programme, Preparing service paths")
    assert " %" not in re.sub(r"<[^>]+>", " ", dot.split("Legend")[-1])
    assert "phase current at 2023-06-30" in dot


def test_bad_as_of() -> None:
    res = runner.invoke(app, ["diagram", "roadmap", str(V1), "-f", "dot", "--as-of", "June"])
    assert res.exit_code == 2 and "--as-of 'June': expected a date YYYY-MM-DD" in res.output


@pytest.mark.skipif(shutil.which("dot") is None, reason="graphviz (dot) is not installed")
def test_roadmap_svg_renders(tmp_path: Path) -> None:
    out = tmp_path / "roadmap.svg"
    res = runner.invoke(app, ["diagram", "roadmap", str(V1), "-o", str(out), "--lang", "fi"])
    assert res.exit_code == 0, res.output
    svg = html.unescape(out.read_text(encoding="utf-8"))
    assert "mennyt" in svg and "tilanne 2025-03-25" in svg and "65 %" in svg
