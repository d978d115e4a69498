#!/usr/bin/env python3
"""Benchmark the shared store: publish a synthetic model to a local Oxigraph server, then
``check --endpoint`` against ``check`` on the local folder (target: at most 2× at 10k entities).

Run from the repository root (needs the ``oxigraph`` command: ``pip install oxigraph``)::

    python3 benchmarks/store.py --entities 10000

The server runs on 127.0.0.1 on a free port with a temporary data folder and is stopped at the end.
Each figure is the wall time of a fresh process and its own peak memory (os.wait4), as in run.py.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import cli_command, oxigraph_binary, oxigraph_server, run_measured  # noqa: E402 - the sibling script

MIB = 1024 ** 2


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--entities", type=int, default=10000, help="size of the synthetic model (default 10000)")
    ap.add_argument("--runs", type=int, default=3, help="runs of each check (median; default 3)")
    ap.add_argument("--timeout", type=float, default=1800.0, help="cap per command, seconds (default 1800)")
    args = ap.parse_args(argv)
    binary = oxigraph_binary()
    if binary is None:
        ap.error("the 'oxigraph' command is missing: pip install oxigraph")
    cli = cli_command()
    with tempfile.TemporaryDirectory(prefix="sg-store-bench-") as tmp:
        model = Path(tmp) / "model"
        res = run_measured(cli + ["synth", "--entities", str(args.entities), "-o", str(model)], args.timeout)
        if res["rc"] != 0:
            print(res["stderr"], file=sys.stderr)
            return 1
        with oxigraph_server(binary, Path(tmp) / "data") as url:
            pub = run_measured(cli + ["publish", str(model), "--endpoint", url, "--version", "bench"], args.timeout)
            if pub["rc"] != 0:
                print(pub["stderr"], file=sys.stderr)
                return 1
            local, remote = [], []
            for _ in range(args.runs):  # interleaved, so that load on the machine hits both alike
                local.append(run_measured(cli + ["check", str(model), "-f", "json"], args.timeout))
                remote.append(run_measured(cli + ["check", "--endpoint", url, "-f", "json"], args.timeout))
    lt = statistics.median(r["seconds"] for r in local)
    rt = statistics.median(r["seconds"] for r in remote)
    print(f"publish {args.entities:,} entities to Oxigraph: {pub['seconds']:.1f} s, "
          f"client peak {pub['peak_bytes'] / MIB:.0f} MiB")
    print(f"check, local folder:   {lt:.1f} s (median of {args.runs}), peak "
          f"{max(r['peak_bytes'] for r in local) / MIB:.0f} MiB")
    print(f"check --endpoint:      {rt:.1f} s (median of {args.runs}), peak "
          f"{max(r['peak_bytes'] for r in remote) / MIB:.0f} MiB")
    ratio = rt / lt
    print(f"ratio {ratio:.2f} (target ≤ 2.00): {'PASS' if ratio <= 2 else 'FAIL'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
