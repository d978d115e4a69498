"""The planner's workbook: export → import is lossless (RDF isomorphic), bad workbooks give
cell-precise errors and exit 2, --merge updates a model in place."""

from __future__ import annotations

import io
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from strategygraph.cli import app
from strategygraph.core.loader import load
from strategygraph.core.model import Model
from strategygraph.core.schema import Label
from strategygraph.interop.spreadsheet import SEPARATOR, WorkbookError, from_xlsx, settings_from_xlsx, to_xlsx
from strategygraph.rdf.mapping import to_ntriples, to_rdf

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"
MODEL = ROOT / "model"
runner = CliRunner()


def _model(entities: list, data: bytes | None = None) -> Model:
    m = Model()
    for e in sorted(entities, key=lambda x: x.id):
        m.add(e)
    if data is not None:
        m.settings = settings_from_xlsx(data)
    return m


def _same_graph(a: Model, b: Model) -> bool:
    """Identical RDF (blank nodes numbered in canonical entity order) – hence isomorphic."""
    def nt(m: Model) -> list[str]:
        text = to_ntriples(_model(list(m.entities.values())))
        return sorted(re.sub(r"_:b[0-9a-f]+x", "_:x", text).splitlines())
    return nt(a) == nt(b)


@pytest.fixture(scope="module")
def mini_xlsx() -> bytes:
    return to_xlsx(load(MINI))


def test_mini_roundtrip_is_rdf_isomorphic(mini_xlsx: bytes) -> None:
    m = load(MINI)
    back = _model(from_xlsx(mini_xlsx), mini_xlsx)
    assert isomorphic(to_rdf(m), to_rdf(back))
    assert _same_graph(m, back)


def test_real_model_roundtrip_is_lossless() -> None:
    m = load(MODEL)
    data = to_xlsx(m)
    back = _model(from_xlsx(data), data)
    assert len(back) == len(m) and back.link_count() == m.link_count()
    assert _same_graph(m, back)


def test_workbook_layout(mini_xlsx: bytes) -> None:
    wb = load_workbook(io.BytesIO(mini_xlsx))
    assert wb.sheetnames[0] == "README" and wb["Lists"].sheet_state == "hidden"
    assert {"Projects", "SubThemes", "KPIs", "KeyResults", "Capabilities"} <= set(wb.sheetnames)
    ws = wb["Projects"]
    header = [c.value for c in ws[1]]
    assert header[:5] == ["id", "label.fi", "label.en", "label.sv", "description.fi"]  # mini uses sv too
    assert {"status", "owner", "develops", "source.doc", "source.section", "status_facts"} <= set(header)
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref.startswith("A1:")
    row = {h: c.value for h, c in zip(header, next(r for r in ws.iter_rows(min_row=2) if r[0].value == "project/digiohjelma"), strict=True)}
    assert row["label.en"] == "Digital programme" and row["status"] == "active"
    assert row["develops"] == f"capability/tilannekuva{SEPARATOR} capability/asiakashallinnan-tyokalu"
    assert row["source.doc"] == "source/strategiakartta-2023" and row["source.section"] == "Hankesalkku"
    # dropdowns: the model's own list of project statuses and the ids of the owner's target sheet
    formulas = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    col = {h: chr(ord("A") + i) for i, h in enumerate(header) if i < 26}
    assert formulas[f"{col['status']}2"].startswith("Lists!$")
    assert formulas[f"{col['owner']}2"].startswith("'Units'!$A$2:$A$")
    lists = wb["Lists"]
    status_col = next(c for c in lists[1] if c.value == "project_statuses").column
    assert [lists.cell(row=i, column=status_col).value for i in range(2, 8)] == [
        "active", "planned", "pending-decision", "proposed", "ended", "discontinued"]
    readme = [r[0].value for r in wb["README"].iter_rows()]
    assert any(v and "separated" in v for v in readme)


# ------------------------------------------------------------------ bad workbooks
def _edit(data: bytes, fn) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    fn(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _cell(ws, header: str, row_id: str):
    col = next(c.column for c in ws[1] if c.value == header)
    row = next(r[0].row for r in ws.iter_rows(min_row=2) if r[0].value == row_id)
    return ws.cell(row=row, column=col)


def _problems(data: bytes) -> list[str]:
    with pytest.raises(WorkbookError) as exc:
        from_xlsx(data)
    return exc.value.problems


def test_every_problem_is_reported_with_its_cell(mini_xlsx: bytes) -> None:
    where: dict[str, str] = {}

    def break_it(wb) -> None:
        p = wb["Projects"]
        c = _cell(p, "status", "project/digiohjelma")
        c.value = "ongoing"
        where["status"] = c.coordinate
        c = _cell(p, "owner", "project/tietoallas")
        c.value = "unit/kehitys"
        where["owner"] = c.coordinate
        c = _cell(p, "develops", "project/digiohjelma")
        c.value = "capability/tilannekuva; capability/nonexistent"
        where["develops"] = c.coordinate
        c = _cell(p, "label.en", "project/tietoallas")
        c.value = "=CONCAT(B2, B3)"
        where["formula"] = c.coordinate
        t = wb["Themes"]
        c = _cell(t, "number", "theme/vaikuttavat-palvelut")
        c.value = "first"
        where["number"] = c.coordinate
        u = wb["Units"]
        u.cell(row=3, column=1).value = None
        u.cell(row=4, column=1).value = u.cell(row=2, column=1).value
        u.merge_cells("C5:D5")
        wb.create_sheet("Notes")

    problems = _problems(_edit(mini_xlsx, break_it))
    p = "\n".join(problems)
    assert (f"Projects!{where['status']}: unknown status 'ongoing'; allowed: active, planned, pending-decision, "
            "proposed, ended, discontinued") in problems
    assert f"Projects!{where['owner']}: unknown Unit id 'unit/kehitys'" in p
    assert f"Projects!{where['develops']}: unknown Capability id 'capability/nonexistent'" in p
    assert f"Projects!{where['formula']}: a formula (=CONCAT(B2, B3)); type the value itself" in problems
    assert f"Themes!{where['number']}: number: 'first' is not a whole number" in problems
    assert "Units!A3: missing id (every row needs one)" in problems
    assert re.search(r"Units!A4: duplicate id '[^']+' \(first at Units!A2\)", p)
    assert "Units!C5:D5: merged cells; unmerge them (one value per cell)" in problems
    assert any(x.startswith("Notes: unknown sheet") for x in problems)
    assert len(problems) >= 9  # all at once


def test_values_as_excel_and_libreoffice_save_them(mini_xlsx: bytes) -> None:
    """A date typed into a date column, a whole number typed as 3.0, a yes/no cell saved as =FALSE()
    (LibreOffice does) and a text with Excel's _xHHHH_ escape all read as the planner meant."""
    from datetime import datetime

    def edit(wb) -> None:
        _cell(wb["Projects"], "start", "project/digiohjelma").value = datetime(2025, 3, 1)
        _cell(wb["Themes"], "number", "theme/vaikuttavat-palvelut").value = 3.0
        kpis = wb["KPIs"]
        for row in kpis.iter_rows(min_row=2):
            if row[0].value:
                _cell(kpis, "tentative", row[0].value).value = "=FALSE()"
        _cell(wb["Projects"], "label.en", "project/digiohjelma").value = "Digital _x0041_ programme"

    data = _edit(mini_xlsx, edit)
    assert _problems_or_none(data) == []
    m = _model(from_xlsx(data), data)
    assert m["project/digiohjelma"].start == "2025-03-01"
    assert m["theme/vaikuttavat-palvelut"].number == 3
    assert all(k.tentative is False for k in m.of_kind("KPI"))
    assert m["project/digiohjelma"].label.en == "Digital A programme"  # openpyxl wrote Excel's escape for 'A'


def test_texts_round_trip_verbatim_and_control_characters_are_refused() -> None:
    m = load(MINI)
    p = m["project/digiohjelma"]
    odd = "  _x0041_ stays; =1+1 \n second line  "
    m.entities[p.id] = p.model_copy(update={"label": Label(fi=odd, en="x\ty")})
    data = to_xlsx(m)
    back = _model(from_xlsx(data), data)
    assert back["project/digiohjelma"].label == Label(fi=odd, en="x\ty")
    m = load(MINI)
    m.entities[p.id] = p.model_copy(update={"label": Label(fi="bell \x07", en="x")})
    with pytest.raises(WorkbookError) as exc:
        to_xlsx(m)
    assert exc.value.problems == ["project/digiohjelma: label.fi holds a control character a workbook cannot store"]


def _problems_or_none(data: bytes) -> list[str]:
    try:
        from_xlsx(data)
    except WorkbookError as exc:
        return exc.problems
    return []


def test_unknown_column_and_wrong_kind(mini_xlsx: bytes) -> None:
    def break_it(wb) -> None:
        p = wb["Projects"]
        p.cell(row=1, column=p.max_column + 1).value = "budjetti"
        _cell(p, "owner", "project/digiohjelma").value = "capability/tilannekuva"

    problems = _problems(_edit(mini_xlsx, break_it))
    assert any(re.match(r"Projects![A-Z]+1: unknown column 'budjetti'", x) for x in problems)
    emptied = _edit(mini_xlsx, lambda wb: wb["Capabilities"].delete_rows(1, wb["Capabilities"].max_row))
    assert "Capabilities!A1: no 'id' column" in _problems(emptied)
    assert any("'capability/tilannekuva' is a Capability, but owner takes a Unit" in x for x in problems)


def test_cli_bad_workbook_exits_2_and_writes_nothing(mini_xlsx: bytes, tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(_edit(mini_xlsx, lambda wb: setattr(_cell(wb["Projects"], "status", "project/digiohjelma"),
                                                        "value", "ongoing")))
    out = tmp_path / "out"
    r = runner.invoke(app, ["import", "xlsx", str(bad), "-o", str(out)])
    assert r.exit_code == 2
    assert "bad.xlsx: Projects!" in r.output and "unknown status 'ongoing'; allowed: active" in r.output
    assert "nothing was written" in r.output and not out.exists()
    notxlsx = tmp_path / "x.xlsx"
    notxlsx.write_text("hello", encoding="utf-8")
    r = runner.invoke(app, ["import", "xlsx", str(notxlsx), "-o", str(out)])
    assert r.exit_code == 2 and "not a readable xlsx workbook" in r.output


def test_cli_export_import_and_merge(tmp_path: Path) -> None:
    model = tmp_path / "model"
    shutil.copytree(MINI, model)
    before = {p.name: p.read_bytes() for p in model.glob("*.yaml")}
    xlsx = tmp_path / "s.xlsx"
    r = runner.invoke(app, ["export", str(model), "--format", "xlsx", "-o", str(xlsx)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["export", str(model), "--format", "xlsx"])
    assert r.exit_code == 2 and "-o FILE" in r.output
    r = runner.invoke(app, ["import", "xlsx", str(xlsx), "-o", str(tmp_path / "fresh")])
    assert r.exit_code == 0 and "wrote" in r.output
    assert _same_graph(load(model), load(tmp_path / "fresh"))

    def edit(wb) -> None:
        _cell(wb["Projects"], "label.en", "project/digiohjelma").value = "Digital programme (renamed)"
        ws = wb["Capabilities"]
        ws.append(["capability/uusi", "Uusi kyvykkyys", "New capability"])

    xlsx.write_bytes(_edit(xlsx.read_bytes(), edit))
    r = runner.invoke(app, ["import", "xlsx", str(xlsx), "-o", str(model), "--merge"])
    assert r.exit_code == 0, r.output
    assert "1 updated, 1 added" in r.output
    m = load(model)
    assert m["project/digiohjelma"].label == Label(fi="Digiohjelma", en="Digital programme (renamed)")
    assert m["capability/uusi"].label.en == "New capability"
    after = {p.name: p.read_bytes() for p in model.glob("*.yaml")}
    changed = {n for n in before if before[n] != after.get(n)}
    assert changed == {"portfolio.yaml"}  # untouched files keep their bytes and comments
    assert "capabilities.yaml" in after  # the new capability's file
    # a merge that would break the model changes nothing
    xlsx.write_bytes(_edit(xlsx.read_bytes(), lambda wb: setattr(
        _cell(wb["Projects"], "status", "project/digiohjelma"), "value", "ongoing")))
    r = runner.invoke(app, ["import", "xlsx", str(xlsx), "-o", str(model), "--merge"])
    assert r.exit_code == 2
    assert {p.name: p.read_bytes() for p in model.glob("*.yaml")} == after


# ------------------------------------------------------------------ property test
_TRICKY = st.sampled_from(["=SUM(A1:A3)", "a; b", "  padded  ", "- not a list", "[x]", "{y: 1}", "12", "TRUE",
                           "2024-01-01", "line one\nline two", "ä ö å € “quoted”", "#hash", "null", "~"])
_TEXT = st.one_of(_TRICKY, st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1,
                                   max_size=30))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), size=st.integers(20, 80), texts=st.lists(_TEXT, min_size=1, max_size=12),
       picks=st.lists(st.integers(0, 10_000), min_size=12, max_size=12))
def test_generated_models_roundtrip_losslessly(seed: int, size: int, texts: list[str], picks: list[int]) -> None:
    from strategygraph.core.synth import generate

    files, _ = generate(size, seed=seed, plant=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in files.items():
            p = Path(tmp) / name
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text, encoding="utf-8")
        m = load(tmp)
    ents = sorted(m.entities.values(), key=lambda e: e.id)
    # put hypothesis' texts into labels, descriptions and notes of some entities
    for i, text in enumerate(texts):
        e = ents[picks[i] % len(ents)]
        field = ("label", "description", "note")[i % 3]
        value = text if field == "note" else Label(fi=e.label.fi or "x", en=text)
        m.entities[e.id] = e.model_copy(update={field: value})
    data = to_xlsx(m)
    back = _model(from_xlsx(data), data)
    assert _same_graph(m, back)  # identical triples up to blank-node labels (stronger than isomorphic)
