"""PII lint for free text: where it holds postcodes, phones, e-mails, dates, references, names.

Hits carry a kind and character offsets only, never the text they cover, so a hit can be logged
or shown beside the field without repeating what it found.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Final, Literal

PiiKind = Literal["email", "force_reference", "postcode", "phone", "date", "name"]
STOPWORDS_FILE: Final = "pii_stopwords.txt"

_MONTH: Final = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY: Final = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_PATTERNS: Final[tuple[tuple[PiiKind, re.Pattern[str]], ...]] = (
    # Bounded repeats keep matching linear on long runs of word characters.
    ("email", re.compile(r"[\w.+%-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}")),
    (
        "force_reference",
        re.compile(
            r"\b(?:[A-Z]{2,5}[/-]\d{2,8}[/-]\d{2,8}"  # CR/012345/24, INC-20240312-0042
            r"|\d{2}/\d{5,7}/\d{2}"  # 12/345678/24
            r"|\d{2}/\d{1,7}[A-Z])\b",  # PNC id 12/345678A
            re.IGNORECASE,
        ),
    ),
    (
        "postcode",
        re.compile(
            r"\b(?:GIR ?0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRVWXY\d]?)"
            r" ?\d[ABD-HJLNP-UW-Z]{2})\b",
            re.IGNORECASE,
        ),
    ),
    ("phone", re.compile(r"(?<![\w+])(?:\+44[\s-]?(?:\(0\)[\s-]?)?|\(?0)[\d\s()-]{8,16}\d")),
    (
        "date",
        re.compile(
            r"\b(?:\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"  # 2015-03-01
            r"|(?:0?[1-9]|[12]\d|3[01])[/.-](?:0?[1-9]|1[0-2])[/.-](?:\d{4}|\d{2})"  # 01/03/2015
            rf"|{_DAY}\s+(?:of\s+)?{_MONTH}\.?,?\s+\d{{4}}"  # 1 March 2015
            rf"|{_MONTH}\.?\s+{_DAY},?\s+\d{{4}})\b",  # March 1, 2015
            re.IGNORECASE,
        ),
    ),
)
_WORD: Final = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_SENTENCE_END: Final = frozenset('.!?:;\n•*"“(')
_PHONE_DIGITS: Final = (10, 11)


@dataclass(frozen=True)
class PiiHit:
    """Something that looks like personal data at ``text[start:end]`` (the text is not kept)."""

    kind: PiiKind
    start: int
    end: int


def lint_text(text: str, extra_references: Sequence[re.Pattern[str]] = ()) -> list[PiiHit]:
    """Every likely identifier in ``text``, in order, without overlaps.

    ``extra_references`` are a force's own reference shapes, reported as force references.
    """
    kept: list[PiiHit] = []
    for hit in _candidates(text, extra_references):
        if not any(hit.start < other.end and other.start < hit.end for other in kept):
            kept.append(hit)
    return sorted(kept, key=lambda hit: hit.start)


def _candidates(text: str, extra: Sequence[re.Pattern[str]]) -> Iterator[PiiHit]:
    """Hits in order of priority: an e-mail beats the name or date inside it, and so on."""
    yield from _matches("email", _PATTERNS[0][1], text)
    for pattern in (*extra, _PATTERNS[1][1]):
        yield from _matches("force_reference", pattern, text)
    for kind, pattern in _PATTERNS[2:]:
        for hit in _matches(kind, pattern, text):
            if kind != "phone" or _is_uk_phone(text[hit.start : hit.end]):
                yield hit
    yield from _names(text)


def _matches(kind: PiiKind, pattern: re.Pattern[str], text: str) -> Iterator[PiiHit]:
    for match in pattern.finditer(text):
        if match.end() > match.start():
            yield PiiHit(kind, match.start(), match.end())


def _is_uk_phone(candidate: str) -> bool:
    digits = "".join(ch for ch in candidate if ch.isdigit())
    if candidate.lstrip().startswith("+44"):
        digits = "0" + digits[2:].removeprefix("0")
    return digits.startswith("0") and len(digits) in _PHONE_DIGITS


def _names(text: str) -> Iterator[PiiHit]:
    """Runs of two or more capitalised words, single-spaced, that are not roles or places."""
    run: list[re.Match[str]] = []
    for word in _WORD.finditer(text):
        if run and text[run[-1].end() : word.start()] != " ":
            yield from _name_hit(run)
            run = []
        if _could_be_name(text, word):
            run.append(word)
        else:
            yield from _name_hit(run)
            run = []
    yield from _name_hit(run)


def _could_be_name(text: str, word: re.Match[str]) -> bool:
    token = word.group()
    if not token[0].isupper() or not any(ch.islower() for ch in token):
        return False
    return token.casefold() not in stopwords() and not _sentence_initial(text, word.start())


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t")
    return not before or before[-1] in _SENTENCE_END


def _name_hit(run: Sequence[re.Match[str]]) -> Iterable[PiiHit]:
    if len(run) >= 2:
        return (PiiHit("name", run[0].start(), run[-1].end()),)
    return ()


@functools.cache
def stopwords() -> frozenset[str]:
    """Capitalised words that are roles, organisations, places or sentence starters."""
    text = (resources.files("ncpi_field") / STOPWORDS_FILE).read_text(encoding="utf-8")
    words = (
        word.casefold()
        for line in text.splitlines()
        if not line.lstrip().startswith("#")
        for word in line.split()
    )
    return frozenset(words)
