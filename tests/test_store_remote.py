"""Publishing to and reading from real SPARQL 1.1 servers (Oxigraph server and Virtuoso 7).

The servers run on 127.0.0.1 (see tests/sparql_servers.py); every test names its own graph, so
the tests of one engine share one server.
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from strategygraph.cli import app
from strategygraph.core.loader import load
from strategygraph.rdf.mapping import from_ntriples, normalized, to_rdf
from strategygraph.rdf.remote import (
    CATALOGUE_GRAPH,
    ONTOLOGY_GRAPH,
    Client,
    Publication,
    RemoteError,
    catalogue,
    kinds_of,
    publish,
)

from .sparql_servers import Front, Server, forward, free_port, start_engine

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "model"
MINI = ROOT / "tests" / "fixtures" / "mini"
BASE_A = "https://example.org/county-a/"
BASE_B = "https://example.org/city-b/"
FAST = {"STRATEGYGRAPH_SPARQL_RETRIES": "1", "STRATEGYGRAPH_SPARQL_TIMEOUT": "60",
        "STRATEGYGRAPH_NETRC": "", "HOME": "/nonexistent"}
runner = CliRunner()


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = start_engine(request.param, tmp_path_factory.mktemp(request.param))
    yield server
    server.stop()


def cli(*args: str, env: dict[str, str] | None = None) -> Any:
    return runner.invoke(app, list(args), env={**FAST, **(env or {})})


def construct(server: Server, graph: str) -> bytes:
    with Client(server.endpoint, env=FAST) as client:
        return client.construct(graph, "test")


def canonical(data: bytes | Graph) -> set[str]:
    """The graph's triples with blank nodes labelled by RDFC-1.0: equal sets = isomorphic graphs.

    (rdflib.compare is used too, on the small model: on the real one it takes minutes.)
    """
    import pyoxigraph as ox

    if isinstance(data, Graph):
        data = data.serialize(format="nt", encoding="utf-8")
    ds = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object)
                    for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    ds.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(q) for q in ds}


def rdflib_graph(data: bytes) -> Graph:
    g = Graph()
    g.parse(data=data.decode("utf-8"), format="nt")
    return g


def entry(server: Server, graph: str) -> Any:
    with Client(server.endpoint, env=FAST) as client:
        return next((e for e in catalogue(client) if e.graph == graph), None)


def sorted_findings(doc: dict[str, Any]) -> list[str]:
    """Findings comparable between a folder and a store.

    A published graph has no YAML positions (``location``) and RDF keeps no order, so lists of ids (the
    affected elements, evidence items) are compared as sets.
    """
    def norm(v: Any) -> Any:
        if isinstance(v, dict):
            return {k: norm(x) for k, x in v.items()}
        if isinstance(v, list):
            items = [norm(x) for x in v]
            return sorted(items, key=lambda x: json.dumps(x, sort_keys=True, ensure_ascii=False))
        return v

    return sorted(json.dumps(norm({k: v for k, v in f.items() if k != "location"}), sort_keys=True,
                             ensure_ascii=False) for f in doc["findings"])


# ------------------------------------------------------------------ publish, read back, republish
def test_publish_real_model_reads_back_isomorphic(engine: Server) -> None:
    graph = BASE_A + "graph/iso"
    res = cli("publish", str(REAL), "--endpoint", engine.endpoint, "--base", BASE_A, "--graph", graph,
              "--version", "iso")
    assert res.exit_code == 0, res.output
    assert "published 342 entities" in res.output
    local = to_rdf(load(REAL), BASE_A)
    remote = canonical(construct(engine, graph))
    assert len(remote) == len(local) > 9000
    assert remote == canonical(local)
    # the ontology has its own graph
    from strategygraph.rdf.ontology import ontology_graph

    assert isomorphic(rdflib_graph(construct(engine, ONTOLOGY_GRAPH)), ontology_graph())


def test_catalogue_entry(engine: Server) -> None:
    graph = BASE_A + "graph/cat"
    res = cli("publish", str(REAL), "--endpoint", engine.endpoint, "--base", BASE_A, "--graph", graph,
              "--version", "2025-q4")
    assert res.exit_code == 0, res.output
    e = entry(engine, graph)
    assert e is not None
    assert (e.version, e.base, e.entities) == ("2025-q4", BASE_A, 342)
    assert e.organization == "Kanta-Hämeen hyvinvointialue (Oma Häme)"
    assert e.commit and len(e.commit) == 40  # the repository's commit of model/
    counts = kinds_of(load(REAL))
    with Client(engine.endpoint, env=FAST) as client:
        rows = client.select(
            f"SELECT ?cls ?n WHERE {{ GRAPH <{CATALOGUE_GRAPH}> {{ <{graph}> "
            "<http://rdfs.org/ns/void#classPartition> ?p . ?p <http://rdfs.org/ns/void#class> ?cls ; "
            "<http://rdfs.org/ns/void#entities> ?n } }", "test")
    got = {r["cls"].rsplit("#", 1)[1]: int(r["n"]) for r in rows}
    assert got == {k: n for k, n in counts.items() if n}


def test_republish_replaces_the_graph(engine: Server, tmp_path: Path) -> None:
    graph = BASE_B + "graph/replace"
    assert cli("publish", str(REAL), "--endpoint", engine.endpoint, "--base", BASE_B, "--graph", graph,
               "--version", "one").exit_code == 0
    res = cli("publish", str(MINI), "--endpoint", engine.endpoint, "--base", BASE_B, "--graph", graph,
              "--version", "two")
    assert res.exit_code == 0, res.output
    assert isomorphic(rdflib_graph(construct(engine, graph)), to_rdf(load(MINI), BASE_B))
    e = entry(engine, graph)
    assert (e.version, e.entities) == ("two", len(load(MINI)))
    with Client(engine.endpoint, env=FAST) as client:  # one catalogue entry for the graph, not two
        rows = client.select(f"SELECT ?v WHERE {{ GRAPH <{CATALOGUE_GRAPH}> {{ <{graph}> "
                             "<http://www.w3.org/2002/07/owl#versionInfo> ?v } }", "test")
    assert [r["v"] for r in rows] == ["two"]


def test_dry_run_sends_nothing() -> None:
    port = free_port()  # nothing listens there: a request would fail
    res = cli("publish", str(MINI), "--endpoint", f"http://127.0.0.1:{port}", "--version", "x", "--dry-run")
    assert res.exit_code == 0, res.output
    assert "would publish" in res.output and "nothing was sent" in res.output


# ------------------------------------------------------------------ the reading commands on the store
def test_check_coverage_report_from_store_equal_local(engine: Server, tmp_path: Path) -> None:
    graph = BASE_A + "graph/read"
    assert cli("publish", str(REAL), "--endpoint", engine.endpoint, "--base", BASE_A, "--graph", graph,
               "--version", "read").exit_code == 0
    remote = ["--endpoint", engine.endpoint, "--graph", graph]
    local_check = cli("check", str(REAL), "-f", "json", "--base", BASE_A)
    remote_check = cli("check", *remote, "-f", "json")
    assert remote_check.exit_code == local_check.exit_code in (0, 1)
    assert f"read <{graph}>" in remote_check.stderr
    # RDF has no order for multi-valued fields: the same findings, ties possibly in another order
    assert sorted_findings(json.loads(remote_check.stdout)) == sorted_findings(json.loads(local_check.stdout))
    assert len(json.loads(local_check.stdout)["findings"]) > 50

    local_cov = json.loads(cli("coverage", str(REAL), "-f", "json", "--base", BASE_A).stdout)
    remote_cov = json.loads(cli("coverage", *remote, "-f", "json").stdout)
    # entity order is not kept by an RDF graph: the same columns and rows, possibly in another order
    assert sorted(remote_cov["projects"], key=lambda p: p["id"]) == sorted(local_cov["projects"], key=lambda p: p["id"])
    assert sorted(json.dumps(r, sort_keys=True) for r in remote_cov["rows"]) == \
        sorted(json.dumps(r, sort_keys=True) for r in local_cov["rows"])

    res = cli("report", *remote, "-o", str(tmp_path / "report"))
    assert res.exit_code == 0, res.output
    local = cli("report", str(REAL), "--base", BASE_A, "-o", str(tmp_path / "local"))
    assert local.exit_code == 0, local.output
    assert sorted_findings(json.loads((tmp_path / "report" / "findings.json").read_text())) == \
        sorted_findings(json.loads((tmp_path / "local" / "findings.json").read_text()))
    # the page names the model by its own title (read from the graph), as a local report does
    title = load(REAL).title_text("fi")
    assert title and f"<title>Strategian tilannekuva – {title}</title>" in (tmp_path / "report" / "index.html").read_text(
        encoding="utf-8")


def test_query_on_store_and_across_all_graphs(engine: Server) -> None:
    ga, gb = BASE_A + "graph/all", BASE_B + "graph/all"
    assert cli("publish", str(REAL), "--endpoint", engine.endpoint, "--base", BASE_A, "--graph", ga,
               "--version", "all").exit_code == 0
    assert cli("publish", str(MINI), "--endpoint", engine.endpoint, "--base", BASE_B, "--graph", gb,
               "--version", "all").exit_code == 0
    q = "SELECT (COUNT(?t) AS ?n) WHERE { ?t a sg:Theme }"
    one = cli("query", q, "--endpoint", engine.endpoint, "--graph", ga, "-f", "json")
    assert one.exit_code == 0, one.output
    assert json.loads(one.stdout)["rows"] == [{"n": str(load(REAL).counts()["Theme"])}]
    # which themes of which published model have no carrying (active) project
    q_all = """
SELECT ?g ?version (COUNT(DISTINCT ?theme) AS ?uncarried) WHERE {
  GRAPH <https://w3id.org/strategygraph/catalogue> { ?g owl:versionInfo ?version }
  GRAPH ?g { ?theme a sg:Theme .
    FILTER NOT EXISTS { ?sub sg:subThemeOf ?theme . ?action sg:contributesTo ?sub ;
                        sg:implementedBy ?p . ?p sg:status <https://w3id.org/strategygraph/concept/project-status/active> }
    FILTER NOT EXISTS { ?action2 sg:contributesTo ?theme ; sg:implementedBy ?p2 .
                        ?p2 sg:status <https://w3id.org/strategygraph/concept/project-status/active> } }
  FILTER (?g IN (<GB>, <GA>))
} GROUP BY ?g ?version ORDER BY ?g""".replace("GB", gb).replace("GA", ga)
    res = cli("query", q_all, "--endpoint", engine.endpoint, "--all-graphs", "-f", "json")
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)["rows"]
    assert [r["g"] for r in rows] == sorted([ga, gb]) or [r["g"] for r in rows] == sorted([gb, ga])
    # the same question per model, on the local folders
    q_local = q_all.split("GRAPH ?g {")[1].split("FILTER (?g")[0].rsplit("}", 1)[0]
    for model, base, g in ((REAL, BASE_A, ga), (MINI, BASE_B, gb)):
        res = cli("query", f"SELECT (COUNT(DISTINCT ?theme) AS ?n) WHERE {{ {q_local} }}", str(model),
                  "--base", base, "-f", "json")
        assert res.exit_code == 0, res.output
        expected = json.loads(res.stdout)["rows"][0]["n"]
        assert next(r["uncarried"] for r in rows if r["g"] == g) == expected
    assert cli("query", q, "--all-graphs").exit_code == 2  # needs --endpoint


# ------------------------------------------------------------------ atomicity
def test_server_killed_mid_publish_leaves_previous_version(engine: Server, tmp_path: Path) -> None:
    graph = BASE_A + "graph/crash"
    assert cli("publish", str(MINI), "--endpoint", engine.endpoint, "--base", BASE_A, "--graph", graph,
               "--version", "before").exit_code == 0
    before = canonical(construct(engine, graph))
    big = load(REAL)
    pub = Publication(graph=graph, version="crash", base=BASE_A, organization=None, commit=None,
                      counts=kinds_of(big))
    batches: list[int] = []

    def kill_after_two_batches(n: int) -> None:
        batches.append(n)
        if len(batches) == 2:
            engine.kill()

    try:
        with Client(engine.endpoint, env={**FAST, "STRATEGYGRAPH_SPARQL_RETRIES": "0"}) as client:
            with pytest.raises(RemoteError) as err:
                publish(client, big, pub, progress=kill_after_two_batches, batch_triples=1000)
        assert "previous version" in str(err.value) and "intact" in str(err.value)
        assert len(batches) == 2  # it stopped at the first failed request
    finally:
        engine.start()
    assert canonical(construct(engine, graph)) == before
    assert entry(engine, graph).version == "before"
    # and the CLI says so, exit 2, when nothing answers at all
    engine.kill()
    try:
        res = cli("publish", str(REAL), "--endpoint", engine.endpoint, "--graph", graph, "--version", "x")
        assert res.exit_code == 2
        assert "connection refused" in res.stderr and "intact" in res.stderr
        assert "Traceback" not in res.output
    finally:
        engine.start()


def test_concurrent_publishes_leave_one_complete_version(engine: Server) -> None:
    graph = BASE_B + "graph/race"
    models = {"real": load(REAL), "mini": load(MINI)}
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def run(name: str) -> None:
        m = models[name]
        pub = Publication(graph=graph, version=name, base=BASE_B, organization=None, commit=None,
                          counts=kinds_of(m))
        try:
            with Client(engine.endpoint, env=FAST) as client:
                start.wait(timeout=30)
                publish(client, m, pub, batch_triples=500)
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in models]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors, errors
    got = construct(engine, graph)
    winner = entry(engine, graph).version
    assert winner in models
    assert canonical(got) == canonical(to_rdf(models[winner], BASE_B))  # all of one, nothing of the other
    assert normalized(from_ntriples(got, BASE_B)) == normalized(models[winner])


def test_an_overlapped_publish_is_repaired_to_one_whole_version(engine: Server) -> None:
    """What two overlapping publishes can leave on a store with snapshot isolation (the triples of both versions
    in the graph, two catalogue entries) is repaired by the publish that checks it: one whole version."""
    from strategygraph.rdf.remote import _settle, catalogue_update

    graph, tmp = BASE_B + "graph/overlap", "urn:strategygraph:tmp:test-overlap:model"
    mini, real = load(MINI), load(REAL)
    with Client(engine.endpoint, env=FAST) as client:
        pub = publish(client, mini, Publication(graph=graph, version="mini", base=BASE_B, organization=None,
                                                commit=None, counts=kinds_of(mini)))
        # the overlap: part of the other version's triples and its catalogue entry beside this one's
        other = Publication(graph=graph, version="real", base=BASE_B, organization=None, commit=None,
                            counts=kinds_of(real), triples=50)
        client.upload(graph, to_rdf(real, BASE_B).serialize(format="nt", encoding="utf-8"), "test")
        insert = catalogue_update(other)
        client.update(insert[insert.index("INSERT DATA"):], "test")  # its INSERT DATA only
        assert {e.version for e in catalogue(client) if e.graph == graph} == {"mini", "real"}
        # the replacing update publish() sends: copy this version's temporary graph over the graph
        client.upload(tmp, to_rdf(mini, BASE_B).serialize(format="nt", encoding="utf-8"), "test")
        _settle(client, pub, f"COPY <{tmp}> TO <{graph}> ;\n" + catalogue_update(pub), "test")
        client.update(f"DROP SILENT GRAPH <{tmp}>", "test")
        assert {e.version for e in catalogue(client) if e.graph == graph} == {"mini"}
    assert canonical(construct(engine, graph)) == canonical(to_rdf(mini, BASE_B))


# ------------------------------------------------------------------ credentials and faults (engine-independent)
@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = start_engine("oxigraph", tmp_path_factory.mktemp("oxigraph-auth"))
    yield server
    server.stop()


SECRET = "s3cret-Pa55-" + "q" * 8
TOKEN = "tok-" + "z" * 20


@pytest.fixture
def guarded(oxigraph: Server) -> Iterator[Front]:
    """Oxigraph behind a front that wants basic auth (user planner) or the bearer token."""
    good = {"Basic " + base64.b64encode(f"planner:{SECRET}".encode()).decode(), f"Bearer {TOKEN}"}

    def handler(method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        auth = headers.get("Authorization") or headers.get("authorization")
        if auth is None:
            return 401, {"WWW-Authenticate": 'Basic realm="store"'}, b"login needed"
        if auth not in good:
            return 403, {}, b"forbidden"
        return forward(oxigraph.endpoint, method, path, headers, body)

    front = Front(handler)
    yield front
    front.close()


def test_credentials_from_env_and_netrc_never_shown(guarded: Front, oxigraph: Server, tmp_path: Path) -> None:
    graph = BASE_B + "graph/auth"
    args = ("publish", str(MINI), "--endpoint", guarded.url, "--graph", graph, "--version", "auth")
    res = cli(*args)
    assert res.exit_code == 2 and "401 Unauthorized" in res.stderr and "STRATEGYGRAPH_SPARQL_USER" in res.stderr
    res = cli(*args, env={"STRATEGYGRAPH_SPARQL_USER": "planner", "STRATEGYGRAPH_SPARQL_PASSWORD": "wrong-" + SECRET})
    assert res.exit_code == 2 and "403 Forbidden" in res.stderr
    assert SECRET not in res.output and "planner" not in res.output
    res = cli(*args, env={"STRATEGYGRAPH_SPARQL_USER": "planner", "STRATEGYGRAPH_SPARQL_PASSWORD": SECRET})
    assert res.exit_code == 0, res.output
    assert SECRET not in res.output
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1\n  login x\n  account bearer\n  password {TOKEN}\n", encoding="utf-8")
    netrc.chmod(0o600)
    res = cli("check", "--endpoint", guarded.url, "--graph", graph, "-f", "json",
              env={"STRATEGYGRAPH_NETRC": str(netrc)})
    assert res.exit_code in (0, 1), res.output
    assert TOKEN not in res.output
    # nothing secret went to the server's data (catalogue included)
    with Client(oxigraph.endpoint, env=FAST) as client:
        rows = client.select("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }", "test")
    assert not [r for r in rows if SECRET in r["o"] or TOKEN in r["o"] or "planner" in r["o"]]
    # never on the command line
    res = cli("publish", str(MINI), "--endpoint", f"http://planner:{SECRET}@127.0.0.1:{guarded.port}")
    assert res.exit_code == 2 and "must not hold credentials" in res.stderr and SECRET not in res.output


def _front(status: int, body: bytes = b"") -> Front:
    return Front(lambda *a: (status, {"Content-Type": "text/plain"}, body))


@pytest.mark.parametrize("status,expected", [(404, "404 Not Found: no SPARQL service there"),
                                             (500, "500 (server error): boom"),
                                             (503, "503 (server error)")])
def test_http_faults_exit_2_with_a_message(status: int, expected: str) -> None:
    front = _front(status, b"boom")
    try:
        for args in (("publish", str(MINI), "--version", "f"), ("check",), ("query", "ASK {}")):
            res = cli(*args, "--endpoint", front.url)
            assert res.exit_code == 2, (args, res.output)
            assert expected in res.stderr and "Traceback" not in res.output
    finally:
        front.close()
    if status == 503:  # transient: tried again (RETRIES=1 here), a bounded number of times
        # publish: the upload twice, then one clean-up of the temporary graph (never retried);
        # check and query: their first request twice each
        assert len(front.requests) == 3 + 2 + 2


def test_not_found_on_a_real_server_and_refused(oxigraph: Server) -> None:
    res = cli("check", "--endpoint", oxigraph.endpoint + "/no-such-dataset")
    assert res.exit_code == 2 and "404 Not Found" in res.stderr
    port = free_port()
    res = cli("check", "--endpoint", f"http://127.0.0.1:{port}")
    assert res.exit_code == 2 and "connection refused" in res.stderr
    res = cli("check", "--endpoint", oxigraph.endpoint, "--graph", "https://example.org/never-published")
    assert res.exit_code == 2 and "is not in the catalogue" in res.stderr


def test_update_fallback_when_there_is_no_graph_store(oxigraph: Server) -> None:
    """A server without the Graph Store Protocol: the upload goes by SPARQL Update, same result."""

    def handler(method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        if path.startswith("/store"):
            return 404, {"Content-Type": "text/plain"}, b"no graph store here"
        return forward(oxigraph.endpoint, method, path, headers, body)

    front = Front(handler)
    graph = BASE_B + "graph/fallback"
    try:
        res = cli("publish", str(REAL), "--endpoint", front.url, "--base", BASE_B, "--graph", graph,
                  "--version", "fallback")
        assert res.exit_code == 0, res.output
    finally:
        front.close()
    paths = [p for _, p, _ in front.requests]
    assert sum(p.startswith("/store") for p in paths) == 1  # tried once, then SPARQL Update only
    assert sum(p.startswith("/update") for p in paths) > 1
    assert canonical(construct(oxigraph, graph)) == canonical(to_rdf(load(REAL), BASE_B))
