"""A client for SPARQL 1.1 servers: publish a model into a named graph, read graphs back.

Protocols: the SPARQL 1.1 Protocol (query and update) and the Graph Store HTTP
Protocol (GSP) for uploads, with SPARQL Update as the fallback when the server
has no usable graph store endpoint.

Where the endpoints are (``--endpoint URL``)
--------------------------------------------
* ``http://host:7878`` (a server root): Oxigraph's layout, ``/query``, ``/update``, ``/store``.
* ``http://host:8890/sparql``: Virtuoso's layout, query and update on ``/sparql``, GSP on
  ``/sparql-graph-crud``.
* ``http://host/repositories/NAME``: GraphDB/RDF4J's layout (``/statements``, ``/rdf-graphs/service``).
* any other path (e.g. Fuseki's ``http://host:3030/dataset``): query, update and GSP on that URL.

Safety
------
Credentials come from the environment (``STRATEGYGRAPH_SPARQL_TOKEN`` for a bearer token, or
``STRATEGYGRAPH_SPARQL_USER`` + ``STRATEGYGRAPH_SPARQL_PASSWORD`` for basic authentication) or from a
netrc file (``STRATEGYGRAPH_NETRC``, default ``~/.netrc``; an entry with ``account bearer`` holds a
token as its password). They never come from the URL, and every message is scrubbed of them. TLS
certificates are verified; each request has a timeout (``STRATEGYGRAPH_SPARQL_TIMEOUT``, seconds);
only transient failures (connection refused or reset before the request was read, 429, 502, 503,
504) are retried, ``STRATEGYGRAPH_SPARQL_RETRIES`` times with exponential backoff.

Atomic publishing: the triples go into a fresh temporary graph, batch by batch (bounded memory;
a batch never splits one entity, so its blank nodes stay together), and one SPARQL Update then
``COPY``\\ s it over the target graph and rewrites the catalogue entry. Readers see the old
version or the new one, never a mix; a failure before the ``COPY`` leaves the old one untouched.
Two publishes of one graph at once can overlap on a store with snapshot isolation (each deletes
only the version it saw); the result is checked (one catalogue entry, as many triples as it
records) and replaced again until one complete version remains (see :func:`_settle`).
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from strategygraph.core.model import Model
from strategygraph.core.schema import KINDS
from strategygraph.rdf.mapping import DEFAULT_BASE, RDF_TYPE, SG_NS, _nt, iter_triples

ONTOLOGY_GRAPH = "https://w3id.org/strategygraph/ns"
CATALOGUE_GRAPH = "https://w3id.org/strategygraph/catalogue"
TEMP_PREFIX = "urn:strategygraph:tmp:"
VOID = "http://rdfs.org/ns/void#"
DCTERMS = "http://purl.org/dc/terms/"
OWL_VERSION = "http://www.w3.org/2002/07/owl#versionInfo"
XSD = "http://www.w3.org/2001/XMLSchema#"

#: triples per upload request (a batch ends at an entity boundary, so it may hold a few more)
BATCH_TRIPLES = 20_000
TRANSIENT_STATUS = frozenset({429, 502, 503, 504})
NT = "application/n-triples"


class RemoteError(Exception):
    """A failure talking to the SPARQL server, with a message fit for the user (no credentials)."""


# ------------------------------------------------------------------ where the endpoints are
@dataclass(frozen=True)
class Endpoints:
    """The URLs of one server's query, update and graph store services."""

    url: str  # as given (without credentials)
    query: str
    update: str
    store: str | None
    store_param: str = "graph"  # the GSP query parameter naming the graph

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""


def resolve_endpoints(url: str) -> Endpoints:
    """Where query, update and GSP live for ``url`` (see the module docstring)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RemoteError(f"--endpoint {_display(url)!r} is not an http:// or https:// URL")
    if parts.username or parts.password:
        raise RemoteError("--endpoint must not hold credentials; set STRATEGYGRAPH_SPARQL_USER and "
                          "STRATEGYGRAPH_SPARQL_PASSWORD (or STRATEGYGRAPH_SPARQL_TOKEN), or use a netrc file")
    path = parts.path.rstrip("/")
    root = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
    clean = urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))
    if path == "":
        return Endpoints(clean, root + "/query", root + "/update", root + "/store")
    if path == "/sparql":
        return Endpoints(clean, clean, clean, root + "/sparql-graph-crud")
    segments = path.split("/")
    if len(segments) >= 3 and segments[-2] == "repositories":
        return Endpoints(clean, clean, clean + "/statements", clean + "/rdf-graphs/service")
    return Endpoints(clean, clean, clean, clean)


def _display(url: str) -> str:
    """``url`` without any user information."""
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


# ------------------------------------------------------------------ credentials
@dataclass(frozen=True)
class Credentials:
    kind: str  # "basic" or "bearer"
    user: str = field(default="", repr=False)
    secret: str = field(default="", repr=False)
    origin: str = ""  # where they came from, for messages

    def __repr__(self) -> str:  # never the secret
        return f"Credentials({self.kind} from {self.origin})"


def find_credentials(host: str, env: dict[str, str] | None = None) -> Credentials | None:
    """Credentials for ``host``: environment variables first, then the netrc file."""
    env = dict(os.environ) if env is None else env
    token = env.get("STRATEGYGRAPH_SPARQL_TOKEN")
    if token:
        return Credentials("bearer", secret=token, origin="STRATEGYGRAPH_SPARQL_TOKEN")
    user, password = env.get("STRATEGYGRAPH_SPARQL_USER"), env.get("STRATEGYGRAPH_SPARQL_PASSWORD")
    if user or password:
        if not (user and password):
            raise RemoteError("set both STRATEGYGRAPH_SPARQL_USER and STRATEGYGRAPH_SPARQL_PASSWORD "
                              "(or neither)")
        return Credentials("basic", user=user, secret=password, origin="STRATEGYGRAPH_SPARQL_USER/PASSWORD")
    explicit = env.get("STRATEGYGRAPH_NETRC")
    path = Path(explicit) if explicit else Path(env.get("HOME", str(Path.home()))) / ".netrc"
    if not path.is_file():
        if explicit:
            raise RemoteError(f"STRATEGYGRAPH_NETRC names {path}, which is not a file")
        return None
    import netrc

    try:
        entry = netrc.netrc(str(path)).authenticators(host)
    except (netrc.NetrcParseError, OSError) as exc:
        line = getattr(exc, "lineno", None)
        raise RemoteError(f"cannot read the netrc file {path}" + (f" (line {line})" if line else "")) from None
    if not entry:
        return None
    login, account, password = entry
    if not password:
        return None
    if (account or "").lower() == "bearer":
        return Credentials("bearer", secret=password, origin=f"netrc {path}")
    return Credentials("basic", user=login or "", secret=password, origin=f"netrc {path}")


# ------------------------------------------------------------------ the client
def _env_number(env: dict[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise RemoteError(f"{name}={raw!r} is not a number") from None
    if value < 0:
        raise RemoteError(f"{name}={raw!r} must not be negative")
    return value


class Client:
    """One SPARQL server: requests with timeouts, bounded retries and user-fit error messages."""

    def __init__(self, url: str, env: dict[str, str] | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        import httpx

        env = dict(os.environ) if env is None else env
        self.endpoints = resolve_endpoints(url)
        self.credentials = find_credentials(self.endpoints.host, env)
        self.timeout = _env_number(env, "STRATEGYGRAPH_SPARQL_TIMEOUT", 120.0)
        self.retries = int(_env_number(env, "STRATEGYGRAPH_SPARQL_RETRIES", 3))
        self._sleep = sleep
        headers = {"User-Agent": "strategygraph"}
        auth: Any = None
        if self.credentials and self.credentials.kind == "bearer":
            headers["Authorization"] = f"Bearer {self.credentials.secret}"
        elif self.credentials:
            auth = httpx.BasicAuth(self.credentials.user, self.credentials.secret)
        self._http = httpx.Client(timeout=httpx.Timeout(self.timeout, connect=min(self.timeout, 10.0)),
                                  verify=True, headers=headers, auth=auth, follow_redirects=False)
        self.use_gsp = self.endpoints.store is not None

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -------------------------------------------------- messages
    def _scrub(self, text: str) -> str:
        if self.credentials:
            for secret in (self.credentials.secret, self.credentials.user):
                if secret and len(secret) >= 3:
                    text = text.replace(secret, "***")
        return text

    def _fail(self, message: str) -> RemoteError:
        return RemoteError(self._scrub(message))

    def _status_error(self, response: Any, url: str, what: str) -> RemoteError:
        code = response.status_code
        where = _display(url)
        if code == 401:
            how = (f"the credentials from {self.credentials.origin} were refused" if self.credentials else
                   "no credentials were given: set STRATEGYGRAPH_SPARQL_USER and STRATEGYGRAPH_SPARQL_PASSWORD, "
                   "or STRATEGYGRAPH_SPARQL_TOKEN, or add the host to a netrc file")
            return self._fail(f"{what}: {where} answered 401 Unauthorized ({how})")
        if code == 403:
            return self._fail(f"{what}: {where} answered 403 Forbidden (the account may not "
                              f"{'write to' if what.startswith('publish') else 'read'} this store)")
        if code == 404:
            return self._fail(f"{what}: {where} answered 404 Not Found: no SPARQL service there; check --endpoint")
        body = " ".join(response.text.split())[:300]
        if code >= 500:
            return self._fail(f"{what}: {where} answered {code} (server error){': ' + body if body else ''}")
        return self._fail(f"{what}: {where} answered {code}{': ' + body if body else ''}")

    # -------------------------------------------------- requests
    def request(self, method: str, url: str, what: str, ok: Iterable[int] = (200, 201, 204),
                **kwargs: Any) -> Any:
        """One request, retried on transient failures only; raises :class:`RemoteError`."""
        import httpx

        ok = tuple(ok)
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                response = self._http.request(method, url, **kwargs)
            except httpx.ConnectError as exc:
                if last:
                    reason = "connection refused" if "refused" in str(exc).lower() else str(exc) or "cannot connect"
                    raise self._fail(f"{what}: cannot connect to {_display(url)} ({reason}); is the server "
                                     "running and --endpoint right?") from None
            except httpx.ConnectTimeout:
                if last:
                    raise self._fail(f"{what}: no connection to {_display(url)} within "
                                     f"{min(self.timeout, 10.0):g} s") from None
            except httpx.TimeoutException:
                raise self._fail(f"{what}: {_display(url)} did not answer within {self.timeout:g} s "
                                 "(STRATEGYGRAPH_SPARQL_TIMEOUT)") from None
            except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
                raise self._fail(f"{what}: the connection to {_display(url)} was lost "
                                 f"({type(exc).__name__})") from None
            except httpx.HTTPError as exc:
                raise self._fail(f"{what}: {_display(url)}: {exc}") from None
            else:
                if response.status_code in ok:
                    return response
                if response.status_code not in TRANSIENT_STATUS or last:
                    raise self._status_error(response, url, what)
            self._sleep(min(0.5 * 2 ** attempt, 8.0))
        raise AssertionError("unreachable")  # pragma: no cover

    def update(self, sparql: str, what: str) -> None:
        self.request("POST", self.endpoints.update, what, content=sparql.encode("utf-8"),
                     headers={"Content-Type": "application/sparql-update; charset=utf-8"})

    def select(self, sparql: str, what: str) -> list[dict[str, str]]:
        """Rows of a SELECT query (values as plain strings)."""
        response = self.request("POST", self.endpoints.query, what, ok=(200,), data={"query": sparql},
                                headers={"Accept": "application/sparql-results+json"})
        try:
            doc = response.json()
            return [{k: v["value"] for k, v in b.items()} for b in doc["results"]["bindings"]]
        except (ValueError, KeyError, TypeError):
            raise self._fail(f"{what}: {_display(self.endpoints.query)} did not answer with SPARQL JSON "
                             "results; is --endpoint a SPARQL query service?") from None

    def construct(self, graph: str, what: str) -> bytes:
        """Every triple of ``graph`` as N-Triples (or Turtle, when that is all the server gives)."""
        sparql = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        response = self.request("POST", self.endpoints.query, what, ok=(200,), data={"query": sparql},
                                headers={"Accept": f"{NT}, text/plain;q=0.9, text/turtle;q=0.8"})
        return _to_ntriples(response.content, response.headers.get("content-type", ""), self, what)

    # -------------------------------------------------- uploads
    def _gsp_url(self) -> str:
        assert self.endpoints.store is not None
        return self.endpoints.store

    def upload(self, graph: str, ntriples: bytes, what: str) -> None:
        """Add N-Triples to ``graph`` (GSP POST; SPARQL Update when the server has no GSP)."""
        if self.use_gsp:
            import httpx

            try:
                self._http_gsp_post(graph, ntriples, what)
                return
            except _NoGraphStore:
                self.use_gsp = False
            except httpx.HTTPError:  # pragma: no cover - mapped in request()
                raise
        body = ntriples.decode("utf-8")
        # INSERT … WHERE {} rather than INSERT DATA: Virtuoso refuses blank nodes in INSERT DATA
        self.update(f"INSERT {{ GRAPH <{graph}> {{\n{body}}} }} WHERE {{}}", what)

    def _http_gsp_post(self, graph: str, ntriples: bytes, what: str) -> None:
        url = self._gsp_url()
        response = self.request("POST", url, what, ok=(200, 201, 204, 404, 405, 406, 415, 501),
                                params={self.endpoints.store_param: graph}, content=ntriples,
                                headers={"Content-Type": NT})
        if response.status_code not in (200, 201, 204):
            raise _NoGraphStore()  # no graph store there, or not for N-Triples


class _NoGraphStore(Exception):
    """The server has no graph store endpoint where we looked: fall back to SPARQL Update."""


def _to_ntriples(data: bytes, content_type: str, client: Client, what: str) -> bytes:
    ctype = content_type.split(";")[0].strip().lower()
    if ctype in (NT, "text/plain", "text/ntriples", "application/ntriples"):
        return data
    if ctype in ("text/turtle", "application/x-turtle"):
        import pyoxigraph as ox

        try:
            return ox.serialize(ox.parse(data, format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES) or b""
        except SyntaxError as exc:
            raise client._fail(f"{what}: the server's Turtle could not be read: {exc}") from None
    raise client._fail(f"{what}: the server answered a CONSTRUCT with {ctype or 'no content type'}, "
                       "not N-Triples or Turtle")


# ------------------------------------------------------------------ publishing
def entity_batches(model: Model, base: str = DEFAULT_BASE,
                   size: int = BATCH_TRIPLES) -> Iterator[tuple[int, bytes]]:
    """The model's triples as N-Triples chunks of about ``size`` triples, never splitting an entity.

    Yields ``(entities in the chunk, chunk)``: each entity's blank nodes stay in one request
    (a server scopes blank node labels to one request). Only one chunk is in memory at a time.
    """
    cache: dict[tuple[Any, ...], str] = {}
    lines: list[str] = []
    entities = 0

    def nt(t: tuple[Any, ...]) -> str:
        r = cache.get(t)
        if r is None:
            r = _nt(t)
            if t[0] == "iri" and len(cache) < 200_000:
                cache[t] = r
        return r

    for s, p, o in iter_triples(model, base):
        # an entity starts with its own rdf:type triple (nested objects are blank nodes)
        if p[1] == RDF_TYPE and s[0] == "iri":
            if len(lines) >= size:
                yield entities, "".join(lines).encode("utf-8")
                lines, entities = [], 0
            entities += 1
        lines.append(f"{nt(s)} {nt(p)} {nt(o)} .\n")
    if lines:
        yield entities, "".join(lines).encode("utf-8")


def ontology_ntriples() -> bytes:
    import pyoxigraph as ox

    from strategygraph.rdf.ontology import ONTOLOGY_FILE, ontology_dir

    triples = ox.parse(path=str(ontology_dir() / ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE)
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def organization_of(model: Model) -> str | None:
    """The label of the model's top organization unit (a Unit of type organization with no parent)."""
    for e in model.entities.values():
        if e.KIND == "Unit" and getattr(e, "unit_type", None) is not None:
            unit_type = e.unit_type.value if hasattr(e.unit_type, "value") else e.unit_type  # type: ignore[attr-defined]
            if unit_type == "organization" and not getattr(e, "part_of", None):
                label = getattr(e, "label", None) or {}
                return label.get("fi") or label.get("en") or next(iter(label.values()), e.id)
    return None


@dataclass
class Publication:
    """What one publish puts on the server (also the ``--dry-run`` plan)."""

    graph: str
    version: str
    base: str
    organization: str | None
    commit: str | None
    counts: dict[str, int]
    issued: str = field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0).isoformat())
    triples: int = 0

    @property
    def entities(self) -> int:
        return sum(self.counts.values())


def _lit(value: str, datatype: str | None = None) -> str:
    return _nt(("lit", value, datatype, None))


def catalogue_update(pub: Publication) -> str:
    """SPARQL Update that replaces the catalogue entry of ``pub.graph`` (IRIs only: no blank nodes)."""
    g = f"<{pub.graph}>"
    sep = "-" if "#" in pub.graph else "#"
    lines = [f"{g} a <{VOID}Dataset> ;",
             f"  <{OWL_VERSION}> {_lit(pub.version)} ;",
             f"  <{DCTERMS}issued> {_lit(pub.issued, XSD + 'dateTime')} ;",
             f"  <{VOID}uriSpace> {_lit(pub.base)} ;",
             f"  <{VOID}triples> {_lit(str(pub.triples), XSD + 'integer')} ;",
             f"  <{VOID}entities> {_lit(str(pub.entities), XSD + 'integer')} ;"]
    if pub.organization:
        lines.append(f"  <{DCTERMS}publisher> {_lit(pub.organization)} ;")
    if pub.commit:
        lines.append(f"  <{SG_NS}sourceCommit> {_lit(pub.commit)} ;")
    parts = [f"<{pub.graph}{sep}{kind}>" for kind, n in pub.counts.items() if n]
    lines.append(f"  <{VOID}classPartition> " + (", ".join(parts) if parts else f"<{pub.graph}{sep}none>") + " .")
    for kind, n in pub.counts.items():
        if n:
            lines.append(f"<{pub.graph}{sep}{kind}> <{VOID}class> <{SG_NS}{kind}> ; "
                         f"<{VOID}entities> {_lit(str(n), XSD + 'integer')} .")
    cat = f"<{CATALOGUE_GRAPH}>"
    return (f"DELETE WHERE {{ GRAPH {cat} {{ {g} <{VOID}classPartition> ?c . ?c ?cp ?co }} }} ;\n"
            f"DELETE WHERE {{ GRAPH {cat} {{ {g} ?p ?o }} }} ;\n"
            f"INSERT DATA {{ GRAPH {cat} {{\n" + "\n".join(lines) + "\n} }")


def publish(client: Client, model: Model, pub: Publication, progress: Callable[[int], None] = lambda n: None,
            batch_triples: int = BATCH_TRIPLES) -> Publication:
    """Upload ``model`` into ``pub.graph`` atomically (see the module docstring); returns ``pub`` with counts."""
    stamp = uuid.uuid4().hex
    tmp_model, tmp_onto = f"{TEMP_PREFIX}{stamp}:model", f"{TEMP_PREFIX}{stamp}:ontology"
    what = f"publish to {_display(client.endpoints.url)}"
    try:
        triples = 0
        for n_entities, chunk in entity_batches(model, pub.base, batch_triples):
            client.upload(tmp_model, chunk, what)
            triples += chunk.count(b"\n")
            progress(n_entities)
        client.upload(tmp_onto, ontology_ntriples(), what)
        # the triples the store holds (a repeated link is one triple there, though two lines were sent)
        rows = client.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{tmp_model}> {{ ?s ?p ?o }} }}", what)
        pub.triples = int(float(rows[0]["n"])) if rows else triples
        # one request: both graphs replaced and the catalogue rewritten together (the temporary graphs are kept
        # until the result is checked, so that a publish overlapping this one can be repaired without re-upload)
        replace = (f"COPY <{tmp_model}> TO <{pub.graph}> ;\nCOPY <{tmp_onto}> TO <{ONTOLOGY_GRAPH}> ;\n"
                   + catalogue_update(pub))
        client.update(replace, what)
    except RemoteError as exc:
        _drop_quietly(client, (tmp_model, tmp_onto))
        raise RemoteError(f"{exc}; nothing was replaced: the previous version of <{pub.graph}> is intact") from None
    try:
        _settle(client, pub, replace, what)
    finally:
        _drop_quietly(client, (tmp_model, tmp_onto))
    return pub


#: how often a publish that overlapped another publish of the same graph is repaired before giving up
SETTLE_ATTEMPTS = 6


def _settle(client: Client, pub: Publication, replace: str, what: str) -> None:
    """Check that ``pub.graph`` holds one complete version after the replacing update, and repair it if not.

    Two publishes of the same graph at the same moment can overlap on a store with snapshot isolation
    (Oxigraph): each replacement deletes the version it saw, so the graph ends up with the triples of both
    and the catalogue with two entries. The graph is consistent when the catalogue lists exactly one version
    of it and the graph holds as many triples as that entry records. Otherwise this publish replaces the
    graph again, after a random pause, so that the two publishes no longer meet: one complete version remains
    (the one replaced last). A consistent graph with another publisher's version means that publish came
    later and won."""
    import random

    for attempt in range(SETTLE_ATTEMPTS):
        rows = client.select(
            f"SELECT ?v ?i ?t (COUNT(?s) AS ?n) WHERE {{ {{ GRAPH <{CATALOGUE_GRAPH}> {{ <{pub.graph}> "
            f"<{OWL_VERSION}> ?v ; <{DCTERMS}issued> ?i ; <{VOID}triples> ?t }} }} "
            f"OPTIONAL {{ GRAPH <{pub.graph}> {{ ?s ?p ?o }} }} }} GROUP BY ?v ?i ?t", f"check the publication on {_display(client.endpoints.url)}")
        if len(rows) == 1 and int(float(rows[0]["n"])) == int(float(rows[0]["t"])):
            return  # one version, complete (this publish's, or a later one's)
        time.sleep(random.uniform(0.05, 0.4) * (attempt + 1))  # noqa: S311 - a pause, not a secret
        client.update(replace, what)
    raise RemoteError(f"<{pub.graph}> was being published by someone else at the same time and did not settle "
                      f"after {SETTLE_ATTEMPTS} attempts; publish again")


def _drop_quietly(client: Client, graphs: Iterable[str]) -> None:
    """Best effort: remove temporary graphs after a failure (the server may be gone)."""
    saved = client.retries
    client.retries = 0
    try:
        client.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs), "cleanup")
    except RemoteError:
        pass
    finally:
        client.retries = saved


# ------------------------------------------------------------------ reading
@dataclass(frozen=True)
class CatalogueEntry:
    graph: str
    version: str
    issued: str
    base: str
    organization: str | None
    commit: str | None
    entities: int


def catalogue(client: Client) -> list[CatalogueEntry]:
    """Every published graph listed in the catalogue, newest first."""
    rows = client.select(
        f"SELECT ?g ?version ?issued ?base ?org ?commit ?n WHERE {{ GRAPH <{CATALOGUE_GRAPH}> {{ "
        f"?g a <{VOID}Dataset> ; <{OWL_VERSION}> ?version ; <{DCTERMS}issued> ?issued ; "
        f"<{VOID}uriSpace> ?base ; <{VOID}entities> ?n . "
        f"OPTIONAL {{ ?g <{DCTERMS}publisher> ?org }} OPTIONAL {{ ?g <{SG_NS}sourceCommit> ?commit }} }} }}",
        f"read the catalogue from {_display(client.endpoints.url)}")
    entries = [CatalogueEntry(r["g"], r["version"], r["issued"], r["base"], r.get("org"), r.get("commit"),
                              int(float(r["n"]))) for r in rows]
    return sorted(entries, key=lambda e: (e.issued, e.graph), reverse=True)


def choose_graph(client: Client, graph: str | None, base: str | None) -> CatalogueEntry:
    """The catalogue entry of ``graph``, or the newest one (with ``base``, the newest of that base)."""
    entries = catalogue(client)
    where = _display(client.endpoints.url)
    if graph:
        for e in entries:
            if e.graph == graph:
                return e
        raise RemoteError(f"--graph <{graph}> is not in the catalogue of {where}"
                          + (f"; published graphs: {', '.join('<' + e.graph + '>' for e in entries[:5])}"
                             if entries else "; nothing is published there yet"))
    candidates = [e for e in entries if base is None or e.base == base]
    if not candidates:
        raise RemoteError(f"nothing is published on {where}" + (f" with base {base}" if base else "")
                          + "; run 'strategygraph publish' first")
    return candidates[0]


def read_model(client: Client, entry: CatalogueEntry, base: str | None = None) -> Model:
    """The model in ``entry.graph``, mapped back with the RDF → model direction of the mapping."""
    from strategygraph.rdf.mapping import from_ntriples

    data = client.construct(entry.graph, f"read <{entry.graph}> from {_display(client.endpoints.url)}")
    try:
        return from_ntriples(data, base or entry.base)
    except ValueError as exc:
        raise RemoteError(f"<{entry.graph}> on {_display(client.endpoints.url)} does not hold a valid "
                          f"strategygraph model: {exc}") from None


def all_graphs_store(client: Client) -> Any:
    """A local pyoxigraph store with every published graph (each in its own named graph), the
    catalogue graph and the ontology graph, for queries across all published models."""
    import pyoxigraph as ox

    store = ox.Store()
    where = _display(client.endpoints.url)
    entries = catalogue(client)
    if not entries:
        raise RemoteError(f"nothing is published on {where}; run 'strategygraph publish' first")
    for name in [e.graph for e in entries] + [CATALOGUE_GRAPH, ONTOLOGY_GRAPH]:
        data = client.construct(name, f"read <{name}> from {where}")
        store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))
    return store


def kinds_of(model: Model) -> dict[str, int]:
    counts = model.counts()
    return {k: counts.get(k, 0) for k in KINDS}


__all__ = ["Client", "Endpoints", "RemoteError", "Publication", "CatalogueEntry", "resolve_endpoints",
           "find_credentials", "publish", "catalogue", "choose_graph", "read_model", "entity_batches",
           "ONTOLOGY_GRAPH", "CATALOGUE_GRAPH"]
