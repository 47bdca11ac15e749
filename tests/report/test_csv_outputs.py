"""The bundle's CSV tables open right in Excel on a double-click, in English or
Swedish settings: UTF-8 with a byte order mark, ``,`` and ``.`` or ``;`` and a
decimal comma, evidence as JSON and lists as text."""

import json

import pandas as pd
import pytest

from skane_ecosystem.render.bundle import CSV_TABLES, write_bundle
from skane_ecosystem.render.csvtext import csv_bytes

BOM = b"\xef\xbb\xbf"


@pytest.fixture(scope="module")
def semicolon_bundle(analysis, tmp_path_factory):
    out = tmp_path_factory.mktemp("semicolon") / "bundle"
    write_bundle(analysis, out, lang="sv", figures=False, map_html=False, csv_style="semicolon")
    return out


def test_every_csv_table_starts_with_a_byte_order_mark(public_bundle, semicolon_bundle):
    for folder in (public_bundle, semicolon_bundle):
        for name in CSV_TABLES:
            assert (folder / name).read_bytes().startswith(BOM), (folder, name)


def test_semicolon_style_reads_back_with_swedish_settings(analysis, semicolon_bundle):
    network = pd.read_csv(semicolon_bundle / "network.csv", sep=";", decimal=",", encoding="utf-8-sig")
    density = network.set_index("indicator").loc["density", "value"]
    assert float(density) == pytest.approx(analysis.indicator("density"))
    header = (semicolon_bundle / "network.csv").read_bytes()[len(BOM) :].split(b"\n")[0]
    assert header == b"indicator;value"


def test_evidence_is_json_and_lists_are_text(semicolon_bundle):
    flags = pd.read_csv(semicolon_bundle / "flags.csv", sep=";", decimal=",", encoding="utf-8-sig")
    assert all(isinstance(json.loads(text), dict) for text in flags["evidence"])
    table = pd.DataFrame({"relations": [["collaboration", "funding"]], "evidence": [{"b": 1, "a": [1, 2]}]})
    text = csv_bytes(table).decode("utf-8-sig")
    assert text.splitlines()[1] == 'collaboration; funding,"{""a"": [1, 2], ""b"": 1}"'


def test_an_unknown_csv_style_is_refused_before_anything_is_written(analysis, tmp_path):
    with pytest.raises(ValueError, match="csv_style must be one of"):
        write_bundle(analysis, tmp_path / "out", csv_style="tab")
    assert not (tmp_path / "out").exists()
