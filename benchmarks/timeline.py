#!/usr/bin/env python3
"""Benchmark the time commands (diff, scenario, progress) against check on the same synthetic model.

Run from the repository root::

    python3 benchmarks/timeline.py                    # 10k entities, 3 runs each
    python3 benchmarks/timeline.py --entities 100000 --runs 1

Every command runs as the user runs it: a fresh ``python -m strategygraph`` process; the ratios use its
CPU time (user + system; wall-clock time is printed too, but on a shared machine it mostly measures
the other processes), the median of ``--runs`` runs. Targets (issue 13): diff and scenario at most 3x check, progress at most
1x check. ``diff`` is timed twice: against a next version of the same model (a copy with every 50th
action relabelled and every 10th project's end moved a year) and against an unrelated model of the
same size (another seed: everything differs, the worst case for rename detection). Nothing here is
asserted by the test suite.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of one fresh process."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "strategygraph", *args], env=env, capture_output=True)
    took = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}): {proc.stderr.decode()[-2000:]}")
    return took, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def next_version(src: Path, dst: Path) -> None:
    """A plausible next version: every 50th action relabelled, every 10th project's end a year later."""
    import re
    import shutil

    shutil.copytree(src, dst)
    k = 0
    for actions in sorted(dst.glob("10-actions*.yaml")):  # a large model's kinds are split over files
        lines = actions.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            if line.startswith("    label: {fi: \""):
                k += 1
                if k % 50 == 0:
                    lines[i] = line.replace('{fi: "', '{fi: "Uudistettu ', 1)
        actions.write_text("\n".join(lines) + "\n", encoding="utf-8")
    k = 0

    def later(m: re.Match[str]) -> str:
        nonlocal k
        k += 1
        return f'end: "{int(m.group(1)) + 1}' if k % 10 == 0 else m.group(0)

    for projects in sorted(dst.glob("11-projects*.yaml")):
        projects.write_text(re.sub(r'end: "(\d{4})', later, projects.read_text(encoding="utf-8")), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--entities", type=int, default=10000, help="model size (default 10000)")
    ap.add_argument("--runs", type=int, default=3, help="runs per command; the median is reported (default 3)")
    opts = ap.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    with tempfile.TemporaryDirectory(prefix="sg-timeline-bench-") as tmp:
        a, nxt, other = Path(tmp) / "a", Path(tmp) / "a-next", Path(tmp) / "b"
        n = str(opts.entities)
        run(["synth", "-n", n, "-o", str(a)], env)
        run(["synth", "-n", n, "-o", str(other), "--seed", "1"], env)
        next_version(a, nxt)
        projects = [line.split("id:", 1)[1].strip() for line in
                    sorted(a.glob("11-projects*.yaml"))[0].read_text(encoding="utf-8").splitlines() if "- id:" in line][:3]
        commands = {
            "check": ["check", str(a), "-f", "json"],
            "progress": ["progress", str(a), "-f", "json"],
            "scenario (stop + merge)": ["scenario", str(a), "--stop", projects[0], "--merge",
                                        f"{projects[1]}:{projects[2]}", "-f", "json"],
            "diff (next version)": ["diff", str(a), str(nxt), "-f", "json"],
            "diff (unrelated model)": ["diff", str(a), str(other), "-f", "json"],
        }
        times: dict[str, float] = {}
        for name, args in commands.items():
            samples = [run(args, env) for _ in range(opts.runs)]
            times[name] = statistics.median(c for _, c in samples)
            walls = statistics.median(w for w, _ in samples)
            print(f"{name:<26} CPU {times[name]:7.2f} s  wall {walls:7.2f} s  ({opts.runs} run(s), median)",
                  flush=True)
    base = times["check"]
    targets = {"progress": 1.0, "scenario (stop + merge)": 3.0, "diff (next version)": 3.0,
               "diff (unrelated model)": 3.0}
    print(f"\n{opts.entities} entities, CPU-time ratio to check ({base:.2f} s):")
    for name, limit in targets.items():
        ratio = times[name] / base
        print(f"  {name:<26} {ratio:5.2f}x  target <= {limit:g}x  {'PASS' if ratio <= limit else 'FAIL'}")


if __name__ == "__main__":
    main()
