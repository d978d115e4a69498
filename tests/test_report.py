"""The report: files, self-containedness, hostile labels, language, atomic writing, bad input."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strategygraph.analysis.rules.engine import Context, run_rules
from strategygraph.cli import app
from strategygraph.core.loader import load
from strategygraph.views import diagrams as dg
from strategygraph.views import report as rp

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
    from openpyxl.utils import get_column_letter

    wb = load_workbook(report_dir / "coverage.xlsx")
    assert "havainnot" in wb.sheetnames and "omistajuus" in wb.sheetnames  # the page's language (fi)
    assert {"kattavuus Teemat", "kattavuus Alateemat", "kattavuus Virstanpylväät",
            "kattavuus Tavoitteet"} <= set(wb.sheetnames)
    ws = wb["havainnot"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    assert ws.max_row == 1 + 37  # G120 on both themes; C506 on g1 is nested under C503; O204 off by default
    assert [c.value for c in ws[1]][:3] == ["vakavuus", "luokka", "havainto"]
    assert {ws.cell(row=i, column=1).value for i in range(2, ws.max_row + 1)} <= {"virhe", "varoitus", "huomio"}

    ctx = Context(load(FIXTURE))
    data = rp.report_data(ctx, run_rules(ctx))
    cov = next(c for c in data["coverages"] if c["by"] == "Theme")
    ws = wb["kattavuus Teemat"]
    carrying = [c for c in cov["projects"] if c["carrying"]]
    header = [c.value for c in ws[1]]
    # the carrying projects first, the non-carrying ones after them, greyed and named as not carrying
    assert header[2:2 + len(carrying)] == [c["label"] for c in carrying]
    assert all("ei toteuta" in h for h in header[2 + len(carrying):-2])
    # the colour scale covers the carrying projects' columns only
    ranges = [str(r.sqref) for r in ws.conditional_formatting]
    assert ranges == [f"C2:{get_column_letter(2 + len(carrying))}{ws.max_row}"]
    # rows no carrying project reaches are red and say so
    for i, row in enumerate(cov["rows"], 2):
        fill = ws.cell(row=i, column=1).fill.fgColor.rgb
        if row["carriers"]:
            assert fill != "00FADBD8", row["id"]
        else:
            assert fill == "00FADBD8", row["id"]
            assert ws.cell(row=i, column=len(header) - 1).value == "EI KANTAJAA"
    assert any(not r["carriers"] for r in cov["rows"]) and any(r["carriers"] for r in cov["rows"])


# ------------------------------------------------------------------ the page
def test_page_sections(page: str) -> None:
    p = parse(page)
    ids = {a.get("id") for _, a in p.tags}
    for section in ("board", "summary", "findings", "coverage", "overlaps", "ownership", "roadmap", "diagrams",
                    "elements"):
        assert section in ids
    assert {"f-category", "f-severity", "f-theme", "m-search"} <= ids  # the filters and the model search
    rows = [a for t, a in p.tags if t == "div" and "finding" in a.get("class", "").split()]
    assert len(rows) == 37  # G120 on both themes; C506 on g1 is nested under C503; O204 off by default
    assert {r["data-category"] for r in rows} == {"gap", "overlap", "ownership", "dependency", "consistency"}
    assert any("t1" in r["data-themes"].split() for r in rows) and any(r["data-accepted"] == "yes" for r in rows)
    text = " ".join(p.text)
    # a finding's explanation, evidence and sources
    assert "Strateginen painopiste, jota yksikään käynnissä oleva hanke ei toteuta." in text  # G101's summary (fi)
    assert "tavoittavat ei-toteuttavat hankkeet" in text  # evidence key, in the page's language
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
    scripts = [a for t, a in p.tags if t == "script"]  # one inline script, no src, plus its inline data
    assert scripts == [{"type": "application/json", "id": "model-data"}, {"type": "application/json", "id": "ui-text"},
                       {}]


def test_hostile_labels_in_html(page: str) -> None:
    assert page.count("<script") == 3  # only the page's own script and its two data blocks
    # labels in the embedded data cannot end the script element or open a tag
    data = page[page.index('id="model-data">'):page.index("</script>", page.index('id="model-data">'))]
    assert "<" not in data.split(">", 1)[1] and "\\u003cscript\\u003ex\\u003c/script\\u003e" in data
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


# ------------------------------------------------------------------ one language throughout
def _ui_strings(lang: str) -> set[str]:
    """Every UI text of the views in ``lang`` that differs from the other language's (literal parts only)."""
    from strategygraph.views import i18n

    other = "en" if lang == "fi" else "fi"
    out: set[str] = set()
    for table in (i18n.REPORT_UI, i18n.BOARD_UI, i18n.DIAGRAM_UI, i18n.WORKBOOK_UI, i18n.EVIDENCE_NAMES,
                  i18n.KIND_NAMES, i18n.KIND_PLURALS, i18n.STATUS_NAMES, i18n.CATEGORY_NAMES, i18n.SEVERITY_NAMES,
                  i18n.RELATION_NAMES, i18n.CARRIER_NAMES, i18n.FIELD_NAMES, i18n.SLIDES_UI):
        mine, theirs = table[lang], table[other]
        for key, text in mine.items():
            if key == "lang" or text == theirs.get(key):
                continue
            for part in re.split(r"\{[^}]*\}", text):
                part = part.strip(" .,:;()–-→✓⚠")
                if len(part) >= 8 and part not in theirs.values():
                    out.add(part)
    return out


def _everything_visible(out: Path) -> str:
    """The page's text (with its embedded data), the diagrams' text and every workbook cell."""
    from openpyxl import load_workbook

    html_text = (out / "index.html").read_text(encoding="utf-8")
    # codes and ids (in <code>, the detail lines) are language-neutral by design
    p = parse(re.sub(r"<code[^>]*>.*?</code>|<title>.*?</title>", " ", html_text, flags=re.S))
    parts = [" ".join(p.text)]
    data = re.search(r'<script type="application/json" id="model-data">(.*?)</script>', html_text, re.S)
    ui = re.search(r'<script type="application/json" id="ui-text">(.*?)</script>', html_text, re.S)
    assert data and ui
    parts += list(json.loads(ui.group(1)).values())
    model = json.loads(data.group(1))
    parts += [k[1] + " " + k[3] for k in model["kinds"]]
    for e in model["e"].values():  # what an element's section shows: label, properties, relation names, source
        parts += [e["l"], e["s"], *[" ".join(kv) for kv in e["p"]], *[r for r, _ in e["o"] + e["i"]]]
    for svg in (out / "diagrams").glob("*.svg"):  # (graphviz's <title>s are node and cluster ids)
        parts.append(" ".join(parse(re.sub(r"<title>.*?</title>", " ", svg.read_text(encoding="utf-8"))).text))
    wb = load_workbook(out / "coverage.xlsx")
    for ws in wb.worksheets:
        parts.append(ws.title)
        codes = 5 if ws is wb.worksheets[0] else 99  # the findings sheet ends with the rule's code and name
        parts += [str(c.value) for row in ws.iter_rows() for c in row[:codes] if c.value is not None]
    return " ".join(" ".join(parts).split())


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_one_language_throughout(tmp_path: Path, lang: str) -> None:
    out = tmp_path / lang
    res = runner.invoke(app, ["report", str(FIXTURE), "-o", str(out), "--lang", lang])
    assert res.exit_code == 0, res.output
    text = _everything_visible(out)
    # finding messages and PMO reasons are the rules' and the model's text, checked below and in the model
    from strategygraph.analysis.rules.engine import get_rule

    for f in json.loads((out / "findings.json").read_text(encoding="utf-8"))["findings"]:
        rule_texts = list(get_rule(f["rule"]).texts(lang).values())  # type: ignore[union-attr]
        for s in [f["message"], f.get("fix") or "", (f["accepted"] or {}).get("reason", ""), *rule_texts]:
            s = " ".join(rp._prose(s).split()) if s else ""
            text = text.replace(s, " ") if s else text
    other = "en" if lang == "fi" else "fi"
    leaked = sorted(s for s in _ui_strings(other) if s in text)
    assert leaked == [], f"{other} UI text on the {lang} page, diagrams or workbook: {leaked[:10]}"
    mine = _ui_strings(lang)
    assert sum(1 for s in mine if s in text) >= 40  # and the page does speak its own language


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_finding_messages_in_the_chosen_language(tmp_path: Path, lang: str) -> None:
    """The page, diagrams and workbook carry none of the other language's finding messages."""
    other = "en" if lang == "fi" else "fi"
    ctx_other = Context(load(FIXTURE), lang=other)
    ctx_mine = Context(load(FIXTURE), lang=lang)
    theirs = {f.message for f in run_rules(ctx_other)}
    mine = {f.message for f in run_rules(ctx_mine)}
    if theirs == mine:
        pytest.skip("the rule engine gives finding messages in one language only (translated messages are the "
                    "findings issue's work)")
    out = tmp_path / lang
    assert runner.invoke(app, ["report", str(FIXTURE), "-o", str(out), "--lang", lang]).exit_code == 0
    text = _everything_visible(out)
    leaked = sorted(" ".join(m.split()) for m in theirs - mine if " ".join(m.split()) in text)
    assert leaked == [], leaked[:5]


def test_overlap_review_shows_decisions() -> None:
    """The overlap review shows, per pair, the decision: an accepted finding, or the projects' dispositions."""
    ctx = Context(load(Path(__file__).resolve().parents[1] / "model"))
    data = rp.report_data(ctx, run_rules(ctx))
    pair = next(p for p in data["overlaps"]["pairs"] if {p["a"]["id"], p["b"]["id"]} == {"syli", "tulevaisuuden-sote-keskus"})
    decisions = dict(pair["dispositions"])
    assert decisions["Syli-hanke"].startswith("kuorihanke")
    assert decisions["Tulevaisuuden SOTE-keskushanke"].startswith("yhdistetään hankkeeseen Assi")
    html_text = rp.render_html(data, [], "fi")
    assert "Tulevaisuuden SOTE-keskushanke: yhdistetään hankkeeseen Assi" in " ".join(parse(html_text).text)


def test_board_ranks_root_findings_by_score() -> None:
    """With the rule engine's ranking (id, root, score, location), the board lists root findings by score and
    counts the consequences nested under each."""
    ctx = Context(load(FIXTURE))
    findings = run_rules(ctx)
    plain = rp.report_data(ctx, findings)["board"]["top"]
    assert [f["score"] for f in plain] == sorted((f["score"] for f in plain), reverse=True)
    open_ = [f for f in findings if not f.accepted]
    for i, f in enumerate(open_):
        f.id = f"x{i}"  # type: ignore[attr-defined]
        f.score = float(i)  # type: ignore[attr-defined]  # the last finding ranks highest
        f.root = None  # type: ignore[attr-defined]
        f.location = {"file": "m.yaml", "line": i + 1, "column": 3}  # type: ignore[attr-defined]
    open_[-2].root = open_[-1].id  # type: ignore[attr-defined]  # a consequence of the top finding
    open_[-3].root = open_[-1].id  # type: ignore[attr-defined]
    data = rp.report_data(ctx, findings)
    top = data["board"]["top"]
    assert [f["id"] for f in top] == [open_[-1].id, *[open_[-k].id for k in range(4, 4 + rp.TOP_FINDINGS - 1)]]
    assert top[0]["consequences"] == 2 and top[0]["score"] == float(len(open_) - 1)
    assert top[0]["where"] == f"m.yaml:{len(open_)}:3"
    page = rp.render_html(data, [], "fi")
    assert f'id="f-{open_[-1].id}"' in page and f'href="#f-{open_[-1].id}"' in page
    assert "2 seurausta" in " ".join(parse(page).text)


def test_page_text_tables_do_not_shadow_each_other() -> None:
    from strategygraph.views import i18n

    for lang in ("fi", "en"):
        assert set(i18n.REPORT_UI[lang]) & set(i18n.BOARD_UI[lang]) == set()
        for table in (i18n.REPORT_UI, i18n.BOARD_UI, i18n.DIAGRAM_UI, i18n.WORKBOOK_UI, i18n.SLIDES_UI):
            assert set(table["fi"]) == set(table["en"])  # every text in both languages


def test_title_is_the_models_own_name_not_its_path(page: str) -> None:
    # the fixture has no 'model: title:', so its name is its meaning's label (in the page's language, fi)
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    meta = page.split('<p class="meta">', 1)[1].split("</p>", 1)[0]
    footer = page.rsplit("<footer", 1)[-1]
    for where in (title, meta, footer):
        assert "Merkitys ä/ö/å" in where and "fixtures" not in where, where
