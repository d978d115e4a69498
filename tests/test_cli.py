"""End-to-end CLI tests of the foundation commands (typer's CliRunner)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from typer.testing import CliRunner

from strategygraph.cli import app

from .test_loader import GOOD, write

runner = CliRunner()
SG = "https://w3id.org/strategygraph/ns#"
BASE = "https://w3id.org/strategygraph/id/"


@pytest.fixture
def model_dir(tmp_path: Path) -> Path:
    return write(tmp_path, GOOD)


def test_version_and_help():
    res = runner.invoke(app, ["--version"])
    assert res.exit_code == 0 and res.output.startswith("strategygraph ")
    res = runner.invoke(app, ["--help"])
    assert res.exit_code == 0
    for cmd in ("validate", "export", "query", "check", "coverage", "overlaps", "impact", "rules", "explain"):
        assert cmd in res.output


def test_help_does_not_import_heavy_libraries():
    code = ("import sys; from strategygraph.cli import main; sys.argv=['strategygraph','--help'];\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "heavy=[m for m in ('rdflib','pyoxigraph','networkx','graphviz','pyshacl','openpyxl','jinja2') "
            "if m in sys.modules]; print('HEAVY', heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "HEAVY []" in out


def test_validate_json_counts(model_dir):
    res = runner.invoke(app, ["validate", str(model_dir), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["valid"] is True and data["errors"] == []
    assert data["counts"]["Theme"] == 1 and data["counts"]["SubTheme"] == 1 and data["counts"]["Source"] == 1
    assert data["links"] == 1
    assert set(data["counts"]) == {"Meaning", "Value", "Theme", "SubTheme", "Phase", "Milestone", "Action",
                                   "Project", "Capability", "Service", "KPI", "Goal", "KeyResult", "Task", "Unit", "Source"}


def test_validate_text(model_dir):
    res = runner.invoke(app, ["validate", str(model_dir)])
    assert res.exit_code == 0 and "valid" in res.output and "Theme" in res.output


@pytest.mark.parametrize("fmt,parse_as", [("turtle", "turtle"), ("nt", "nt"), ("json-ld", "json-ld")])
def test_export_formats_parse_back(model_dir, tmp_path, fmt, parse_as):
    out = tmp_path / f"out.{fmt}"
    res = runner.invoke(app, ["export", str(model_dir), "--format", fmt, "-o", str(out)])
    assert res.exit_code == 0, res.output
    g = Graph().parse(out, format=parse_as)
    assert (URIRef(BASE + "sopiva-polku"), None, None) in g
    labels = {str(o) for o in g.objects(URIRef(BASE + "sopiva-polku/ymmarramme"),
                                         URIRef("http://www.w3.org/2000/01/rdf-schema#label"))}
    assert labels == {"Ymmärrämme asiakasta", "We understand the customer"}


def test_export_with_ontology_and_base(model_dir):
    res = runner.invoke(app, ["export", str(model_dir), "--with-ontology", "--base", "https://example.org/oh/"])
    assert res.exit_code == 0, res.output
    g = Graph().parse(data=res.stdout, format="turtle")
    assert (URIRef("https://example.org/oh/digiohjelma"), None, None) in g
    assert (URIRef(SG + "Theme"), None, URIRef("http://www.w3.org/2002/07/owl#Class")) in g


def test_export_bad_base_and_unwritable_output(model_dir, tmp_path):
    res = runner.invoke(app, ["export", str(model_dir), "--base", "not an iri"])
    assert res.exit_code == 2 and "--base" in res.stderr
    res = runner.invoke(app, ["export", str(model_dir), "-o", str(tmp_path)])
    assert res.exit_code == 2 and "is a directory" in res.stderr


def test_query_formats(model_dir, tmp_path):
    q = "SELECT ?t ?label WHERE { ?t a sg:Theme ; rdfs:label ?label FILTER(lang(?label) = 'fi') }"
    res = runner.invoke(app, ["query", q, str(model_dir), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["variables"] == ["t", "label"]
    assert data["rows"] == [{"t": BASE + "sopiva-polku", "label": "Autamme sopivalle polulle"}]
    res = runner.invoke(app, ["query", q, str(model_dir), "--format", "csv"])
    assert res.stdout.splitlines() == ["t,label", f"{BASE}sopiva-polku,Autamme sopivalle polulle"]
    res = runner.invoke(app, ["query", q, str(model_dir)])
    assert "id:sopiva-polku" in res.stdout
    qf = tmp_path / "q.rq"
    qf.write_text("ASK { id:digiohjelma sg:projectStatus ?s }")
    res = runner.invoke(app, ["query", str(qf), str(model_dir)])
    assert res.exit_code == 0 and res.stdout.strip() == "true"


def test_query_sees_ontology(model_dir):
    q = "SELECT ?l WHERE { sg:Theme rdfs:label ?l FILTER(lang(?l)='en') }"
    res = runner.invoke(app, ["query", q, str(model_dir), "-f", "json"])
    assert res.exit_code == 0 and json.loads(res.stdout)["rows"], res.output


def test_query_errors(model_dir):
    res = runner.invoke(app, ["query", "SELECT ?x WHERE { ?x ", str(model_dir)])
    assert res.exit_code == 2 and "SPARQL syntax error" in res.stderr and "line 1" in res.stderr
    res = runner.invoke(app, ["query", "no-such-file.rq", str(model_dir)])
    assert res.exit_code == 2 and "neither a SPARQL query nor an existing file" in res.stderr
    res = runner.invoke(app, ["query", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", str(model_dir)])
    assert res.exit_code == 2 and "only SELECT and ASK" in res.stderr


def test_usage_errors_exit_2(model_dir):
    res = runner.invoke(app, ["validate", str(model_dir), "--format", "xml"])
    assert res.exit_code == 2
    res = runner.invoke(app, ["no-such-command"])
    assert res.exit_code == 2


def test_console_script_no_traceback_on_internal_error(monkeypatch, capsys):
    import strategygraph.core.loader as loader
    from strategygraph.cli import main

    def boom(*a, **k):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(loader, "load", boom)
    monkeypatch.setattr(sys, "argv", ["strategygraph", "validate", "model"])
    with pytest.raises(SystemExit) as exc:
        main()
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: disk on fire" in err and "Traceback" not in err


def test_python_m_entry_point(model_dir):
    out = subprocess.run([sys.executable, "-m", "strategygraph", "validate", str(model_dir), "-f", "json"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["valid"] is True


def test_validate_mini_fixture_counts():
    """The fixture model that uses every kind and field: counts as written in its files."""
    mini = Path(__file__).parent / "fixtures" / "mini"
    res = runner.invoke(app, ["validate", str(mini), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["counts"] == {"Meaning": 1, "Value": 3, "Theme": 2, "SubTheme": 4, "Phase": 3, "Milestone": 5,
                              "Action": 7, "Project": 8, "Capability": 5, "Service": 1, "KPI": 4, "Goal": 4, "KeyResult": 3,
                              "Task": 4, "Unit": 7, "Source": 4}
    # every entity line in the files is counted once
    import re

    n = sum(len(re.findall(r"^  - (?:id:|\{id:)", f.read_text(encoding="utf-8"), re.M))
            for f in mini.glob("*.yaml"))
    assert sum(data["counts"].values()) == n
    assert data["links"] == 129  # 114 in schema 1; the fixture now uses every link field of schema 2
