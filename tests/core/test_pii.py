"""PII lint: each kind found where it is, left alone where it is not, offsets always in range."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ncpi_field.pii import PiiHit, lint_text, stopwords


def found(text: str) -> list[tuple[str, str]]:
    return [(hit.kind, text[hit.start : hit.end]) for hit in lint_text(text)]


POSITIVE = [
    ("email", "Sent to jo.bloggs@example.co.uk today", "jo.bloggs@example.co.uk"),
    ("email", "copy a+b@force.police.uk please", "a+b@force.police.uk"),
    ("postcode", "lives near SW1A 1AA now", "SW1A 1AA"),
    ("postcode", "at m1 1ae in the city", "m1 1ae"),
    ("postcode", "postcode CF10 3NQ (Cardiff)", "CF10 3NQ"),
    ("phone", "ring 07700 900123 later", "07700 900123"),
    ("phone", "ring +44 7700 900123 later", "+44 7700 900123"),
    ("phone", "office 020 7946 0958.", "020 7946 0958"),
    ("phone", "desk (0161) 496 0000 x", "(0161) 496 0000"),
    ("phone", "desk 0161-496-0000 x", "0161-496-0000"),
    ("date", "born 01/03/2015 in", "01/03/2015"),
    ("date", "born 1.3.15 in", "1.3.15"),
    ("date", "born 1 March 2015 in", "1 March 2015"),
    ("date", "born 21st Sept 2015 in", "21st Sept 2015"),
    ("date", "born March 1, 2015 in", "March 1, 2015"),
    ("date", "seen 2015-03-01 at", "2015-03-01"),
    ("force_reference", "crime CR/012345/24 filed", "CR/012345/24"),
    ("force_reference", "crime 12/345678/24 filed", "12/345678/24"),
    ("force_reference", "log INC-20240312-0042 open", "INC-20240312-0042"),
    ("force_reference", "PNC 12/345678A held", "12/345678A"),
    ("force_reference", "custody CUS/2024/001234 open", "CUS/2024/001234"),
    ("name", "the strategy discussion with John Smith went", "John Smith"),
    ("name", "spoke to Mr O'Brien-Smith about it", "Mr O'Brien-Smith"),
    ("name", "and Siân Llewellyn agreed", "Siân Llewellyn"),
    ("name", "Yesterday Mary Ann Jones attended", "Mary Ann Jones"),
    ("name", "with Sarah McDonald.", "Sarah McDonald"),
]

NEGATIVE = [
    ("email", "contact the duty inspector @ the desk"),
    ("postcode", "grade B1 was given; 1AA is not a postcode"),
    ("phone", "there were 12 345 678 incidents"),
    ("phone", "ref 0123 4"),
    ("date", "the period was March 2015 to May 2015"),
    ("date", "2015-13-45 is not a date"),
    ("force_reference", "three of 12 cases, 4/5 of them"),
    ("name", "The Detective Sergeant spoke to Children's Social Care."),
    ("name", "Mary Jones attended."),  # sentence-initial: the first word is skipped
    ("name", "a referral to the MASH in West Yorkshire Police on Monday"),
    ("name", "Strategy Meeting held. Initial Contact was good."),
    ("name", "john smith typed in lower case is not caught by this heuristic"),
]


@pytest.mark.parametrize(("kind", "text", "expected"), POSITIVE)
def test_finds_each_kind(kind: str, text: str, expected: str) -> None:
    assert (kind, expected) in found(text)


@pytest.mark.parametrize(("kind", "text"), NEGATIVE)
def test_leaves_lookalikes_alone(kind: str, text: str) -> None:
    assert kind not in [k for k, _ in found(text)]


def test_hits_are_in_order_and_do_not_overlap() -> None:
    text = (
        "Met John Smith (jo.smith@example.com, 07700 900123) at SW1A 1AA on 01/03/2015 "
        "re CR/1234/24."
    )
    hits = lint_text(text)
    assert [hit.kind for hit in hits] == [
        "name",
        "email",
        "phone",
        "postcode",
        "date",
        "force_reference",
    ]
    assert all(a.end <= b.start for a, b in itertools.pairwise(hits))


def test_a_hit_holds_no_text() -> None:
    (hit,) = lint_text("email jo@example.com")
    assert set(vars(hit)) == {"kind", "start", "end"}
    assert "jo@" not in repr(hit)


def test_a_force_can_add_its_own_reference_shapes() -> None:
    shape = re.compile(r"\bWY-\d{6}\b")
    hits = lint_text("see WY-123456 today", extra_references=[shape])
    assert hits == [PiiHit("force_reference", 4, 13)]


def test_the_stop_list_ships_as_data() -> None:
    words = stopwords()
    assert {"police", "sergeant", "mash", "children's", "inspector", "yorkshire"} <= words


def test_clean_text_has_no_hits() -> None:
    text = (
        "The force's MASH made a timely referral. The Detective Inspector reviewed the "
        "strategy discussion in March 2015 and the child was safeguarded."
    )
    assert lint_text(text) == []


@given(st.text())
def test_offsets_are_always_within_the_text(text: str) -> None:
    for hit in lint_text(text):
        assert 0 <= hit.start < hit.end <= len(text)


DENSE_PIECES = (
    *("John", "Smith", "07700", "900123", "SW1A", "1AA", "01/03/2015", ".", " ", "\n"),
    *("CR/012345/24", "jo@x.co.uk", "Police", "The", "+44", "(0)", "-", "é"),
)


@given(st.lists(st.sampled_from(DENSE_PIECES)).map("".join))
def test_offsets_in_range_and_hits_disjoint_on_dense_text(text: str) -> None:
    hits = lint_text(text)
    for hit in hits:
        assert 0 <= hit.start < hit.end <= len(text)
    assert all(a.end <= b.start for a, b in itertools.pairwise(hits))
