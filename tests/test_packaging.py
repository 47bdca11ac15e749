"""The package as users get it: every data file of the package reaches a built wheel.

An editable install reads the files from the checkout and hides a missing
``package-data`` pattern; a wheel built from the same pyproject.toml then lacks the
file, and the first translated string crashes.  Building a wheel in a clean
environment is the full check (``make wheel-check``, run by CI); the first test checks
the patterns themselves, in a second, and the second (slow) builds the wheel and
looks inside it.
"""

import glob
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "skane_ecosystem"


def test_every_package_data_file_matches_a_package_data_pattern():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["skane_ecosystem"]
    shipped = {
        os.path.normpath(f)
        for pattern in patterns
        for f in glob.glob(str(PACKAGE / pattern), recursive=True)
        if os.path.isfile(f)
    }
    data = {
        os.path.normpath(str(f))
        for f in PACKAGE.rglob("*")
        if f.is_file() and f.suffix not in (".py", ".pyc") and "__pycache__" not in f.parts
    }
    assert sorted(data - shipped) == []
    assert any(f.endswith(os.path.join("i18n", "sv", "report.json")) for f in shipped)


def package_data_files() -> list[str]:
    """Every file of the package that is not Python source, as a path inside the wheel."""
    return sorted(
        f.relative_to(ROOT).as_posix()
        for f in PACKAGE.rglob("*")
        if f.is_file() and f.suffix not in (".py", ".pyc") and "__pycache__" not in f.parts
    )


@pytest.mark.slow
def test_the_built_wheel_holds_every_catalog_template_and_data_file(tmp_path):
    # Built from a copy, so the build leaves no build/ or egg-info in the checkout.
    source = tmp_path / "source"
    shutil.copytree(PACKAGE, source / PACKAGE.name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--disable-pip-version-check",
            "--wheel-dir",
            str(tmp_path / "dist"),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if built.returncode != 0:  # e.g. offline: the build backend cannot be fetched
        reason = (built.stderr.strip().splitlines() or ["no message"])[-1]
        pytest.skip(f"cannot build a wheel here ({reason}); `make wheel-check` is the full check")
    (wheel,) = (tmp_path / "dist").glob("skane_ecosystem-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = set(archive.namelist())
    expected = package_data_files()
    assert any(name.endswith("i18n/sv/report.json") for name in expected)
    assert [name for name in expected if name not in shipped] == []
