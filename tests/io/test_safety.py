"""The guards: size limits, zip bombs, XML entity bombs, defusedxml, and telling what a file is."""

import zipfile

import networkx as nx
import openpyxl
import pytest
from survey_files import ACTORS, TIES, write_csv, write_docx, write_xlsx

from skane_ecosystem import SurveyDataError
from skane_ecosystem.io import load, load_graph_file, load_workbook
from skane_ecosystem.io.safety import check_file, check_xlsx_archive, require_defusedxml, sniff

BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
    + "]>"
)


def _rewrite_xlsx(source, target, change_part=None, extra=None):
    """Copy a workbook part by part, changing one part or adding another."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if change_part and name == change_part[0]:
                data = change_part[1](data)
            zout.writestr(name, data)
        for name, data in (extra or {}).items():
            zout.writestr(name, data)
    return target


def test_check_file_refuses_missing_folders_empty_and_too_large(tmp_path):
    with pytest.raises(SurveyDataError, match="survey.xlsx: no such file"):
        check_file(tmp_path / "survey.xlsx")
    with pytest.raises(SurveyDataError, match="this is a folder"):
        check_file(tmp_path)
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(SurveyDataError, match="empty.csv: the file is empty"):
        check_file(tmp_path / "empty.csv")
    big = write_csv(tmp_path / "ties.csv", [["source", "target"]] + [["A", "B"]] * 100)
    assert check_file(big) == big
    with pytest.raises(SurveyDataError, match="more than the limit") as caught:
        load(big, max_bytes=100)
    assert caught.value.problems[0].file == "ties.csv"


def test_zip_bomb_is_refused_before_openpyxl_inflates_it(tmp_path, survey_xlsx):
    # 20 MB of zeros deflates to about 20 kB: a ratio near 1000.
    bomb = _rewrite_xlsx(survey_xlsx, tmp_path / "bomb.xlsx", extra={"xl/media/zeros.bin": bytes(20 * 2**20)})
    with pytest.raises(SurveyDataError) as caught:
        load(bomb)
    (problem,) = caught.value.problems
    assert problem.file == "bomb.xlsx"
    assert "'xl/media/zeros.bin' inflates" in problem.message and "zip bomb" in problem.message


def test_total_inflated_size_has_a_limit(survey_xlsx):
    check_xlsx_archive(survey_xlsx)  # a real survey passes
    with pytest.raises(SurveyDataError, match="would inflate to .* more than the limit"):
        check_xlsx_archive(survey_xlsx, max_uncompressed=1000)


def test_entity_bomb_inside_a_workbook_is_refused(tmp_path, survey_xlsx):
    def add_entities(xml: bytes) -> bytes:
        head, rest = xml.split(b"<worksheet", 1)
        return head + BILLION_LAUGHS.replace("lolz", "worksheet").encode() + b"<worksheet" + rest

    bomb = _rewrite_xlsx(survey_xlsx, tmp_path / "laughs.xlsx", ("xl/worksheets/sheet1.xml", add_entities))
    with pytest.raises(SurveyDataError) as caught:
        load_workbook(bomb)
    (problem,) = caught.value.problems
    assert problem.file == "laughs.xlsx" and "declares XML entities" in problem.message


def test_damaged_workbook(tmp_path, survey_xlsx):
    truncated = tmp_path / "cut.xlsx"
    truncated.write_bytes(survey_xlsx.read_bytes()[:2000])
    with pytest.raises(SurveyDataError) as caught:
        load(truncated)
    assert caught.value.problems[0].file == "cut.xlsx"


def test_reading_stops_when_openpyxl_would_not_use_defusedxml(monkeypatch, survey_xlsx):
    require_defusedxml()  # installed here
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    with pytest.raises(SurveyDataError, match="not using defusedxml"):
        load_workbook(survey_xlsx)


@pytest.mark.parametrize(
    "doctype, node",
    [
        (BILLION_LAUGHS.replace("lolz", "graphml"), "&lol9;"),
        ('<!DOCTYPE graphml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', "&xxe;"),
    ],
    ids=["billion laughs", "external entity"],
)
def test_graphml_with_entities_is_refused(tmp_path, doctype, node):
    path = tmp_path / "evil.graphml"
    path.write_text(
        f'<?xml version="1.0"?>{doctype}<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
        f'<graph edgedefault="undirected"><node id="{node}"/></graph></graphml>'
    )
    with pytest.raises(SurveyDataError) as caught:
        load_graph_file(path)
    (problem,) = caught.value.problems
    assert problem.file == "evil.graphml" and "refused as unsafe" in problem.message


def test_gexf_with_a_dtd_is_refused(tmp_path):
    path = tmp_path / "evil.gexf"
    nx.write_gexf(nx.path_graph(2), path)
    text = path.read_text().replace("<gexf", '<!DOCTYPE gexf [<!ENTITY a "b">]><gexf', 1)
    path.write_text(text)
    with pytest.raises(SurveyDataError, match="refused as unsafe"):
        load(path)


def _ods(path):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    return path


def test_sniff_tells_what_a_file_is(tmp_path, survey_xlsx):
    def written(name, data):
        (tmp_path / name).write_bytes(data)
        return tmp_path / name

    nx.write_graphml(nx.path_graph(2), tmp_path / "g.graphml")
    nx.write_gexf(nx.path_graph(2), tmp_path / "g.gexf")
    cases = {
        survey_xlsx: "xlsx",
        written("a.csv", "källa;mål\nMalmö;Lund\n".encode("cp1252")): "text",
        written("b.txt", "source\ttarget\n".encode("utf-16")): "text",
        tmp_path / "g.graphml": "graphml",
        tmp_path / "g.gexf": "gexf",
        written("c.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"): "pdf",
        write_docx(tmp_path / "d.docx"): "docx",
        _ods(tmp_path / "e.ods"): "ods",
        written("f.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)): "ole",
        written("g.html", b"<!DOCTYPE html><html><body><table></table></body></html>"): "html",
        written("h.json", b'{"nodes": []}'): "json",
        written("i.bin", bytes(range(256))): "binary",
    }
    assert {path.name: sniff(path) for path in cases} == {path.name: kind for path, kind in cases.items()}


def test_sniff_finds_graphml_after_a_long_prolog(tmp_path):
    # A long comment before the root element still leaves the GraphML recognisable.
    path = tmp_path / "g.xml"
    path.write_text('<?xml version="1.0"?><!--' + "x" * 10_000 + '--><graphml xmlns="x"/>')
    assert sniff(path) == "graphml"


def test_the_workbook_guards_run_for_every_workbook_reader(tmp_path):
    path = write_xlsx(tmp_path / "s.xlsx", {"actors": ACTORS, "ties": TIES})
    with pytest.raises(SurveyDataError, match="more than the limit"):
        load_workbook(path, max_bytes=1000)
