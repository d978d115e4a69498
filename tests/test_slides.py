"""The slides command: an editable deck that opens with python-pptx, with the listed slides, in one language."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from strategygraph.cli import app

FIXTURE = Path(__file__).parent / "fixtures" / "report" / "model"
runner = CliRunner()
pptx = pytest.importorskip("pptx", reason="python-pptx is not installed (pip install python-pptx)")


def _texts(slide: object) -> list[str]:
    out = []
    for shape in slide.shapes:  # type: ignore[attr-defined]
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if shape.has_table:
            out += [c.text for row in shape.table.rows for c in row.cells]
    return out


def _deck(tmp_path: Path, lang: str) -> list[list[str]]:
    out = tmp_path / f"board-{lang}.pptx"
    res = runner.invoke(app, ["slides", str(FIXTURE), "-o", str(out), "--lang", lang])
    assert res.exit_code == 0, res.output
    prs = pptx.Presentation(str(out))
    return [_texts(s) for s in prs.slides]


def test_slides_fi(tmp_path: Path) -> None:
    slides = _deck(tmp_path, "fi")
    titles = [t[0] for t in slides]
    assert titles == ["Strategian tilannekuva", "Tilannekuva", "Strategiatalo", "Tiekartta", "Kattavuus teemoittain",
                      "Tärkeimmät havainnot", "PMO:n päällekkäisyyskatselmus"]
    house = slides[2]
    assert 'Teema "kaksi" <b>&</b> ä/ö/å' in house and "Ala A <script>x</script>" in house  # editable boxes
    assert any("avointa havaintoa" in t for t in slides[1])
    roadmap = " ".join(slides[3])
    assert "Teema" in roadmap and "ph1" not in roadmap
    top = slides[5]
    assert "virhe" in top and any("p1 → p2 → p1" in t for t in top)
    overlaps = " ".join(slides[6])
    assert "Projekti 'yksi' & co" in overlaps or "Projekti 2" in overlaps


def test_slides_en_has_no_finnish_ui(tmp_path: Path) -> None:
    slides = _deck(tmp_path, "en")
    assert [t[0] for t in slides][1:] == ["Overview", "Strategy house", "Roadmap", "Coverage per theme",
                                          "Top findings", "PMO overlap review"]
    text = " ".join(" ".join(s) for s in slides)
    for fi in ("Tilannekuva", "Strategiatalo", "Tiekartta", "Kattavuus", "havainto", "virhe", "Teema "):
        assert fi not in text, fi


def test_slides_bad_output(tmp_path: Path) -> None:
    res = runner.invoke(app, ["slides", str(FIXTURE), "-o", str(tmp_path / "deck.txt")])
    assert res.exit_code == 2 and ".pptx" in res.output
    assert not (tmp_path / "deck.txt").exists()


def test_slides_subtitle_names_the_model_not_its_path(tmp_path: Path) -> None:
    cover = _deck(tmp_path, "en")[0]
    assert any("Meaning" in t for t in cover[1:]), cover  # the model's meaning (it has no title), in English
    assert not any("fixtures" in t for t in cover), cover
