"""Speed of the ArchiMate and workbook export and import against ``validate`` on the same model.

The target (issue 15): export and import of a 10k-entity model each take at most 2x ``validate``.
Every command runs as a user runs it (a fresh ``python -m strategygraph`` process); each run of a
command is paired with a run of ``validate`` right before it, and the ratio is taken per pair (the
machine is shared, so its speed drifts: pairs keep the ratio honest). Times are CPU seconds (user +
system, from ``os.wait4``) and wall seconds; the ratios use CPU time, the medians of the pairs.

    python3 benchmarks/interop.py                       # 10k entities, 3 pairs per command
    python3 benchmarks/interop.py --entities 2000 --runs 5 --json /tmp/interop.json
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return env


def run(args: list[str], cwd: Path) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of ``strategygraph ARGS`` in a fresh process; fails on a non-zero exit."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "strategygraph", *args], cwd=cwd, env=_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"strategygraph {' '.join(args)} failed ({proc.returncode}): {err.decode()[-500:]}")
    return usage.ru_utime + usage.ru_stime, wall


def measure(n: int, runs: int, seed: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="sg-interop-") as tmp:
        work = Path(tmp)
        run(["synth", "--entities", str(n), "--seed", str(seed), "--output", "model"], work)
        (work / "model" / "planted.json").unlink(missing_ok=True)  # not a model file: keep the output quiet
        commands: dict[str, tuple[list[str], str | None]] = {
            "export archimate": (["export", "model", "--format", "archimate", "-o", "s.xml"], None),
            "export xlsx": (["export", "model", "--format", "xlsx", "-o", "s.xlsx"], None),
            "import archimate": (["import", "archimate", "s.xml", "-o", "back-xml"], "back-xml"),
            "import xlsx": (["import", "xlsx", "s.xlsx", "-o", "back-xlsx"], "back-xlsx"),
        }
        result: dict[str, Any] = {"entities": n, "seed": seed, "runs": runs, "commands": {}}
        for name, (args, out) in commands.items():
            pairs = []
            for _ in range(runs):
                if out:
                    shutil.rmtree(work / out, ignore_errors=True)
                v = run(["validate", "model"], work)
                c = run(args, work)
                pairs.append({"validate_cpu": v[0], "validate_wall": v[1], "cpu": c[0], "wall": c[1],
                              "ratio": c[0] / v[0]})
                print(f"{name:18s} {c[0]:6.2f} s CPU ({c[1]:6.2f} s wall) / validate {v[0]:5.2f} s = "
                      f"{c[0] / v[0]:.2f}x", file=sys.stderr)
            result["commands"][name] = {
                "cpu": statistics.median(p["cpu"] for p in pairs),
                "wall": statistics.median(p["wall"] for p in pairs),
                "validate_cpu": statistics.median(p["validate_cpu"] for p in pairs),
                "ratio": statistics.median(p["ratio"] for p in pairs),
                "pairs": pairs,
            }
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--entities", type=int, default=10_000, help="size of the synthetic model (default 10000)")
    ap.add_argument("--runs", type=int, default=3, help="pairs (validate, command) per command (default 3)")
    ap.add_argument("--seed", type=int, default=0, help="seed of the synthetic model (default 0)")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    a = ap.parse_args(argv)
    res = measure(a.entities, a.runs, a.seed)
    print(f"{a.entities:,} entities, median of {a.runs} pairs (CPU seconds, user + system)")
    print(f"{'command':18s} {'CPU':>7s} {'wall':>7s} {'validate':>9s} {'ratio':>6s}  target <= 2x")
    ok = True
    for name, r in res["commands"].items():
        passed = r["ratio"] <= 2.0
        ok &= passed
        print(f"{name:18s} {r['cpu']:7.2f} {r['wall']:7.2f} {r['validate_cpu']:9.2f} {r['ratio']:5.2f}x  "
              f"{'PASS' if passed else 'FAIL'}")
    if a.json:
        a.json.write_text(json.dumps(res, indent=2), encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
