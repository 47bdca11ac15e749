"""Bad text and network files: each gives a located error (or is read right), never a traceback or a hang.

Every case writes a real file the way a program or a careless hand would, and loads it
through the public loaders.
"""

import time

import networkx as nx
import pytest
from survey_files import located, write_csv, write_xlsx

from skane_ecosystem import SurveyDataError, load_roster
from skane_ecosystem.io import load_csv, load_graph_file, load_workbook

# A generous bound: each adversarial header is handled in milliseconds once parsing is linear,
# where a backtracking pattern took minutes.
FAST_SECONDS = 2.0


# ------------------------------------------------------------------ roster headers
RESPONDENT = "Vilken organisation representerar du?"
QUESTION = "Hur ofta samarbetar ni med dessa organisationer?"


def _roster_rows(extra_header: str) -> list[list]:
    header = ["Tidstämpel", RESPONDENT, f"{QUESTION} [Lunds universitet]", extra_header]
    return [header, ["2022-03-01 10:00:00", "Region Skåne", "Varje vecka", "x"]]


ADVERSARIAL_HEADERS = {
    "100,000 '['": "[" * 100_000,
    "'[x' 50,000 times": "[x" * 50_000,
    "'a' * 50,000 + '!'": "a" * 50_000 + "!",
    "'(' * 50,000": "(" * 50_000,
    "' - ' 30,000 times": " - " * 30_000,
}


@pytest.mark.parametrize("header", ADVERSARIAL_HEADERS.values(), ids=ADVERSARIAL_HEADERS.keys())
def test_an_adversarial_roster_header_is_refused_fast_and_located(tmp_path, header):
    path = write_csv(tmp_path / "responses.csv", _roster_rows(header))
    started = time.perf_counter()
    with pytest.raises(SurveyDataError) as caught:
        load_roster(path, respondent_column=RESPONDENT, questions={"samarbete": "Hur ofta samarbetar"})
    assert time.perf_counter() - started < FAST_SECONDS
    (problem,) = caught.value.problems
    assert (problem.file, problem.row) == ("responses.csv", 1)
    assert "column D" in problem.message and f"{len(header.strip()):,}" in problem.message
    assert len(str(caught.value)) < 1000, "the message must not repeat the huge header"


@pytest.mark.parametrize("header", ADVERSARIAL_HEADERS.values(), ids=ADVERSARIAL_HEADERS.keys())
def test_adversarial_headers_and_cells_in_a_csv_survey_are_read_fast(tmp_path, header):
    rows = [
        ["source", "target", "weight", header],
        ["A", "B", header[:50_000], "x"],
        ["B", "C", "1" * 50_000 + "!", ""],
    ]
    path = write_csv(tmp_path / "ties.csv", rows)
    started = time.perf_counter()
    with pytest.raises(SurveyDataError) as caught:
        load_csv(path)
    assert time.perf_counter() - started < FAST_SECONDS
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "weight"), (3, "weight")]


@pytest.mark.parametrize(
    "text", ["1" * 50_000 + "!", "1," * 25_000, "1e" + "1" * 50_000 + "x", "+" * 50_000, ".," * 25_000, "1" * 50_000]
)
def test_parse_number_is_fast_on_adversarial_text(text):
    from skane_ecosystem.io.tables import parse_number

    started = time.perf_counter()
    parse_number(text)
    assert time.perf_counter() - started < FAST_SECONDS / 10


def test_many_headers_just_under_the_limit_are_split_fast(tmp_path):
    # Each header is split several times (grid columns, respondent column, messages); a
    # backtracking pattern took about a second per split at this length.
    near_limit = ["[x" * 4_999 + str(i) for i in range(20)]
    rows = [
        ["Tidstämpel", RESPONDENT, f"{QUESTION} [Lunds universitet]", *near_limit],
        ["2022-03-01 10:00:00", "Region Skåne", "Varje vecka", *["x"] * 20],
    ]
    path = write_csv(tmp_path / "responses.csv", rows)
    started = time.perf_counter()
    eco = load_roster(path, respondent_column=RESPONDENT, questions={"samarbete": "Hur ofta samarbetar"})
    assert time.perf_counter() - started < FAST_SECONDS
    assert len(eco.ties) == 1


def test_a_long_but_honest_grid_header_is_still_read(tmp_path):
    question = "Hur ofta samarbetar ni " + "med dessa organisationer " * 40  # about 1,000 characters
    rows = [
        ["Tidstämpel", RESPONDENT, f"{question}[Lunds universitet]"],
        ["2022-03-01 10:00:00", "Region Skåne", "Varje vecka"],
    ]
    eco = load_roster(
        write_csv(tmp_path / "responses.csv", rows),
        respondent_column=RESPONDENT,
        questions={"samarbete": "Hur ofta samarbetar"},
    )
    assert eco.ties[["source", "target", "weight"]].values.tolist() == [["Region Skåne", "Lunds universitet", 4.0]]


def test_the_grid_header_is_split_as_before():
    from skane_ecosystem.io.roster import _split_grid_header

    assert _split_grid_header("Hur ofta [i år] samarbetar ni? [Malmö stad] ") == (
        "Hur ofta [i år] samarbetar ni?",
        "Malmö stad",
    )
    assert _split_grid_header("Fråga - Malmö stad") == ("Fråga", "Malmö stad")
    for plain in ("Tidstämpel", "[]", "Fråga [a] b]", "Fråga []", "[" * 1000, "Fråga [Malmö"):
        assert _split_grid_header(plain) is None


# ------------------------------------------------------------------ CSV encodings and Excel's sep= line
SWEDISH_ACTORS = [
    ["id", "namn", "sektor", "kommun"],
    ["rs", "Region Skåne", "offentlig", "Malmö"],
    ["ös", "Österlens Förening", "idéburen", "Åhus"],
]
SWEDISH_TIES = [["källa", "mål", "vikt"], ["Region Skåne", "Österlens Förening", "2,5"]]


def _names(eco) -> list[str]:
    return eco.actors["name"].tolist() + eco.actors["municipality"].tolist()


def test_a_mac_roman_csv_is_read_as_mac_roman_and_says_so(tmp_path):
    write_csv(tmp_path / "aktörer.csv", SWEDISH_ACTORS, "mac_roman", ";")
    write_csv(tmp_path / "relationer.csv", SWEDISH_TIES, "mac_roman", ";")
    written = (tmp_path / "aktörer.csv").read_bytes()
    assert b"Region Sk\x8cne" in written and b"\x81hus" in written  # Windows-1252: 'Œ' and no letter at all
    eco = load_csv(tmp_path)
    assert _names(eco) == ["Region Skåne", "Österlens Förening", "Malmö", "Åhus"]
    notes = [p for p in eco.validation.warnings if "Mac" in p.message]
    assert {p.file for p in notes} == {"aktörer.csv", "relationer.csv"}
    assert all("CSV UTF-8" in p.message for p in notes)


def test_a_windows_1252_csv_is_still_read_as_windows_1252(tmp_path):
    write_csv(tmp_path / "aktörer.csv", SWEDISH_ACTORS, "cp1252", ";")
    write_csv(tmp_path / "relationer.csv", SWEDISH_TIES, "cp1252", ";")
    eco = load_csv(tmp_path)
    assert _names(eco) == ["Region Skåne", "Österlens Förening", "Malmö", "Åhus"]
    assert not [p for p in eco.validation.warnings if "Mac" in p.message]


def test_a_mac_roman_roster_export_with_a_sep_line_is_read_right(tmp_path):
    path = write_csv(
        tmp_path / "responses.csv",
        [
            ["Tidstämpel", RESPONDENT, f"{QUESTION} [Lunds universitet]", f"{QUESTION} [Åhus Företagarförening]"],
            ["2022-03-01 10:00:00", "Region Skåne", "Varje vecka", "Sällan"],
        ],
        "mac_roman",
        ";",
    )
    path.write_bytes(b"sep=;\r\n" + path.read_bytes())
    eco = load_roster(path, respondent_column=RESPONDENT, questions={"samarbete": "Hur ofta samarbetar"})
    assert eco.ties[["source", "target", "weight"]].values.tolist() == [
        ["Region Skåne", "Lunds universitet", 4.0],
        ["Region Skåne", "Åhus Företagarförening", 1.0],
    ]
    assert [p.file for p in eco.validation.warnings if "Mac Roman" in p.message] == ["responses.csv"]


@pytest.mark.parametrize("separator", [";", ",", "\t", "|"])
def test_excels_sep_line_gives_the_separator(tmp_path, separator):
    rows = [["source", "target", "weight", "comment"], ["A", "B", "2.5", "x; y, z"]]
    path = write_csv(tmp_path / "ties.csv", rows, "utf-8", separator)
    path.write_bytes(f"sep={separator}\r\n".encode() + path.read_bytes())
    eco = load_csv(path)
    assert eco.ties[["source", "target", "weight", "comment"]].values.tolist() == [["A", "B", 2.5, "x; y, z"]]


def test_rows_after_a_sep_line_are_numbered_as_excel_shows_them(tmp_path):
    path = tmp_path / "ties.csv"
    path.write_bytes("\ufeffsep=;\r\nkälla;mål;vikt\r\nA;B;ofta\r\n".encode("utf-8"))
    with pytest.raises(SurveyDataError) as caught:
        load_csv(path)
    assert located(caught.value, file="ties.csv", row=2, column="vikt")  # Excel hides the sep= line


# ------------------------------------------------------------------ two columns meaning one field
def _error_about(caught, *columns):
    return [p for p in caught.value.problems if all(repr(c) in p.message for c in columns)]


def test_two_comment_columns_in_a_csv_are_an_error_not_a_silent_loss(tmp_path):
    write_csv(tmp_path / "ties.csv", [["source", "target", "Notes", "Comment"], ["A", "B", "first", "second"]])
    with pytest.raises(SurveyDataError) as caught:
        load_csv(tmp_path / "ties.csv")
    (problem,) = _error_about(caught, "Notes", "Comment")
    assert (problem.file, problem.row, problem.column) == ("ties.csv", 1, "Comment")
    assert "'comment'" in problem.message and "delete or rename one" in problem.message


def test_two_name_columns_in_a_workbook_name_the_header_row(tmp_path):
    actors = [["id", "Namn", "Name", "sector"], ["rs", "Region Skåne", "Regionen", "public"]]
    path = write_xlsx(tmp_path / "survey.xlsx", {"actors": actors, "ties": [["source", "target"], ["rs", "rs"]]})
    with pytest.raises(SurveyDataError) as caught:
        load_workbook(path)
    (problem,) = _error_about(caught, "Namn", "Name")
    assert (problem.file, problem.sheet, problem.row, problem.column) == ("survey.xlsx", "actors", 1, "Name")


def test_two_comment_columns_in_a_roster_actors_file_are_an_error(tmp_path):
    actors = write_csv(
        tmp_path / "actors.csv",
        [
            ["id", "name", "sector", "Kommentar", "Anteckningar"],
            ["A1", "Region Skåne", "public", "a", "b"],
            ["A2", "Lunds universitet", "academia", "", ""],
        ],
    )
    responses = write_csv(
        tmp_path / "responses.csv",
        [
            ["Tidstämpel", RESPONDENT, f"{QUESTION} [Lunds universitet]"],
            ["2022-03-01 10:00:00", "Region Skåne", "Varje vecka"],
        ],
    )
    with pytest.raises(SurveyDataError) as caught:
        load_roster(responses, respondent_column=RESPONDENT, questions={"samarbete": "Hur ofta"}, actors=actors)
    (problem,) = _error_about(caught, "Kommentar", "Anteckningar")
    assert (problem.file, problem.row, problem.column) == ("actors.csv", 1, "Anteckningar")


def test_one_comment_column_is_kept_under_its_canonical_name(tmp_path):
    write_csv(tmp_path / "ties.csv", [["source", "target", "Anteckningar"], ["A", "B", "hej"]])
    assert load_csv(tmp_path / "ties.csv").ties["comment"].tolist() == ["hej"]


# ------------------------------------------------------------------ GraphML and GEXF
# Two small networks written as Gephi and networkx write them, with the parts a case changes
# as fields.  Line 8 holds node 'a', line 9 node 'b' and line 10 the edge.
GRAPHML = """<?xml version="1.0" encoding="{encoding}"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="d0" for="node" attr.name="sector" attr.type="string"/>
  <key id="d1" for="node" attr.name="employees" attr.type="long"/>
  <key id="d2" for="edge" attr.name="weight" attr.type="double"/>
  <key id="d3" for="node" attr.name="member" attr.type="boolean"/>
  <graph edgedefault="undirected">
    <node {node_a}><data key="d0">public</data><data key="d1">{employees}</data><data key="d3">{member}</data></node>
    <node id="b"><data key="d0">akademi</data></node>
    <edge source="a" target="{target}"><data key="d2">{weight}</data></edge>
  </graph>
</graphml>
"""
GEXF = """<?xml version="1.0" encoding="{encoding}"?>
<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">
  <graph defaultedgetype="undirected">
    <attributes class="node"><attribute id="0" title="sector" type="string"/>
      <attribute id="1" title="employees" type="long"/><attribute id="2" title="member" type="boolean"/></attributes>
    <attributes class="edge"><attribute id="0" title="strength" type="double"/></attributes>
    <nodes>
    <node {node_a}><attvalues><attvalue for="0" value="public"/><attvalue for="1" value="{employees}"/><attvalue for="2" value="{member}"/></attvalues></node>
    <node id="b" label="b"><attvalues><attvalue for="0" value="akademi"/></attvalues></node>
    </nodes><edges><edge source="a" target="{target}" weight="{weight}"><attvalues><attvalue for="0" value="2.0"/></attvalues></edge></edges>
  </graph>
</gexf>
"""
FORMATS = {".graphml": GRAPHML, ".gexf": GEXF}
SOUND = {"encoding": "UTF-8", "node_a": 'id="a"', "employees": "120", "member": "true", "target": "b", "weight": "2.5"}


def _network(tmp_path, suffix, codec="utf-8", **changes):
    path = tmp_path / f"skane{suffix}"
    path.write_bytes(FORMATS[suffix].format(**{**SOUND, **changes}).encode(codec))
    return path


@pytest.mark.parametrize("suffix", FORMATS)
def test_the_sound_network_loads(tmp_path, suffix):
    eco = load_graph_file(_network(tmp_path, suffix))
    assert eco.actors["sector"].to_dict() == {"a": "public", "b": "academia"}
    assert eco.ties[["source", "target", "weight"]].values.tolist() == [["a", "b", 2.5]]


BAD_VALUES = {  # field: (value, the attribute named, what the message says)
    "empty double": ("weight", "", "weight", "is not a valid double (it is empty)"),
    "text double": ("weight", "ofta", "weight", "is not a valid double (it is not a number)"),
    "long beyond 64 bits": ("employees", "9" * 30, "employees", "beyond the 64-bit range of a long"),
    "empty long": ("employees", "", "employees", "is not a valid long (it is empty)"),
    "decimal long": ("employees", "1.5", "employees", "is not a valid long (it is not a whole number)"),
    "boolean": ("member", "maybe", "member", "is not a valid boolean (it is neither true nor false)"),
}


@pytest.mark.parametrize("suffix", FORMATS)
@pytest.mark.parametrize("field, value, attribute, says", BAD_VALUES.values(), ids=BAD_VALUES.keys())
def test_a_typed_value_that_is_not_of_its_type_is_located(tmp_path, suffix, field, value, attribute, says):
    path = _network(tmp_path, suffix, **{field: value})
    with pytest.raises(SurveyDataError) as caught:
        load_graph_file(path)
    (problem,) = caught.value.problems
    line = 10 if field == "weight" else 8
    assert (problem.file, problem.row, problem.column) == (path.name, line, attribute)
    assert ("edge 'a' - 'b'" if field == "weight" else "node 'a'") in problem.message and says in problem.message


@pytest.mark.parametrize("suffix", FORMATS)
@pytest.mark.parametrize("weight", ["NaN", "INF", "-inf", "0", "-1"])
def test_a_weight_that_is_not_positive_and_finite_is_located(tmp_path, suffix, weight):
    path = _network(tmp_path, suffix, weight=weight)
    with pytest.raises(SurveyDataError) as caught:
        load_graph_file(path)
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.column) == (path.name, 10, "weight")
    assert "the edge 'a' - 'b' has weight" in problem.message and "positive numbers" in problem.message


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_node_without_id_is_located(tmp_path, suffix):
    path = _network(tmp_path, suffix, node_a='label="a"', target="b")
    with pytest.raises(SurveyDataError) as caught:
        load_graph_file(path)
    problems = [(p.row, p.column, p.message.split(";")[0]) for p in caught.value.problems]
    assert (8, "id", "a node without an id") in problems
    assert (10, "source", "the edge 'a' - 'b' joins node 'a', which is not declared") in problems


@pytest.mark.parametrize("suffix", FORMATS)
def test_an_edge_to_an_undeclared_node_is_located(tmp_path, suffix):
    path = _network(tmp_path, suffix, target="zz")
    with pytest.raises(SurveyDataError) as caught:
        load_graph_file(path)
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.column) == (path.name, 10, "target")
    assert "joins node 'zz', which is not declared; add the node or delete the edge" in problem.message


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_node_declared_twice_is_located(tmp_path, suffix):
    path = _network(tmp_path, suffix, node_a='id="b"', target="b")
    with pytest.raises(SurveyDataError) as caught:
        load_graph_file(path)
    assert [(p.row, p.column) for p in caught.value.problems if "declared twice" in p.message] == [(9, "id")]


@pytest.mark.parametrize("suffix", FORMATS)
@pytest.mark.parametrize("declared, codec", [("Shift_JIS", "shift_jis"), ("UTF-7", "utf-7"), ("GB18030", "gb18030")])
def test_an_unsafe_or_unreadable_encoding_is_refused(tmp_path, suffix, declared, codec):
    header = f'<?xml version="1.0" encoding="{declared}"?>'.encode("ascii")
    path = tmp_path / f"skane{suffix}"
    body = FORMATS[suffix].format(**SOUND).partition("\n")[2].replace("public", "offentlig – kommun")
    path.write_bytes(header + b"\n" + body.encode(codec, errors="replace"))
    with pytest.raises(SurveyDataError) as caught:
        load_graph_file(path)
    (problem,) = caught.value.problems
    assert (problem.file, problem.row) == (path.name, 1)
    assert f"declares the encoding {declared!r}" in problem.message and "as UTF-8" in problem.message


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_utf7_declaration_after_a_utf8_byte_order_mark_is_refused(tmp_path, suffix):
    path = _network(tmp_path, suffix, codec="utf-7", encoding="UTF-7")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    with pytest.raises(SurveyDataError, match="declares the encoding 'UTF-7'"):
        load_graph_file(path)


@pytest.mark.parametrize("suffix", FORMATS)
@pytest.mark.parametrize(
    "declared, codec", [("ISO-8859-1", "latin-1"), ("windows-1252", "cp1252"), ("UTF-16", "utf-16")]
)
def test_a_safe_one_byte_or_utf16_encoding_is_read(tmp_path, suffix, declared, codec):
    path = _network(tmp_path, suffix, codec=codec, encoding=declared)
    text = FORMATS[suffix].format(**{**SOUND, "encoding": declared}).replace('"akademi"', '"näringsliv"')
    text = text.replace(">akademi<", ">näringsliv<")
    path.write_bytes(text.encode(codec))
    assert load_graph_file(path).actors["sector"].to_dict() == {"a": "public", "b": "business"}


def test_an_edge_of_networkx_graphml_keeps_its_line_in_weight_problems(tmp_path):
    G = nx.Graph()
    G.add_node("a", sector="public")
    G.add_node("b", sector="public")
    G.add_edge("a", "b", weight=float("nan"))
    path = tmp_path / "nan.graphml"
    nx.write_graphml(G, path)
    with pytest.raises(SurveyDataError) as caught:
        load_graph_file(path)
    (problem,) = caught.value.problems
    lines = path.read_text().splitlines()
    assert "<edge" in lines[problem.row - 1] and problem.column == "weight"


@pytest.mark.parametrize(
    "suffix, declaration, default",
    [
        (
            ".graphml",
            '<key id="d2" for="edge" attr.name="weight" attr.type="double"/>',
            '<key id="d2" for="edge" attr.name="weight" attr.type="double"><default></default></key>',
        ),
        (
            ".gexf",
            '<attribute id="1" title="employees" type="long"/>',
            '<attribute id="1" title="employees" type="long"><default>many</default></attribute>',
        ),
    ],
)
def test_a_default_that_is_not_of_its_type_is_located(tmp_path, suffix, declaration, default):
    path = _network(tmp_path, suffix)
    path.write_text(path.read_text().replace(declaration, default))
    with pytest.raises(SurveyDataError) as caught:
        load_graph_file(path)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (5, "weight" if suffix == ".graphml" else "employees")
    assert problem.message.startswith("the <default> has")
