"""Finding a record: words in its title and answers, and the filters, over each displayed head.

The answers are encrypted at rest, so nothing is indexed on disk. The finder keeps, in the
vault process's memory only, the folded text of each record's displayed head (the latest head,
the one the list shows) and drops it on lock. A search reads the ``records`` listing (small
rows, no answers) to learn which records changed since the last search, re-reads only those
heads, then scans the folded texts: the first search after unlocking reads every head once.
"""

from __future__ import annotations

import json
import threading
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy.orm import Session

from ncpi_field import records
from ncpi_field.form_labels import FormLabels, installed_labels
from ncpi_field.record_query import (
    CATEGORY_FIELD,
    CATEGORY_FORM,
    GRADE_FIELD,
    FilterChoices,
    RecordQuery,
)
from ncpi_field.records import RecordId

SEPARATOR: Final = "\x1f"  # between texts, so a match never spans two answers
SHORT_DEVICE: Final = 8
_CHUNK: Final = 500  # ids per IN (...) when a few records changed
_LISTING_SQL: Final = (
    "SELECT record_id, form_id, title, status, head_count, updated_hlc FROM records"
    " WHERE deleted = 0 ORDER BY created_hlc, record_id"
)
_HEADS_SQL: Final = (
    "SELECT h.record_id, v.hlc, v.version_id, v.author_device, v.answers FROM heads h"
    " JOIN versions v ON v.version_id = h.version_id"
)
GRADE_ORDER: Final = ("good", "requires_improvement", "inadequate")

Labels = Callable[[str], FormLabels]


def fold(text: str) -> str:
    """Text as search compares it: case and accents dropped ('Élodie' finds 'elodie')."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def needle_of(text: str) -> str:
    return fold(text.replace(SEPARATOR, "").strip())


def author_label(device_id: str, names: Mapping[str, str] | None = None) -> str:
    """The team member's name when the team maps the device, else its id's short form."""
    name = (names or {}).get(device_id)
    return name if name else f"device {device_id[:SHORT_DEVICE]}"


@dataclass(frozen=True)
class _Listing:
    record_id: RecordId
    form_id: str
    title: str
    status: str
    stamp: tuple[str, int]  # updated_hlc, head_count: a new displayed head changes it


@dataclass(frozen=True)
class FoundRecord:
    """What the finder keeps of one record: its filters' values and its folded text."""

    form_id: str
    status: str
    category: str
    grade: str
    author: str
    haystack: str
    stamp: tuple[str, int, str, str]

    def matches(self, query: RecordQuery, needle: str) -> bool:
        return (
            (not query.form_id or self.form_id == query.form_id)
            and (not query.status or self.status == query.status)
            and (not query.category or self.category == query.category)
            and (not query.grade or self.grade == query.grade)
            and (not query.author or self.author == query.author)
            and needle in self.haystack
        )


def found_record(
    listing: _Listing, author: str, answers: Mapping[str, Any], labels: FormLabels
) -> FoundRecord:
    texts = [listing.title, *labels.texts(answers)]
    category = grade = ""
    if listing.form_id == CATEGORY_FORM:
        category = str(answers.get(CATEGORY_FIELD) or "")
        grade = str(answers.get(GRADE_FIELD) or "")
    return FoundRecord(
        form_id=listing.form_id,
        status=listing.status,
        category=category,
        grade=grade,
        author=author,
        haystack=fold(SEPARATOR.join(t.replace(SEPARATOR, "") for t in texts)),
        stamp=(*listing.stamp, listing.title, listing.status),
    )


class RecordFinder:
    """The in-memory search over an unlocked vault's records. ``clear()`` forgets it all."""

    def __init__(self, labels: Labels = installed_labels) -> None:
        self._labels = labels
        self._found: dict[RecordId, FoundRecord] = {}
        self._order: list[RecordId] = []
        self._lock = threading.Lock()  # a search may run on a worker thread

    def clear(self) -> None:
        with self._lock:
            self._found = {}
            self._order = []

    def find(self, session: Session, query: RecordQuery) -> list[RecordId]:
        """The ids of the records that match, in listing order (oldest first)."""
        needle = needle_of(query.text)
        with self._lock:
            self._catch_up(session)
            found = self._found
            return [r for r in self._order if found[r].matches(query, needle)]

    def choices(self, session: Session) -> FilterChoices:
        """The categories, grades and authors the records hold, for the filters."""
        with self._lock:
            self._catch_up(session)
            kept = list(self._found.values())
        labels = self._labels(CATEGORY_FORM)
        categories = sorted({f.category for f in kept if f.category})
        grades = {f.grade for f in kept if f.grade}
        authors = sorted({f.author for f in kept if f.author})
        return FilterChoices(
            categories=tuple((c, labels.shown(CATEGORY_FIELD, c)) for c in categories),
            grades=tuple(
                (g, labels.shown(GRADE_FIELD, g))
                for g in sorted(grades, key=lambda g: (_rank(g), g))
            ),
            authors=tuple((a, author_label(a)) for a in authors),
        )

    def _catch_up(self, session: Session) -> None:
        """Re-read the heads of records whose listing changed since the last search."""
        listing = _listing(session)
        stale = [
            row
            for row in listing
            if (found := self._found.get(row.record_id)) is None
            or found.stamp != (*row.stamp, row.title, row.status)
        ]
        if stale:
            heads = _displayed_heads(session, [row.record_id for row in stale], len(listing))
            for row in stale:
                author, answers = heads.get(row.record_id, ("", {}))
                self._found[row.record_id] = found_record(
                    row, author, answers, self._labels(row.form_id)
                )
        order = [row.record_id for row in listing]
        if len(order) != len(self._found):
            live = set(order)
            self._found = {k: v for k, v in self._found.items() if k in live}
        self._order = order


def _rank(grade: str) -> int:
    return GRADE_ORDER.index(grade) if grade in GRADE_ORDER else len(GRADE_ORDER)


def _listing(session: Session) -> list[_Listing]:
    cursor = records.cursor_of(session)
    try:
        rows = cursor.execute(_LISTING_SQL).fetchall()
    finally:
        cursor.close()
    return [
        _Listing(RecordId(rid), form_id, title, status, (updated, heads))
        for rid, form_id, title, status, heads, updated in rows
    ]


def _displayed_heads(
    session: Session, record_ids: Sequence[str], total: int
) -> dict[str, tuple[str, Mapping[str, Any]]]:
    """Author and answers of each record's latest head (clock, then version id)."""
    cursor = records.cursor_of(session)
    try:
        if len(record_ids) > total // 2:  # most changed (the first search): read every head
            rows: Iterable[Any] = cursor.execute(_HEADS_SQL).fetchall()
        else:
            rows = []
            for start in range(0, len(record_ids), _CHUNK):
                chunk = record_ids[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                sql = f"{_HEADS_SQL} WHERE h.record_id IN ({marks})"  # placeholders only
                rows = [*rows, *cursor.execute(sql, chunk).fetchall()]
    finally:
        cursor.close()
    latest: dict[str, tuple[str, str, str, str]] = {}
    for record_id, hlc, version_id, author, answers in rows:
        kept = latest.get(record_id)
        if kept is None or (hlc, version_id) > kept[:2]:
            latest[record_id] = (hlc, version_id, author, answers)
    return {rid: (author, _answers(text)) for rid, (_h, _v, author, text) in latest.items()}


def _answers(text: str) -> Mapping[str, Any]:
    value = json.loads(text)
    return value if isinstance(value, dict) else {}
