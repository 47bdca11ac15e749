"""Write the tutorial notebooks of skane_ecosystem, without outputs.

The notebooks are generated rather than edited in Jupyter, so that every change is a
readable diff of this file and the stored ``.ipynb`` files never carry outputs,
execution counts or personal paths.  Run it from anywhere::

    python notebooks/build_notebooks.py            # rewrites the notebooks next to this file
    python notebooks/build_notebooks.py OUT_DIR    # writes them into OUT_DIR instead

The same script always writes the same bytes (cell ids are fixed, not random), and
``tests/test_notebooks.py`` checks that the stored notebooks are what it writes, then
executes each of them with a real Jupyter kernel.

The notebooks
-------------
01_quickstart.ipynb
    The whole pipeline on the synthetic demo: load, analyze, findings, explore, plot.
02_your_survey.ipynb
    Importing a Google Forms or Qualtrics roster export: reading the export, name
    reconciliation (corrections, errors, aliases), then analysis.
03_scenarios_and_waves.ipynb
    What-if removals, robustness curves, the 2019 -> 2022 wave comparison and
    suggested bridges.
04_inference.ipynb
    Is it more than chance? Homophily, MRQAP, the dyadic model, change between
    waves and non-response, then the same tests in an analysis and its report.
"""

from __future__ import annotations

import os
import sys
import tempfile
import textwrap
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent

#: Where a notebook writes its files, relative to the folder it runs in.
OUTPUT_FOLDER = "output"

_KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def md(cell_id: str, *parts: str):
    """A markdown cell with a fixed id (random ids would change on every build).

    Each part is dedented on its own, so a shared block such as ``SYNTHETIC_NOTE``
    can follow an indented text without turning it into a code block.
    """
    return new_markdown_cell("\n\n".join(textwrap.dedent(part).strip() for part in parts), id=cell_id)


def code(cell_id: str, source: str):
    """A code cell with a fixed id, no outputs and no execution count."""
    return new_code_cell(textwrap.dedent(source).strip(), id=cell_id)


SYNTHETIC_NOTE = """
> **The demo is synthetic.** Its organisations, people and ties are invented; only the
> municipality names are real, so that maps look familiar. No real relationship is
> implied, and every output made from it says so.
"""


# ======================================================================= 01
def quickstart_cells() -> list:
    return [
        md(
            "title",
            """
            # Quickstart: from survey answers to findings

            This notebook walks through the whole pipeline of `skane_ecosystem` on the
            embedded demo survey:

            1. **load** the survey into an `Ecosystem`: who the actors are and which ties
               they reported;
            2. **analyze** it: network measures for every actor and for the whole
               network, and *findings*: actors and structures that facilitate or impede
               social entrepreneurship, each with the evidence that raised it;
            3. **explore** the result on an interactive map and in static figures;
            4. write the **report** for policymakers.

            No background in network analysis is assumed: each step says what a measure
            means and names the paper it comes from.
            """,
            SYNTHETIC_NOTE,
        ),
        code(
            "setup",
            f"""
            from pathlib import Path

            import pandas as pd

            import skane_ecosystem as se
            from skane_ecosystem.demo import demo_planted

            pd.set_option("display.max_columns", 12)
            pd.set_option("display.max_colwidth", 120)
            pd.set_option("display.width", 160)

            # Everything this notebook writes goes into one folder where it runs.
            OUTPUT = Path("{OUTPUT_FOLDER}")
            OUTPUT.mkdir(exist_ok=True)
            print("skane_ecosystem", se.__version__)
            """,
        ),
        md(
            "load-intro",
            """
            ## 1. Load the survey

            A network survey asks each organisation which other organisations it works
            with. `skane_ecosystem` keeps the answers in an **`Ecosystem`** of two tidy
            tables:

            * `actors`: one row per organisation, with its **sector** (public, business,
              academia, civil society), type, municipality, and whether it answered the
              survey (`respondent`);
            * `ties`: one row per *reported* tie: who named whom (`source` → `target`),
              the **relation** (collaboration, funding, advice, information), its
              strength (`weight`, on a 1–5 frequency scale), the survey **wave** (year)
              and who reported it.

            Your own survey loads with `se.load("survey.xlsx")` (see
            `02_your_survey.ipynb`); the demo is one call.
            """,
        ),
        code(
            "load",
            """
            eco = se.demo()
            eco
            """,
        ),
        code(
            "load-summary",
            """
            print(f"{len(eco.actors)} actors, {len(eco.ties)} tie reports")
            print("relations:", ", ".join(eco.relations))
            print("waves:", ", ".join(eco.waves))
            print(f"response rate: {eco.response_rate():.0%}")
            """,
        ),
        code(
            "tables",
            """
            display(eco.actors.head())
            display(eco.ties.head())
            """,
        ),
        md(
            "validation-intro",
            """
            ### What loading corrected

            Respondents misspell names ("Fyrtorn Socail Enterprise AB"). The loader
            matches every written name to an actor: exactly, ignoring case and accents,
            through an alias table, or, when the name is very similar to exactly one
            actor, fuzzily (a similarity of at least 90 out of 100). Each fuzzy
            correction is recorded with where it was found and its score, so you can
            check it; a name it cannot place stops the load with an error that says
            where to look. Warnings about the data are kept in the same report.
            """,
        ),
        code(
            "validation",
            """
            report = eco.validation.to_frame()
            display(report.query("severity == 'correction'")[["sheet", "row", "column", "original", "corrected", "score"]])
            for warning in eco.validation.warnings:
                print("warning:", warning.message)
            """,
        ),
        md(
            "analyze-intro",
            """
            ## 2. Analyze

            `se.analyze(eco)` turns the ties into a network and measures it. By default
            it takes

            * the **latest wave** (2022): pooling waves would mix the networks of
              different years;
            * **all relations combined**: two organisations are tied when any relation
              links them (`relation="funding"` analyses one);
            * **union** mode: a tie named by one side only still counts
              (`mode="mutual"` keeps only the ties both sides confirm).

            Findings are only useful if they survive the imperfections of survey data:
            some organisations did not answer, and ties named by one side only are
            uncertain. So every finding gets a **stability**: the share of resampled
            copies of the data (10% of the respondents left out, half of the one-sided
            ties dropped) in which it still holds. Centrality rankings are known to shift
            with missing data (Borgatti, Carley & Krackhardt 2006; Kossinets 2006);
            stability shows how much that matters for each finding.
            """,
        ),
        code(
            "analyze",
            """
            # The default is 100 resamples; 20 keep this notebook quick and still tell
            # solid findings (stability near 1) from fragile ones.
            config = se.AnalysisConfig(stability={"resamples": 20})
            result = se.analyze(eco, config)
            result
            """,
        ),
        md(
            "network-intro",
            """
            ## 3. The network as a whole

            The indicator table describes the whole network (definitions in
            `docs/metrics.md`):

            * `density`: the share of all possible ties that exist;
            * `components`, `main_component_share`, `isolates`: how many separate parts
              the network falls into, the share of actors in the largest, and the actors
              with no ties at all;
            * `degree_centralization`, `betweenness_centralization`: how much the network
              is organised around a few actors, from 0 (everyone alike) to 1 (a star)
              (Freeman 1978);
            * `response_rate`, `confirmed_tie_share`: the share of actors who answered,
              and of ties both sides reported.
            """,
        ),
        code(
            "network",
            """
            result.network
            """,
        ),
        md(
            "actors-intro",
            """
            ## 4. Who is central, who brokers

            Every actor gets about thirty measures (`result.actors`; all defined in
            `docs/metrics.md`). The most telling for an ecosystem:

            * `degree`: the number of partners; `strength`: the summed strength of its
              ties (Barrat et al. 2004; Opsahl, Agneessens & Skvoretz 2010);
            * `betweenness`: the share of shortest paths between other actors that pass
              through it (Freeman 1977): actors with high betweenness connect parts of
              the ecosystem that would otherwise be far apart;
            * `constraint`: Burt's constraint (Burt 1992), low when the actor's contacts
              are not tied to each other, so that it spans *structural holes*;
            * `cross_sector_share`: the share of its partners in another sector;
            * `participation`: how evenly its ties spread over the network's communities
              (Guimerà & Amaral 2005).
            """,
        ),
        code(
            "top-actors",
            """
            columns = ["name", "sector", "municipality", "degree", "strength", "betweenness", "constraint",
                       "cross_sector_share"]
            result.actors.sort_values("betweenness", ascending=False)[columns].head(10)
            """,
        ),
        md(
            "flags-intro",
            """
            ## 5. Facilitators and impediments

            Rules turn measures into findings (`result.flags`, one row per finding; every
            rule is described in `skane_ecosystem.flags`). **Facilitators** are actors
            that hold the ecosystem together: *hubs* (many strong ties), *brokers* (high
            betweenness, low constraint), *boundary spanners* and *gatekeepers*
            (brokerage roles between sectors; Gould & Fernandez 1989) and *community
            bridges*. **Impediments** are weak spots: *single points of failure* (actors
            whose departure cuts others off), *bottlenecks*, *isolated* and *peripheral*
            actors, *sector silos* (E-I index; Krackhardt & Stern 1988), *missing
            bridges* between sectors, municipalities reached through one *gateway*, and
            a *funding dependency* on one funder.

            Thresholds are relative to the network (a hub is among the top few percent
            by strength, not above a fixed number), so the same rules work for 40 and
            for 4,000 actors; `AnalysisConfig` holds them all, and `result.config` the
            ones used.
            """,
        ),
        code(
            "flag-counts",
            """
            result.flags.groupby(["kind", "code"]).size().rename("findings").to_frame()
            """,
        ),
        code(
            "impediments",
            """
            impediments = result.flags.query("kind == 'impediment'")
            impediments[["subject", "subject_name", "code", "stability", "explanation_en"]]
            """,
        ),
        md(
            "evidence-intro",
            """
            ### Every finding carries its evidence

            A finding is never just a label: `evidence` holds the numbers and the
            threshold that raised it, `explanation_en` (and `explanation_sv`) says it in
            words, and `stability` says how often it held in the resamples. Here is the
            sector silo:
            """,
        ),
        code(
            "evidence",
            """
            silo = result.flags.query("code == 'sector_silo'").iloc[0]
            print(silo["explanation_en"])
            print("evidence:", silo["evidence"])
            print("stability:", silo["stability"])
            """,
        ),
        md(
            "tentative-intro",
            """
            Findings that held in fewer than half of the resamples
            (`config.stability.tentative_below`) are marked `tentative`: they rest on a
            few uncertain answers, so the report, the map and the command line do not
            present them as findings but list them apart, with their stability. Check
            the underlying ties with the organisations concerned before using them.
            """,
        ),
        code(
            "tentative",
            """
            tentative = result.flags.query("tentative")
            print(f"{len(tentative)} of {len(result.flags)} findings are tentative")
            tentative[["subject", "subject_name", "code", "stability"]].head(10)
            """,
        ),
        md(
            "planted-intro",
            """
            ### Does it find what is there?

            Because the demo is synthetic we know which structures were planted in it:
            three regional hubs, one funder most funding depends on, a business sector
            that keeps to itself, a municipality reached only through one local actor,
            and isolated social enterprises. Testing a method on data where the answer
            is known is a good habit before trusting it on real data.
            """,
        ),
        code(
            "planted",
            """
            planted = demo_planted()
            flags = result.flags


            def found(code):
                return set(flags.loc[flags["code"] == code, "subject"])


            checks = {
                "the regional hubs": set(planted["hubs"]) <= found("hub"),
                "the funding dependency on the main funder": planted["main_funder"] in found("funding_dependency"),
                "the business silo": planted["silo_sector"] in found("sector_silo"),
                "the gateway municipality": planted["gateway_municipality"] in found("municipality_gateway"),
                "the isolated social enterprises": set(planted["isolated"]) <= found("isolated"),
            }
            for structure, ok in checks.items():
                print("found:" if ok else "MISSED:", structure)
            """,
        ),
        md(
            "sectors-intro",
            """
            ## 6. Sectors: who works with whom

            `result.sectors` is the bundle's sectors.csv: one row per sector with its actors,
            response rate, ties within and across, and ties with each other sector. A sector
            whose ties stay mostly inside it has a low E-I index, (external − internal) /
            (external + internal), from −1 (only internal ties) to +1 (only external)
            (Krackhardt & Stern 1988). `result.sector_matrix` holds the same tie counts as a
            sector × sector matrix, which the heat map draws.
            """,
        ),
        code(
            "sectors",
            """
            result.sectors
            """,
        ),
        code(
            "sectors-plot",
            """
            result.plot(kind="sectors")
            """,
        ),
        md(
            "communities-intro",
            """
            ### Communities

            Communities are groups of actors more tied to each other than to the rest,
            found with the Louvain method (Blondel et al. 2008, seeded so the result is
            reproducible); `modularity` (Newman & Girvan 2004) says how clearly the
            network divides into them (above about 0.3 is a clear division). The table
            shows each community's size and sector mix.
            """,
        ),
        code(
            "communities",
            """
            result.communities
            """,
        ),
        md(
            "explore-intro",
            """
            ## 7. Explore

            `result.explore()` draws the interactive map: colours are sectors, sizes
            betweenness, and actors with findings are marked. Click an actor for its
            measures and findings. The map works offline, so `.save()` gives a single
            HTML file a policymaker can open on a locked-down computer.
            """,
        ),
        code(
            "explore",
            """
            network_map = result.explore()
            network_map.save(OUTPUT / "demo_map.html")
            network_map
            """,
        ),
        md(
            "plot-intro",
            """
            `result.plot()` draws the same network as a static figure for papers and
            slides (the same layout and colours as the map, the strongest findings
            named); `kind="measure"` shows how a measure is spread within each sector.
            """,
        ),
        code(
            "plot-network",
            """
            result.plot()
            """,
        ),
        code(
            "plot-measure",
            """
            result.plot(kind="measure", measure="betweenness")
            """,
        ),
        md(
            "report-intro",
            """
            ## 8. Write the report

            `result.report(folder)` writes everything into one folder: `report.html`
            (self-contained: it opens offline and prints to PDF), `report.xlsx` with
            every table, the interactive `map.html`, the figures, CSV tables, GEXF and
            GraphML files for Gephi or igraph, and `run.json` with the tool version,
            checksums of the input files and every setting, so that the analysis can be
            reproduced. The files appear complete or not at all.

            `privacy="public"` is for readers outside the research team: contact persons
            get pseudonyms, free-text comments and tie weights are left out, and counts
            below 5 are shown as "<5". `lang="sv"` writes everything in Swedish.
            """,
        ),
        code(
            "report",
            """
            written = result.report(OUTPUT / "report", lang="en", privacy="public")
            print("written to", OUTPUT / "report")
            print(", ".join(name for name in sorted(written) if not name.startswith("figures/")))
            print(sum(name.startswith("figures/") for name in written), "files in figures/")
            """,
        ),
        md(
            "next",
            """
            ## Next steps

            * `02_your_survey.ipynb`: bring in your own survey export (Google Forms,
              Qualtrics) and reconcile organisation names;
            * `03_scenarios_and_waves.ipynb`: what if an actor or a funding programme
              disappears, how robust the network is, and what changed between waves;
            * the command line does the same in one go:
              `skane-eco analyze survey.xlsx --out reports/`.

            **References**

            * Barrat, A., Barthélemy, M., Pastor-Satorras, R. & Vespignani, A. (2004). The architecture of complex weighted networks. *PNAS*, 101(11), 3747–3752.
            * Blondel, V. D., Guillaume, J.-L., Lambiotte, R. & Lefebvre, E. (2008). Fast unfolding of communities in large networks. *J. Stat. Mech.*, P10008.
            * Borgatti, S. P., Carley, K. M. & Krackhardt, D. (2006). On the robustness of centrality measures under conditions of imperfect data. *Social Networks*, 28(2), 124–136.
            * Burt, R. S. (1992). *Structural Holes: The Social Structure of Competition*. Harvard University Press.
            * Freeman, L. C. (1977). A set of measures of centrality based on betweenness. *Sociometry*, 40(1), 35–41.
            * Freeman, L. C. (1978). Centrality in social networks: conceptual clarification. *Social Networks*, 1(3), 215–239.
            * Gould, R. V. & Fernandez, R. M. (1989). Structures of mediation: a formal approach to brokerage in transaction networks. *Sociological Methodology*, 19, 89–126.
            * Guimerà, R. & Amaral, L. A. N. (2005). Functional cartography of complex metabolic networks. *Nature*, 433, 895–900.
            * Kossinets, G. (2006). Effects of missing data in social networks. *Social Networks*, 28(3), 247–268.
            * Krackhardt, D. & Stern, R. N. (1988). Informal networks and organizational crises: an experimental simulation. *Social Psychology Quarterly*, 51(2), 123–140.
            * Newman, M. E. J. & Girvan, M. (2004). Finding and evaluating community structure in networks. *Physical Review E*, 69, 026113.
            * Opsahl, T., Agneessens, F. & Skvoretz, J. (2010). Node centrality in weighted networks: generalizing degree and shortest paths. *Social Networks*, 32(3), 245–251.
            """,
        ),
    ]


# ======================================================================= 02
def your_survey_cells() -> list:
    return [
        md(
            "title",
            """
            # Your survey: importing a roster export

            Most ecosystem surveys are **roster surveys**: every respondent sees the full
            list of organisations and answers one grid question per relation ("How often
            do you collaborate with these organisations?"), one answer per organisation
            (Wasserman & Faust 1994, ch. 2; Marsden 1990). Google Forms and Qualtrics
            export such a survey *wide*: one row per respondent and one column per
            question × organisation.

            This notebook shows how to

            1. load such an export with `se.load_roster`, turning every answered cell into
               a tie;
            2. reconcile the organisation names respondents typed with your actor list:
               automatic corrections, errors that say where to look, and aliases;
            3. analyze the result.

            Your export is only read, never changed: every correction is made in a copy.
            """,
            SYNTHETIC_NOTE,
        ),
        code(
            "setup",
            f"""
            import csv
            from pathlib import Path

            import pandas as pd

            import skane_ecosystem as se
            from skane_ecosystem.demo import demo_path

            pd.set_option("display.max_columns", 12)
            pd.set_option("display.max_colwidth", 120)
            pd.set_option("display.width", 160)

            # Everything this notebook writes goes into one folder where it runs.
            OUTPUT = Path("{OUTPUT_FOLDER}")
            OUTPUT.mkdir(exist_ok=True)
            """,
        ),
        md(
            "demo-intro",
            """
            ## 1. A Google Forms export

            The demo ships the 2022 wave of its survey as a Google Forms export. Row 1
            holds the headers: a timestamp, the question "Which organisation do you
            represent?", and one column per grid cell, written
            `Question [Organisation]`. Each later row is one response.
            """,
        ),
        code(
            "demo-peek",
            """
            export = demo_path("roster_2022_google_forms.csv")
            responses = pd.read_csv(export)
            print(f"{len(responses)} responses, {responses.shape[1]} columns")
            responses.columns[:4].to_list()
            """,
        ),
        md(
            "demo-load-intro",
            """
            `load_roster` needs to know which column names the respondent, and which
            question asks about which relation. A question can be given by its
            beginning; case, accents and punctuation are ignored. Answers are read on a
            1–5 frequency scale ("Rarely" = 1 … "Daily" = 5, in English or Swedish;
            "Never" or an empty cell is no tie); pass `scale=` for other wordings.

            The actors table gives each organisation's sector, type and municipality.
            Without it, the actors are the organisations named in the export, all of
            sector "other".
            """,
        ),
        code(
            "demo-load",
            """
            eco = se.load_roster(
                export,
                respondent_column="Which organisation do you represent?",
                questions={
                    "collaboration": "How often do you collaborate",
                    "funding": "How often do you receive funding",
                    "advice": "How often do you seek or give advice",
                    "information": "How often do you exchange information",
                },
                # The funding question asks what the respondent receives: money flows
                # from the organisation named (the target) to the respondent (the source).
                directions={"funding": "target_to_source"},
                actors=demo_path("actors.csv"),
                wave=2022,
                title="Synthetic Skåne social-innovation ecosystem (demo, roster export)",
            )
            # The shipped demo files are labelled synthetic whichever loader reads them.
            print(f"{len(eco.actors)} actors, {len(eco.ties)} tie reports")
            eco
            """,
        ),
        md(
            "demo-validation-intro",
            """
            The validation report lists everything loading noticed. Here there is one
            warning: some ties between two respondents were named by one side only. In
            the default *union* mode they count as ties; `mode="mutual"` leaves out the
            ties between two respondents that only one of them named, a stricter reading
            worth comparing. (Funding is asked of the receiving side only, so its ties
            are never contradicted by the funder's silence and stay in both modes.)
            """,
        ),
        code(
            "demo-validation",
            """
            for problem in eco.validation:
                print(f"{problem.severity}: {problem.message}")

            union = eco.graph(mode="union").number_of_edges()
            mutual = eco.graph(mode="mutual").number_of_edges()
            print(f"ties in union mode: {union}, in mutual mode: {mutual}")
            """,
        ),
        md(
            "own-intro",
            """
            ## 2. Your own export, and names that need reconciling

            Now a small survey of your own, here in the Qualtrics layout: three header
            rows (column ids, question texts written `Question - Organisation`, and
            import ids), responses from row 4. The cell below writes it, as Qualtrics
            would, with the kind of names real respondents type:

            * "Skane Social Impact Fund" and "Osterlen Reuse Cooperative" without their
              accents: matched silently, since only case, accents and spacing differ;
            * "Centre for Social Entrepreneurship Reserch (Lund)": a typo, corrected
              fuzzily and recorded with its similarity score;
            * "SSIF": an abbreviation no algorithm can guess.
            """,
        ),
        code(
            "own-write",
            """
            actors = pd.DataFrame(
                [
                    ("S01", "Regional development office (Skåne)", "public", "regional authority", "Malmö"),
                    ("S02", "Malmö Social Innovation Hub", "civil society", "incubator", "Malmö"),
                    ("S03", "Centre for Social Entrepreneurship Research (Lund)", "academia", "research centre", "Lund"),
                    ("S04", "Skåne Social Impact Fund", "civil society", "foundation", "Malmö"),
                    ("S05", "Österlen Reuse Cooperative", "civil society", "social enterprise", "Simrishamn"),
                    ("S06", "Ystad Work Integration AB", "business", "social enterprise", "Ystad"),
                ],
                columns=["id", "name", "sector", "type", "municipality"],
            )
            actors.to_csv(OUTPUT / "my_actors.csv", index=False)

            QUESTIONS = {
                "collaboration": "How often do you collaborate with",
                "funding": "How often do you receive funding from",
            }
            LISTED = ["Regional development office (Skåne)", "Malmö Social Innovation Hub",
                      "Centre for Social Entrepreneurship Research (Lund)", "Skane Social Impact Fund",
                      "Osterlen Reuse Cooperative", "Ystad Work Integration AB"]


            def qualtrics_headers():
                # The three header rows Qualtrics writes: column ids, question texts, import ids.
                ids = ["StartDate", "Q1"]
                texts = ["Start Date", "Which organisation do you represent?"]
                imports = ['{"ImportId":"startDate"}', '{"ImportId":"QID1_TEXT"}']
                for q, question in enumerate(QUESTIONS.values(), start=2):
                    for i, organisation in enumerate(LISTED, start=1):
                        ids.append(f"Q{q}_{i}")
                        texts.append(f"{question} these organisations? - {organisation}")
                        imports.append(f'{{"ImportId":"QID{q}_{i}"}}')
                return [ids, texts, imports]


            # Each response: start date, respondent, then one answer per organisation in LISTED
            # order, first about collaboration, then about funding (empty = not answered).
            RESPONSES = [
                ["2022-03-01 09:12", "Regional development office (Skåne)", "", "Weekly", "Monthly", "Rarely", "Never", "Monthly"] + [""] * 6,
                ["2022-03-01 10:40", "Malmö Social Innovation Hub", "Weekly", "", "Monthly", "Weekly", "Rarely", "", "Monthly", "", "", "Quarterly", "", ""],
                ["2022-03-02 14:05", "Centre for Social Entrepreneurship Reserch (Lund)", "Monthly", "Monthly", "", "", "", "Rarely"] + [""] * 6,
                ["2022-03-03 08:30", "Osterlen Reuse Cooperative", "", "Rarely", "", "Monthly", "", "", "", "", "", "Monthly", "", ""],
                ["2022-03-03 11:00", "Ystad Work Integration AB", "Monthly", "", "Rarely", "", "", "", "", "", "", "", "", ""],
                ["2022-03-04 16:20", "SSIF", "Monthly", "Weekly", "", "", "Monthly", "Rarely"] + [""] * 6,
            ]


            def write_export(path, rows):
                # Qualtrics writes UTF-8 with a byte-order mark, which Excel needs to show å, ä, ö.
                with open(path, "w", encoding="utf-8-sig", newline="") as handle:
                    csv.writer(handle).writerows(rows)


            my_export = OUTPUT / "my_qualtrics_export.csv"
            write_export(my_export, qualtrics_headers() + RESPONSES)
            print(my_export.read_text(encoding="utf-8-sig").splitlines()[1][:160], "...")
            """,
        ),
        md(
            "own-error-intro",
            """
            Loading it stops at "SSIF": no actor is close enough to guess. The error is a
            `SurveyDataError` that lists *every* problem at once, each with the file, the
            row as Excel shows it, the column, the closest actors and what to do, so a
            survey administrator can fix everything in one pass.
            """,
        ),
        code(
            "own-error",
            """
            def load_my_export(path):
                return se.load_roster(path, respondent_column="Which organisation do you represent?",
                                      questions=QUESTIONS, actors=OUTPUT / "my_actors.csv", wave=2022)


            try:
                load_my_export(my_export)
            except se.SurveyDataError as error:
                print(error)
                problems = error.to_frame()
            problems[["file", "row", "column", "message"]]
            """,
        ),
        md(
            "own-fix-intro",
            """
            The fix goes into a **copy** of the export, so the raw data stays as it came
            from the survey tool. The problem's row number is the one Excel shows
            (header rows included), so it points straight at the cell.
            """,
        ),
        code(
            "own-fix",
            """
            problem = problems.iloc[0]
            rows = list(csv.reader(my_export.open(encoding="utf-8-sig", newline="")))
            column = rows[1].index(problem["column"])  # Qualtrics: the question texts are on row 2
            rows[int(problem["row"]) - 1][column] = "Skåne Social Impact Fund"

            corrected_export = OUTPUT / "my_qualtrics_export_corrected.csv"
            write_export(corrected_export, rows)
            my_eco = load_my_export(corrected_export)
            my_eco.meta["synthetic"] = True  # this small survey is invented too: say so in anything made from it
            print(f"{len(my_eco.actors)} actors, {len(my_eco.ties)} tie reports")
            my_eco.validation.to_frame()[["severity", "row", "column", "original", "corrected", "score", "message"]]
            """,
        ),
        md(
            "own-result",
            """
            The report shows the fuzzy correction (with its row, column and similarity
            score) and a warning about ties confirmed by one side only. Names that
            differed only in accents were matched without a note. Check the
            corrections: if one is wrong, fix that name in the copy as above, or raise
            the threshold (`threshold=95`) so fewer names are corrected automatically.
            """,
        ),
        md(
            "aliases-intro",
            """
            ## 3. Aliases: names no algorithm can guess

            Abbreviations ("MSIH"), old names and other languages ("Malmö stad" for the
            City of Malmö) are best listed once in an **aliases table** (`alias`,
            `actor_id`) and given to the loader, instead of corrected in every file.
            The loaders of tie lists (`se.load` for a workbook or CSV files) take one;
            the demo ships its own:
            """,
        ),
        code(
            "aliases-table",
            """
            pd.read_csv(demo_path("aliases.csv"), sep=";")
            """,
        ),
        md(
            "aliases-without",
            """
            The demo's tie list, in Swedish CSV files (`;`-separated, Swedish headers),
            uses two of those names. Without the aliases table, loading stops at them:
            """,
        ),
        code(
            "aliases-without-code",
            """
            try:
                se.load(demo_path("ties.csv"), actors=demo_path("actors.csv"))
            except se.SurveyDataError as error:
                print(error)
            """,
        ),
        code(
            "aliases-with",
            """
            with_aliases = se.load(demo_path("ties.csv"), actors=demo_path("actors.csv"), aliases=demo_path("aliases.csv"))
            print(with_aliases)
            """,
        ),
        md(
            "aliases-roster",
            """
            `load_roster` does not take an aliases table yet: for a roster export,
            correct such names in a copy, as in section 2, or add the spelling to the
            actors table as the error message suggests.
            """,
        ),
        md(
            "analyze-intro",
            """
            ## 4. Analyze

            The imported survey is an `Ecosystem` like any other, so the analysis of
            `01_quickstart.ipynb` applies unchanged. Here the demo's roster import (the
            2022 wave) is analysed.

            A first check worth making with any import: the demo ships the same survey as
            a workbook too, and both must give the same 2022 network.
            """,
        ),
        code(
            "same-network",
            """
            def ties_of(ecosystem, **options):
                return {frozenset(pair) for pair in ecosystem.graph(**options).edges}


            same = ties_of(eco) == ties_of(se.demo(), wave="2022")
            print("same 2022 network as the workbook:", same)
            """,
        ),
        code(
            "analyze",
            """
            # The default is 100 resamples for the stability of findings; 20 keep this
            # notebook quick.
            result = se.analyze(eco, se.AnalysisConfig(stability={"resamples": 20}))
            result
            """,
        ),
        code(
            "analyze-findings",
            """
            strongest = result.flags.sort_values(["kind", "score"], ascending=[True, False]).groupby("kind").head(5)
            strongest[["kind", "subject", "code", "stability", "explanation_en"]]
            """,
        ),
        code(
            "analyze-map",
            """
            result.explore().save(OUTPUT / "roster_map.html")
            print("map written to", OUTPUT / "roster_map.html")
            """,
        ),
        md(
            "checklist",
            """
            ## Checklist for your own survey

            1. Export the responses as CSV (or .xlsx) from Google Forms or Qualtrics;
               keep that file as it is.
            2. Make an actors table (`id`, `name`, `sector`, `type`, `municipality`):
               `se.write_template("template.xlsx")` writes one to fill in.
            3. Call `se.load_roster` with the respondent column and one question
               beginning per relation; read `eco.validation` before anything else.
            4. Fix names in a copy of the export, or in the actors table, until it
               loads; check every fuzzy correction.
            5. Analyze, and compare `mode="union"` with `mode="mutual"` if many ties are
               one-sided.

            **References**

            * Marsden, P. V. (1990). Network data and measurement. *Annual Review of Sociology*, 16, 435–463.
            * Wasserman, S. & Faust, K. (1994). *Social Network Analysis: Methods and Applications*. Cambridge University Press.
            """,
        ),
    ]


# ======================================================================= 03
def scenarios_cells() -> list:
    return [
        md(
            "title",
            """
            # Scenarios and waves

            Policymakers ask scenario questions. What happens to the ecosystem if this
            funder's programme ends, or this incubator closes? How much damage can the
            network take? What changed since the last survey? Which new ties would help
            most? `skane_ecosystem.scenarios` answers each with tables that can go
            straight into a report:

            | question | function |
            |---|---|
            | what if these actors or relations disappear? | `whatif` |
            | how robust is the network to losing actors? | `robustness` |
            | what changed between two survey waves? | `compare` |
            | which new ties would connect the ecosystem best? | `suggest_bridges` |
            """,
            SYNTHETIC_NOTE,
        ),
        code(
            "setup",
            """
            import pandas as pd

            import skane_ecosystem as se
            from skane_ecosystem.demo import demo_planted
            from skane_ecosystem.render.figures import wave_change_figure
            from skane_ecosystem.scenarios import compare, robustness, suggest_bridges, whatif

            pd.set_option("display.max_columns", 12)
            pd.set_option("display.max_colwidth", 120)
            pd.set_option("display.width", 160)

            eco = se.demo()
            planted = demo_planted()
            # Scenarios compare the structure before and after a change, so the stability
            # resampling of 01_quickstart.ipynb (the slow part of analyze) is switched off.
            config = se.AnalysisConfig(stability={"enabled": False})
            result = se.analyze(eco, config)
            result
            """,
        ),
        md(
            "whatif-funder-intro",
            """
            ## 1. What if the main funder's programme ends?

            `whatif` removes actors (by id or by name, spelled as loosely as in a survey)
            or whole relations, analyses the network again with the same settings, and
            reports the differences: in the network indicators, in who can still reach
            whom, and in the findings.
            """,
        ),
        code(
            "whatif-funder",
            """
            without_funder = whatif(result, remove_actors=["Skåne Social Impact Fund"])
            print("removed:", without_funder.removed_actors)
            without_funder.indicators
            """,
        ),
        md(
            "whatif-funder-flags-intro",
            """
            The ecosystem stays connected: every actor that reached the others still
            does (`lost_reach` is empty). The findings change more. Those that vanish
            include the funding dependency itself; those that appear show who would
            have to carry more:
            """,
        ),
        code(
            "whatif-funder-flags",
            """
            print(f"actors losing reach: {len(without_funder.lost_reach)}")
            print("vanished:", ", ".join(sorted(set(without_funder.flags_vanished["code"]))))
            without_funder.flags_appeared.query("kind == 'impediment'")[["subject", "code", "explanation_en"]]
            """,
        ),
        md(
            "whatif-gateway-intro",
            """
            ## 2. What if a local gateway closes?

            In the demo, the actors of one municipality reach the rest of the region only
            through one local organisation. Removing it shows what a *single point of
            failure* means in practice: `lost_reach` lists, for every remaining actor
            that can no longer reach someone, how many actors it could reach before and
            after, and whether it is *cut off* from the main component (`cut_off`) or
            still in it with fewer actors within reach (`reach_shrinks`).
            """,
        ),
        code(
            "whatif-gateway",
            """
            gateway = planted["gateway_actor"]
            print("removing", eco.actors.loc[gateway, "name"], "in", eco.actors.loc[gateway, "municipality"])
            gateway_closes = whatif(result, remove_actors=[gateway])
            lost = gateway_closes.lost_reach.join(eco.actors["municipality"])
            print(f"{len(gateway_closes.cut_off)} actors are cut off from the main component; "
                  f"{len(gateway_closes.reach_shrinks)} others reach fewer actors. Those cut off:")
            lost.query("status == 'cut_off'").sort_values("name")[["name", "municipality", "reach_before", "reach_after"]]
            """,
        ),
        md(
            "whatif-relation-intro",
            """
            ## 3. What if a whole relation disappears?

            `remove_relations=["funding"]` asks what the network would look like without
            any funding ties, for instance if a funding programme ended altogether.
            """,
        ),
        code(
            "whatif-relation",
            """
            no_funding = whatif(result, remove_relations=["funding"])
            no_funding.indicators.set_index("indicator").loc[["ties", "density", "main_component_share", "components"]]
            """,
        ),
        md(
            "robustness-intro",
            """
            ## 4. How robust is the network?

            A robustness curve removes actors one by one and follows the share of actors
            still in the largest connected part (Albert, Jeong & Barabási 2000). Removing
            the most central actors first (an *attack*) is compared with removing actors
            at random (a *failure*). The area under the curve summarises it: 1 is
            perfectly robust, about 0.5 a chain (Schneider et al. 2011). A large gap
            between attack and failure means the ecosystem depends on a few central
            actors.
            """,
        ),
        code(
            "robustness",
            """
            curves = {order: robustness(result, order=order) for order in ("betweenness", "degree", "random")}
            pd.DataFrame({"removal order": list(curves), "area under the curve": [c.auc for c in curves.values()]})
            """,
        ),
        code(
            "robustness-plot",
            """
            result.plot(kind="robustness")
            """,
        ),
        md(
            "compare-intro",
            """
            ## 5. What changed between the waves?

            The demo was surveyed in 2019 and 2022. `compare` analyses both waves with
            the same settings and lists the ties gained and lost, the actors entering
            and leaving the network, the change in every indicator and key actor
            measure, and the findings that appeared, vanished or persisted. Comparing
            waves only makes sense for the same survey design; a change in who answered
            shows up as change in the network too, so read it together with the
            response rates.
            """,
        ),
        code(
            "compare",
            """
            change = compare(eco, 2019, 2022)
            names = eco.actors["name"]
            print(f"{len(change.ties_gained)} ties gained, {len(change.ties_lost)} ties lost")
            print("entering:", ", ".join(names[change.actors_entering]))
            print("leaving:", ", ".join(names[change.actors_leaving]))
            print("as planted:", set(change.actors_entering) == set(planted["entering_2022"])
                  and set(change.actors_leaving) == set(planted["leaving_2022"]))
            change.indicators
            """,
        ),
        code(
            "compare-plot",
            """
            wave_change_figure(change, synthetic=eco.synthetic)
            """,
        ),
        md(
            "compare-measures-intro",
            """
            Which actors gained or lost most as brokers? `change.measures` holds, for
            every actor and key measure, the value in each wave and the change.
            """,
        ),
        code(
            "compare-measures",
            """
            betweenness = change.measures.query("measure == 'betweenness'").set_index("actor")
            betweenness = betweenness.join(names).sort_values("change")
            pd.concat([betweenness.head(3), betweenness.tail(3)])[["name", "from", "to", "change"]]
            """,
        ),
        code(
            "compare-flags",
            """
            columns = ["subject", "code", "explanation_en"]
            print("impediments that appeared in 2022:")
            display(change.flags_appeared.query("kind == 'impediment'")[columns])
            print("impediments that vanished since 2019:")
            display(change.flags_vanished.query("kind == 'impediment'")[columns])
            """,
        ),
        md(
            "bridges-intro",
            """
            ## 6. Which new ties would help most?

            `suggest_bridges` looks for missing ties between well-connected actors of
            different components, sectors or communities, and ranks them by how much
            they would lower the network's *fragmentation*: Borgatti's distance-weighted
            fragmentation, one minus the average of 1/distance over all pairs of actors
            (Borgatti 2006). `new_cross_sector_pairs` counts the pairs of actors from
            different sectors that the tie would newly connect.
            """,
        ),
        code(
            "bridges",
            """
            bridges = suggest_bridges(result, k=200)
            shown = ["rank", "source_name", "target_name", "source_sector", "target_sector", "joins", "gain",
                     "new_cross_sector_pairs"]
            bridges[shown].head(5)
            """,
        ),
        md(
            "bridges-silo-intro",
            """
            The largest gains come from reaching the isolated enterprises. To work on the
            business silo instead, keep the suggestions that join the business sector to
            another one:
            """,
        ),
        code(
            "bridges-silo",
            """
            silo = planted["silo_sector"]
            into_silo = bridges.query("joins == 'sectors' and (source_sector == @silo or target_sector == @silo)")
            into_silo[shown].head(5)
            """,
        ),
        md(
            "next",
            """
            ## Next steps

            Every table here is a plain pandas DataFrame: save it with `.to_csv()` or
            `.to_excel()`, or pass a `Comparison` to the report (`comparison=`) so the
            section on change appears there too.

            **References**

            * Albert, R., Jeong, H. & Barabási, A.-L. (2000). Error and attack tolerance of complex networks. *Nature*, 406, 378–382.
            * Borgatti, S. P. (2006). Identifying sets of key players in a social network. *Computational and Mathematical Organization Theory*, 12(1), 21–34.
            * Schneider, C. M., Moreira, A. A., Andrade, J. S., Havlin, S. & Herrmann, H. J. (2011). Mitigation of malicious attacks on networks. *PNAS*, 108(10), 3838–3841.
            """,
        ),
    ]


# ======================================================================= 04
def inference_cells() -> list:
    return [
        md(
            "title",
            """
            # Is it more than chance? Statistical inference on the ecosystem

            The map shows who works with whom; a researcher asks whether a pattern is
            more than chance. `skane_ecosystem.inference` answers with the tests of
            UCINET and R (sna, statnet) and says the answer in plain words:

            | question | function |
            |---|---|
            | do organisations collaborate within their own sector, municipality, type? | `homophily_tests` |
            | ... said in Swedish or English, with the p-value and the level tested | `significance_sentence` |
            | does one network predict another (MRQAP)? | `qap_regression`, `qap_correlation` |
            | a dyad-independent ERGM with statnet's terms | `dyadic_model` |
            | did the network change between waves beyond noise? | `wave_change_test`, `indicator_change_test` |
            | who did not answer, and do they differ? | `missingness_report` |
            | what would the non-respondents have reported? | `impute_nonrespondents` |

            Definitions, assumptions and the equivalent R calls: `docs/inference.md`.
            """,
            SYNTHETIC_NOTE,
        ),
        code(
            "setup",
            """
            import networkx as nx
            import pandas as pd

            import skane_ecosystem as se
            from skane_ecosystem.inference import (
                IMPUTATION_METHODS, dyadic_model, homophily_tests, impute_nonrespondents,
                indicator_change_test, missingness_report, qap_regression, significance_sentence,
                wave_change_test,
            )
            from skane_ecosystem.inference.homophily import same_attribute_matrix

            pd.set_option("display.width", 160)
            eco = se.demo()
            collaboration = eco.graph(relation="collaboration")  # newest wave, union of reports
            print(f"{collaboration.number_of_nodes()} actors, {collaboration.number_of_edges()} collaboration ties")
            """,
        ),
        md(
            "homophily-text",
            """
            ## Homophily: within sector, municipality and type

            One logistic network regression of the ties on "same sector", "same
            municipality" and "same type", so each effect is net of the others. The
            p-values come from 500 QAP permutations (Dekker's double semi-partialling):
            relabelling the actors keeps each network's own structure, so they do not
            assume independent ties. `dyadic_p_value` is the same model read as a
            dyad-independent ERGM, which does assume it, and is smaller.
            """,
        ),
        code(
            "homophily",
            """
            homophily = homophily_tests(collaboration, n_permutations=500, seed=0)
            homophily.round(4)
            """,
        ),
        code(
            "sentences",
            """
            for attribute, row in homophily.iterrows():
                print(significance_sentence(row, "sv", relation="collaboration"))
                print(significance_sentence(row, "en", relation="collaboration"))
            """,
        ),
        md(
            "qap-text",
            """
            ## Does funding go with collaboration? (MRQAP)

            `qap_regression` is sna's `netlm` (least squares) or `netlogit` (logistic):
            here the collaboration ties on the funding ties and "same sector". Each
            coefficient's p-value is the share of permutations with a statistic at least
            as extreme; `p < 1/500` shows as 0.
            """,
        ),
        code(
            "qap",
            """
            funding = eco.graph(relation="funding")
            mrqap = qap_regression(
                collaboration,
                {"funding": funding, "same_sector": same_attribute_matrix(collaboration, "sector")},
                family="binomial", n_permutations=200, seed=0, weight=None,
            )
            mrqap.round(4)
            """,
        ),
        md(
            "dyadic-text",
            """
            ## The dyadic model: statnet's terms, fitted exactly

            A dyad-independent ERGM is a logistic regression on dyads, so its
            maximum-likelihood estimate is exact. First the statnet tutorial's Florentine
            marriages (networkx leaves out Pucci, who married no other family; wealth from
            ergm's `flomarriage`): the tutorial prints -2.594929 and 0.010546.
            """,
        ),
        code(
            "florentine",
            """
            families = nx.florentine_families_graph()
            families.add_node("Pucci")
            wealth = dict(zip(
                ["Acciaiuoli", "Albizzi", "Barbadori", "Bischeri", "Castellani", "Ginori", "Guadagni",
                 "Lamberteschi", "Medici", "Pazzi", "Peruzzi", "Pucci", "Ridolfi", "Salviati", "Strozzi",
                 "Tornabuoni"],
                [10, 36, 55, 44, 20, 32, 8, 42, 103, 48, 49, 3, 27, 10, 146, 48],
            ))
            nx.set_node_attributes(families, wealth, "wealth")
            florentine = dyadic_model(families, "edges + nodecov('wealth')")
            print(florentine.round(6))
            print("AIC", round(florentine.attrs["aic"], 1), "BIC", round(florentine.attrs["bic"], 1))
            """,
        ),
        md(
            "dyadic-demo-text",
            """
            On the demo: sector and municipality homophily, with each sector's overall
            activity (`nodefactor`, base level `academia`). `nodematch('sector',
            diff=True)` would be refused here: the three `other` actors have no tie among
            themselves, so that term's estimate is infinite (R's `glm` prints an arbitrary
            -9 with a standard error near 500).
            """,
        ),
        code(
            "dyadic",
            """
            model = dyadic_model(collaboration, "edges + nodefactor('sector') + nodematch('sector') + nodematch('municipality')")
            model.round(4)
            """,
        ),
        md(
            "waves-text",
            """
            ## Change between the 2019 and 2022 waves

            Is the 2022 network predicted by the 2019 one beyond chance (QAP), and did
            each indicator change more than swapping the two waves at random would give
            (a paired permutation test over dyads)?
            """,
        ),
        code(
            "waves",
            """
            before = eco.graph(relation="collaboration", wave="2019")
            after = eco.graph(relation="collaboration", wave="2022")
            persistence = wave_change_test(before, after, n_permutations=200, seed=0)
            print(persistence.round(4))
            print({key: persistence.attrs[key] for key in ("ties_kept", "ties_gained", "ties_lost")})
            """,
        ),
        code(
            "indicators",
            """
            indicator_change_test(before, after, n_permutations=200, seed=0).round(4)
            """,
        ),
        md(
            "missing-text",
            """
            ## Non-response

            Who did not answer, how often only one side of a tie reported it, and
            whether non-respondents are named by others more or less often than
            respondents. Counts below 5 must not reach a public output.
            """,
        ),
        code(
            "missing",
            """
            report = missingness_report(eco, relation="collaboration", n_permutations=500)
            print(report.response.loc["sector"].round(3))
            print(report.one_sided.loc[("all", "all")])
            report.degree.round(3)
            """,
        ),
        code(
            "imputation",
            """
            # Three treatments of the non-respondents' own reports (Huisman 2009).
            for method in IMPUTATION_METHODS:
                imputed = impute_nonrespondents(eco, method, seed=0)
                arcs = imputed.graph(relation="collaboration", mode="directed").number_of_edges()
                print(f"{method}: {arcs} directed collaboration ties")
            """,
        ),
        md(
            "pipeline-text",
            """
            ## The same tests in an analysis and its report

            `analyze()` runs these tests when the config asks for them (they take
            seconds, so they are off by default), and `nonresponse=` chooses how the
            non-respondents' ties are treated. `result.inference` then holds every table,
            including how each finding fares under the three treatments of non-response;
            the report states the results in plain words and names the tests in its
            method section, and a public report suppresses every count below 5.
            """,
        ),
        code(
            "pipeline",
            """
            config = se.AnalysisConfig(
                stability={"enabled": False}, inference={"enabled": True, "n_permutations": 200}
            )
            result = se.analyze(eco, config, relation="collaboration", nonresponse="reconstruction")
            print(significance_sentence(result.homophily().loc["sector"], "en", relation="collaboration"))
            result.inference.sensitivity
            """,
        ),
    ]


NOTEBOOKS = {
    "01_quickstart.ipynb": quickstart_cells,
    "02_your_survey.ipynb": your_survey_cells,
    "03_scenarios_and_waves.ipynb": scenarios_cells,
    "04_inference.ipynb": inference_cells,
}


def build(name: str) -> nbformat.NotebookNode:
    """The notebook ``name`` (a key of ``NOTEBOOKS``), validated, without outputs."""
    notebook = new_notebook(
        cells=NOTEBOOKS[name](),
        metadata={
            "kernelspec": dict(_KERNELSPEC),
            "language_info": {"name": "python"},
        },
    )
    nbformat.validate(notebook)
    return notebook


def write_all(folder: str | Path = HERE) -> list[Path]:
    """Write every notebook into ``folder``; each file is replaced whole or not at all."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in NOTEBOOKS:
        written.append(_write_atomically(folder / name, nbformat.writes(build(name)) + "\n"))
    return written


def _write_atomically(path: Path, text: str) -> Path:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.chmod(temporary, 0o644)  # mkstemp makes the file private; a notebook is for everyone
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


if __name__ == "__main__":
    for path in write_all(sys.argv[1] if len(sys.argv) > 1 else HERE):
        print(path)
