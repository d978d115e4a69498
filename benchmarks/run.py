#!/usr/bin/env python3
"""Benchmark strategygraph on synthetic models of growing size.

Run from the repository root::

    python3 benchmarks/run.py                         # 1k, 10k and 100k entities
    python3 benchmarks/run.py --sizes 1000,10000 --time-limit 60

Each size runs in its own subprocess (so peak memory is per size). The stages
are timed with ``time.perf_counter``; see benchmarks/README.md for what each
row means and for the measured figures. No figure here is asserted by the
test suite: the targets are ratios taken in the same run and printed with
PASS/FAIL at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import queue
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sibling scripts (timeline.next_version)
SRC = ROOT / "src"
if str(SRC) not in sys.path:  # runnable from a clean clone with the dependencies installed
    sys.path.insert(0, str(SRC))

FAMILIES = ("gap", "overlap", "ownership", "dependency", "consistency")
CHECK_CLI = "check CLI, fresh process (wall, median)"
CHECK_IN = "check (load + all rules + JSON)"
GIB = 1024 ** 3

# ------------------------------------------------------------------ the coverage questions as SPARQL
# What a user would otherwise write on a plain rdflib Graph: start from the kinds,
# follow theme → sub-theme → action → project (and milestone ← delivery/contribution).
SPARQL_PREFIX = """PREFIX sg: <https://w3id.org/strategygraph/ns#>
PREFIX sgc: <https://w3id.org/strategygraph/concept/>
"""
COVERAGE_QUERIES = {  # quick ones first: a capped query kills its process, and the next one must parse again
    "milestone × project": """
SELECT ?ms ?project WHERE {
  ?ms a sg:Milestone .
  { ?ms sg:deliveredBy ?project } UNION { ?action sg:contributesTo ?ms ; sg:implementedBy ?project }
  ?project a sg:Project .
}""",
    "uncarried milestones": """
SELECT ?ms WHERE {
  ?ms a sg:Milestone .
  FILTER NOT EXISTS {
    { ?ms sg:deliveredBy ?p } UNION { ?a sg:contributesTo ?ms ; sg:implementedBy ?p }
    ?p sg:projectStatus <https://w3id.org/strategygraph/concept/project-status/active> .
  }
}""",
    "sub-theme × project": """
SELECT ?st ?project (COUNT(DISTINCT ?action) AS ?n) WHERE {
  ?st a sg:SubTheme .
  ?action a sg:Action ; sg:belongsToSubTheme ?st ; sg:implementedBy ?project .
  ?project a sg:Project .
} GROUP BY ?st ?project""",
    "theme × project": """
SELECT ?theme ?project (COUNT(DISTINCT ?action) AS ?n) WHERE {
  ?theme a sg:Theme .
  ?st a sg:SubTheme ; sg:belongsToTheme ?theme .
  ?action a sg:Action ; sg:belongsToSubTheme ?st ; sg:implementedBy ?project .
  ?project a sg:Project .
} GROUP BY ?theme ?project""",
}


# ------------------------------------------------------------------ helpers
def cli_command() -> list[str]:
    """How to start the CLI: the console script when installed, else ``python -m strategygraph``."""
    exe = shutil.which("strategygraph")
    return [exe] if exe else [sys.executable, "-m", "strategygraph"]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(SRC) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.setdefault("COLUMNS", "200")
    return env


def run_measured(cmd: list[str], timeout: float) -> dict[str, Any]:
    """Run ``cmd``; wall time, exit code and the child's own peak RSS (os.wait4), or a timeout."""
    with tempfile.TemporaryFile() as errf:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errf, env=child_env())
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        errf.seek(0)
        err = errf.read().decode("utf-8", "replace")
    timed_out = proc.returncode < 0 and wall >= timeout
    return {"seconds": wall, "cpu": usage.ru_utime + usage.ru_stime, "rc": proc.returncode,
            "peak_bytes": usage.ru_maxrss * 1024, "timed_out": timed_out, "stderr": err[-2000:]}


def median_seconds(commands: list[list[str]], runs: int) -> list[float]:
    """Median wall time of each command; the runs alternate, so machine noise hits them alike."""
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for cmd, ts in zip(commands, times, strict=False):
            t0 = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=child_env(), check=False)
            ts.append(time.perf_counter() - t0)
    return [statistics.median(ts) for ts in times]


class Timer:
    def __init__(self) -> None:
        self.stages: dict[str, float | None] = {}
        self.notes: dict[str, str] = {}

    def __call__(self, name: str, func: Any, *args: Any, **kw: Any) -> Any:
        gc.collect()
        t0 = time.perf_counter()
        result = func(*args, **kw)
        self.stages[name] = time.perf_counter() - t0
        print(f"  {name:<44} {self.stages[name]:9.3f} s", file=sys.stderr, flush=True)
        return result

    def put(self, name: str, seconds: float | None, note: str = "") -> None:
        self.stages[name] = seconds
        if note:
            self.notes[name] = note
        shown = "-" if seconds is None else f"{seconds:9.3f} s"
        print(f"  {name:<44} {shown} {note}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------ rdflib SPARQL, capped
def sparql_child(ttl: str, names: list[str]) -> None:
    """Parse the Turtle into a plain rdflib Graph, then run each named query; one JSON line per query."""
    from rdflib import Graph

    g = Graph()
    g.parse(ttl, format="turtle")
    print(json.dumps({"ready": True}), flush=True)
    for name in names:
        t0 = time.perf_counter()
        rows = len(list(g.query(SPARQL_PREFIX + COVERAGE_QUERIES[name])))
        print(json.dumps({"name": name, "seconds": time.perf_counter() - t0, "rows": rows}), flush=True)


def rdflib_sparql(ttl: Path, limit: float) -> dict[str, dict[str, Any]]:
    """Time every coverage query on rdflib, each capped at ``limit`` seconds (a capped query is killed)."""
    results: dict[str, dict[str, Any]] = {}
    todo = list(COVERAGE_QUERIES)
    while todo:
        proc = subprocess.Popen([sys.executable, __file__, "--sparql-child", str(ttl), *todo],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env())
        lines: queue.Queue[str | None] = queue.Queue()

        def reader(proc: subprocess.Popen[str] = proc, lines: queue.Queue[str | None] = lines) -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                lines.put(line)
            lines.put(None)

        threading.Thread(target=reader, daemon=True).start()
        first = lines.get(timeout=max(600.0, limit))  # parsing the Turtle is not timed
        if first is None:
            raise RuntimeError("SPARQL child failed: " + (proc.stderr.read() if proc.stderr else ""))
        while todo:
            name = todo[0]
            try:
                line = lines.get(timeout=limit)
            except queue.Empty:
                proc.kill()
                proc.wait()
                results[name] = {"seconds": None, "capped": True}
                todo.pop(0)
                break
            if line is None:
                raise RuntimeError("SPARQL child failed: " + (proc.stderr.read() if proc.stderr else ""))
            data = json.loads(line)
            results[data["name"]] = {"seconds": data["seconds"], "rows": data["rows"], "capped": False}
            todo.pop(0)
        else:
            proc.wait()
    return results


# ------------------------------------------------------------------ one size
def run_size(n: int, workdir: Path, limit: float, seed: int, rdflib: bool = True) -> dict[str, Any]:
    from rdflib import Graph

    from strategygraph.analysis.reach import Analysis

    try:
        from strategygraph.views.present import coverage_data, findings_json
    except ImportError:  # older layout
        import strategygraph.cli  # noqa: F401  (registers the command modules first)
        from strategygraph.cli.analysis import coverage_data, findings_json
    from strategygraph.analysis.graph import to_networkx
    from strategygraph.analysis.rules.engine import Context, load_config, run_rules, select_rules
    from strategygraph.core.loader import load
    from strategygraph.core.synth import count_entities, generate
    from strategygraph.rdf.mapping import to_rdf
    from strategygraph.rdf.ontology import validate_shapes
    from strategygraph.rdf.store import build_store

    t = Timer()
    model_dir = workdir / "model"
    model_dir.mkdir(parents=True)

    def synth() -> int:
        files, _ = generate(n, seed=seed)
        for name, text in files.items():
            (model_dir / name).write_text(text, encoding="utf-8")
        return count_entities(files)

    entities = t("synth: generate + write YAML", synth)

    def check() -> int:
        m = load(model_dir)
        ctx = Context(m, load_config(model_dir))
        fs = run_rules(ctx)
        json.dumps(findings_json(fs), ensure_ascii=False)
        return len(fs)

    # first, while nothing else is in memory: a larger heap makes every garbage-collector pass slower
    t("check (load + all rules + JSON)", check)
    model = t("load + validate (YAML → pydantic)", load, model_dir)
    ttl_path = workdir / "model.ttl"
    conforms: bool | None = None
    if rdflib:
        g = t("RDF build (rdflib Graph)", to_rdf, model)
        ttl = t("Turtle serialize (rdflib)", g.serialize, format="turtle")
        ttl_path.write_text(ttl, encoding="utf-8")
        del ttl

        def parse() -> Any:
            g2 = Graph()
            g2.parse(ttl_path, format="turtle")
            return len(g2)

        t("Turtle parse (rdflib)", parse)
        conforms, _ = t("SHACL validate (pyshacl, core shapes)", validate_shapes, g)
        del g
    store = t("pyoxigraph store build", build_store, model, with_ontology=False)
    triples = len(store)
    t("networkx view build", to_networkx, model)
    t("analysis index build (coverage)", Analysis, model)
    for fam in FAMILIES:
        t(f"rules: {fam}", lambda f=fam: run_rules(Context(model), select_rules([f])))
    findings = t("rules: all (incl. store/graph/analysis)", lambda: run_rules(Context(model)))

    def coverage() -> int:
        ctx = Context(model)
        return sum(len(coverage_data(ctx, k)["rows"]) for k in ("Theme", "SubTheme", "Milestone", "Goal"))

    t("coverage matrices (theme/sub-theme/milestone/goal)", coverage)

    def coverage_questions() -> int:
        """The questions of COVERAGE_QUERIES, answered our way (set operations on the analysis index)."""
        an = Analysis(model)
        rows = 0
        for kind in ("Theme", "SubTheme", "Milestone"):
            r, _, cells = an.matrix(kind)
            rows += len(cells)
        uncarried = [m.id for m in model.of_kind("Milestone") if not an.carriers_of(m.id)]
        return rows + len(uncarried)

    t("coverage questions, our way", coverage_questions)
    t("overlap pairs (inverted index)", lambda: Analysis(model).overlap_pairs())

    ox_total = 0.0
    for q in COVERAGE_QUERIES.values():
        t0 = time.perf_counter()
        list(store.query(SPARQL_PREFIX + q))
        ox_total += time.perf_counter() - t0
    t.put("coverage SPARQL on pyoxigraph (4 queries)", ox_total)
    del store

    sparql: dict[str, dict[str, Any]] = {}
    capped = False
    if rdflib:
        print(f"  rdflib SPARQL (each query capped at {limit:.0f} s) ...", file=sys.stderr, flush=True)
        sparql = rdflib_sparql(ttl_path, limit)
        capped = any(r["capped"] for r in sparql.values())
        total = sum(r["seconds"] or limit for r in sparql.values())
        t.put("coverage SPARQL on rdflib (4 queries)", total, "(capped: lower bound)" if capped else "")
        for name, r in sparql.items():
            t.put(f"  rdflib: {name}", r["seconds"], f"> {limit:.0f} s" if r["capped"] else "")

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {"size": n, "entities": entities, "triples": triples, "findings": len(findings), "shacl_conforms": conforms,
            "stages": t.stages, "notes": t.notes, "sparql": sparql, "sparql_capped": capped,
            "peak_bytes": peak, "limit": limit, "rdflib": rdflib}


def yaml_parse_child(model_dir: str) -> None:
    """The baseline: PyYAML's C loader (``yaml.load(text, Loader=yaml.CSafeLoader)``) on every model file,
    the results kept (as any use of them must), nothing else."""
    import yaml

    data = [yaml.load(f.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)  # noqa: S506 - the safe C loader
            for f in sorted(Path(model_dir).rglob("*.yaml"))]
    print(len(data))


YAML_PARSE = "PyYAML C parse of the files, fresh process"
#: the commands timed at every size: (stage name, arguments; {m} the model, {b} the second model, {w} the work dir)
COMMANDS: list[tuple[str, list[str]]] = [
    ("validate", ["validate", "{m}", "--format", "json"]),
    ("progress", ["progress", "{m}", "--format", "json"]),
    ("scenario --apply-dispositions", ["scenario", "{m}", "--apply-dispositions", "--format", "json"]),
    ("diff (next version)", ["diff", "{m}", "{b}", "--format", "json"]),
    ("export --format archimate", ["export", "{m}", "--format", "archimate", "-o", "{w}/model.archimate.xml"]),
    ("import archimate", ["import", "archimate", "{w}/model.archimate.xml", "-o", "{w}/from-archimate"]),
    ("export --format xlsx", ["export", "{m}", "--format", "xlsx", "-o", "{w}/model.xlsx"]),
    ("import xlsx", ["import", "xlsx", "{w}/model.xlsx", "-o", "{w}/from-xlsx"]),
]


def _put(result: dict[str, Any], name: str, res: dict[str, Any] | None, note: str = "") -> None:
    """Record one fresh-process figure: wall seconds (the stage), CPU seconds and peak memory beside it."""
    result["stages"][name] = None if res is None or res["timed_out"] else res["seconds"]
    result.setdefault("cpu", {})[name] = None if res is None or res["timed_out"] else res["cpu"]
    result.setdefault("peaks", {})[name] = None if res is None else res["peak_bytes"]
    if res is not None and res["timed_out"]:
        note = f"> {res['seconds']:.0f} s (killed)"
    elif res is not None and res["rc"] not in (0, 1):
        note = f"rc={res['rc']}: {res['stderr'].strip().splitlines()[-1:]}"
    if note:
        result["notes"][name] = note
    shown = "-" if result["stages"][name] is None else \
        f"{res['seconds']:9.3f} s wall {res['cpu']:9.3f} s CPU"  # type: ignore[index]
    print(f"  {name:<44} {shown} {note}", file=sys.stderr, flush=True)


def run_cli_stages(result: dict[str, Any], workdir: Path, limit: float, report: bool, check_runs: int,
                   commands: bool = True, timeout: float = 1200.0) -> None:
    """Time ``check`` (against PyYAML's parse of the same files) and every other command as a user runs
    them: fresh processes, wall and CPU time, own peak RSS.

    Started from the small parent process: Linux carries a forking process's peak RSS over
    into its child's ``ru_maxrss``, so a child of the big benchmark process would report that.
    ``check`` and the YAML parse alternate, so that the machine's load hits both alike.
    """
    model_dir = workdir / "model"
    cli = cli_command()
    checks, parses = [], []
    for _ in range(check_runs):
        parses.append(run_measured([sys.executable, __file__, "--yaml-parse-child", str(model_dir)], timeout))
        checks.append(run_measured(cli + ["check", str(model_dir), "--format", "json",
                                          "-o", str(workdir / "findings.json")], timeout))
    for name, runs in ((YAML_PARSE, parses), (CHECK_CLI, checks)):
        med = dict(runs[0])
        med["seconds"] = statistics.median(r["seconds"] for r in runs)
        med["cpu"] = statistics.median(r["cpu"] for r in runs)
        med["peak_bytes"] = max(r["peak_bytes"] for r in runs)
        bad = [r for r in runs if r["rc"] not in (0, 1)]
        if bad:
            med.update(rc=bad[0]["rc"], stderr=bad[0]["stderr"])
        _put(result, name, med)
    result["check_peak_bytes"] = max(r["peak_bytes"] for r in checks)
    if commands:
        from timeline import next_version  # the sibling script: a plausible next version of a model

        next_version(model_dir, workdir / "model-next")
        for name, args in COMMANDS:
            argv = [a.format(m=model_dir, b=workdir / "model-next", w=workdir) for a in args]
            _put(result, name, run_measured(cli + argv, timeout))
        _publish(result, model_dir, workdir, timeout)
    result["report_peak_bytes"] = None
    name = "report"
    if not report:
        _put(result, name, None, "(skipped: --no-report)")
        return
    res = run_measured(cli + ["report", str(model_dir), "-o", str(workdir / "report")], timeout)
    _put(result, name, res)
    result["report_peak_bytes"] = res["peak_bytes"]


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` server command (on PATH or beside this Python), or None when it is not installed."""
    binary = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    return binary if Path(binary).exists() else None


@contextlib.contextmanager
def oxigraph_server(binary: str, location: Path) -> Iterator[str]:
    """A local Oxigraph server (127.0.0.1, a free port, data in ``location``) for the ``with`` block; yields
    its URL once it answers (waits at most a minute), and stops it afterwards."""
    import socket
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(240):  # at most a minute
            try:
                urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=2).close()  # noqa: S310
                break
            except OSError:
                time.sleep(0.25)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=60)


def _publish(result: dict[str, Any], model_dir: Path, workdir: Path, timeout: float) -> None:
    """``publish`` to a local Oxigraph server (127.0.0.1, a free port, a data folder in ``workdir``)."""
    name = "publish (local Oxigraph server)"
    binary = oxigraph_binary()
    if binary is None:
        _put(result, name, None, "(skipped: no 'oxigraph' command; pip install oxigraph)")
        return
    with oxigraph_server(binary, workdir / "oxigraph-data") as url:
        _put(result, name, run_measured(cli_command() + ["publish", str(model_dir), "--endpoint", url,
                                                         "--version", "bench"], timeout))


# ------------------------------------------------------------------ the table and the targets
def _k(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 else f"{n:,}"


def fmt_s(v: float | None, note: str = "") -> str:
    if v is None:
        return note.split(" (")[0] if note.startswith(">") else "–"
    if note.startswith("(capped"):
        return f">{v:.1f}"
    return f"{v:.3f}" if v < 10 else f"{v:.1f}"


def print_table(results: list[dict[str, Any]], help_s: float, typer_s: float) -> list[tuple[str, str, str]]:
    names: list[str] = []
    for r in results:
        for k in r["stages"]:
            if k not in names:
                names.append(k)
    cols = [f"{r['size']:,} ({r['entities']:,} ent., {r['triples']:,} triples)" for r in results]
    w0 = max(len(n) for n in names) + 2
    widths = [max(len(c), 10) for c in cols]
    print("\nseconds per stage (time.perf_counter)")
    print("stage".ljust(w0) + " | ".join(c.rjust(w) for c, w in zip(cols, widths, strict=False)))
    print("-" * (w0 + sum(widths) + 3 * len(widths)))
    for n in names:
        cells = [fmt_s(r["stages"].get(n), r["notes"].get(n, "")) for r in results]
        print(n.ljust(w0) + " | ".join(c.rjust(w) for c, w in zip(cells, widths, strict=False)))
    for label, key in (("peak RSS, whole benchmark child (GiB)", "peak_bytes"),
                       ("peak RSS, check CLI process (GiB)", "check_peak_bytes"),
                       ("peak RSS, report CLI process (GiB)", "report_peak_bytes")):
        cells = [("–" if r.get(key) is None else f"{r[key] / GIB:.2f}") for r in results]
        print(label.ljust(w0) + " | ".join(c.rjust(w) for c, w in zip(cells, widths, strict=False)))
    cpu_names = [n for n in names if any(r.get("cpu", {}).get(n) is not None for r in results)]
    if cpu_names:
        print("\nCPU seconds (user + system) of the fresh processes above")
        for n in cpu_names:
            cells = [("–" if r.get("cpu", {}).get(n) is None else fmt_s(r["cpu"][n])) for r in results]
            print(n.ljust(w0) + " | ".join(c.rjust(w) for c, w in zip(cells, widths, strict=False)))
    cells = [" ".join(f"{x:.1f}" for x in r.get("load", ())) or "–" for r in results]
    print("load average when the size started".ljust(w0) + " | ".join(c.rjust(w) for c, w in zip(cells, widths, strict=False)))
    print(f"\nstartup: strategygraph --help {help_s:.3f} s, python -c 'import typer' {typer_s:.3f} s (medians)")

    targets: list[tuple[str, str, str]] = []
    by_size = {r["size"]: r for r in results}
    for r in results:
        if "Turtle parse (rdflib)" in r["stages"]:
            rules, parse = r["stages"]["rules: all (incl. store/graph/analysis)"], r["stages"]["Turtle parse (rdflib)"]
            targets.append((f"all rules ≤ rdflib Turtle parse @ {_k(r['size'])}",
                            f"{rules:.2f} s vs {parse:.2f} s ({rules / parse:.2f}×)", "PASS" if rules <= parse else "FAIL"))
    # check against PyYAML's C parse of the same files: fresh processes, alternating, medians
    for r in results:
        c, y = r["stages"].get(CHECK_CLI), r["stages"].get(YAML_PARSE)
        if c and y:
            cc, cy = r["cpu"][CHECK_CLI], r["cpu"][YAML_PARSE]
            verdict = ("PASS" if c <= 2.5 * y else "FAIL") if r["size"] >= 100_000 else "(info)"
            targets.append((f"check ≤ 2.5 × PyYAML C parse @ {_k(r['size'])}",
                            f"{c:.1f} s / {y:.1f} s = {c / y:.2f}× (CPU {cc:.1f} / {cy:.1f} = {cc / cy:.2f}×)", verdict))
    # 'check' as a user runs it (a fresh process, median of --check-runs); the in-process figure for reference
    if 10_000 in by_size and 100_000 in by_size:
        pairs = [(by_size[10_000], by_size[100_000], 12.0)]
    else:
        sizes = sorted(by_size)
        pairs = [(by_size[sizes[-2]], by_size[sizes[-1]], 1.2 * sizes[-1] / sizes[-2])] if len(sizes) >= 2 else []
    for a, b, k in pairs:
        ta, tb = a["stages"][CHECK_CLI], b["stages"][CHECK_CLI]
        targets.append((f"check({_k(b['size'])}) ≤ {k:.0f} × check({_k(a['size'])})",
                        f"{tb:.2f} s / {ta:.2f} s = {tb / ta:.1f}×", "PASS" if tb <= k * ta else "FAIL"))
        ia, ib = a["stages"][CHECK_IN], b["stages"][CHECK_IN]
        targets.append(("  the same, in-process (one run, no startup)", f"{ib:.2f} s / {ia:.2f} s = {ib / ia:.1f}×",
                        "(info)"))
    largest = max(results, key=lambda r: r["size"])
    targets.append((f"peak memory of check @ {_k(largest['size'])} ≤ 2 GiB",
                    f"{largest['check_peak_bytes'] / GIB:.2f} GiB",
                    "PASS" if largest["check_peak_bytes"] <= 2 * GIB else "FAIL"))
    # the commands of this round against check (or validate) on the same model; CPU time decides (one run
    # each on a shared machine: wall time mostly measures the other processes), wall time shown beside
    relative = [("progress", CHECK_CLI, 1.0), ("scenario --apply-dispositions", CHECK_CLI, 3.0),
                ("diff (next version)", CHECK_CLI, 3.0)]
    relative += [(name, "validate", 2.0) for name, _ in COMMANDS if name.startswith(("export", "import"))]
    for r in results:
        cpu = r.get("cpu", {})
        for name, base, limit in relative:
            if cpu.get(name) is None or not cpu.get(base):
                continue
            ratio = cpu[name] / cpu[base]
            wall = r["stages"][name] / r["stages"][base]
            verdict = ("PASS" if ratio <= limit else "FAIL") if base != "validate" or r["size"] == 10_000 else "(info)"
            targets.append((f"{name} ≤ {limit:g} × {base.split(' ')[0]} @ {_k(r['size'])}",
                            f"CPU {cpu[name]:.1f} s / {cpu[base]:.1f} s = {ratio:.2f}× (wall {wall:.2f}×)", verdict))
    for r in results:
        if not r.get("sparql"):
            continue
        ours = r["stages"]["coverage questions, our way"]
        theirs = r["stages"]["coverage SPARQL on rdflib (4 queries)"]
        ratio = theirs / ours if ours else float("inf")
        bound = "≥ " if r["sparql_capped"] else ""
        targets.append((f"coverage ≥ 100× faster than rdflib SPARQL @ {_k(r['size'])}",
                        f"{ours:.3f} s vs {bound}{theirs:.1f} s ({bound}{ratio:.0f}×)",
                        "PASS" if ratio >= 100 else "FAIL"))
    targets.append(("strategygraph --help ≤ 1.4 × import typer", f"{help_s / typer_s:.2f}×",
                    "PASS" if help_s <= 1.4 * typer_s else "FAIL"))
    load = os.getloadavg()
    print(f"\nload average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} ({os.cpu_count()} cores)")
    print("\ntargets")
    w = max(len(t[0]) for t in targets) + 2
    for name, value, verdict in targets:
        print(f"  {name.ljust(w)} {value.ljust(40)} {verdict}")
    return targets


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,100000",
                    help="comma-separated model sizes in entities (default: 1000,10000,100000)")
    ap.add_argument("--time-limit", type=float, default=60.0, metavar="S",
                    help="cap for each rdflib SPARQL query, in seconds (the report gets 5×S); default 60")
    ap.add_argument("--seed", type=int, default=0, help="seed of the synthetic models (default 0)")
    ap.add_argument("--runs", type=int, default=15, help="runs for the startup medians (default 15)")
    ap.add_argument("--check-runs", type=int, default=3, help="runs of 'strategygraph check' per size (median; default 3)")
    ap.add_argument("--quick", action="store_true",
                    help="10k entities only, without the rdflib comparisons (about a quarter of an hour)")
    ap.add_argument("--no-rdflib", action="store_true",
                    help="skip the rdflib comparisons (Turtle, SHACL, rdflib SPARQL: the slowest stages)")
    ap.add_argument("--no-commands", action="store_true",
                    help="time only check (no validate, progress, scenario, diff, export, import, publish)")
    ap.add_argument("--command-timeout", type=float, default=1200.0, metavar="S",
                    help="cap for each command's process, in seconds (default 1200)")
    ap.add_argument("--no-report", action="store_true", help="skip timing 'strategygraph report'")
    ap.add_argument("--json", type=Path, metavar="FILE", help="also write all figures as JSON to FILE")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--sparql-child", nargs="+", help=argparse.SUPPRESS)
    ap.add_argument("--yaml-parse-child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.yaml_parse_child:
        yaml_parse_child(args.yaml_parse_child)
        return 0
    if args.quick:
        args.sizes, args.no_rdflib = "10000", True
    if args.sparql_child:
        sparql_child(args.sparql_child[0], args.sparql_child[1:])
        return 0
    if args.child is not None:
        res = run_size(args.child, args.workdir, args.time_limit, args.seed, rdflib=not args.no_rdflib)
        print("RESULT " + json.dumps(res))
        return 0

    try:
        sizes = [int(s.replace("_", "").replace("k", "000")) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        ap.error(f"--sizes {args.sizes!r}: expected numbers such as 1000,10000")
    if not sizes or min(sizes) < 200:
        ap.error("--sizes: every size must be at least 200 entities")
    results = []
    for n in sizes:
        print(f"size {n:,}", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory(prefix=f"sg-bench-{n}-") as tmp:
            load = os.getloadavg()
            cmd = [sys.executable, __file__, "--child", str(n), "--workdir", tmp, "--time-limit",
                   str(args.time_limit), "--seed", str(args.seed)] + (["--no-rdflib"] if args.no_rdflib else [])
            out = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, env=child_env())
            line = next((ln for ln in out.stdout.splitlines() if ln.startswith("RESULT ")), None)
            if out.returncode != 0 or line is None:
                print(f"size {n}: benchmark child failed (exit {out.returncode})", file=sys.stderr)
                return 1
            result = json.loads(line[len("RESULT "):])
            result["load"] = load
            run_cli_stages(result, Path(tmp), args.time_limit, not args.no_report, args.check_runs,
                           commands=not args.no_commands, timeout=args.command_timeout)
            results.append(result)
    help_s, typer_s = median_seconds([cli_command() + ["--help"], [sys.executable, "-c", "import typer"]], args.runs)
    targets = print_table(results, help_s, typer_s)
    if args.json:
        args.json.write_text(json.dumps({"results": results, "help_seconds": help_s, "import_typer_seconds": typer_s,
                                         "targets": targets}, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
