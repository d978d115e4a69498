"""No personal names, phone numbers or e-mail addresses anywhere in the repository.

Owners are units or posts. The source documents name persons (e.g. as *Vastuuhenkilö*); the
test derives those full names from the sources at test time (first name from a list of common
Finnish first names + the capitalized word after it), so the repository never has to hold them.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
PHONE = re.compile(r"(\+358[ -]?\d{1,3}[ -]?\d{3}[ -]?\d{3,4})|(\b0\d{1,2}[ -]\d{3}[ -]?\d{3,4}\b)")
#: common Finnish first names (a first name alone identifies nobody)
FIRST_NAMES = set("""
Aino Aila Anja Anna Anne Anneli Anni Anniina Annukka Ari Arja Arto Asko Auli Eero Eeva Eija Eila Eino
Elina Elisa Emilia Erja Erkki Esa Hanna Hannu Harri Heidi Heikki Heli Helena Helmi Henna Henri Irma
Jaana Jani Janne Jari Jarmo Jenni Johanna Jouko Jouni Juha Juho Jukka Jussi Jyrki Kaija Kaisa Kari
Karoliina Katja Kati Katri Kimmo Kirsi Kirsti Kristiina Laura Leena Liisa Lotta Maarit Maija Marika
Marja Marjo Marjut Marko Markku Matti Merja Merita Mika Mikko Minna Mirja Nina Niina Olli Outi Paula
Pasi Pauli Pekka Petri Petteri Pia Pirjo Päivi Raila Raija Reetta Riikka Riitta Rita Ritva Sami
Sanna Sari Satu Seppo Sini Sirpa Sinikka Suvi Taija Tanja Tapio Taru Teemu Terhi Tero Timo Tiina
Toni Tuija Tuomas Tuula Ulla Vesa Ville
""".split())
# a lookahead, so that overlapping pairs ("Vastuuhenkilö Hanna X") are all seen
NAME_PAIR = re.compile(r"(?=\b([A-ZÄÖ][a-zäö]+) ([A-ZÄÖ][a-zäö]+(?:-[A-ZÄÖ][a-zäö]+)?)\b)")


def repo_files() -> list[Path]:
    out = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.split("\n")
    files = [ROOT / f for f in out if f]
    return [f for f in files if f.is_file() and f.suffix not in {".png", ".xlsx", ".pdf"}
            and "__pycache__" not in f.parts and f.name != Path(__file__).name]


def repo_texts() -> list[tuple[Path, str]]:
    out = []
    for f in repo_files():
        try:
            out.append((f, f.read_text(encoding="utf-8")))
        except UnicodeDecodeError:
            continue
    return out


def persons_in_sources() -> set[str]:
    names: set[str] = set()
    for f in sorted(SEEDS.glob("*.txt")):
        for first, last in NAME_PAIR.findall(f.read_text(encoding="utf-8")):
            if first in FIRST_NAMES and last not in {"Häme", "Hämeen"}:
                names.add(f"{first} {last}")
    return names


def test_no_email_or_phone_numbers():
    hits = []
    for f, text in repo_texts():
        for m in EMAIL.finditer(text):
            if not m.group(0).endswith((".invalid", "example.org", "example.com")):
                hits.append(f"{f.relative_to(ROOT)}: e-mail {m.group(0)}")
        for m in PHONE.finditer(text):
            hits.append(f"{f.relative_to(ROOT)}: phone-like {m.group(0)}")
    assert not hits, "\n".join(hits)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source documents (../shared/seeds) are not beside the repo")
def test_no_person_named_in_the_sources_appears_in_the_repository():
    persons = persons_in_sources()
    assert len(persons) > 10, "the name extraction found too few names: the test would prove nothing"
    hits = []
    for f, text in repo_texts():
        for p in persons:
            if p in text:
                hits.append(f"{f.relative_to(ROOT)}: a person's name from the sources")
    assert not hits, "\n".join(sorted(set(hits)))


def test_detectors_bite():
    assert EMAIL.search("yhteys: etunimi.sukunimi@" + "omahame.fi")  # built at run time, like the phone
    fake = " ".join(["040", "000", "0000"])  # built at run time: no phone-number-shaped literal in the repo
    assert PHONE.search("puh. " + fake) and PHONE.search("+358 " + fake[1:])
    assert ("Hanna", "Esimerkki") in NAME_PAIR.findall("Vastuuhenkilö Hanna Esimerkki")
