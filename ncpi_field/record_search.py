"""Finding a record: words in its title and answers, and the filters, over each displayed head.

The answers are encrypted at rest, so nothing is indexed on disk. The finder keeps, in the
vault process's memory only, the folded text of each record's displayed head (the latest head,
the one the list shows) and drops it on lock. A search reads the ``records`` listing (small
rows, no answers) to learn which records changed since the last search, re-reads only those
heads, then scans the folded texts: the first search after unlocking reads every head once.
"""

from __future__ import annotations

import functools
import json
import sys
import threading
import unicodedata
from collections.abc import Callable, Mapping, Sequence
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
    "SELECT record_id, form_id, title, status, deleted, created_hlc, head_count, inspection_id"
    " FROM records"
)
_TOP_SQL: Final = "SELECT max(rowid) FROM versions"
_CHANGED_SQL: Final = "SELECT DISTINCT record_id FROM versions WHERE rowid > ?"
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
    return decomposed if decomposed.isascii() else decomposed.translate(_combining_marks())


@functools.cache
def _combining_marks() -> dict[int, None]:
    """Every combining mark, for ``str.translate`` to drop (built once, on first use)."""
    return {c: None for c in range(sys.maxunicode + 1) if unicodedata.combining(chr(c))}


def words_of(text: str) -> tuple[str, ...]:
    """The words to find, folded: a record must hold every one, in any order and field."""
    return tuple(fold(text.replace(SEPARATOR, " ")).split())


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
    deleted: bool = False
    created: str = ""
    heads: int = 1
    inspection: str = ""  # "" when filed under none


@dataclass(frozen=True)
class FoundRecord:
    """What the finder keeps of one record: its filters' values and its folded text."""

    form_id: str
    status: str
    category: str
    grade: str
    author: str
    haystack: str
    heads: int = 1
    inspection: str = ""  # "" when filed under none

    def within(self, inspection_id: str | None) -> bool:
        """In that inspection, or filed under none; anywhere when ``inspection_id`` is None."""
        return inspection_id is None or self.inspection in ("", inspection_id)

    def matches(self, query: RecordQuery, words: Sequence[str]) -> bool:
        return (
            (not query.form_id or self.form_id == query.form_id)
            and (not query.status or self.status == query.status)
            and (not query.category or self.category == query.category)
            and (not query.grade or self.grade == query.grade)
            and (not query.author or self.author == query.author)
            and (not query.in_conflict or self.heads > 1)
            and all(word in self.haystack for word in words)
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
        # Folded text by text: most are ASCII, and only the others pay for the Unicode path.
        haystack=SEPARATOR.join(fold(t.replace(SEPARATOR, "")) for t in texts),
        heads=listing.heads,
        inspection=listing.inspection,
    )


class RecordFinder:
    """The in-memory search over an unlocked vault's records. ``clear()`` forgets it all.

    Versions are only ever added, so the highest ``rowid`` of ``versions`` says whether
    anything changed since the last search, and the rows above it say which records did.
    """

    def __init__(self, labels: Labels = installed_labels) -> None:
        self._labels = labels
        self._lock = threading.Lock()  # a search may run on a worker thread
        self.clear()

    def clear(self) -> None:
        with self._lock:
            self._found: dict[RecordId, FoundRecord] = {}
            self._created: dict[RecordId, str] = {}
            self._texts: list[tuple[RecordId, str]] = []  # (id, folded text) in listing order
            self._seen = 0  # the highest versions rowid read; 0: nothing read yet

    def find(self, session: Session, query: RecordQuery) -> list[RecordId]:
        """The ids of the records that match, in listing order (oldest first)."""
        words = words_of(query.text)
        with self._lock:
            self._catch_up(session)
            found = self._found
            texts = self._texts
            if query.inspection_id is not None:
                texts = [(r, t) for r, t in texts if found[r].within(query.inspection_id)]
            if query.form_id or query.narrows:
                return [r for r, _text in texts if found[r].matches(query, words)]
            if len(words) == 1:  # the usual case, and the quickest scan
                return [r for r, text in texts if words[0] in text]
            return [r for r, text in texts if all(w in text for w in words)]

    def choices(self, session: Session, inspection_id: str | None = None) -> FilterChoices:
        """The categories, grades and authors the records hold, for the filters (with
        ``inspection_id``: that inspection's records and those filed under none)."""
        with self._lock:
            self._catch_up(session)
            kept = [f for f in self._found.values() if f.within(inspection_id)]
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
        """Re-read the records that gained a version since the last search (all, the first
        time): their listing rows and displayed heads."""
        cursor = records.cursor_of(session)
        try:
            top = cursor.execute(_TOP_SQL).fetchone()[0] or 0
            if top == self._seen:
                return
            whole = self._seen == 0 or top < self._seen
            changed = None if whole else _changed_records(cursor, self._seen)
            listing = _listing(cursor, changed)
            live = [row.record_id for row in listing if not row.deleted]
            heads = _displayed_heads(cursor, None if whole else live)
        finally:
            cursor.close()
        if whole:
            self._found, self._created = {}, {}
        self._keep(listing, heads)
        self._seen = top

    def _keep(
        self, listing: Sequence[_Listing], heads: Mapping[str, tuple[str, Mapping[str, Any]]]
    ) -> None:
        for row in listing:
            if row.deleted:
                self._found.pop(row.record_id, None)
                self._created.pop(row.record_id, None)
                continue
            author, answers = heads.get(row.record_id, ("", {}))
            labels = self._labels(row.form_id)
            self._found[row.record_id] = found_record(row, author, answers, labels)
            self._created[row.record_id] = row.created
        order = sorted(self._found, key=lambda r: (self._created[r], r))
        self._texts = [(r, self._found[r].haystack) for r in order]


def _rank(grade: str) -> int:
    return GRADE_ORDER.index(grade) if grade in GRADE_ORDER else len(GRADE_ORDER)


def _in_chunks(
    cursor: records.Cursor, sql: str, ids: Sequence[str] | None, where: str
) -> list[Any]:
    """``sql`` over every row (``ids`` None) or over those ids, a chunk at a time."""
    if ids is None:
        return list(cursor.execute(sql).fetchall())
    rows: list[Any] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        rows += cursor.execute(f"{sql} WHERE {where} IN ({marks})", chunk).fetchall()
    return rows


def _changed_records(cursor: records.Cursor, seen: int) -> list[str]:
    return [r[0] for r in cursor.execute(_CHANGED_SQL, (seen,)).fetchall()]


def _listing(cursor: records.Cursor, ids: Sequence[str] | None) -> list[_Listing]:
    rows = _in_chunks(cursor, _LISTING_SQL, ids, "record_id")
    return [
        _Listing(
            RecordId(rid), form_id, title, status, bool(deleted), created, heads, inspection or ""
        )
        for rid, form_id, title, status, deleted, created, heads, inspection in rows
    ]


def _displayed_heads(
    cursor: records.Cursor, record_ids: Sequence[str] | None
) -> dict[str, tuple[str, Mapping[str, Any]]]:
    """Author and answers of each record's latest head (clock, then version id)."""
    rows = _in_chunks(cursor, _HEADS_SQL, record_ids, "h.record_id")
    latest: dict[str, tuple[str, str, str, str]] = {}
    for record_id, hlc, version_id, author, answers in rows:
        kept = latest.get(record_id)
        if kept is None or (hlc, version_id) > kept[:2]:
            latest[record_id] = (hlc, version_id, author, answers)
    return {rid: (author, _answers(text)) for rid, (_h, _v, author, text) in latest.items()}


def _answers(text: str) -> Mapping[str, Any]:
    value = json.loads(text)
    return value if isinstance(value, dict) else {}
