"""The package as users get it: every data file of the package reaches a built wheel.

An editable install reads the files from the checkout and hides a missing
``package-data`` pattern; a wheel built from the same pyproject.toml then lacks the
file, and the first translated string crashes.  Building a wheel in a clean
environment is the full check (the issue note records one); this test checks the
patterns themselves, in a second.
"""

import glob
import os
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "skane_ecosystem"


def test_every_package_data_file_matches_a_package_data_pattern():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["skane_ecosystem"]
    shipped = {os.path.normpath(f) for pattern in patterns for f in glob.glob(str(PACKAGE / pattern))
               if os.path.isfile(f)}
    data = {os.path.normpath(str(f)) for f in PACKAGE.rglob("*")
            if f.is_file() and f.suffix not in (".py", ".pyc") and "__pycache__" not in f.parts}
    assert sorted(data - shipped) == []
    assert any(f.endswith(os.path.join("i18n", "sv", "report.json")) for f in shipped)
