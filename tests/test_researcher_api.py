"""A researcher's API that is tidy and consistent (issue 13): the Analysis end.

Findings name their subjects as flags.csv does, counts are ints, a misspelt
indicator is answered with the closest ones, ``removal_impact()`` is a table, and
the scenario results print as short summaries (HTML in Jupyter, names escaped).
"""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

import skane_ecosystem as se
from skane_ecosystem.ecosystem import Ecosystem
from skane_ecosystem.scenarios import compare, robustness, whatif

NO_STABILITY = se.AnalysisConfig(stability={"enabled": False})


@pytest.fixture(scope="module")
def barbell():
    """Two triangles joined through actor 'M'; one actor's name is markup."""
    G = nx.Graph([("A", "B"), ("B", "C"), ("A", "C"), ("C", "M"), ("M", "D"), ("D", "E"), ("E", "F"), ("D", "F")])
    eco = Ecosystem.from_networkx(G)
    eco.actors.loc["M", "name"] = "<b>Middle & Co</b>"
    return eco


@pytest.fixture(scope="module")
def result(barbell):
    return se.analyze(barbell, NO_STABILITY)


# ------------------------------------------------------- 1. subject_name
def test_flags_name_their_subjects_beside_the_ids(result):
    flags = result.flags
    assert list(flags.columns[:2]) == ["subject", "subject_name"]
    names = result.actors["name"]
    for subject, name, level in flags[["subject", "subject_name", "level"]].itertuples(index=False):
        assert name == (names[subject] if level == "actor" else subject)
    assert "<b>Middle & Co</b>" in set(flags["subject_name"])


def test_the_bundle_flags_take_the_same_names(result):
    from skane_ecosystem.privacy import apply_privacy

    shown = apply_privacy(result, "internal")
    assert list(shown.flags["subject_name"]) == list(result.flags["subject_name"])


# ------------------------------------------------- 2. indicators, tidy
def test_counts_are_ints_and_the_rest_floats(result):
    values = dict(zip(result.network["indicator"], result.network["value"]))
    for count in ("actors", "ties", "components", "isolates"):
        assert type(values[count]) is int, count
    assert (values["actors"], values["ties"]) == (7, 8)
    assert type(values["density"]) is float and values["density"] == pytest.approx(8 / 21)
    assert type(result.indicator("actors")) is int
    assert "148.000000" not in result.network.to_string() and " 7.0" not in result.network.to_csv()


def test_a_misspelt_indicator_names_the_closest(result):
    with pytest.raises(KeyError, match="'density'"):
        result.indicator("densty")


# ------------------------------------------------ 3. removal_impact()
def test_removal_impact_is_a_table_with_names(result):
    impact = result.removal_impact()
    assert isinstance(impact, pd.DataFrame)
    assert list(impact.columns) == ["actor", "name", "cut_off", "fragmentation_gain"]
    by_actor = impact.set_index("actor")
    # Without M the triangles are equal halves; by_actor counts the half without the main component.
    assert by_actor.loc["M", "name"] == "<b>Middle & Co</b>"
    assert by_actor.loc["M", "cut_off"] == 3 and by_actor.loc["A", "cut_off"] == 0
    assert impact["cut_off"].dtype.kind == "i"


# ------------------------------------------------------------ 4. reprs
def test_whatif_prints_as_a_short_summary(result):
    shown = repr(whatif(result, remove_actors=["M"]))
    assert shown.startswith("<What if:") and "<b>Middle & Co</b>" in shown
    assert "dataclass" not in shown and "DataFrame" not in shown and len(shown) < 400


def test_scenario_results_have_html_with_names_escaped(result):
    page = whatif(result, remove_actors=["M"])._repr_html_()
    assert "&lt;b&gt;Middle &amp; Co&lt;/b&gt;" in page and "<b>Middle" not in page
    assert "Robustness" in robustness(result)._repr_html_()


def test_robustness_and_comparison_print_as_summaries():
    eco = se.demo()
    curve = robustness(se.analyze(eco, NO_STABILITY, compare_with=None))
    assert repr(curve).startswith("<Robustness: removal order: betweenness; area under the curve:")
    waves = compare(eco, eco.waves[0], eco.waves[-1], NO_STABILITY)
    text = repr(waves)
    assert text.startswith(f"<Comparison: waves: {eco.waves[0]} -> {eco.waves[-1]}; ties gained:")
    assert len(text) < 400 and "<table>" in waves._repr_html_()


# ----------------------------------------------- 5. one name per table
def test_one_name_per_table_across_api_and_bundle(result):
    from skane_ecosystem.privacy import apply_privacy

    shown = apply_privacy(result, "internal")
    # Analysis.sectors is the per-sector table of sectors.csv; the matrix has its own name.
    assert list(result.sectors.columns) == list(shown.sectors.columns)
    assert result.sectors["sector"].tolist() == shown.sectors["sector"].tolist()
    assert "ei_index" in result.sectors.columns
    assert list(result.sector_matrix.index) == list(result.sector_matrix.columns)
    assert not hasattr(result, "sector_table")


# ------------------------------------------------- 6. progress in notebooks
class FakeHandle:
    """Stands in for IPython's display handle: records every HTML shown."""

    def __init__(self, shown):
        self.shown = shown

    def update(self, page):
        self.shown.append(page.data)


@pytest.fixture
def displayed(monkeypatch):
    """What analyze() shows, as if it ran in a Jupyter kernel and every run took long."""
    import IPython.display

    from skane_ecosystem.render import notebook

    shown = []

    def display(page, display_id=False):
        shown.append(page.data)
        return FakeHandle(shown)

    monkeypatch.setattr(notebook, "in_notebook", lambda: True)
    monkeypatch.setattr(notebook, "SHOW_AFTER", 0.0)
    monkeypatch.setattr(notebook, "UPDATE_EVERY", 0.0)
    monkeypatch.setattr(IPython.display, "display", display)
    return shown


def test_analyze_shows_its_progress_in_a_notebook(barbell, displayed):
    se.analyze(barbell, se.AnalysisConfig(stability={"resamples": 20}))
    assert any("<progress" in page and "findings and their stability (20/20)" in page for page in displayed)
    assert "<progress value='6.00' max='6'" in displayed[-2]
    assert "Analysed in" in displayed[-1]


def test_analyze_shows_nothing_outside_a_notebook(barbell, monkeypatch):
    import IPython.display

    from skane_ecosystem.render import notebook

    monkeypatch.setattr(IPython.display, "display", lambda *a, **k: pytest.fail("displayed outside a notebook"))
    monkeypatch.setattr(notebook, "SHOW_AFTER", 0.0)
    assert not notebook.in_notebook()
    se.analyze(barbell, NO_STABILITY)


def test_a_callable_progress_still_follows_the_resamples(barbell, displayed):
    calls = []
    se.analyze(barbell, se.AnalysisConfig(stability={"resamples": 5}), progress=lambda *done: calls.append(done))
    assert calls[-1] == (5, 5) and displayed == []


def test_progress_of_another_kind_is_refused(barbell):
    with pytest.raises(TypeError, match='"auto"'):
        se.analyze(barbell, NO_STABILITY, progress="yes")


# ------------------------------------- 7. whatif and compare take --privacy
from typer.testing import CliRunner  # noqa: E402 (the CLI cases only)

from skane_ecosystem.cli import app  # noqa: E402
from tests.test_cli_analysis import survey  # noqa: E402, F401 (a two-wave survey workbook, as a fixture)

runner = CliRunner()


@pytest.fixture
def lopsided(tmp_path):
    """A triangle hanging on M from a ring of five: removing M cuts three actors off."""
    G = nx.Graph([("A", "B"), ("B", "C"), ("A", "C"), ("C", "M"), ("M", "D")])
    nx.add_path(G, ["D", "E", "F", "G", "H", "D"])
    for actor in G:
        G.nodes[actor].update(name=f"Org {actor}", sector="public" if actor in "ABC" else "business")
    path = tmp_path / "lopsided.graphml"
    nx.write_graphml(G, path)
    return path


def test_whatif_in_public_suppresses_small_counts_as_the_public_report_does(lopsided, tmp_path):
    command = ["whatif", str(lopsided), "--remove", "Org M"]
    internal = runner.invoke(app, [*command, "--out", str(tmp_path / "i")], env={"COLUMNS": "200"})
    public = runner.invoke(app, [*command, "--privacy", "public", "--out", str(tmp_path / "p")], env={"COLUMNS": "200"})
    assert internal.exit_code == 0 and public.exit_code == 0, public.output
    assert "3 remaining actor(s) cut off" in internal.output and "Org A, Org B, Org C" in internal.output
    assert "<5 remaining actor(s) cut off" in public.output
    assert "Org A, Org B" not in public.output  # naming them would count them
    lost = pd.read_csv(tmp_path / "p" / "lost_reach.csv", encoding="utf-8-sig", dtype=str)
    assert dict(zip(lost["status"], lost["actors"])) == {"cut_off": "<5", "reach_shrinks": "5"}
    indicators = pd.read_csv(tmp_path / "p" / "indicators.csv", encoding="utf-8-sig", dtype=str)
    assert indicators.set_index("indicator").loc["actors"].tolist() == ["9", "8", "-1"]  # counts as ints


def test_compare_in_public_suppresses_small_counts(survey, tmp_path):  # noqa: F811
    command = ["compare", str(survey), "--from", "2019", "--to", "2022"]
    internal = runner.invoke(app, command, env={"COLUMNS": "200"})
    public = runner.invoke(app, [*command, "--privacy", "public", "--out", str(tmp_path / "p")], env={"COLUMNS": "200"})
    assert internal.exit_code == 0 and public.exit_code == 0, public.output
    assert "Ties gained: 1;" in internal.output
    assert "Ties gained: <5; ties lost: 0;" in public.output
    indicators = pd.read_csv(tmp_path / "p" / "indicators.csv", encoding="utf-8-sig", dtype=str).set_index("indicator")
    assert "mean_tie_weight" not in indicators.index and "strength" not in set(
        pd.read_csv(tmp_path / "p" / "measures.csv", encoding="utf-8-sig")["measure"]
    )
    assert indicators.loc["isolates"].tolist() == ["0", "0", "0"]


def test_the_bundle_network_csv_writes_counts_as_whole_numbers(result):
    from skane_ecosystem.render.csvtext import csv_text

    lines = csv_text(result.network).splitlines()
    assert "actors,7" in lines and "ties,8" in lines
