"""Build small markdown-table XLSForms for tests, one row per tuple."""

from __future__ import annotations

from collections.abc import Sequence

Rows = Sequence[Sequence[str]]


def sheet(name: str, header: Sequence[str], rows: Rows) -> str:
    lines = [f"| {name} |", "| | " + " | ".join(header) + " |"]
    lines += ["| | " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def form(
    survey: Rows,
    *,
    header: Sequence[str] = ("type", "name", "label"),
    choices: Rows = (),
    choice_header: Sequence[str] = ("list_name", "name", "label"),
    settings: Rows = (),
    settings_header: Sequence[str] = ("form_id", "version"),
) -> bytes:
    text = sheet("survey", header, survey)
    if choices:
        text += sheet("choices", choice_header, choices)
    if settings:
        text += sheet("settings", settings_header, settings)
    return text.encode("utf-8")
