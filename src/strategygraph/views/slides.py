"""An editable slide deck for the board meeting (python-pptx): every shape and table stays editable.

Slides, in the chosen language: title; overview (the board view's sentences); the strategy house
(meaning, values, themes with their sub-themes, each theme coloured by its coverage light); the
roadmap (phases × themes; counts per cell for a big roadmap); coverage per theme; the top findings;
the PMO overlap review.
"""

from __future__ import annotations

import io
from typing import Any

from strategygraph.views.i18n import SEVERITY_NAMES, SLIDES_UI, texts

#: slide size 16:9 in EMU (13.333 in × 7.5 in)
WIDTH, HEIGHT = 12192000, 6858000
LIGHTS = {"green": "2E7D32", "amber": "E0A23A", "red": "C0392B"}
LIGHT_FILLS = {"green": "E8F5E9", "amber": "FDF2E0", "red": "FBE9E7"}
INK, MUTED, BRAND = "1C2833", "5F6B73", "1F3B4D"
#: table rows per slide before the rest is counted ("+N more")
MAX_ROWS = 9
#: house: themes drawn with their sub-themes up to this many; beyond, themes only, in a grid
HOUSE_MAX_COLUMNS = 6


def _rgb(hex_colour: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_colour)  # type: ignore[no-untyped-call]


def _title(slide: Any, text: str) -> None:
    from pptx.util import Emu, Pt

    box = slide.shapes.add_textbox(Emu(457200), Emu(228600), Emu(WIDTH - 914400), Emu(640080))
    p = box.text_frame.paragraphs[0]
    p.text = text
    p.font.size, p.font.bold, p.font.color.rgb = Pt(28), True, _rgb(BRAND)


def _box(slide: Any, x: int, y: int, w: int, h: int, text: str, fill: str, line: str, size: int = 12,
         font: str = INK, bold: bool = False) -> Any:
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
    from pptx.util import Emu, Pt

    shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Emu(x), Emu(y), Emu(w), Emu(h))
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(fill)
    shape.line.color.rgb = _rgb(line)
    shape.line.width = Pt(1.5)
    tf = shape.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = MSO_ANCHOR.MIDDLE
    for m in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(tf, m, Emu(45720))
    p = tf.paragraphs[0]
    p.text = text
    p.alignment = PP_ALIGN.CENTER
    p.font.size, p.font.bold, p.font.color.rgb = Pt(size), bold, _rgb(font)
    return shape


def _table(slide: Any, header: list[str], rows: list[list[str]], widths: list[float], size: int = 11) -> Any:
    from pptx.util import Emu, Pt

    left, top = 457200, 1005840
    total = WIDTH - 2 * left
    shape = slide.shapes.add_table(len(rows) + 1, len(header), Emu(left), Emu(top), Emu(total),
                                   Emu(370840 * (len(rows) + 1)))
    table = shape.table
    for j, w in enumerate(widths):
        table.columns[j].width = Emu(int(total * w))
    for j, text in enumerate(header):
        cell = table.cell(0, j)
        cell.text = text
        cell.text_frame.paragraphs[0].font.size = Pt(size)
        cell.text_frame.paragraphs[0].font.bold = True
    for i, row in enumerate(rows, 1):
        for j, text in enumerate(row):
            cell = table.cell(i, j)
            cell.text = text
            for p in cell.text_frame.paragraphs:
                p.font.size = Pt(size)
    return table


def _note(slide: Any, text: str) -> None:
    from pptx.util import Emu, Pt

    box = slide.shapes.add_textbox(Emu(457200), Emu(HEIGHT - 548640), Emu(WIDTH - 914400), Emu(320040))
    p = box.text_frame.paragraphs[0]
    p.text = text
    p.font.size, p.font.color.rgb = Pt(11), _rgb(MUTED)


def _capped(rows: list[list[str]], s: dict[str, str]) -> tuple[list[list[str]], str]:
    if len(rows) <= MAX_ROWS:
        return rows, ""
    return rows[:MAX_ROWS], s["more"].format(n=len(rows) - MAX_ROWS)


def _overview_slide(prs: Any, data: dict[str, Any], s: dict[str, str]) -> None:
    from pptx.util import Emu, Pt

    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _title(slide, s["board"])
    box = slide.shapes.add_textbox(Emu(457200), Emu(1005840), Emu(WIDTH - 914400), Emu(HEIGHT - 1600000))
    tf = box.text_frame
    tf.word_wrap = True
    board = data["board"]
    lines = board["lead"] + [f"{i}. {f['message']}" for i, f in enumerate(board["top"][:4], 1)] + board["themes"]
    lines.append(board["date"])
    for i, line in enumerate(lines):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.text = line
        p.font.size = Pt(15)
        p.space_after = Pt(6)


def _house_slide(prs: Any, ctx: Any, data: dict[str, Any], s: dict[str, str]) -> None:
    from strategygraph.views.diagrams import subthemes_of
    from strategygraph.views.diagrams.house import house_values

    m, lang = ctx.model, ctx.lang
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _title(slide, s["house"])
    left, width = 457200, WIDTH - 914400
    meanings = m.of_kind("Meaning")
    y = 960120
    if meanings:
        _box(slide, left, y, width, 502920, m.label(meanings[0].id, lang), BRAND, BRAND, 18, "FFFFFF", True)
        y += 594360
    values, _ = house_values(m, meanings[:1])
    values = values[:8]
    if values:
        w = width // len(values)
        for i, v in enumerate(values):
            _box(slide, left + i * w + 22860, y, w - 45720, 411480, m.label(v.id, lang), "E4EEF0", "5B7B8A", 11)
        y += 502920
    lights = data["board"]["lights"]
    shown = lights[:HOUSE_MAX_COLUMNS] if len(lights) <= HOUSE_MAX_COLUMNS else lights[:24]
    if len(lights) <= HOUSE_MAX_COLUMNS and lights:
        w = width // len(lights)
        for i, th in enumerate(lights):
            x = left + i * w + 22860
            _box(slide, x, y, w - 45720, 640080, th["label"], LIGHT_FILLS[th["light"]], LIGHTS[th["light"]], 13,
                 INK, True)
            sy = y + 694944
            for st in subthemes_of(m, th["id"])[:5]:
                _box(slide, x + 45720, sy, w - 137160, 502920, m.label(st.id, lang), "DCEAF6", "4A7FA8", 10)
                sy += 548640
    elif lights:  # many themes: a grid of themes, each in its light's colour
        per_row = 6
        w = width // per_row
        for i, th in enumerate(shown):
            x, yy = left + (i % per_row) * w + 22860, y + (i // per_row) * 640080
            _box(slide, x, yy, w - 45720, 594360, th["label"], LIGHT_FILLS[th["light"]], LIGHTS[th["light"]], 10)
        if len(lights) > len(shown):
            _note(slide, s["more"].format(n=len(lights) - len(shown)))


def _roadmap_slide(prs: Any, data: dict[str, Any], s: dict[str, str]) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _title(slide, s["roadmap"])
    rm = data["roadmap"]
    if rm["summary"]:  # a big roadmap: per theme its milestones by phase
        rows = [[row["theme"]["label"], str(row["n"]), str(row["bad"] or ""),
                 "; ".join(f"{c['phase']}: {c['n']}" + (f" ⚠{c['bad']}" if c["bad"] else "") for c in row["cells"])]
                for row in rm["rows"]]
        rows, note = _capped(rows, s)
        _table(slide, [s["theme"], s["milestones"].format(n="").strip(), "⚠", s["roadmap"]], rows,
               [0.3, 0.1, 0.06, 0.54], 10)
        if note:
            _note(slide, note)
        return
    phases = rm["phases"][:8]
    header = [s["theme"]] + [f"{p['period']} {p['label']}".strip() for p in phases]
    rows = []
    for row in rm["rows"]:
        cells = []
        for cell in row["cells"][:len(phases)]:
            items = [("⚠ " if ms["uncarried"] else "") + ms["short"] for ms in cell["milestones"][:3]]
            more = len(cell["milestones"]) - 3
            cells.append("\n".join(items + ([s["more"].format(n=more)] if more > 0 else [])))
        rows.append([row["theme"]["label"], *cells])
    rows, note = _capped(rows, s)
    n = len(phases)
    _table(slide, header, rows, [0.16] + [0.84 / max(n, 1)] * n, 9)
    if note:
        _note(slide, note)


def slides_deck(ctx: Any, findings: list[Any], model_name: str = "model", data: dict[str, Any] | None = None) -> bytes:
    """The board deck as .pptx bytes (``data``: :func:`strategygraph.views.report.report_data`, computed if not given)."""
    from pptx import Presentation
    from pptx.util import Emu, Pt

    from strategygraph.views.report import report_data

    data = data or report_data(ctx, findings, model_name)
    s = texts(SLIDES_UI, ctx.lang)
    sev = texts(SEVERITY_NAMES, ctx.lang)
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(WIDTH), Emu(HEIGHT)

    slide = prs.slides.add_slide(prs.slide_layouts[0])
    slide.shapes.title.text = s["title"]
    slide.placeholders[1].text = s["subtitle"].format(model=model_name, date=data["generated"][:10])
    _overview_slide(prs, data, s)
    _house_slide(prs, ctx, data, s)
    _roadmap_slide(prs, data, s)

    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _title(slide, s["coverage"])
    light_names = {"green": "●", "amber": "●", "red": "●"}
    rows = []
    for th in data["board"]["lights"]:
        carriers = sorted(ctx.label(p) for p in ctx.analysis.carriers_of(th["id"]))
        rows.append([th["label"], light_names[th["light"]], f"{th['ok']}/{th['n']}", ", ".join(carriers[:6])
                     + (f" {s['more'].format(n=len(carriers) - 6)}" if len(carriers) > 6 else "")])
    shown, note = _capped(rows, s)
    table = _table(slide, [s["theme"], s["light"], s["carried"], s["carriers"]], shown, [0.3, 0.08, 0.1, 0.52])
    for i, th in enumerate(data["board"]["lights"][:len(shown)], 1):
        run = table.cell(i, 1).text_frame.paragraphs[0]
        run.font.color.rgb = _rgb(LIGHTS[th["light"]])
        run.font.size = Pt(20)
    if note:
        _note(slide, note)

    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _title(slide, s["top"])
    top = data["board"]["top"]
    if top:
        _table(slide, [s["severity"], s["finding"], s["concerns"]],
               [[sev.get(f["severity"], f["severity"]), f["message"], ", ".join(x["short"] for x in f["subjects"][:3])]
                for f in top[:MAX_ROWS]], [0.12, 0.6, 0.28], 11)
    else:
        _note(slide, s["no_findings"])

    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _title(slide, s["overlaps"])
    pairs = data["overlaps"]["pairs"]
    if pairs:
        rows = [[f"{p['a']['label']} – {p['b']['label']}", f"{p['score']:.2f}",
                 "; ".join(it["short"] for g in p["shared"] for it in g["items"][:4]),
                 (p["accepted"] or {}).get("reason", "") or p["decided"]
                 or "; ".join(f"{n}: {d[:80]}" for n, d in p["dispositions"]) or s["pending"]] for p in pairs]
        shown, note = _capped(rows, s)
        _table(slide, [s["pair"], s["score"], s["shared"], s["decision"]], shown, [0.28, 0.1, 0.4, 0.22], 10)
        if note:
            _note(slide, note)
    else:
        _note(slide, s["no_overlaps"])
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()
