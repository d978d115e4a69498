"""What the loader reads, and the limits it keeps: model discovery and input hygiene.

Which files are read (documented in the README, "Model files"):

- every file below the model directory whose name ends in ``.yaml`` or ``.yml``, in any letter case
  (``goals.YAML`` is read), in sorted order;
- sub-folders are entered, also when they are symbolic links; a symbolic link that points back to a
  folder already entered is skipped with a warning (a loop);
- names starting with ``.`` (hidden files and folders: ``.git``, editor swap files, ...) are not read;
- documentation and configuration beside the model (``*.md``, ``*.txt``, ``*.rst``, ``*.toml``,
  ``*.rq``/``*.sparql``) are not read and not reported; any other file is skipped with a warning naming it;
- a folder or file that cannot be read, and a symbolic link whose target does not exist, are errors.

Limits (each exceeded one is an error naming file, line and field):

- a YAML file may be at most :data:`MAX_FILE_BYTES` bytes;
- a text value at most :data:`MAX_TEXT_CHARS` characters;
- YAML aliases (``*name``) may repeat at most :data:`MAX_ALIAS_NODES` nodes in all, and may not refer
  to themselves (this bounds the "billion laughs" expansion);
- data may nest at most :data:`MAX_DEPTH` levels;
- text may not hold control characters (other than tab and newline) or Unicode direction overrides,
  which would reach terminals, HTML, SVG and spreadsheets as hidden or corrupting characters;
- numbers must be finite (``.nan`` and ``.inf`` are refused), and an id must be written as text
  (``id: 1.10`` would be read as the number 1.1: write ``id: "1.10"``).
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_TEXT_CHARS = 16_384
MAX_ALIAS_NODES = 100_000
MAX_DEPTH = 64

YAML_SUFFIXES = (".yaml", ".yml")
#: read by nobody as model data and never reported (documentation, configuration, saved queries)
QUIET_SUFFIXES = (".md", ".txt", ".rst", ".toml", ".rq", ".sparql")

#: C0 controls except tab, newline and carriage return; DEL; C1 controls; line/paragraph separators;
#: bidirectional embeddings, overrides and isolates ("Trojan source" characters)
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be a text of the model, or None.

    >>> text_problem("Hyvinvointi")
    >>> text_problem("a\\x1b[31m")
    'control character U+001B at character 2 (not allowed in text)'
    """
    m = _BAD_CHARS.search(value)
    if m is not None:
        return f"control character U+{ord(m.group()):04X} at character {m.start() + 1} (not allowed in text)"
    if len(value) > MAX_TEXT_CHARS:
        return f"text of {len(value):,} characters is longer than the limit of {MAX_TEXT_CHARS:,}"
    return None


def number_problem(value: Any) -> str | None:
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value!r} is not a finite number (.nan and .inf are not allowed)"
    return None


@dataclass
class Discovery:
    """The result of looking for model files."""

    files: list[Path] = field(default_factory=list)
    #: (path, why) of files and folders not read, each worth a warning
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    #: (path, why) of files and folders that had to be read but could not: errors
    errors: list[tuple[Path, str]] = field(default_factory=list)


def is_model_file(path: Path) -> bool:
    return path.name.lower().endswith(YAML_SUFFIXES) and not path.name.startswith(".")


def discover(root: Path) -> Discovery:
    """The model files below ``root`` (recursively, following symbolic links), sorted; see the module doc."""
    out = Discovery()
    seen_dirs: set[tuple[int, int]] = set()
    seen_files: set[tuple[int, int]] = set()

    def first_visit(path: Path, seen: set[tuple[int, int]], cannot: str, again: str) -> bool:
        """True the first time ``path`` (a folder or file, by device and inode) is met; else record why not."""
        try:
            st = path.stat()
        except OSError as exc:
            out.errors.append((path, f"{cannot}: {exc.strerror}"))
            return False
        key = (st.st_dev, st.st_ino)
        if key in seen:
            out.skipped.append((path, again))
            return False
        seen.add(key)
        return True

    def walk(folder: Path) -> None:
        if not first_visit(folder, seen_dirs, "cannot enter folder",
                           "folder already read through another path (a symbolic link loop?)"):
            return
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            out.errors.append((folder, f"cannot read folder: {exc.strerror}"))
            return
        for entry in entries:
            path = Path(entry.path)
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
                is_file = entry.is_file(follow_symlinks=True)
            except OSError as exc:
                out.errors.append((path, f"cannot read: {exc.strerror}"))
                continue
            if entry.is_symlink() and not os.path.exists(entry.path):
                if is_model_file(path) or not path.suffix:
                    out.errors.append((path, f"broken symbolic link (its target {os.readlink(entry.path)} "
                                             "does not exist)"))
                else:
                    out.skipped.append((path, "broken symbolic link"))
                continue
            if is_dir:
                walk(path)
            elif is_file and is_model_file(path):
                if first_visit(path, seen_files, "cannot read file",
                               "the same file was already read through another path"):
                    out.files.append(path)
            elif not entry.name.lower().endswith(QUIET_SUFFIXES):
                why = "not a regular file" if not is_file else "not a model file (*.yaml or *.yml)"
                out.skipped.append((path, why))

    walk(root)
    out.files.sort()
    return out
