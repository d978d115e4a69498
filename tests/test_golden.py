"""Golden outputs of the real model: `check` and `validate` as JSON.

These pin the analyzer's behaviour across refactors: a change of structure must leave them byte-for-byte
equal. When a change of behaviour is intended (a rule is fixed), regenerate them with
``strategygraph check model --format json -o tests/golden/check-model.json`` (and likewise ``validate``)
and review the diff as part of the change.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strategygraph.cli import app

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("command, golden, codes", [
    (["check", str(ROOT / "model"), "--format", "json"], "check-model.json", (0, 1)),
    (["validate", str(ROOT / "model"), "--format", "json"], "validate-model.json", (0,)),
])
def test_real_model_output_is_unchanged(command: list[str], golden: str, codes: tuple[int, ...]) -> None:
    result = CliRunner().invoke(app, command)
    assert result.exit_code in codes, result.output
    expected = json.loads((GOLDEN / golden).read_text(encoding="utf-8"))
    assert json.loads(result.stdout) == expected


# A synthetic model (fixed size and seed, planted problems) exercises every rule on far more entities
# than model/ does; its full findings list (`check --all`) pins the analyzer across speed work.
# Regenerate on an intended change of findings (or of the generator) with
# ``python -m tests.test_golden`` and review the diff.
SYNTH_SIZE, SYNTH_SEED = 1500, 7
SYNTH_GOLDEN = GOLDEN / f"check-all-synth-{SYNTH_SIZE}-seed{SYNTH_SEED}.json"


def synth_check_output(workdir: Path) -> str:
    """`check --all --format json` on the synthetic model written under ``workdir``, its path shown as <model>."""
    from strategygraph.core.synth import generate

    model = workdir / "model"
    model.mkdir(parents=True)
    files, _ = generate(SYNTH_SIZE, seed=SYNTH_SEED)
    for name, text in files.items():
        (model / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(model), "--all", "--format", "json"])
    assert result.exit_code == 1, result.output  # planted problems are errors
    return result.stdout.replace(json.dumps(str(model))[1:-1], "<model>")


def test_synthetic_model_findings_are_unchanged(tmp_path: Path) -> None:
    out = synth_check_output(tmp_path)
    assert "<model>/11-projects.yaml" in out
    assert out == SYNTH_GOLDEN.read_text(encoding="utf-8")


if __name__ == "__main__":  # regenerate the synthetic golden file
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        SYNTH_GOLDEN.write_text(synth_check_output(Path(tmp)), encoding="utf-8")
    print(f"wrote {SYNTH_GOLDEN}")
