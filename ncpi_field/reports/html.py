"""The debrief and the return-to-force note as HTML, from one autoescaped Jinja2 template set.

The templates live in the ``resources`` package (``debrief.html``, ``return_note.html``). The
HTML is what the app previews and what ui/reports_pdf.py lays out into the PDF, so it keeps to
the HTML subset Qt's QTextDocument understands (tables, headings, bgcolor cells for the chart).
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any, Final

import jinja2

from ncpi_field.reports.analysis import GRADE_LABELS, Kappa
from ncpi_field.reports.debrief_model import METHODS, Debrief
from ncpi_field.reports.return_note import ReturnNote
from ncpi_field.reports.suppression import cell, protect

TEMPLATES_PACKAGE: Final = "resources"
# Good, requires improvement, inadequate: told apart by lightness as well as hue.
GRADE_COLOURS: Final = ("#2a9d8f", "#e9c46a", "#9b2226")
WITHHELD_COLOUR: Final = "#b8b8b8"


def bar_colour(index: int) -> str:
    return GRADE_COLOURS[index] if 0 <= index < len(GRADE_COLOURS) else WITHHELD_COLOUR


def _template_source(name: str) -> str:
    return (resources.files(TEMPLATES_PACKAGE) / name).read_text(encoding="utf-8")


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(_template_source),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        colours=GRADE_COLOURS,
        methods=METHODS,
        pct=percent,
        kappa=kappa_text,
        grade_label=lambda g: GRADE_LABELS.get(g, g),
        cell=cell,
        protect=protect,
        bar_colour=bar_colour,
    )
    return env


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}%"


def kappa_text(k: Kappa) -> str:
    """'0.40 (0.15 to 0.65)', or 'not defined' when every grade fell in one category."""
    if k.value is None or k.low is None or k.high is None:
        return "not defined"
    return f"{k.value:.2f} ({k.low:.2f} to {k.high:.2f})"


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def debrief_html(debrief: Debrief) -> str:
    return render("debrief.html", d=debrief)


def return_note_html(note: ReturnNote) -> str:
    return render("return_note.html", n=note)
