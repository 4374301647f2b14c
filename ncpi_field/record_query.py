"""What a person asks the record list to show: words to find and the filters beside them.

Light on purpose (no database, no forms): the app builds one before the core is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

# The case audit's answers the filters read (DOMAIN.md §5A and §5C).
CATEGORY_FIELD: Final = "primary_category"
GRADE_FIELD: Final = "hmicfrs_grade"
CATEGORY_FORM: Final = "case_audit"


@dataclass(frozen=True)
class RecordQuery:
    """Words to find in titles and answers, and filters; ``None`` (or "") means any."""

    text: str = ""
    form_id: str | None = None
    status: str | None = None
    category: str | None = None
    grade: str | None = None
    author: str | None = None  # a device id
    in_conflict: bool = False  # only records with more than one head
    # Only that inspection's records and those filed under none (the app's open inspection);
    # None: every inspection's. Not a filter the person chooses: it never "narrows".
    inspection_id: str | None = None

    @property
    def narrows(self) -> bool:
        """True when a filter other than the instrument is chosen."""
        return bool(self.status or self.category or self.grade or self.author or self.in_conflict)

    @property
    def shows_everything(self) -> bool:
        """True when nothing narrows the list (the instrument aside)."""
        return not (self.text.strip() or self.narrows)


@dataclass(frozen=True)
class FilterChoices:
    """What each filter offers: (value, label) pairs found in the vault's records."""

    categories: tuple[tuple[str, str], ...] = ()
    grades: tuple[tuple[str, str], ...] = ()
    authors: tuple[tuple[str, str], ...] = ()
