"""The report in a real browser: headless Chromium (Debian's chromium) driven by Playwright.

Opens the generated index.html from a localhost HTTP server at desktop (1440), tablet (768) and phone
(390) widths and checks what a planner sees: no horizontal page scroll, the board view's sentences, a
click on a finding's element landing on its section, filters restored from the URL, no console error,
no request other than the page itself. Screenshots go to test-artifacts/. The board paper is printed
to PDF (``report --pdf``) on the real model: at most 12 A4 pages, each top finding's full message in the
PDF's text (pdftotext, from poppler-utils).

Needs: ``apt-get install chromium`` (at /usr/bin/chromium, or set STRATEGYGRAPH_CHROMIUM) and
``pip install playwright`` (the browser bundles of ``playwright install`` are not used).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strategygraph.cli import app

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "report" / "model"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SECTIONS = ("board", "summary", "findings", "coverage", "overlaps", "ownership", "roadmap", "diagrams", "elements")
REAL_MODEL = ROOT / "model"
WIDTHS = (1440, 768, 390)


def _chromium() -> str:
    for candidate in (os.environ.get("STRATEGYGRAPH_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).is_file():
            return candidate
    pytest.skip("chromium is not installed (apt-get install chromium); the browser test needs it")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="playwright is not installed (pip install playwright)")
    exe = _chromium()
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def served_report(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if shutil.which("dot") is None:
        pytest.skip("graphviz (dot) is not installed")
    out = tmp_path_factory.mktemp("browser") / "report"
    res = CliRunner().invoke(app, ["report", str(FIXTURE), "-o", str(out)])
    assert res.exit_code == 0, res.output
    handler = functools.partial(_QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def _open(browser: object, url: str, width: int) -> tuple[object, list[str], list[str]]:
    page = browser.new_page(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    requests: list[str] = []
    problems: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    page.goto(url, wait_until="load")
    return page, requests, problems


def _no_page_scroll(page: object, width: int) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth")  # type: ignore[attr-defined]
    assert overflow <= width, f"the page is {overflow} px wide at a {width} px viewport"


@pytest.mark.parametrize("width", WIDTHS)
def test_report_at_width(browser: object, served_report: str, width: int) -> None:
    page, requests, problems = _open(browser, served_report, width)
    _no_page_scroll(page, width)
    # the board view first: sentences saying what matters, the top findings, a light per theme, the house
    board = page.locator("section#board")
    assert board.bounding_box()["y"] < 400  # type: ignore[index]
    lead = board.locator("p.lead").first.inner_text()
    assert "avointa havaintoa" in lead and "Tärkeimmät ensin" in lead
    assert board.locator("ol.top li").count() == 6
    assert board.locator("ul.lights li").count() == 2
    assert board.locator("svg").count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"report-{width}.png"))

    # a click on a finding's element lands on that element's section
    link = board.locator("ol.top a.ref").first
    target = link.get_attribute("href")
    label = link.get_attribute("title") or link.inner_text()
    link.click()
    section = page.locator("article#element")
    section.wait_for(state="visible")
    assert section.get_attribute("data-id") == target[len("#e-"):]
    assert label in section.locator("h3").inner_text()
    box = section.bounding_box()
    assert box is not None and 0 <= box["y"] < 900
    assert section.locator(".elinks").count() == 1 and section.locator(".esrc").count() == 1
    _no_page_scroll(page, width)
    page.screenshot(path=str(ARTIFACTS / f"report-{width}-element.png"))

    # the element's findings lead back to the finding, opened
    first_finding = section.locator(".efind a").first
    fid = first_finding.get_attribute("href")
    first_finding.click()
    finding = page.locator(f"div.finding[id=\"{fid[1:]}\"]")
    assert finding.locator(".detail").is_visible()

    # filters are restored from the URL
    page.goto(served_report + "#findings&cat=ownership&sev=warning", wait_until="load")
    assert page.locator("#f-category").input_value() == "ownership"
    assert page.locator("#f-severity").input_value() == "warning"
    visible = page.locator("#findings-table div.finding:visible")
    assert visible.count() == int(page.locator("#f-shown").inner_text()) > 0
    assert all(r.get_attribute("data-category") == "ownership" for r in visible.all())
    page.select_option("#f-theme", "t2")
    assert "theme=t2" in page.evaluate("location.hash")
    _no_page_scroll(page, width)
    page.close()
    assert set(requests) == {served_report, served_report + "#findings&cat=ownership&sev=warning"} or \
        all(r.split("#")[0] == served_report for r in requests), f"unexpected requests: {requests}"
    assert problems == []


def test_diagram_nodes_and_search_lead_to_elements(browser: object, served_report: str) -> None:
    page, requests, problems = _open(browser, served_report, 390)
    # a tap on a drawn element (no hover needed) opens its section
    node = page.locator("#board svg a").first
    href = node.get_attribute("xlink:href") or node.get_attribute("href")
    assert href and href.startswith("#e-")
    page.evaluate("h => { location.hash = h; }", href)
    page.locator("article#element").wait_for(state="visible")
    assert page.locator("article#element").get_attribute("data-id") == href[3:]
    # search over the whole model
    page.fill("#m-search", "projekti")
    hits = page.locator("#m-results a")
    assert hits.count() >= 2
    hits.first.click()
    assert page.locator("article#element").get_attribute("data-id").startswith("p")
    _no_page_scroll(page, 390)
    page.close()
    assert problems == []
    assert all(r.split("#")[0] == served_report for r in requests)


def test_report_in_chromium(browser: object, served_report: str) -> None:
    page, requests, problems = _open(browser, served_report, 1280)

    # every section is there, with its heading
    for section in SECTIONS:
        el = page.locator(f"section#{section}")
        assert el.count() == 1, section
        assert el.locator("h2").first.is_visible(), section
    assert page.locator("#coverage table.heat").count() >= 2
    assert page.locator("#overlaps table.overlaps tbody tr").count() == 1
    assert page.locator("#ownership table.nobody tbody tr").count() == 4
    assert page.locator("#roadmap table.roadmap .ms").count() == 2
    assert page.locator("#diagrams figure.diagram svg").count() == 5  # the house is in the board view

    # the filters change the visible findings
    rows = page.locator("#findings-table div.finding")
    total = rows.count()
    assert total == 37  # G120 on both themes; C506 on g1 (green, its only task at 50 %) is nested under C503; O204 off by default
    assert page.locator("#f-shown").inner_text() == str(total)
    page.select_option("#f-category", "ownership")
    visible = page.locator("#findings-table div.finding:visible")
    assert visible.count() == 5  # g2, its key result and p2 without an owner, g1's two W302 findings
    assert page.locator("#f-shown").inner_text() == "5"
    assert all(r.get_attribute("data-category") == "ownership" for r in visible.all())
    page.select_option("#f-severity", "error")
    assert page.locator("#findings-table div.finding:visible").count() == 0
    assert page.locator("#f-none").is_visible()
    page.click("#f-reset")
    page.select_option("#f-theme", "t2")
    n_t2 = page.locator("#findings-table div.finding:visible").count()
    assert 0 < n_t2 < total
    page.uncheck("#f-accepted")
    assert page.locator("#findings-table div.finding:visible").count() == n_t2 - 1  # the accepted G104
    page.click("#f-reset")

    # a finding opens to its explanation, evidence and sources
    first = page.locator("#findings-table div.group[data-rule=G101] div.finding").first
    first.locator("summary").click()
    assert first.locator(".detail").is_visible()
    detail = first.locator(".detail").inner_text()
    assert "Strateginen painopiste, jota yksikään käynnissä oleva hanke ei toteuta." in detail  # explanation (fi)
    assert "p3" in detail  # evidence: reached only by the proposed p3
    assert 'Lähde "A" & <B>' in detail and "Teemat" in detail  # source title and section

    # a rule group folds and unfolds
    group = page.locator("#findings-table div.group").first
    group.locator("button.toggle").click()
    assert group.locator("div.finding:visible").count() == 0
    group.locator("button.toggle").click()
    assert group.locator("div.finding:visible").count() > 0

    # hostile labels are text, not markup
    assert page.locator("#findings-table div.finding b, #findings-table script, #roadmap b, #roadmap script").count() == 0
    assert 'Teema "kaksi" <b>&</b> ä/ö/å' in page.locator("#roadmap").inner_text()

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
    page.close()

    assert requests == [served_report], f"unexpected requests: {requests}"
    assert problems == []
    assert (ARTIFACTS / "report.png").stat().st_size > 10_000


def test_board_paper_pdf_on_the_real_model(tmp_path: Path) -> None:
    """``report --pdf``: the board paper of the real model is at most 12 A4 pages and nothing is clipped."""
    import json
    import subprocess

    _chromium()
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
    for tool in ("pdfinfo", "pdftotext"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (apt-get install poppler-utils)")
    if shutil.which("dot") is None:
        pytest.skip("graphviz (dot) is not installed")
    out = tmp_path / "report"
    res = CliRunner().invoke(app, ["report", str(REAL_MODEL), "-o", str(out), "--pdf"])
    assert res.exit_code == 0, res.output
    pdf = out / "board.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert 1 <= pages <= 12, pages
    assert "595 x 842" in info or "594.96 x 841.92" in info  # A4 in points
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = " ".join(text.replace("\u00ad", "").split())
    # every top finding's full message is in the PDF's text (nothing clipped at a margin)
    from strategygraph.analysis.rules.engine import Context, run_rules
    from strategygraph.core.loader import load
    from strategygraph.views import report as rp

    ctx = Context(load(REAL_MODEL))
    data = rp.report_data(ctx, run_rules(ctx))
    top = data["board"]["top"]
    assert top
    for f in top:
        assert " ".join(f["message"].split()) in flat, f["message"]
    for sentence in data["board"]["lead"] + data["board"]["themes"]:
        assert " ".join(sentence.split()) in flat
    assert "Strategiatalo" in flat and "PMO:n päällekkäisyyskatselmus" in flat
    # the page the PDF was printed from is the board paper alone
    paper = (out / "board.html").read_text(encoding="utf-8")
    assert 'id="board"' in paper and 'id="overlaps"' in paper and 'id="findings"' not in paper
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(pdf, ARTIFACTS / "board.pdf")
    json.dumps(top)  # plain data


def test_pdf_without_chromium_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("dot") is None:
        pytest.skip("graphviz (dot) is not installed")
    from strategygraph.views import pdf

    monkeypatch.setattr(pdf, "find_chromium", lambda: (_ for _ in ()).throw(pdf.PdfError(
        "--pdf needs a headless Chromium and none was found; " + pdf.INSTALL_HINT)))
    out = tmp_path / "report"
    res = CliRunner().invoke(app, ["report", str(FIXTURE), "-o", str(out), "--pdf"])
    assert res.exit_code == 2
    assert "apt-get install chromium" in res.output and "Traceback" not in res.output
    assert not out.exists()


TIMELINE = Path(__file__).parent / "fixtures" / "timeline" / "v1"


@pytest.fixture(scope="module")
def served_timeline_report(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The report of a model with progress facts and proposed portfolio decisions (English)."""
    if shutil.which("dot") is None:
        pytest.skip("graphviz (dot) is not installed")
    out = tmp_path_factory.mktemp("browser-timeline") / "report"
    res = CliRunner().invoke(app, ["report", str(TIMELINE), "-o", str(out), "--lang", "en"])
    assert res.exit_code == 0, res.output
    handler = functools.partial(_QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    finally:
        server.shutdown()
        server.server_close()


#: whether an element's top is inside the viewport
_IN_VIEW = "s => { const r = document.querySelector(s).getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }"


@pytest.mark.parametrize("width", (1440, 390))
def test_progress_and_scenario_sections(browser: object, served_timeline_report: str, width: int) -> None:
    page, _requests, problems = _open(browser, served_timeline_report, width)
    # the navigation leads to the progress section
    page.locator("nav.toc a[href='#progress']").click()
    section = page.locator("section#progress")
    page.wait_for_function(_IN_VIEW, arg="#progress h2")  # the page scrolls smoothly
    assert "As of 2025-03-25." in section.locator("p.intro").inner_text()
    # a goal row: its bar is as wide as its figure and in its colour; the disagreeing report is said in words
    goal = section.locator("#progress-Goal tr[data-id='goal/1']")
    assert goal.locator(".pnum").inner_text() == "80 %"
    assert goal.locator(".pbar.pc-yellow span").get_attribute("style") == "width: 80%"
    assert goal.locator(".pnote").inner_text() == "⚠ reported green, figures say yellow"
    colour = goal.locator("td .pc-yellow .pdot").evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour == "rgb(224, 162, 58)"
    # what the figure rests on opens under its basis
    basis = goal.locator("details.basis")
    assert not basis.locator("div").first.is_visible()
    basis.locator("summary").click()
    assert basis.locator("div").first.inner_text() == "Rests on: task/1.1 100 % (2025-03-25); task/1.2 60 % (2025-03-25)"
    unknown = section.locator("#progress-Goal tr[data-id='goal/3'] .pnum")
    assert unknown.inner_text() == "?"
    assert "Doing together" in section.locator("ul.phases li.phase-past").inner_text()
    _no_page_scroll(page, width)
    ARTIFACTS.mkdir(exist_ok=True)
    section.screenshot(path=str(ARTIFACTS / f"report-progress-{width}.png"))

    page.locator("nav.toc a[href='#scenario']").click()
    sc = page.locator("section#scenario")
    page.wait_for_function(_IN_VIEW, arg="#scenario h2")
    assert sc.locator("h2").inner_text() == "If the proposed portfolio decisions are carried out"
    assert sc.locator("ul.decisions li").all_inner_texts() == [
        "Shell project: shell project", "Preparing service paths: merge into Digital programme"]
    milestones = sc.locator("table.sc-cov tr.sc-worse")
    assert milestones.locator("th").inner_text() == "Milestones"
    assert milestones.locator("td b").evaluate("e => getComputedStyle(e).color") == "rgb(176, 58, 46)"
    assert sc.locator("ul.sc-lost li").all_inner_texts() == [
        "MILESTONE A feedback channel in use – carried before by Shell project"]
    assert sc.locator("table.sc-grows tr td").inner_text() == "3 → 5"
    assert "Findings: 2 introduced, 4 resolved, 14 unchanged" in sc.inner_text()
    _no_page_scroll(page, width)
    sc.screenshot(path=str(ARTIFACTS / f"report-scenario-{width}.png"))
    page.close()
    assert problems == []
