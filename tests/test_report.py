"""The report: files, self-containedness, hostile labels, language, atomic writing, bad input."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strategygraph.views import diagrams as dg
from strategygraph.views import report as rp
from strategygraph.cli import app
from strategygraph.core.loader import load
from strategygraph.analysis.rules.engine import Context, run_rules

FIXTURE = Path(__file__).parent / "fixtures" / "report" / "model"
runner = CliRunner()
pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="graphviz (dot) is not installed")

DIAGRAM_FILES = ["house.svg", "linkage.svg", "linkage-t1.svg", "linkage-t2.svg", "dependencies.svg",
                 "overlaps.svg", "roadmap.svg"]


class _Page(HTMLParser):
    """Visible text, tags and attributes of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str]]] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def parse(html_text: str) -> _Page:
    p = _Page()
    p.feed(html_text)
    return p


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("rep") / "report"
    res = runner.invoke(app, ["report", str(FIXTURE), "-o", str(out)])
    assert res.exit_code == 0, res.output
    return out


@pytest.fixture(scope="module")
def page(report_dir: Path) -> str:
    return (report_dir / "index.html").read_text(encoding="utf-8")


# ------------------------------------------------------------------ files
def test_report_files(report_dir: Path) -> None:
    for name in ("index.html", "findings.json", "coverage.xlsx", rp.MARKER):
        assert (report_dir / name).is_file(), name
    assert sorted(p.name for p in (report_dir / "diagrams").iterdir()) == sorted(DIAGRAM_FILES)
    for name in DIAGRAM_FILES:
        assert (report_dir / "diagrams" / name).read_bytes().startswith(b"<?xml")
    assert not list(report_dir.parent.glob(".report.*"))  # no temporary directory left behind


def test_findings_json_is_the_check_json(report_dir: Path) -> None:
    res = runner.invoke(app, ["check", str(FIXTURE), "--format", "json"])
    assert json.loads((report_dir / "findings.json").read_text(encoding="utf-8")) == json.loads(res.stdout)


def test_workbook(report_dir: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(report_dir / "coverage.xlsx")
    assert "findings" in wb.sheetnames and "ownership" in wb.sheetnames
    assert {"coverage Theme", "coverage SubTheme", "coverage Milestone", "coverage Goal"} <= set(wb.sheetnames)
    ws = wb["findings"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    assert ws.max_row == 1 + 36


# ------------------------------------------------------------------ the page
def test_page_sections(page: str) -> None:
    p = parse(page)
    ids = {a.get("id") for _, a in p.tags}
    for section in ("summary", "findings", "coverage", "overlaps", "ownership", "roadmap", "diagrams"):
        assert section in ids
    assert {"f-category", "f-severity", "f-theme"} <= ids  # the filters
    rows = [a for t, a in p.tags if t == "tr" and "finding" in a.get("class", "").split()]
    assert len(rows) == 36
    assert {r["data-category"] for r in rows} == {"gap", "overlap", "ownership", "dependency", "consistency"}
    assert any("t1" in r["data-themes"].split() for r in rows) and any(r["data-accepted"] == "yes" for r in rows)
    text = " ".join(p.text)
    # a finding's explanation, evidence and sources
    assert "Strateginen painopiste, jota yksikään kantava hanke ei tavoita." in text  # G101's summary (fi)
    assert "reached by non carrying" in text  # evidence key
    assert "Lähde \"A\" & <B>" in text and "Teemat" in text  # source title and section
    assert "PMO decision: done by operations <ok>" in text  # the acceptance
    assert page.count("<svg") == 6  # inline diagrams (the roadmap is a table on the page)


def test_page_is_self_contained(page: str) -> None:
    p = parse(page)
    for tag, attrs in p.tags:
        for name in ("src", "href", "action", "data", "poster", "srcset"):
            value = attrs.get(name) or ""
            assert not re.match(r"\s*(https?:)?//", value), (tag, name, value)
        assert tag not in ("img", "iframe", "object", "embed")
        if tag == "link":  # only the empty inline favicon (so the browser does not ask for /favicon.ico)
            assert attrs == {"rel": "icon", "href": "data:,"}
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page)
    assert "@import" not in page and "@font-face" not in page
    assert [a for t, a in p.tags if t == "script"] == [{}]  # one inline script, no src


def test_hostile_labels_in_html(page: str) -> None:
    assert page.count("<script") == 1  # only the page's own script
    assert "<b>&</b>" not in page and "<script>x</script>" not in page
    text = " ".join(parse(page).text)
    assert 'Teema "kaksi" <b>&</b> ä/ö/å' in text
    assert "Ala A <script>x</script>" in text
    assert "Projekti 'yksi' & co" in text
    # the inline SVGs show the same text, escaped
    assert "&lt;script&gt;x&lt;/script&gt;" in page


def test_summary_counts(page: str) -> None:
    text = " ".join(" ".join(parse(page).text).split())
    assert "Strategian tilannekuva" in text
    assert "Havainnot luokittain ja vakavuuksittain" in text
    assert "Näitä kukaan ei omista" in text and "Projekti 2" in text


def test_lang_en(tmp_path: Path) -> None:
    out = tmp_path / "en"
    res = runner.invoke(app, ["report", str(FIXTURE), "-o", str(out), "--lang", "en"])
    assert res.exit_code == 0, res.output
    page = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page
    text = " ".join(" ".join(parse(page).text).split())
    for s in ("Strategy status report", "Findings by category and severity", "PMO overlap review",
              "Owned by nobody", "Roadmap", "Diagrams", "Legend"):
        assert s in text, s
    for s in ("Strategian tilannekuva", "Havainnot", "Omistajuus", "Selite"):
        assert s not in text, s
    assert "Theme one" in text  # English labels where the model has them
    assert "Yksikkö" in text or "Unit" in text


# ------------------------------------------------------------------ atomic writing
def test_failed_run_leaves_old_report_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "report"
    res = runner.invoke(app, ["report", str(FIXTURE), "-o", str(out)])
    assert res.exit_code == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    calls = {"n": 0}
    real = dg.Diagram.render

    def flaky(self: dg.Diagram, fmt: str = "svg") -> bytes:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("renderer crashed half-way")
        return real(self, fmt)

    monkeypatch.setattr(dg.Diagram, "render", flaky)
    ctx = Context(load(FIXTURE))
    with pytest.raises(RuntimeError, match="half-way"):
        rp.write_report(ctx, run_rules(ctx), out)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]  # no temporary or .old directory


def test_missing_graphviz_mid_run_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "report"
    (out).mkdir()
    (out / rp.MARKER).write_text("old\n")
    (out / "index.html").write_text("old report")

    calls = {"n": 0}
    real = dg.Diagram.render

    def vanishing(self: dg.Diagram, fmt: str = "svg") -> bytes:
        calls["n"] += 1
        if calls["n"] > 2:
            raise dg.GraphvizNotFound()
        return real(self, fmt)

    monkeypatch.setattr(dg.Diagram, "render", vanishing)
    res = runner.invoke(app, ["report", str(FIXTURE), "-o", str(out)])
    assert res.exit_code == 2
    assert "install graphviz (apt-get install graphviz / brew install graphviz)" in res.output
    assert (out / "index.html").read_text() == "old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]


def test_missing_graphviz_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    out = tmp_path / "report"
    res = runner.invoke(app, ["report", str(FIXTURE), "-o", str(out)])
    assert res.exit_code == 2
    assert "apt-get install graphviz / brew install graphviz" in res.output
    assert not out.exists()


# ------------------------------------------------------------------ bad input
def test_refuses_to_replace_a_directory_that_is_not_a_report(tmp_path: Path) -> None:
    out = tmp_path / "important"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    res = runner.invoke(app, ["report", str(FIXTURE), "-o", str(out)])
    assert res.exit_code == 2 and "not a strategygraph report" in res.output
    assert (out / "notes.txt").read_text() == "keep me"


def test_refuses_to_replace_the_model(tmp_path: Path) -> None:
    model = tmp_path / "model"
    shutil.copytree(FIXTURE, model)
    (model / rp.MARKER).write_text("")  # even if it looked like a report
    res = runner.invoke(app, ["report", str(model), "-o", str(model)])
    assert res.exit_code == 2 and "would replace the model" in res.output
    assert (model / "m.yaml").exists()


def test_output_is_a_file(tmp_path: Path) -> None:
    f = tmp_path / "report"
    f.write_text("x")
    res = runner.invoke(app, ["report", str(FIXTURE), "-o", str(f)])
    assert res.exit_code == 2 and "not a directory" in res.output


def test_invalid_model_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "m.yaml").write_text("themes:\n  - {id: T1, label: x}\n")
    out = tmp_path / "report"
    res = runner.invoke(app, ["report", str(bad), "-o", str(out)])
    assert res.exit_code == 2 and "nothing was written" in res.output
    assert "Traceback" not in res.output and not out.exists()


def test_no_progress_bar_when_not_a_terminal(tmp_path: Path) -> None:
    res = runner.invoke(app, ["report", str(FIXTURE), "-o", str(tmp_path / "r")])
    assert res.exit_code == 0
    assert "━" not in res.output and "wrote" in res.output


def test_progress_steps_match(tmp_path: Path) -> None:
    ctx = Context(load(FIXTURE))
    steps: list[str] = []
    rp.write_report(ctx, run_rules(ctx), tmp_path / "r", step=steps.append)
    assert len(steps) == rp.report_steps(ctx)


def test_report_data_roadmap_and_ownership() -> None:
    ctx = Context(load(FIXTURE))
    data = rp.report_data(ctx, run_rules(ctx))
    rm = data["roadmap"]
    assert [p["id"] for p in rm["phases"]] == ["ph1", "ph2"]
    cell = rm["rows"][0]["cells"][0]
    assert cell["milestones"][0]["id"] == "ms1" and cell["goals"][0]["refs"] == [1]
    nobody = {r["id"] for r in data["ownership"]["nobody"]}
    assert nobody == {"g2", "kr2", "p2", "p3"}
    owners = {o["id"]: o for o in data["ownership"]["owners"]}
    assert owners["u1"]["counts"] == {"Goal": 1, "KeyResult": 1, "Project": 1}  # kr1 inherits g1's owner
    assert data["groups"][0]["severity"] == "error"
