"""The report in a real browser: headless Chromium (Debian's chromium) driven by Playwright.

Opens the generated index.html from a localhost HTTP server, checks that every section is there,
that a filter changes the visible findings, that the page made no network request other than its
own URL and logged no console error, and saves a screenshot to test-artifacts/report.png.

Needs: ``apt-get install chromium`` (at /usr/bin/chromium, or set STRATEGYGRAPH_CHROMIUM) and
``pip install playwright`` (the browser bundles of ``playwright install`` are not used).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from typing import Iterator

import pytest
from typer.testing import CliRunner

from strategygraph.cli import app

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "report" / "model"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SECTIONS = ("summary", "findings", "coverage", "overlaps", "ownership", "roadmap", "diagrams")


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


def test_report_in_chromium(browser: object, served_report: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    requests: list[str] = []
    problems: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    page.goto(served_report, wait_until="load")

    # every section is there, with its heading
    for section in SECTIONS:
        el = page.locator(f"section#{section}")
        assert el.count() == 1, section
        assert el.locator("h2").first.is_visible(), section
    assert page.locator("#summary .card").count() == 4
    assert page.locator("#coverage table.heat").count() >= 2
    assert page.locator("#overlaps table.overlaps tbody tr").count() == 1
    assert page.locator("#ownership table.nobody tbody tr").count() == 4
    assert page.locator("#roadmap table.roadmap .ms").count() == 2
    assert page.locator("#diagrams figure.diagram svg").count() == 6

    # the filters change the visible findings
    rows = page.locator("#findings-table tr.finding")
    total = rows.count()
    assert total == 36
    assert page.locator("#f-shown").inner_text() == str(total)
    page.select_option("#f-category", "ownership")
    visible = page.locator("#findings-table tr.finding:visible")
    assert visible.count() == 6
    assert page.locator("#f-shown").inner_text() == "6"
    assert all(r.get_attribute("data-category") == "ownership" for r in visible.all())
    page.select_option("#f-severity", "error")
    assert page.locator("#findings-table tr.finding:visible").count() == 0
    assert page.locator("#f-none").is_visible()
    page.click("#f-reset")
    page.select_option("#f-theme", "t2")
    n_t2 = page.locator("#findings-table tr.finding:visible").count()
    assert 0 < n_t2 < total
    page.uncheck("#f-accepted")
    assert page.locator("#findings-table tr.finding:visible").count() == n_t2 - 1  # the accepted G104
    page.click("#f-reset")

    # a finding opens to its explanation, evidence and sources
    first = page.locator("#findings-table tbody[data-rule=G101] tr.finding").first
    first.locator("summary").click()
    assert first.locator(".detail").is_visible()
    detail = first.locator(".detail").inner_text()
    assert "Strateginen painopiste, jota yksikään kantava hanke ei tavoita." in detail  # explanation (fi)
    assert "p3" in detail  # evidence: reached only by the proposed p3
    assert 'Lähde "A" & <B>' in detail and "Teemat" in detail  # source title and section

    # a rule group folds and unfolds
    group = page.locator("#findings-table tbody.group").first
    group.locator("button.toggle").click()
    assert group.locator("tr.finding:visible").count() == 0
    group.locator("button.toggle").click()
    assert group.locator("tr.finding:visible").count() > 0

    # hostile labels are text, not markup
    assert page.locator("#findings-table td b, #findings-table td script, #roadmap b, #roadmap script").count() == 0
    assert 'Teema "kaksi" <b>&</b> ä/ö/å' in page.locator("#roadmap").inner_text()

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
    page.close()

    assert requests == [served_report], f"unexpected requests: {requests}"
    assert problems == []
    assert (ARTIFACTS / "report.png").stat().st_size > 10_000
