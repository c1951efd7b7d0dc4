"""The Swedish catalogue is complete: every string in the code has a Swedish translation."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import fyr

PACKAGE = Path(fyr.__file__).parent
PO = PACKAGE / "locale" / "sv" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

needs_gettext = pytest.mark.skipif(
    shutil.which("msgfmt") is None or shutil.which("xgettext") is None,
    reason="GNU gettext is not installed (apt-get install gettext)",
)


def _entries(po_text: str) -> dict[str, str]:
    """msgid → msgstr (singular forms; plural entries keyed by their msgid) of a .po file."""
    entries: dict[str, str] = {}
    current: dict[str, list[str]] = {}
    key = ""
    for line in [*po_text.splitlines(), ""]:
        if not line.strip():
            if "msgid" in current and current["msgid"] != [""]:
                msgstr = current.get("msgstr") or current.get("msgstr[0]") or []
                entries["".join(current["msgid"])] = "".join(msgstr)
            current, key = {}, ""
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current.setdefault(key, []).append(line[1:-1])
        else:
            key, _, rest = line.partition(" ")
            current[key] = [rest.strip()[1:-1]]
    return entries


def test_every_swedish_entry_is_translated_and_not_fuzzy():
    text = PO.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text.split("msgid", 2)[-1], "fuzzy entries in django.po"
    missing = [msgid for msgid, msgstr in _entries(text).items() if not msgstr]
    assert missing == []


@needs_gettext
def test_catalogue_covers_every_string_in_the_code(tmp_path):
    copy = tmp_path / "fyr"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "static"))
    (copy / "locale" / "sv" / "LC_MESSAGES" / "django.po").unlink()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "sv",
            "--no-location",
            "--no-obsolete",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    fresh = _entries((copy / "locale" / "sv" / "LC_MESSAGES" / "django.po").read_text("utf-8"))
    committed = _entries(PO.read_text(encoding="utf-8"))
    assert sorted(set(fresh) - set(committed)) == [], "run `make messages` and translate"


@needs_gettext
def test_compiled_catalogue_is_up_to_date(tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(PO)], check=True)
    assert fresh.read_bytes() == MO.read_bytes(), "run `make messages` to compile django.mo"
