"""Schema version 2: every new field is checked on input (file, line, field, exit 2) and survives the RDF
round trip; the model's own section (languages, vocabularies) changes what the loader accepts."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from rdflib import Graph
from typer.testing import CliRunner

from strategygraph.cli import app
from strategygraph.core.loader import ModelError, load
from strategygraph.rdf import mapping as rdf

runner = CliRunner()

V2 = textwrap.dedent("""\
    model:
      schema_version: 2
      title: {fi: Testistrategia, en: Test strategy}
      organization: org
      languages: [en, fi]
      default_lang: en
      as_of: 2025-06-30
      progress_reports:
        - items: goals
          scope: City-level targets 2025
          level: "city"
          year: 2025
          total: 5
          date: 2025-06-30
          counts:
            - {value: "3/5", status_text: On track, status: green, count: 3}
            - {value: "2/5", status_text: Challenges, count: 2, share: 40}
      vocabularies:
        perspectives:
          - {id: climate, label: Climate}
        goal_levels:
          - {id: city, label: City level}
        goal_kinds:
          - {id: target, label: Target}
        project_statuses:
          - {id: running, label: Running, carries: true}
          - {id: idea, label: Idea, carries: false}
        carrier_kinds:
          - {id: department, label: Department, carries: true}
        progress_colours:
          - {id: green, label: Green, rule: On track, min_completion: 80}
    units:
      - {id: org, label: City, unit_type: organization}
      - {id: dept, label: Environment department, unit_type: division}
      - {id: partner, label: Energy company, unit_type: partner}
    themes:
      - {id: t1, label: Energy}
      - {id: t2, label: Transport}
    subthemes:
      - {id: s1, label: Heating, theme: t1}
      - {id: s2, label: Buildings, theme: t1}
    phases:
      - id: p1
        label: First years
        order: 1
        relative: {start_offset: 0, end_offset: 2, time_unit: years, anchor: Signing of the contract}
    capabilities:
      - {id: c1, label: Energy data}
    services:
      - id: sv1
        label: Energy advice service
        service_kind: service
        start: 2021
        end: 2024-09
        status: discontinued
        status_as_of: 2024-12-31
        owner: dept
    milestones:
      - id: m1
        label: Heating decarbonised
        theme: t1
        also_themes: [t2]
        phase: p1
        implementation: [{unit: partner}]
        relies_on: [sv1]
    kpis:
      - id: k1
        label: Emissions
        perspective: climate
        definition: Greenhouse gas emissions of the city area
        unit: kt CO2e
        owner: dept
        targets:
          - {value: "-60 %", number: -60, unit: "%", due: 2030}
        measurements:
          - {value: "2 000", number: 2000, date: 2024-12-31}
    projects:
      - id: pr1
        label: Heat pump programme
        status: running
        status_as_of: 2025-06-30
        uses: [c1]
        relies_on: [sv1]
        budget: [{amount: 1000000, currency: EUR, period: 2025/2027}]
        costs: [{amount_text: about 2 M€}]
        funding:
          - {amount: 500000, currency: EUR, funder: partner, conditions: Co-funding of 50 %}
    actions:
      - id: a1
        label: Replace oil heating
        subtheme: s1
        also_subthemes: [s2]
        implementation:
          - {project: pr1, due: 2026, scope: Public buildings}
          - {carrier: department, unit: dept}
        builds: [c1]
        kpis: [k1]
        relies_on: [sv1]
        costs: [{amount: 250000, currency: EUR}]
        funding: [{funder_text: EU, conditions: Reporting twice a year}]
    goals:
      - id: g1
        label: Carbon neutral city
        level: city
        goal_kind: target
        due: 2035
        baselines: [{value: "2 900 kt", number: 2900, date: 1990}]
        targets: [carbon neutral]
        measurements: [{value: "-30 %", date: 2024}]
        status: yellow
        status_as_of: 2025-06-30
        implementation: [{unit: dept}]
    key_results:
      - id: kr1
        label: Half of the heating renewable
        goal: g1
        due: 2030
        measurements: [{value: "35 %", date: 2025-06-30}]
        status_as_of: 2025-06-30
    tasks:
      - id: ta1
        label: Survey of buildings
        goal: g1
        completion: 40
        completion_as_of: 2025-06-30
        status_as_of: 2025-06-30
    """)


def write(tmp_path: Path, text: str) -> Path:
    d = tmp_path / "m"
    d.mkdir(exist_ok=True)
    (d / "model.yaml").write_text(text, encoding="utf-8")
    return d


def test_the_v2_model_loads_and_says_what_it_is(tmp_path: Path) -> None:
    m = load(write(tmp_path, V2))
    assert m.schema_version == 2 and m.default_lang == "en" and m.languages == ["en", "fi"]
    assert m.title is not None and m.title_text("fi") == "Testistrategia" and m.title_text() == "Test strategy"
    assert m.as_of == "2025-06-30"
    assert m.perspectives == ["climate"]
    assert m.carrying_statuses == {"running"} and m.carrying_carriers == {"department"}
    assert [c.min_completion for c in m.progress_colours] == [80]
    # a plain string takes the model's default language
    assert m["t1"].label.en == "Energy" and m["t1"].label.fi is None
    assert m["s1"].theme.ref == "t1" and [x.ref for x in m["a1"].also_subthemes] == ["s2"]


def test_a_model_without_settings_is_neutral_and_finnish(tmp_path: Path) -> None:
    d = write(tmp_path, "themes: [{id: t, label: Teema}]\nkpis: [{id: k, label: Mittari, perspective: anything}]\n")
    m = load(d)
    assert m.schema_version == 1 and m.default_lang == "fi" and m.perspectives == []
    assert m.carrying_statuses is None and m.progress_colours == []
    assert m["t"].label.fi == "Teema" and m.title is None


def test_title_falls_back_to_the_organization(tmp_path: Path) -> None:
    m = load(write(tmp_path, V2.replace("  title: {fi: Testistrategia, en: Test strategy}\n", "")))
    assert m.title_text("en") == "City"


def test_round_trip_keeps_every_new_field(tmp_path: Path) -> None:
    m = load(write(tmp_path, V2))
    for fmt in ("turtle", "nt"):
        back = Graph()
        back.parse(data=rdf.to_rdf(m).serialize(format=fmt), format=fmt)
        m2 = rdf.from_rdf(back)
        assert rdf.normalized(m2) == rdf.normalized(m), fmt
        assert m2.settings is not None and m2.settings.vocabularies.project_statuses[0].carries is True


def test_vocabulary_concepts_are_in_the_exported_graph(tmp_path: Path) -> None:
    g = rdf.to_rdf(load(write(tmp_path, V2)))
    q = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX sg: <https://w3id.org/strategygraph/ns#>
           SELECT ?label WHERE { ?p sg:projectStatus ?c . ?c skos:prefLabel ?label ; sg:carriesWork true }"""
    assert [str(r[0]) for r in g.query(q)] == ["Running"]


def test_v2_model_conforms_to_the_shapes(tmp_path: Path) -> None:
    pytest.importorskip("pyshacl")
    from strategygraph.rdf.ontology import validate_shapes

    conforms, text = validate_shapes(rdf.to_rdf(load(write(tmp_path, V2))))
    assert conforms, text


# (description, text to replace, replacement, field path, words in the message)
BAD = [
    ("schema version newer", "schema_version: 2", "schema_version: 9", "model.schema_version", "newer"),
    ("default language not listed", "default_lang: en", "default_lang: sv", "model.default_lang",
     "not one of languages"),
    ("unknown language", "languages: [en, fi]", "languages: [en, de]", "model.languages[1]", "'de'"),
    ("as-of not a date", "as_of: 2025-06-30", "as_of: mid 2025", "model.as_of", "not a time"),
    ("organization unknown", "organization: org", "organization: orgg", "model.organization", "unknown Unit"),
    ("vocabulary term twice", "- {id: idea, label: Idea, carries: false}",
     "- {id: running, label: Idea, carries: false}", "model.vocabularies.project_statuses[1].id", "listed twice"),
    ("carries not a boolean", "carries: true}", "carries: maybe}", "model.vocabularies.project_statuses[0].carries",
     "boolean"),
    ("colour not a colour", "- {id: green, label: Green", "- {id: blue, label: Green",
     "model.vocabularies.progress_colours[0].id", "'blue'"),
    ("colour threshold over 100", "min_completion: 80", "min_completion: 180",
     "model.vocabularies.progress_colours[0].min_completion", "between 0 and 100"),
    ("progress report items", "- items: goals", "- items: actions", "model.progress_reports[0].items", "'actions'"),
    ("progress report level outside the vocabulary", "level: \"city\"", "level: \"county\"", "model.progress_reports[0].level", "goal_levels"),
    ("progress report date", "date: 2025-06-30\n      counts", "date: kesäkuu\n      counts",
     "model.progress_reports[0].date", "not a time"),
    ("progress report count over the total", "count: 3}", "count: 7}", "model.progress_reports[0].counts[0].count",
     "larger than the total"),
    ("progress report counts over the total", "total: 5", "total: 4", "model.progress_reports[0].total",
     "add up to 5"),
    ("progress report share over 100", "share: 40}", "share: 140}", "model.progress_reports[0].counts[1].share",
     "between 0 and 100"),
    ("progress report shares over 100 %", "status: green, count: 3}", "status: green, count: 3, share: 70}",
     "model.progress_reports[0].counts", "more than 100 %"),
    ("progress report count negative", "count: 2,", "count: -2,", "model.progress_reports[0].counts[1].count",
     "negative"),
    ("progress report status", "status: green, count: 3", "status: blue, count: 3",
     "model.progress_reports[0].counts[0].status", "'blue'"),
    ("progress report count without status text", "{value: \"3/5\", status_text: On track, ",
     "{value: \"3/5\", ", "model.progress_reports[0].counts[0].status_text", "required"),
    ("unit type", "unit_type: partner", "unit_type: partnr", "units[2] (partner).unit_type", "'partnr'"),
    ("relative period backwards", "start_offset: 0, end_offset: 2", "start_offset: 3, end_offset: 2",
     "phases[0] (p1).relative", "ends before it starts"),
    ("relative period unit", "time_unit: years", "time_unit: decades", "phases[0] (p1).relative.time_unit",
     "'decades'"),
    ("relative period anchor missing", ", anchor: Signing of the contract}", "}", "phases[0] (p1).relative.anchor",
     "required"),
    ("phase without any period", "    relative: {start_offset: 0, end_offset: 2, time_unit: years, "
     "anchor: Signing of the contract}\n", "", "phases[0] (p1)", "start_year"),
    ("service kind", "service_kind: service", "service_kind: app", "services[0] (sv1).service_kind", "'app'"),
    ("service start", "start: 2021", "start: early 2021", "services[0] (sv1).start", "not a time"),
    ("service status", "status: discontinued", "status: stopped", "services[0] (sv1).status", "'stopped'"),
    ("service status as of", "status_as_of: 2024-12-31", "status_as_of: 2024-13", "services[0] (sv1).status_as_of",
     "not a real date"),
    ("service owner kind", "owner: dept\nmilestones", "owner: t1\nmilestones", "services[0] (sv1).owner[0]",
     "is a Theme"),
    ("milestone also_themes kind", "also_themes: [t2]", "also_themes: [s1]", "milestones[0] (m1).also_themes[0]",
     "is a SubTheme"),
    ("milestone implementation unit", "implementation: [{unit: partner}]", "implementation: [{unit: nobody}]",
     "milestones[0] (m1).implementation[0].unit", "unknown Unit"),
    ("milestone relies on a project", "relies_on: [sv1]\nkpis", "relies_on: [pr1]\nkpis",
     "milestones[0] (m1).relies_on[0]", "is a Project"),
    ("perspective outside the vocabulary", "perspective: climate", "perspective: climat",
     "kpis[0] (k1).perspective", "did you mean 'climate'"),
    ("kpi definition empty", "definition: Greenhouse gas emissions of the city area", "definition: {}",
     "kpis[0] (k1).definition", "at least one language"),
    ("kpi owner", "owner: dept\n    targets", "owner: org2\n    targets", "kpis[0] (k1).owner[0]", "unknown Unit"),
    ("kpi target due", "due: 2030}", "due: 2030-Q5}", "kpis[0] (k1).targets[0].due", "not a time"),
    ("kpi target number", "number: -60,", "number: lots,", "kpis[0] (k1).targets[0].number", "number"),
    ("kpi measurement date", "date: 2024-12-31}", "date: 31.12.2024}", "kpis[0] (k1).measurements[0].date",
     "not a time"),
    ("project status outside the vocabulary", "status: running", "status: runing", "projects[0] (pr1).status",
     "did you mean 'running'"),
    ("project status as of", "status_as_of: 2025-06-30\n    uses", "status_as_of: 2025-02-30\n    uses",
     "projects[0] (pr1).status_as_of", "not a real date"),
    ("project uses a service", "uses: [c1]", "uses: [sv1]", "projects[0] (pr1).uses[0]", "is a Service"),
    ("project relies on unknown", "relies_on: [sv1]\n    budget", "relies_on: [sv2]\n    budget",
     "projects[0] (pr1).relies_on[0]", "did you mean 'sv1'"),
    ("budget currency", "currency: EUR, period", "currency: euro, period", "projects[0] (pr1).budget[0].currency",
     "ISO 4217"),
    ("budget period", "period: 2025/2027", "period: 2027/2025", "projects[0] (pr1).budget[0].period",
     "ends before it starts"),
    ("cost without amount", "costs: [{amount_text: about 2 M€}]", "costs: [{currency: EUR}]",
     "projects[0] (pr1).costs[0]", "at least one of"),
    ("funding amount", "amount: 500000,", "amount: half,", "projects[0] (pr1).funding[0].amount", "number"),
    ("funder kind", "funder: partner,", "funder: pr1,", "projects[0] (pr1).funding[0].funder", "is a Project"),
    ("funding conditions empty", "conditions: Co-funding of 50 %", "conditions: {}",
     "projects[0] (pr1).funding[0].conditions", "at least one language"),
    ("also_subthemes kind", "also_subthemes: [s2]", "also_subthemes: [t2]", "actions[0] (a1).also_subthemes[0]",
     "is a Theme"),
    ("implementation due", "due: 2026, scope", "due: next year, scope", "actions[0] (a1).implementation[0].due",
     "not a time"),
    ("implementation project and unit", "{project: pr1, due: 2026", "{project: pr1, unit: dept, due: 2026",
     "actions[0] (a1).implementation[0]", "either a 'project'"),
    ("carrier outside the vocabulary", "{carrier: department,", "{carrier: departmnt,",
     "actions[0] (a1).implementation[1].carrier", "did you mean 'department'"),
    ("builds a KPI", "builds: [c1]", "builds: [k1]", "actions[0] (a1).builds[0]", "is a KPI"),
    ("action kpis kind", "kpis: [k1]", "kpis: [g1]", "actions[0] (a1).kpis[0]", "is a Goal"),
    ("action cost amount", "costs: [{amount: 250000", "costs: [{amount: many", "actions[0] (a1).costs[0].amount",
     "number"),
    ("funding without anything", "funding: [{funder_text: EU, conditions: Reporting twice a year}]",
     "funding: [{conditions: Reporting twice a year}]", "actions[0] (a1).funding[0]", "at least one of"),
    ("goal level outside the vocabulary", "level: city", "level: county", "goals[0] (g1).level", "goal_levels"),
    ("goal kind outside the vocabulary", "goal_kind: target", "goal_kind: wish", "goals[0] (g1).goal_kind",
     "goal_kinds"),
    ("goal due", "due: 2035", "due: 2035-00", "goals[0] (g1).due", "not a"),
    ("goal baseline date", "date: 1990}]", "date: 1990s}]", "goals[0] (g1).baselines[0].date", "not a time"),
    ("goal target empty", "targets: [carbon neutral]", "targets: [{}]", "goals[0] (g1).targets[0].value",
     "required"),
    ("goal measurement date", "date: 2024}]", "date: 2024-Q0}]", "goals[0] (g1).measurements[0].date", "not a time"),
    ("goal status as of", "status_as_of: 2025-06-30\n    implementation",
     "status_as_of: 30.6.2025\n    implementation", "goals[0] (g1).status_as_of", "not a time"),
    ("goal implementation", "implementation: [{unit: dept}]", "implementation: [{part: osa}]",
     "goals[0] (g1).implementation[0]", "either a 'project'"),
    ("key result due", "due: 2030\n", "due: 2030-1\n", "key_results[0] (kr1).due", "not a time"),
    ("key result measurement", "measurements: [{value: \"35 %\", date: 2025-06-30}]",
     "measurements: [{date: 2025-06-30}]", "key_results[0] (kr1).measurements[0].value", "required"),
    ("key result status as of", "status_as_of: 2025-06-30\ntasks",
     "status_as_of: yesterday\ntasks", "key_results[0] (kr1).status_as_of", "not a time"),
    ("task completion as of", "completion_as_of: 2025-06-30", "completion_as_of: 2025-06-31",
     "tasks[0] (ta1).completion_as_of", "not a real date"),
    ("task status as of", "    status_as_of: 2025-06-30\n", "    status_as_of: Q2\n", "tasks[0] (ta1).status_as_of",
     "not a time"),
]


@pytest.mark.parametrize("old,new,path,words", [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_new_field_names_file_line_and_field(tmp_path: Path, old: str, new: str, path: str, words: str) -> None:
    if old.startswith("    status_as_of: 2025-06-30\n") and path.startswith("tasks"):
        text = V2[::-1].replace(old[::-1], new[::-1], 1)[::-1]  # the task's, the last one in the file
    else:
        assert V2.count(old) >= 1, old
        text = V2.replace(old, new, 1)
    d = write(tmp_path, text)
    res = runner.invoke(app, ["validate", str(d), "--format", "json"])
    assert res.exit_code == 2, res.output
    errors = json.loads(res.stdout)["errors"]
    hits = [e for e in errors if e["path"] == path or e["path"].startswith(path + ".")
            or e["path"] == path.split(" ")[0]]
    assert hits, errors
    e = hits[0]
    assert words in e["message"], e
    assert e["file"].endswith("model.yaml")
    # the line is the one that holds the change (or, for a removed field, its object)
    changed = [i + 1 for i, (a, b) in enumerate(zip(V2.splitlines(), text.splitlines(), strict=False)) if a != b]
    assert changed, "the mutation changed nothing"
    if new:
        assert e["line"] in (changed[0], changed[0] - 1), (e, changed)
    else:  # a removed field: the problem is on its object, which starts above it
        assert changed[0] - 4 <= e["line"] < changed[0], (e, changed)


def test_cli_validate_text_names_file_line_field(tmp_path: Path) -> None:
    d = write(tmp_path, V2.replace("perspective: climate", "perspective: climat"))
    res = runner.invoke(app, ["validate", str(d)])
    assert res.exit_code == 2 and "Traceback" not in res.output
    line = next(i + 1 for i, s in enumerate(V2.splitlines()) if "perspective: climate" in s)
    assert f"model.yaml:{line}:" in res.stderr and "kpis[0] (k1).perspective" in res.stderr


def test_two_model_sections_are_refused(tmp_path: Path) -> None:
    d = write(tmp_path, V2)
    (d / "more.yaml").write_text("model: {schema_version: 2}\n", encoding="utf-8")
    with pytest.raises(ModelError) as exc:
        load(d)
    (p,) = exc.value.problems
    assert p.file.endswith("more.yaml") and "second 'model:' section" in p.message


def test_lang_defaults_to_the_models_language(tmp_path: Path) -> None:
    d = write(tmp_path, V2)
    res = runner.invoke(app, ["coverage", str(d), "--format", "json"])
    assert res.exit_code in (0, 1), res.output
    assert "Energy" in res.stdout
    res_fi = runner.invoke(app, ["coverage", str(d), "--format", "json", "--lang", "fi"])
    assert res_fi.exit_code in (0, 1), res_fi.output


def test_check_and_roadmap_take_a_relative_phase(tmp_path: Path) -> None:
    d = write(tmp_path, V2)
    res = runner.invoke(app, ["check", str(d), "--format", "json"])
    assert res.exit_code in (0, 1), res.output
    res = runner.invoke(app, ["diagram", "roadmap", str(d), "--format", "dot", "-o", str(tmp_path / "r.dot")])
    assert res.exit_code == 0, res.output
    dot = (tmp_path / "r.dot").read_text(encoding="utf-8")
    assert "0–2 years" in dot and "First years" in dot  # the relative period, in the model's language


def test_fast_ntriples_reader_keeps_the_model_section(tmp_path: Path) -> None:
    # the reader a SPARQL store's data goes through (rdf.from_ntriples) keeps settings and vocabularies too
    m = load(write(tmp_path, V2))
    back = rdf.from_ntriples(rdf.to_ntriples(m).encode("utf-8"))
    assert rdf.normalized(back) == rdf.normalized(m)
    assert back.settings is not None and [t.id for t in back.settings.vocabularies.project_statuses] == [
        "running", "idea"]
