"""check_form never raises on hostile or broken input: it returns problems in words instead."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl.reader.strings
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ncpi_field.xlsform import safexml
from ncpi_field.xlsform.check import check_form
from ncpi_field.xlsform.problems import CheckResult

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
GOOD_MD = b"""| survey |
| | type | name | label | relevant | constraint |
| | text | ref | Reference | | string-length(.) < 20 |
| | select_one yn | risk | Risk? | ${ref} != '' | |
| | begin repeat | r | R | | |
| | integer | n | N | selected(${risk}, 'yes') | . > 0 |
| | end repeat | | | | |
| choices |
| | list_name | name | label |
| | yn | yes | Yes |
| | yn | no | No |
| settings |
| | form_id | version |
| | fuzz | 1 |
"""
MD_ALPHABET = "|${}()'\"\n .,=<>-_:abcnrsty0123"
FUZZ = settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)


def consistent(result: CheckResult) -> bool:
    """A spec exactly when there are no problems; every problem has a message."""
    if (result.spec is None) != bool(result.problems):
        return False
    return all(problem.message for problem in result.problems)


@pytest.fixture(scope="module")
def good_xlsx(data_dir: Path) -> bytes:
    return (data_dir / "xlsform-corpus" / "yes_or_no_question.xlsx").read_bytes()


def test_the_seed_forms_load(good_xlsx: bytes) -> None:
    assert check_form(GOOD_MD, file_name="f.md").spec is not None
    assert check_form(good_xlsx, file_name="f.xlsx").spec is not None


@pytest.mark.parametrize(
    "data",
    [b"", b"\x00", b"PK", XLSX_MAGIC, XLS_MAGIC, b"| survey |", b"\xff\xfe\x00garbage" * 50],
)
def test_degenerate_files_are_problems(data: bytes) -> None:
    result = check_form(data, file_name="f.xlsx")
    assert result.spec is None
    assert result.problems


@FUZZ
@given(prefix=st.sampled_from([b"", XLSX_MAGIC, XLS_MAGIC, b"| survey |\n"]), body=st.binary())
def test_random_bytes_give_problems(prefix: bytes, body: bytes) -> None:
    result = check_form(prefix + body, file_name="random.xlsx")
    assert result.spec is None
    assert result.problems


@FUZZ
@given(data=st.data())
def test_truncated_xlsx_never_raises(good_xlsx: bytes, data: st.DataObject) -> None:
    cut = data.draw(st.integers(min_value=0, max_value=len(good_xlsx) - 1))
    result = check_form(good_xlsx[:cut], file_name="cut.xlsx")
    assert result.spec is None
    assert result.problems


@FUZZ
@given(data=st.data())
def test_bit_flipped_xlsx_never_raises(good_xlsx: bytes, data: st.DataObject) -> None:
    flips = data.draw(st.lists(st.integers(0, len(good_xlsx) * 8 - 1), min_size=1, max_size=8))
    mutated = bytearray(good_xlsx)
    for bit in flips:
        mutated[bit // 8] ^= 1 << (bit % 8)
    assert consistent(check_form(bytes(mutated), file_name="flipped.xlsx"))


@st.composite
def mutated_markdown(draw: st.DrawFn) -> bytes:
    text = GOOD_MD.decode()
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "duplicate_line", "drop_line"]))
        if action == "insert":
            text = text[:at] + draw(st.text(MD_ALPHABET, min_size=1, max_size=5)) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 8)) :]
        else:
            lines = text.split("\n")
            index = draw(st.integers(0, len(lines) - 1))
            if action == "duplicate_line":
                lines.insert(index, lines[index])
            else:
                del lines[index]
            text = "\n".join(lines)
    return text.encode()


@FUZZ
@given(data=mutated_markdown())
def test_mutated_markdown_tables_never_raise(data: bytes) -> None:
    assert consistent(check_form(data, file_name="mutated.md"))


def replace_member(xlsx: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = content if item.filename == name else source.read(item.filename)
            target.writestr(item, data)
    return out.getvalue()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>
"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE sst [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&secret;</t></si></sst>
"""


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["laughs", "xxe"])
@pytest.mark.parametrize("member", ["xl/sharedStrings.xml", "xl/workbook.xml"])
def test_entity_tricks_in_workbook_xml_are_refused(
    good_xlsx: bytes, member: str, payload: bytes
) -> None:
    names = zipfile.ZipFile(io.BytesIO(good_xlsx)).namelist()
    assert member in names
    started = time.monotonic()
    result = check_form(replace_member(good_xlsx, member, payload), file_name="evil.xlsx")
    assert time.monotonic() - started < 5
    assert result.spec is None
    assert "could not be read as an .xlsx workbook" in result.problems[0].message


def test_the_xml_parsers_on_the_read_path_are_defusedxml() -> None:
    safexml.ensure_defused()


def test_an_undefended_parser_stops_all_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(openpyxl.reader.strings, "iterparse", ElementTree.iterparse)
    with pytest.raises(safexml.UnsafeParser):
        check_form(GOOD_MD, file_name="f.md")


def test_a_workbook_that_unpacks_too_far_is_not_opened(
    good_xlsx: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(safexml, "MAX_UNPACKED_BYTES", 1000)
    result = check_form(good_xlsx, file_name="bomb.xlsx")
    assert "unpacks to far more data" in result.problems[0].message


def test_an_oversized_file_is_not_opened(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safexml, "MAX_WORKBOOK_BYTES", 100)
    result = check_form(GOOD_MD, file_name="big.md")
    assert "larger than" in result.problems[0].message
