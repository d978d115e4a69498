"""Diagrams: every view in every format, hostile labels, findings overlay, size limits, missing graphviz."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strategygraph.analysis.rules.engine import Context, run_rules
from strategygraph.cli import app
from strategygraph.core.loader import load
from strategygraph.core.model import Model
from strategygraph.core.schema import Action, Project, SubTheme, Theme
from strategygraph.views import diagrams as dg

FIXTURE = Path(__file__).parent / "fixtures" / "report" / "model"
runner = CliRunner()
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="graphviz (dot) is not installed")

VIEW_ARGS = {
    "house": [],
    "roadmap": [],
    "linkage": [],
    "dependencies": [],
    "overlaps": ["--shared"],
    "focus": ["--focus", "p1", "--depth", "2"],
}


@pytest.fixture(scope="module")
def ctx() -> Context:
    return Context(load(FIXTURE))


@pytest.fixture(scope="module")
def findings(ctx: Context) -> list:
    return run_rules(ctx)


def svg_text(svg: bytes | str) -> str:
    """All text of an SVG as a reader sees it (entities decoded), one line per <text> element."""
    root = ET.fromstring(svg if isinstance(svg, bytes) else svg.encode("utf-8"))
    return "\n".join("".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))


def svg_tags(svg: bytes) -> set[str]:
    return {el.tag.split("}")[-1] for el in ET.fromstring(svg).iter()}


# ------------------------------------------------------------------ every view x format, through the CLI
@needs_dot
@pytest.mark.parametrize("fmt", ["dot", "svg"])
@pytest.mark.parametrize("view", dg.VIEWS)
def test_every_view_every_format(view: str, fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"{view}.{fmt}"
    res = runner.invoke(app, ["diagram", view, str(FIXTURE), "-o", str(out), *VIEW_ARGS[view]])
    assert res.exit_code == 0, res.output
    data = out.read_bytes()
    if fmt == "dot":
        text = data.decode("utf-8")
        assert re.match(r"(di)?graph \w+ \{", text)
        assert text.count("Selite") == 1  # one legend
    else:
        assert b"<svg" in data
        assert svg_text(data).count("Selite") == 1
        assert svg_tags(data) & {"script", "foreignObject", "b"} == set()


@needs_dot
@pytest.mark.parametrize(("view", "fmt", "magic"), [("house", "png", b"\x89PNG"), ("linkage", "pdf", b"%PDF"),
                                                   ("roadmap", "png", b"\x89PNG"), ("focus", "pdf", b"%PDF")])
def test_binary_formats(view: str, fmt: str, magic: bytes, tmp_path: Path) -> None:
    out = tmp_path / f"{view}.{fmt}"  # the suffix picks the format
    res = runner.invoke(app, ["diagram", view, str(FIXTURE), "-o", str(out), *VIEW_ARGS[view]])
    assert res.exit_code == 0, res.output
    assert out.read_bytes().startswith(magic)


@needs_dot
def test_format_option_and_stdout() -> None:
    res = runner.invoke(app, ["diagram", "house", str(FIXTURE), "--format", "svg", "--lang", "en"])
    assert res.exit_code == 0
    assert "<svg" in res.stdout and "Strategy house" in res.stdout and "Legend" in res.stdout


@needs_dot
@pytest.mark.parametrize("theme", ["t1", "t2"])
def test_linkage_and_roadmap_by_theme(theme: str, ctx: Context, findings: list) -> None:
    d = dg.build("linkage", ctx, findings, theme=theme)
    assert d.name == f"linkage-{theme}"
    svg = d.render("svg")
    text = svg_text(svg)
    other = {"t1": "Teema yksi", "t2": "Teema \"kaksi\""}["t2" if theme == "t1" else "t1"]
    assert other not in text
    r = dg.build("roadmap", ctx, findings, theme=theme)
    assert r.render("svg").startswith(b"<?xml")


# ------------------------------------------------------------------ hostile labels
@needs_dot
@pytest.mark.parametrize("view", ["house", "linkage", "roadmap", "focus"])
def test_hostile_labels_render_literally(view: str, ctx: Context, findings: list) -> None:
    d = dg.build(view, ctx, findings, focus_id="t2" if view == "focus" else None, depth=2)
    src = d.source
    # DOT: escaped inside HTML-like labels, never raw markup
    assert "&quot;kaksi&quot;" in src
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in src
    html_parts = re.sub(r'"(?:[^"\\]|\\.)*"', '""', src)  # quoted (plain) strings may hold any text
    assert "<b>&</b>" not in html_parts and "<script>" not in html_parts
    assert "ä/ö/å" in src  # UTF-8, not mangled
    svg = d.render("svg")
    text = svg_text(svg)  # what the reader sees
    assert 'Teema "kaksi" <b>&</b>' in text or ('"kaksi"' in text and "<b>&</b>" in text)
    assert "ä/ö/å" in text
    assert svg_tags(svg) & {"script", "b", "foreignObject"} == set()


@needs_dot
def test_hostile_newline_script_and_backslash(ctx: Context, findings: list) -> None:
    d = dg.build("linkage", ctx, findings, theme="t1")
    svg = d.render("svg")
    text = svg_text(svg)
    assert "Ala A <script>x</script>" in text
    assert b"<script" not in svg
    # a backslash would be read by graphviz as an escape (\N = node name): it is shown as ∖ instead
    assert "C:∖new ∖N" in text
    d2 = dg.build("house", ctx, findings)
    lines = svg_text(d2.render("svg")).splitlines()
    assert "Rivi yksi" in lines and "Rivi kaksi" in lines  # the newline is a line break


def test_escape_helpers() -> None:
    assert dg.esc('a "b" <c> & d\\e\x07') == "a &quot;b&quot; &lt;c&gt; &amp; d∖e"
    assert dg.wrap("yksi kaksi kolme neljä viisi", width=10) == ["yksi kaksi", "kolme", "neljä", "viisi"]
    assert dg.wrap("a\nb") == ["a", "b"]
    assert dg.wrap("sana " * 40, width=10, max_lines=2)[-1].endswith("…")
    p = dg.plain('<b>"x"</b>\nrivi')
    import graphviz

    assert graphviz.quoting.quote(p).startswith('"')  # never taken for an HTML-like label


# ------------------------------------------------------------------ findings overlay
def test_overlay_marks(ctx: Context, findings: list) -> None:
    o = dg.Overlay.from_findings(findings)
    assert "t2" in o.uncarried and "t2/b" in o.uncarried
    assert "p2" in o.unowned and "g2" in o.unowned
    assert "t2/b/2" in o.accepted and "t2/b/2" not in o.uncarried
    assert ("p1", "p2") in o.cycle_edges and ("p2", "p1") in o.cycle_edges
    assert o.ends_early["p1"] == ["t1/a/1"]


def test_overlay_drawn_and_explained(ctx: Context, findings: list) -> None:
    house = dg.build("house", ctx, findings).source
    assert re.search(r't2 \[label=<[^\n]*fillcolor="#FADBD8"', house)  # uncarried theme in warning colour
    assert "ei toteuttavaa hanketta" in house  # ... and explained in the legend
    link = dg.build("linkage", ctx, findings, theme="t2").source
    assert re.search(r'"t2/b/2" \[label=<[^\n]*✓ hyväksytty poikkeama', link)  # accepted finding marked
    over = dg.build("linkage", ctx, findings).source
    assert re.search(r'p2 \[label=<[^\n]*style="rounded,filled,dashed"', over)  # unowned project dashed
    deps = dg.build("dependencies", ctx, findings).source
    assert 'color="#C0392B"' in deps and "riippuvuussykli" in deps  # the cycle p1 <-> p2
    roadmap = dg.build("roadmap", ctx, findings).source
    assert 'STYLE="dashed"' not in roadmap or "ei omistajaa" in roadmap
    en = dg.build("house", Context(ctx.model, lang="en"), findings).source
    assert "Legend" in en and "no carrying project" in en and "Theme one" in en


def test_focus_neighbourhood(ctx: Context, findings: list) -> None:
    d = dg.build("focus", ctx, findings, focus_id="p1", depth=1)
    for n in ("p1", "p2", "u1", '"t1/a/1"', "ms1", "c2"):
        assert f"\t{n} [" in d.source
    assert "hallitus" not in d.source  # two steps away
    assert "toteuttaja" in d.source  # relations labelled


# ------------------------------------------------------------------ bad input
@pytest.mark.parametrize(("args", "message"), [
    (["diagram", "house", str(FIXTURE), "--theme", "t1"], "--theme applies to"),
    (["diagram", "linkage", str(FIXTURE), "--theme", "t3"], "unknown theme 't3'"),
    (["diagram", "linkage", str(FIXTURE), "--theme", "p1", "-f", "dot"], "not a theme"),
    (["diagram", "focus", str(FIXTURE)], "needs --focus"),
    (["diagram", "focus", str(FIXTURE), "--focus", "p9", "-f", "dot"], "did you mean 'p"),
    (["diagram", "house", str(FIXTURE), "--focus", "p1"], "--focus applies to"),
    (["diagram", "castle", str(FIXTURE)], "castle"),
    (["diagram", "house", str(FIXTURE / "missing")], "missing"),
])
def test_bad_input_exit_2(args: list[str], message: str) -> None:
    res = runner.invoke(app, args)
    assert res.exit_code == 2
    assert message in res.output
    assert "Traceback" not in res.output


def test_unknown_view_in_library(ctx: Context) -> None:
    with pytest.raises(dg.DiagramError):
        dg.build("castle", ctx, [])
    with pytest.raises(dg.DiagramError):
        dg.render("digraph {}", "gif")


# ------------------------------------------------------------------ missing graphviz
def test_missing_graphviz_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    out = tmp_path / "house.svg"
    res = runner.invoke(app, ["diagram", "house", str(FIXTURE), "-o", str(out)])
    assert res.exit_code == 2
    assert "install graphviz (apt-get install graphviz / brew install graphviz)" in res.output
    assert not out.exists()
    # DOT needs no graphviz binary
    res = runner.invoke(app, ["diagram", "house", str(FIXTURE), "-f", "dot"])
    assert res.exit_code == 0 and res.stdout.startswith("digraph")


def test_missing_graphviz_library(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dg.shutil, "which", lambda name: None)
    with pytest.raises(dg.GraphvizNotFound, match="apt-get install graphviz"):
        dg.render("digraph { a }", "svg")


@needs_dot
def test_render_error_is_reported() -> None:
    with pytest.raises(dg.RenderError):
        dg.render("digraph { a -> }", "svg")


# ------------------------------------------------------------------ no hairballs
def _big_model(n: int) -> Model:
    m = Model()
    m.add(Theme(id="t", label={"fi": "Teema"}))
    m.add(SubTheme(id="t/s", label={"fi": "Alateema"}, theme="t"))
    m.add(Project(id="hub", label={"fi": "Hanke"}, status="active"))
    for i in range(n):
        m.add(Action(id=f"t/s/{i}", label={"fi": f"Toimi {i}"}, subtheme="t/s",
                     implementation=[{"project": "hub"}]))
    return m


def test_focus_is_capped(findings: list) -> None:
    ctx = Context(_big_model(dg.FOCUS_MAX_NODES + 80))
    d = dg.build("focus", ctx, [], focus_id="hub", depth=3)
    assert d.nodes <= dg.FOCUS_MAX_NODES + 1
    assert "syvyys rajattu 1:een" in d.source  # depth reduced, and said so
    assert re.search(r"\+\d+ muuta", d.source)  # the rest summarized


def test_big_linkage_overview_stays_small() -> None:
    ctx = Context(_big_model(400))
    d = dg.build("linkage", ctx, [])
    assert d.nodes < 20  # themes, sub-themes and projects only; actions summarized as counts
    # the count is the line's width and its tooltip, never a label floating between crossing lines
    edges = [ln for ln in d.source.splitlines() if " -> " in ln and "invis" not in ln]
    assert edges and not any(" label=" in ln for ln in edges)
    assert any("penwidth=3.4" in ln and ": 400 " in ln for ln in edges)


def test_svg_for_html_prefixes_ids() -> None:
    svg = ('<?xml version="1.0"?>\n<!DOCTYPE svg>\n<svg width="100pt" height="50pt" viewBox="0 0 100 50">'
           '<g id="graph0"><a xlink:href="#node1"/><path fill="url(#l_1)"/></g></svg>')
    out = dg.svg_for_html(svg, "d3")
    assert out.startswith("<svg") and 'id="d3-graph0"' in out and "url(#d3-l_1)" in out
    assert 'xlink:href="#d3-node1"' in out and 'data-width="100"' in out and 'width="100pt"' not in out


def test_focused_node_stands_out(ctx: Context, findings: list) -> None:
    d = dg.build("focus", ctx, findings, focus_id="p1", depth=1)
    focus_line = next(ln for ln in d.source.splitlines() if ln.strip().startswith("p1 ["))
    others = [ln for ln in d.source.splitlines() if ln.strip().startswith(("p2 [", "t1 ["))]
    assert "peripheries=2" in focus_line and "penwidth=4" in focus_line and "tarkasteltava" in focus_line
    assert others and not any("peripheries" in ln for ln in others)
    assert "tarkasteltava: " in d.source.split("Selite", 1)[1]  # the legend shows the focus mark


def test_report_diagrams_link_to_element_sections(ctx: Context, findings: list) -> None:
    house = dg.report_set(ctx, findings)[0]
    svg = dg.svg_for_html(house.render("svg"), "d0")
    assert 'href="#e-t1"' in svg and "../index.html" not in svg  # a tap on a drawn theme opens its section
    plain_house = dg.build("house", ctx, findings)  # the diagram command draws no report links
    assert "href" not in plain_house.source
