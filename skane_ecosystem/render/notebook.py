"""Rich display in Jupyter: key figures and the head of the main table.

``Ecosystem`` and ``Analysis`` objects show themselves as a small HTML card in
classic Jupyter, JupyterLab and VS Code.  Every value from the data is escaped: an
actor named ``<img src=x onerror=alert(1)>`` shows as text.
"""

from __future__ import annotations

import sys
import time
from html import escape

from ..findings import split_tentative, stability_estimated
from ..i18n import format_number, t

__all__ = ["ecosystem_html", "analysis_html", "scenario_html", "in_notebook", "NotebookProgress"]

_STYLE = "font-family:sans-serif;font-size:13px;border-left:4px solid #0072B2;padding:4px 10px;margin:4px 0"


def ecosystem_html(eco, lang: str = "en", rows: int = 5) -> str:
    """An HTML card for an Ecosystem: size, relations, waves, response rate, actors."""
    figures = [
        (t("notebook.actors", lang), format_number(len(eco.actors), lang)),
        (t("notebook.tie_reports", lang), format_number(len(eco.ties), lang)),
        (t("notebook.relations", lang), ", ".join(eco.relations) or "-"),
        (t("notebook.waves", lang), ", ".join(eco.waves) or "-"),
        (t("notebook.response_rate", lang), f"{format_number(100 * eco.response_rate(), lang, decimals=0)} %"),
        (t("notebook.corrections", lang), format_number(len(eco.validation.corrections), lang)),
        (t("notebook.warnings", lang), format_number(len(eco.validation.warnings), lang)),
    ]
    head = eco.actors.head(rows)[["name", "sector", "type", "municipality", "respondent"]]
    return _card(eco.title or t("common.title", lang), eco.synthetic, figures, head.to_html(escape=True), lang)


def analysis_html(analysis, lang: str = "en", rows: int = 5) -> str:
    """An HTML card for an Analysis: the slice analysed, key indicators, top findings.

    Tentative flags (stability below the floor) are counted and listed apart from
    the findings; without stability the card says it was not estimated.
    """
    findings, tentative = split_tentative(analysis.flags)
    kinds = findings["kind"].value_counts()
    figures = [
        (t("notebook.actors", lang), format_number(analysis.graph.number_of_nodes(), lang)),
        (t("notebook.ties", lang), format_number(analysis.graph.number_of_edges(), lang)),
        (
            t("notebook.slice", lang),
            t(
                "notebook.slice_value",
                lang,
                relation=_shown(analysis.relation),
                wave=_shown(analysis.wave),
                mode=analysis.mode,
            ),
        ),
        (t("notebook.density", lang), format_number(float(analysis.indicator("density")), lang, decimals=3)),
        (t("notebook.facilitators", lang), format_number(int(kinds.get("facilitator", 0)), lang)),
        (t("notebook.impediments", lang), format_number(int(kinds.get("impediment", 0)), lang)),
    ]
    if stability_estimated(analysis.flags):
        figures.append((t("stability.notebook.tentative", lang), format_number(len(tentative), lang)))
    else:
        figures.append((t("report.column.stability", lang), t("stability.not_estimated_short", lang)))
    columns = ["subject", "kind", "code", "stability", "stability_se", f"explanation_{lang}"]
    table = findings.sort_values(["score"], ascending=False).head(rows)[columns]
    return _card(
        analysis.title or t("common.title", lang),
        analysis.synthetic,
        figures,
        table.to_html(escape=True, index=False),
        lang,
    )


def _card(title, synthetic, figures, table_html, lang) -> str:
    items = "".join(
        f"<tr><th style='text-align:left;padding-right:12px'>{escape(k)}</th><td>{escape(str(v))}</td></tr>"
        for k, v in figures
    )
    note = f"<p style='color:#8a4b00'><b>{escape(t('common.synthetic', lang))}</b></p>" if synthetic else ""
    return f"<div style='{_STYLE}'><b>{escape(str(title))}</b>{note}<table>{items}</table>{table_html}</div>"


def _shown(value) -> str:
    if value is None:
        return "all"
    return ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)


def scenario_html(title: str, figures: list[tuple[str, object]], lang: str = "en") -> str:
    """An HTML card for a WhatIf, Comparison or Robustness: its ``summary()`` figures.

    ``figures`` are (catalog key, value) pairs; values (actor names among them) are escaped.
    """
    shown = [(t(key, lang).rstrip(":"), value) for key, value in figures]
    return _card(title, False, shown, "", lang)


# ----------------------------------------------------------------- progress
#: A run that ends sooner than this shows no progress at all (seconds).
SHOW_AFTER = 1.0

#: The least time between two updates of the display (seconds): the resamples
#: of stability report hundreds of times, a notebook needs a few redraws.
UPDATE_EVERY = 0.25


def in_notebook() -> bool:
    """True when running in a Jupyter kernel (classic Jupyter, JupyterLab, VS Code).

    A kernel has imported IPython before any user code runs, so a plain script, which
    has not, is told apart without importing it.
    """
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return getattr(shell, "kernel", None) is not None


class NotebookProgress:
    """A progress bar in a notebook cell for a run of named steps.

    Nothing shows during the first :data:`SHOW_AFTER` seconds, so a quick run
    leaves no trace; after that one HTML line (``<progress>`` and the step under
    way) is updated in place.  Calling the object with ``(done, total)`` reports
    progress within the current step (the stability resamples), as the
    ``progress`` callables of the package do.

    Parameters
    ----------
    steps : sequence of str
        The steps in order; each has a label ``progress.step.<step>`` in the catalog.
    lang : {"en", "sv"}
    """

    def __init__(self, steps, lang: str = "en"):
        self.steps, self.lang = tuple(steps), lang
        self.done, self.within = 0, None
        self.started = self.shown_at = time.perf_counter()
        self.handle = None

    def step_done(self, step: str) -> None:
        """``step`` has ended: the bar moves on to the next one."""
        self.done, self.within = self.steps.index(step) + 1, None
        self._show()

    def __call__(self, done: int, total: int) -> None:
        self.within = (done, total)
        self._show()

    def close(self) -> None:
        """The run has ended: a shown bar says how long it took."""
        if self.handle is not None:
            seconds = format_number(time.perf_counter() - self.started, self.lang, decimals=1)
            self.handle.update(_html(t("progress.finished", self.lang, seconds=seconds)))

    def _show(self) -> None:
        now = time.perf_counter()
        if now - self.started < SHOW_AFTER or (self.handle is not None and now - self.shown_at < UPDATE_EVERY):
            return
        self.shown_at = now
        page = _html(self._line())
        if self.handle is None:
            from IPython.display import display

            self.handle = display(page, display_id=True)
        else:
            self.handle.update(page)

    def _line(self) -> str:
        total = len(self.steps)
        value = float(self.done)
        label = t("progress.analyze", self.lang)
        if self.done < total:
            label += ": " + t(f"progress.step.{self.steps[self.done]}", self.lang)
        if self.within is not None:
            done, of = self.within
            value += done / of if of else 0
            label += f" ({done}/{of})"
        return f"<progress value='{value:.2f}' max='{total}' style='width:12em'></progress> {escape(label)}"


def _html(markup: str):
    from IPython.display import HTML

    return HTML(f"<div style='{_STYLE}'>{markup}</div>")
