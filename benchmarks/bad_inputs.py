"""Hostile and absurd inputs: how long ``skane-eco validate`` takes on them, and its peak memory.

Each case writes a file that once cost minutes or gigabytes, then runs ``skane-eco
validate`` on it in a fresh process and reports the wall and CPU time, the peak
resident memory and the exit code (2: refused with a located message):

* **far-right notes**: a ties sheet whose header and 8,000 rows each carry a note
  in column XFD.  The file is 90 KB and passes every size guard, but rows read as
  wide as their header made 131 million cells (before: 49 s CPU, 1.1 GB).
* **row 99,999,999**: the last row of a small survey claims row 99,999,999
  (before: 49 s, as openpyxl filled the gap with empty rows one by one).
* **200,000 waves**: a CSV survey whose 200,000 ties each have their own wave
  label (before: 56 s CPU and 760 MB, most of it printing a line per wave).

Benchmarks measure; they assert nothing.  Usage::

    .venv/bin/python benchmarks/bad_inputs.py            # prints a Markdown table

All data are synthetic.
"""

from __future__ import annotations

import csv
import re
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

# the test suite's writer of real workbooks
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "io"))
from survey_files import write_xlsx  # noqa: E402

ACTORS = [["id", "name", "sector"]] + [[f"a{i}", f"Actor {i}", "public"] for i in range(20)]


def _workbook(path: Path, ties: list[list]) -> Path:
    return write_xlsx(path, {"actors": ACTORS, "ties": ties})


def _rewrite_ties_sheet(path: Path, change) -> Path:
    """The workbook with its ties sheet's XML changed (written second, so sheet2.xml)."""
    target = path.with_name("patched-" + path.name)
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == "xl/worksheets/sheet2.xml":
                data = change(data.decode()).encode()
            zout.writestr(name, data)
    return target


def far_right_notes(folder: Path, rows: int = 8_000) -> Path:
    path = _workbook(folder / "notes.xlsx", [["source", "target", "weight"]] + [["a0", "a1", 1]] * rows)
    note = r'<c r="XFD\2" t="inlineStr"><is><t>note</t></is></c>'
    return _rewrite_ties_sheet(path, lambda xml: re.sub(r'(<row r="(\d+)"[^>]*>.*?)(</row>)', rf"\1{note}\3", xml))


def far_row(folder: Path) -> Path:
    path = _workbook(folder / "far.xlsx", [["source", "target", "weight"], ["a0", "a1", 1], ["a1", "a2", 1]])
    return _rewrite_ties_sheet(path, lambda xml: re.sub(r'"([A-Z]*)3"', r'"\g<1>99999999"', xml))


def many_waves(folder: Path, waves: int = 200_000) -> Path:
    survey = folder / "waves"
    survey.mkdir()
    with open(survey / "actors.csv", "w", newline="") as handle:
        csv.writer(handle).writerows(ACTORS)
    with open(survey / "ties.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "target", "weight", "wave"])
        writer.writerows([f"a{i % 20}", f"a{(i + 1) % 20}", 1, f"w{i}"] for i in range(waves))
    return survey


CASES = {"far-right notes": far_right_notes, "row 99,999,999": far_row, "200,000 waves": many_waves}


def measure(path: Path) -> dict:
    """Wall and CPU seconds, peak memory (MB) and exit code of ``skane-eco validate path``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "skane_ecosystem", "validate", str(path)], capture_output=True, text=True
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "wall_s": wall,
        "cpu_s": after.ru_utime - before.ru_utime,
        "peak_mb": after.ru_maxrss / 1024,
        "exit": done.returncode,
    }


def row(name: str) -> str:
    """One case, measured in this process's only child (so its peak memory is that child's alone)."""
    with tempfile.TemporaryDirectory() as folder:
        path = CASES[name](Path(folder))
        size = sum(p.stat().st_size for p in ([path] if path.is_file() else path.iterdir()))
        figures = measure(path)
    return (
        f"| {name} | {size / 1024:,.0f} KB | {figures['wall_s']:.1f} | {figures['cpu_s']:.1f} | "
        f"{figures['peak_mb']:.0f} | {figures['exit']} |"
    )


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--case":
        print(row(sys.argv[2]))
        return
    print("| case | file | wall (s) | CPU (s) | peak memory (MB) | exit code |")
    print("|---|---|---|---|---|---|")
    for name in CASES:
        done = subprocess.run([sys.executable, __file__, "--case", name], capture_output=True, text=True)
        print(done.stdout.strip() or f"| {name} | failed: {done.stderr.strip()[-200:]} |")


if __name__ == "__main__":
    main()
