"""Property: whatever a survey file holds, loading it ends in an Ecosystem or a located SurveyDataError.

Each seed (a small valid file of one format, :mod:`.seeds`) is mutated by hypothesis
(:mod:`.mutations`) at the level of its cells, its structure or its bytes, written to
a fresh folder, and loaded through the public API as a user would (``load`` or
``load_roster``).  :func:`.outcomes.run_case` judges the outcome; the rule is in its
module docstring.  The cases are reproducible (``derandomize=True``, no example
database), and their number is set by ``SKANE_FUZZ_CASES`` (default 1,100 in all, 100
per seed); the counts of outcomes are reported at the end of the session.

``SKANE_FUZZ_CENSUS=1`` records failures without failing, so one run counts every
kind of failure over all the cases instead of stopping at the first per seed.
"""

from __future__ import annotations

import math
import os

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from .mutations import apply, byte_mutations, csv_formats, table_mutations, xlsx_structure_mutations, xml_mutations
from .outcomes import FAILED, LOADED, TALLY, run_case
from .seeds import CSV, FOLDER, SEEDS, XLSX, XML, write_case

CASES = int(os.environ.get("SKANE_FUZZ_CASES", "1100"))
CENSUS = os.environ.get("SKANE_FUZZ_CENSUS") == "1"
# SKANE_FUZZ_EXPLORE=1 draws new cases on every run, to search beyond the CI's fixed ones.
EXPLORE = os.environ.get("SKANE_FUZZ_EXPLORE") == "1"
# Shrinking a failing case can take minutes per seed; the mutations are printed
# readably anyway.  SKANE_FUZZ_SHRINK=1 shrinks, to find the smallest failing case.
SHRINK = os.environ.get("SKANE_FUZZ_SHRINK") == "1"

FUZZ = settings(
    max_examples=math.ceil(CASES / len(SEEDS)),
    deadline=None,  # run_case bounds each case itself
    derandomize=not EXPLORE,  # the same cases on every run and machine
    database=None,  # ... and no examples remembered from earlier runs
    suppress_health_check=list(HealthCheck),
    print_blob=True,
    report_multiple_bugs=False,
    phases=[Phase.explicit, Phase.generate] + ([Phase.shrink] if SHRINK else []),
)

# What a case changes, per layout: cells (before writing), structure (after), bytes (last).
LEVELS = {
    XLSX: ["cells", "cells", "structure", "bytes", "cells+structure", "cells+bytes"],
    CSV: ["cells", "cells", "cells", "bytes", "cells+bytes"],
    FOLDER: ["cells", "cells", "cells", "bytes", "cells+bytes"],
    XML: ["structure", "structure", "bytes", "structure+bytes"],
}


def draw_case(data, seed) -> dict[str, bytes]:
    """A mutated copy of ``seed``'s files, drawn from hypothesis' ``data``."""
    level = data.draw(st.sampled_from(LEVELS[seed.layout]), label="level")
    tables, written_as = seed.tables, {}
    if "cells" in level:
        tables = apply(data.draw(table_mutations(list(seed.tables), sheets=seed.layout == XLSX), label="cells"), tables)
        if seed.layout in (CSV, FOLDER):
            encoding, delimiter, newline = data.draw(csv_formats, label="written as")
            written_as = {"encoding": encoding, "delimiter": delimiter, "newline": newline}
    files = seed.files(tables, **written_as)
    if seed.layout == XML and "structure" in level:
        changes = data.draw(xml_mutations(), label="xml")
        files = {seed.filename: apply(changes, seed.text).encode("utf-8", errors="surrogatepass")}
    elif "structure" in level:
        files[seed.filename] = apply(data.draw(xlsx_structure_mutations(), label="structure"), files[seed.filename])
    if "bytes" in level:
        name = data.draw(st.sampled_from(sorted(files)), label="file")
        files[name] = apply(data.draw(byte_mutations(), label="bytes"), files[name])
    return files


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: seed.name)
def test_seed_loads(seed, case_folders):
    folder = case_folders()
    inputs = write_case(folder, seed.files())
    outcome = run_case(seed.load, folder / seed.target, inputs)
    assert outcome.kind == LOADED, outcome.reason


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: seed.name)
@FUZZ
@given(data=st.data())
def test_mutated_file_loads_or_is_explained(seed, case_folders, data):
    folder = case_folders()
    inputs = write_case(folder, draw_case(data, seed))
    outcome = run_case(seed.load, folder / seed.target, inputs)
    TALLY.record(seed.name, outcome, folder)
    if not CENSUS:
        assert outcome.kind != FAILED, f"{outcome.detail}\n{outcome.reason}"
