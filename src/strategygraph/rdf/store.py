"""SPARQL over a model, executed on pyoxigraph's embedded store.

rdflib's own SPARQL engine grows far worse than linearly with the model
(measured: a coverage join 230-260 s at 10k entities versus 0.02 s here), so
every query of the tool runs on an in-memory pyoxigraph ``Store`` loaded once
with the model's triples (and, on request, the ontology).
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from typing import Any

from strategygraph.core.model import Model
from strategygraph.rdf.mapping import DEFAULT_BASE, PREFIXES, ntriples_chunks


class QueryError(ValueError):
    """A SPARQL query that could not be parsed or run."""


class _ChunkReader(io.RawIOBase):
    """A binary file over text pieces made on demand: the store parses while they are written."""

    def __init__(self, chunks: Iterator[str]) -> None:
        self._chunks = chunks
        self._buf = memoryview(b"")
        self._at = 0  # read position in _buf (slicing off the rest at every read would copy it again and again)

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        while self._at >= len(self._buf):
            piece = next(self._chunks, None)
            if piece is None:
                return 0
            self._buf, self._at = memoryview(piece.encode("utf-8")), 0
        n = min(len(b), len(self._buf) - self._at)
        b[:n] = self._buf[self._at:self._at + n]
        self._at += n
        return n


def build_store(model: Model, base: str = DEFAULT_BASE, with_ontology: bool = True) -> Any:
    """An in-memory pyoxigraph Store with the model (and the ontology and concept schemes)."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(io.BufferedReader(_ChunkReader(ntriples_chunks(model, base)), 1 << 20),
                    format=ox.RdfFormat.N_TRIPLES)
    if with_ontology:
        from strategygraph.rdf.ontology import ONTOLOGY_FILE, ontology_dir

        store.bulk_load(path=str(ontology_dir() / ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE)
    return store


def prefix_header() -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def _term_value(term: Any) -> str | None:
    if term is None:
        return None
    return term.value


_STRINGS_IRIS_COMMENTS = re.compile("|".join((
    r'"""(?:[^"\\]|\\.|"(?!""))*"""',  # long strings
    r"'''(?:[^'\\]|\\.|'(?!''))*'''",
    r'"(?:[^"\\\n]|\\.)*"',  # short strings
    r"'(?:[^'\\\n]|\\.)*'",
    r"<[^<>\"{}|^`\\\s]*>",  # IRIs
    r"#[^\n]*",  # comments
)))
_PROLOGUE = re.compile(r"^\s*(?:(?:PREFIX\s+[\w.-]*:|BASE)\s*(?:<[^>]*>|\"\")?\s*)*", re.I)
_UPDATE = re.compile(r"(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)
_SERVICE = re.compile(r"(?<![?$\w:.-])SERVICE(?![\w:.-])", re.I)


def _code_only(sparql: str) -> str:
    """The query without string literals, IRIs and comments (keywords only stay)."""
    return _STRINGS_IRIS_COMMENTS.sub(lambda m: " " if m.group().startswith("#") else '""', sparql)


def is_update(sparql: str) -> bool:
    """Whether ``sparql`` is a SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...), not a query.

    >>> is_update("PREFIX ex: <http://e/> DELETE DATA { ex:a ex:b ex:c }")
    True
    >>> is_update("SELECT ?insert WHERE { ?insert ?p ?o }")
    False
    """
    code = _code_only(sparql)
    return bool(_UPDATE.match(code, _PROLOGUE.match(code).end()))  # type: ignore[union-attr]


def uses_service(sparql: str) -> bool:
    """Whether ``sparql`` holds a ``SERVICE`` clause (a federated query that fetches data over the network).

    >>> uses_service("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    True
    >>> uses_service("SELECT ?service WHERE { ?service a <http://e/SERVICE> } # SERVICE")
    False
    """
    return bool(_SERVICE.search(_code_only(sparql)))


class QueryTimeout(QueryError):
    """The query ran longer than its time limit."""


def run_query(store: Any, sparql: str, base: str | None = None, timeout: float | None = None,
              allow_service: bool = False, union: bool = False) -> tuple[str, Any]:
    """Run a SELECT or ASK query. Returns ``("select", (vars, rows))`` or ``("ask", bool)``.

    Common prefixes (sg, rdf, rdfs, skos, dcterms, ...) are predeclared, and ``id:`` names the model's
    base IRI. Updates are refused, and so is ``SERVICE`` unless ``allow_service``. With ``timeout``
    (seconds) the query runs in a child process that is stopped when the time is up or on Ctrl-C
    (pyoxigraph does not return to Python while it evaluates, so it cannot be interrupted otherwise).
    With ``union`` the default graph is the union of the store's named graphs (``GRAPH ?g`` still
    tells them apart).
    """
    if is_update(sparql):
        raise QueryError("updates are not allowed: 'query' only reads the model (SELECT or ASK); "
                         "change the YAML files instead")
    if not allow_service and uses_service(sparql):
        raise QueryError("SERVICE (a federated query that fetches data from another endpoint over the network) "
                         "is refused; give --allow-service to permit it")
    header = prefix_header() + (f"PREFIX id: <{base}>\n" if base else "")
    if timeout is None or not hasattr(os, "fork"):
        return _execute(store, header, sparql, union)
    return _in_child(store, header, sparql, timeout, union)


def _execute(store: Any, header: str, sparql: str, union: bool = False) -> tuple[str, Any]:
    import pyoxigraph as ox

    try:
        result = store.query(header + sparql, use_default_graph_as_union=union)
    except SyntaxError as exc:
        offset = header.count("\n")
        msg = re.sub(r"at (\d+):(\d+)", lambda m: f"at line {int(m.group(1)) - offset}, column {m.group(2)}",
                     str(exc))
        msg = re.sub(r"^(?:SPARQL )?(?:syntax )?error:?\s*", "", msg, flags=re.I)
        raise QueryError(f"SPARQL syntax error: {msg}") from None
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"query failed: {exc}") from None
    if isinstance(result, ox.QueryBoolean):
        return "ask", bool(result)
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        try:
            rows = [[_term_value(sol[v]) for v in variables] for sol in result]
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"query failed: {exc}") from None
        return "select", (variables, rows)
    raise QueryError("only SELECT and ASK queries are supported (CONSTRUCT/DESCRIBE: use 'export' instead)")


def _in_child(store: Any, header: str, sparql: str, timeout: float, union: bool = False) -> tuple[str, Any]:
    """Run the query in a forked child that sends its pickled result back; kill it at the deadline."""
    import pickle
    import select as _select
    import signal
    import time

    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: evaluate, send, and leave without running any of the parent's clean-up
        code = 0
        try:
            os.close(read_fd)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            try:
                payload: Any = ("ok", _execute(store, header, sparql, union))
            except QueryError as exc:
                payload = ("error", str(exc))
            data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_fd, "wb") as out:
                out.write(data)
        except BaseException:  # noqa: BLE001 - the parent reports a child that sent nothing
            code = 1
        finally:
            os._exit(code)
    os.close(write_fd)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout if timeout > 0 else None
    finished = False
    try:
        while True:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                break
            ready, _, _ = _select.select([read_fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(read_fd, 1 << 20)
            if not chunk:
                finished = True
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        if not finished:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        os.waitpid(pid, 0)
    if not finished:
        raise QueryTimeout(f"the query did not finish within {timeout:g} s and was stopped "
                           "(raise the limit with --timeout SECONDS, 0 for none)")
    try:
        status, payload = pickle.loads(b"".join(chunks))
    except Exception:  # noqa: BLE001 - a child that died (out of memory) sent nothing or a part
        raise QueryError("the query stopped without a result (out of memory?)") from None
    if status == "error":
        raise QueryError(payload)
    return payload


def select(store: Any, sparql: str) -> list[dict[str, str | None]]:
    """Rows of a SELECT query as dicts (for rules)."""
    kind, payload = run_query(store, sparql)
    if kind != "select":
        raise QueryError("expected a SELECT query")
    variables, rows = payload
    return [dict(zip(variables, r, strict=False)) for r in rows]
