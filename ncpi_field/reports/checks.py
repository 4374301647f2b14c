"""The last check before a document leaves the team: no force reference, no personal data.

Every piece of free text the document quotes is linted where it came from, so a refusal names
the record and field to fix (``DB-006 items[3].headline``), never the text itself. The whole
rendered text is then searched for every force case reference the vault holds: a reference can
reach the page only through a quoted answer, but this is the check that cannot be bypassed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from ncpi_field import pii
from ncpi_field.reports.debrief_model import Quoted

_KIND_WORDS: Final = {
    "email": "an e-mail address",
    "force_reference": "a force reference number",
    "phone": "a phone number",
    "postcode": "a postcode",
    "date": "a full date",
    "name": "a name",
}


@dataclass(frozen=True)
class Problem:
    """One field that stops the document: where, and what it looks like (never the value)."""

    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where} looks like it holds {self.what}"


def problems(
    quoted: Iterable[Quoted],
    rendered: str,
    references: Sequence[str],
    *,
    allowed_reference: str | None = None,
) -> list[Problem]:
    """Everything that stops a document being issued; empty when it may go."""
    refs = [r for r in references if r.strip() and r != allowed_reference]
    patterns = [re.compile(re.escape(r.strip()), re.IGNORECASE) for r in refs]
    found: list[Problem] = []
    for quote in quoted:
        where = f"{quote.record} {quote.field}"
        if any(p.search(quote.text) for p in patterns):
            found.append(Problem(where, "one of the force's own case references"))
            continue
        hits = pii.lint_text(quote.text)
        if hits:
            found.append(Problem(where, _KIND_WORDS.get(hits[0].kind, "personal data")))
    if not found and any(p.search(rendered) for p in patterns):
        found.append(Problem("The document", "one of the force's own case references"))
    return found
