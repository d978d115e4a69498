"""Real SPARQL servers for the shared-store tests: Oxigraph server and Virtuoso Open Source 7.

Each server runs on 127.0.0.1 on a free port with its data in a temporary folder, and is stopped
by the fixture that started it. Where an engine is not installed the tests skip with the reason,
except under CI (``CI=true``), where a missing engine fails: ``.ci/run`` installs both.
"""

from __future__ import annotations

import http.server
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

START_TIMEOUT = 90.0  # seconds a server may take to answer after start (bounded wait)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def unavailable(engine: str, reason: str) -> None:
    """Skip (locally) or fail (in CI) when an engine cannot be run."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{engine} is required in CI but {reason} (.ci/run installs it)")
    pytest.skip(f"{engine} not available here: {reason}")


def _wait_http(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:  # noqa: S310 - loopback only
                if r.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.25)
    raise RuntimeError(f"server did not answer {url} within {START_TIMEOUT:g} s")


class Server:
    """A server process with start/kill/restart on the same data folder."""

    name = "server"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = folder / "server.log"

    @property
    def endpoint(self) -> str:
        raise NotImplementedError

    def command(self) -> list[str]:
        raise NotImplementedError

    def ready_url(self) -> str:
        raise NotImplementedError

    def after_start(self) -> None:
        """Server-specific setup once it answers."""

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT, cwd=self.folder,
                                         start_new_session=True)
        _wait_http(self.ready_url(), self.proc, self.log)
        self.after_start()

    def kill(self) -> None:
        """Kill the process at once (SIGKILL), as a crash would."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def restart(self) -> None:
        self.kill()
        self.start()


class Oxigraph(Server):
    name = "oxigraph"

    @staticmethod
    def binary() -> str | None:
        here = Path(sys.executable).parent / "oxigraph"
        return str(here) if here.exists() else shutil.which("oxigraph")

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        binary = self.binary()
        assert binary
        return [binary, "serve", "--location", str(self.folder / "data"), "--bind", f"127.0.0.1:{self.port}"]

    def ready_url(self) -> str:
        return f"{self.endpoint}/query?query=ASK%7B%7D"


VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = .
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
MaxQueryMem = 500M
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}/vsp
MaxClientConnections = 6
ServerThreads = 6
Charset = UTF-8
EnabledGzipContent = 0
[SPARQL]
ResultSetMaxRows = 10000000
MaxSortedTopRows = 10000000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime = 600
"""


class Virtuoso(Server):
    name = "virtuoso"

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.sql_port = free_port()
        (folder / "vsp").mkdir(exist_ok=True)
        (folder / "virtuoso.ini").write_text(
            VIRTUOSO_INI.format(d=folder, sql=self.sql_port, http=self.port), encoding="utf-8")
        self._granted = False

    @staticmethod
    def binaries() -> tuple[str, str] | None:
        server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
        return (server, isql) if server and isql else None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"

    def command(self) -> list[str]:
        bins = self.binaries()
        assert bins
        return [bins[0], "-c", str(self.folder / "virtuoso.ini"), "+foreground"]

    def ready_url(self) -> str:
        return f"{self.endpoint}?query=ASK%7B%7D"

    def after_start(self) -> None:
        if self._granted:  # kept in the database across restarts
            return
        bins = self.binaries()
        assert bins
        # the anonymous SPARQL user of this throw-away, loopback-only instance may write
        sql = ('GRANT SPARQL_UPDATE TO "SPARQL"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET (\'nobody\', 7); '
               "checkpoint;")
        res = subprocess.run([bins[1], f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={sql}"],
                             capture_output=True, text=True, timeout=120, check=False)
        if res.returncode != 0:
            raise RuntimeError(f"isql-vt failed: {res.stdout}{res.stderr}")
        self._granted = True


def start_engine(name: str, folder: Path) -> Server:
    if name == "oxigraph":
        if not Oxigraph.binary():
            unavailable("Oxigraph server", "the 'oxigraph' command is missing (pip install oxigraph)")
        server: Server = Oxigraph(folder)
    else:
        if not Virtuoso.binaries():
            unavailable("Virtuoso", "virtuoso-t/isql-vt are missing (apt-get install virtuoso-opensource-7)")
        server = Virtuoso(folder)
    try:
        server.start()
    except RuntimeError as exc:
        server.stop()
        unavailable(name, f"it did not start: {exc}")
    return server


# ------------------------------------------------------------------ an HTTP front for fault and auth tests
class Front:
    """A loopback HTTP server in a thread: answers with ``handler(method, path, headers, body)``.

    ``handler`` returns ``(status, headers, body)``; ``forward`` relays a request to a real server.
    """

    def __init__(self, handler: Callable[..., tuple[int, dict[str, str], bytes]]) -> None:
        front = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                front.requests.append((self.command, self.path, dict(self.headers)))
                status, headers, out = handler(self.command, self.path, dict(self.headers), body)
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            do_GET = do_POST = do_PUT = do_DELETE = _any

            def log_message(self, *args: object) -> None:
                pass

        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def forward(target: str, method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
    """Relay one request to ``target`` (a loopback server root) and return its answer."""
    keep = {k: v for k, v in headers.items() if k.lower() in ("content-type", "accept")}
    req = urllib.request.Request(target + path, data=body if method != "GET" else None, headers=keep,
                                 method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:  # noqa: S310 - loopback only
            return r.status, {"Content-Type": r.headers.get("Content-Type", "")}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {"Content-Type": e.headers.get("Content-Type", "")}, e.read()
