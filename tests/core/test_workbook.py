"""The workbook read back with openpyxl and checked against the records it was written from."""

from __future__ import annotations

import errno
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from ncpi_field import formstore
from ncpi_field.errors import ExportRefused, StorageError
from ncpi_field.live_heads import Head
from ncpi_field.records import RecordId
from ncpi_field.reports import analysis, instrument_sheets, workbook
from ncpi_field.reports.cells import FORMULA_STARTS, clean_text
from ncpi_field.reports.workbook import Sheet, sheet_titles, write_workbook
from ncpi_field.service import VaultService
from ncpi_field.vault import Vault

SENTINEL_REFERENCE = "FORCEREF-93Q7ZK"


@pytest.fixture
def service(vault: Vault) -> VaultService:
    return VaultService(vault)


def sheet_rows(path: Path, title: str) -> list[dict[str, Any]]:
    book = load_workbook(path, read_only=True)
    header, *rows = book[title].iter_rows(values_only=True)
    # Read-only sheets drop a row's trailing empty cells: pad them back.
    return [dict(zip(header, (*row, *[None] * len(header)), strict=False)) for row in rows]


CASE = {
    "audit_ref": "CA-001",
    "primary_category": "CSE",
    "secondary_categories": ["MISSING", "CCE"],
    "children_in_case": "2",
    "immediate_risk": "yes",
}
OBSERVATION = {
    "observation_ref": "OB-001",
    "participants": [{"participant_role": "sergeant"}, {"participant_role": "other"}],
}


def debrief_answers(evidence: list[str]) -> dict[str, Any]:
    return {
        "debrief_ref": "DB-001",
        "items": [
            {"item_type": "strength", "headline": '=HYPERLINK("http://x")'},
            {
                "item_type": "cause_of_concern",
                "headline": "Drift",
                "draft_recommendation": "The force should supervise investigations.",
                "rec_id": "REC-01",
                "rec_timescale": "within_3_months",
                "supporting_evidence": evidence,
            },
        ],
    }


@pytest.fixture
def exported(service: VaultService, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    case = service.put_draft("case_audit", CASE).version.record_id
    service.hold_case_reference(case, "insp-1", SENTINEL_REFERENCE)
    observation = service.put_draft("observation", OBSERVATION).version.record_id
    debrief = service.put_draft("debrief", debrief_answers([case, observation])).version.record_id
    service.set_recommendation_status("REC-01", "issued")
    out = tmp_path / "inspection.xlsx"
    service.export_workbook(out)
    return out, {"case": case, "observation": observation, "debrief": debrief}


def test_a_sheet_per_instrument_with_codes_and_labels(
    exported: tuple[Path, dict[str, str]],
) -> None:
    out, ids = exported
    [case] = sheet_rows(out, "case_audit")
    spec = formstore.installed_spec("case_audit")
    assert case["record_id"] == ids["case"]
    assert case["primary_category"] == "CSE"
    assert case["primary_category (label)"] == spec.choices["case_category"].label_of("CSE")
    assert case["secondary_categories"] == "MISSING CCE"
    labels = [spec.choices["case_category"].label_of(c) for c in ("MISSING", "CCE")]
    assert case["secondary_categories (label)"] == "; ".join(labels)
    assert case["children_in_case"] == 2  # a number, for analysts
    titles = load_workbook(out, read_only=True).sheetnames
    assert titles[:3] == ["case_audit", "observation", "observation.participants"]
    assert "recommendation_status" in titles  # the lead's statuses, like any form's records


def test_repeats_are_child_sheets_keyed_to_their_parent(
    exported: tuple[Path, dict[str, str]],
) -> None:
    out, ids = exported
    parents = {row["record_id"] for row in sheet_rows(out, "debrief")}
    items = sheet_rows(out, "debrief.items")
    assert [(r["record_id"], r["parent_key"], r["entry"]) for r in items] == [
        (ids["debrief"], ids["debrief"], 1),
        (ids["debrief"], ids["debrief"], 2),
    ]
    assert {r["record_id"] for r in items} <= parents
    assert items[1]["row_key"] == f"{ids['debrief']}/items/2"
    assert items[1]["supporting_evidence"] == f"{ids['case']} {ids['observation']}"
    assert items[1]["item_type (label)"] == "Cause of concern"
    participants = sheet_rows(out, "observation.participants")
    assert [r["participant_role"] for r in participants] == ["sergeant", "other"]


def test_the_data_dictionary_describes_every_column(
    exported: tuple[Path, dict[str, str]],
) -> None:
    out, _ids = exported
    described = {(r["sheet"], r["column"]) for r in sheet_rows(out, "data dictionary")}
    book = load_workbook(out, read_only=True)
    for title in ("case_audit", "debrief", "debrief.items", "observation.participants"):
        header = next(book[title].iter_rows(values_only=True))
        assert {(title, column) for column in header} <= described
    rows = sheet_rows(out, "data dictionary")
    [category] = [
        r for r in rows if (r["sheet"], r["column"]) == ("case_audit", "primary_category")
    ]
    assert category["choice_list"] == "case_category"
    assert "CSE = " in category["choices"]


def test_the_register_and_returned_sheets_match_the_service(
    service: VaultService, exported: tuple[Path, dict[str, str]]
) -> None:
    out, ids = exported
    [rec] = sheet_rows(out, "recommendations register")
    [row] = service.recommendations()
    assert (rec["rec_id"], rec["status"], rec["debrief_record_id"]) == (
        "REC-01",
        "issued",
        ids["debrief"],
    )
    assert rec["rec_timescale (label)"] == "Within three months"
    assert rec["draft_recommendation"] == row.text
    [returned] = sheet_rows(out, "returned to force")
    [case] = service.returned_cases()
    assert (returned["record_id"], returned["audit_ref"], returned["return_status"]) == (
        case.record_id, "CA-001", case.status,
    )  # fmt: skip


def test_no_force_case_reference_anywhere(exported: tuple[Path, dict[str, str]]) -> None:
    out, _ids = exported
    with zipfile.ZipFile(out) as archive:
        for name in archive.namelist():
            assert SENTINEL_REFERENCE.encode() not in archive.read(name), name
    book = load_workbook(out, read_only=True)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            assert not any(SENTINEL_REFERENCE in str(v) for v in row if v is not None)


def test_the_headline_that_looks_like_a_formula_is_text(
    exported: tuple[Path, dict[str, str]],
) -> None:
    out, _ids = exported
    book = load_workbook(out)
    cells = [c for row in book["debrief.items"].iter_rows() for c in row]
    [risky] = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=HYPERLINK")]
    assert (risky.data_type, risky.quotePrefix) == ("s", True)


# -- neutralised cells ----------------------------------------------------------------------------

risky_text = st.builds(
    lambda start, rest: start + rest,
    st.sampled_from(FORMULA_STARTS),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40),
)


@settings(max_examples=60)
@given(values=st.lists(risky_text, min_size=1, max_size=5))
def test_text_that_would_start_a_formula_is_written_as_text(
    tmp_path_factory: pytest.TempPathFactory, values: list[str]
) -> None:
    out = tmp_path_factory.mktemp("formula") / "cells.xlsx"
    write_workbook(out, [Sheet("cells", ["value"], [[v] for v in values])])
    book = load_workbook(out)
    cells = [row[0] for row in book["cells"].iter_rows(min_row=2)]
    assert [c.value for c in cells] == [clean_text(v) for v in values]
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml
    assert b"<f " not in xml


@settings(max_examples=40)
@given(st.text(max_size=60).filter(lambda t: not t.startswith(FORMULA_STARTS)))
def test_other_text_reads_back_as_it_was_cleaned(
    tmp_path_factory: pytest.TempPathFactory, value: str
) -> None:
    out = tmp_path_factory.mktemp("plain") / "cells.xlsx"
    write_workbook(out, [Sheet("cells", ["value"], [[value]])])
    [cell] = next(load_workbook(out)["cells"].iter_rows(min_row=2))
    assert (cell.value or "") == clean_text(value)


def test_cleaning_keeps_the_text_a_person_sees() -> None:
    assert clean_text("a\r\nb\rc") == "a\nb\nc"
    assert clean_text("bell\x07") == "bell\ufffd"
    assert clean_text("tab\tand\nline") == "tab\tand\nline"


# -- atomic ---------------------------------------------------------------------------------------


def failing_rows(after: int) -> Iterator[list[Any]]:
    for number in range(after):
        yield [number]
    raise RuntimeError("the disk went away")


def test_a_failure_mid_write_leaves_no_file(tmp_path: Path) -> None:
    out = tmp_path / "new.xlsx"
    with pytest.raises(RuntimeError):
        write_workbook(out, [Sheet("a", ["n"], failing_rows(2000))])
    assert list(tmp_path.iterdir()) == []


def test_a_failure_mid_write_leaves_an_existing_file_untouched(tmp_path: Path) -> None:
    out = tmp_path / "kept.xlsx"
    write_workbook(out, [Sheet("a", ["n"], [[1]])])
    before = out.read_bytes()
    with pytest.raises(RuntimeError):
        write_workbook(out, [Sheet("a", ["n"], failing_rows(10))])
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["kept.xlsx"]


def test_a_full_disk_is_a_clear_error_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "kept.xlsx"
    write_workbook(out, [Sheet("a", ["n"], [[1]])])
    before = out.read_bytes()

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(workbook.os, "replace", full)
    with pytest.raises(StorageError, match="the disk is full"):
        write_workbook(out, [Sheet("a", ["n"], [[2]])])
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["kept.xlsx"]


def test_a_bad_destination_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ExportRefused, match=r"end in \.xlsx"):
        write_workbook(tmp_path / "out.csv", [])
    (tmp_path / "folder.xlsx").mkdir()
    with pytest.raises(ExportRefused, match="folder"):
        write_workbook(tmp_path / "folder.xlsx", [])
    with pytest.raises(ExportRefused, match="does not exist"):
        write_workbook(tmp_path / "missing" / "out.xlsx", [])


def test_sheet_titles_are_short_unique_and_legal() -> None:
    titles = sheet_titles(
        ["debrief.outstanding_info_requests_long", "a/b", "A/B", "x" * 40, "x" * 40]
    )
    assert all(len(t) <= 31 for t in titles)
    assert len({t.lower() for t in titles}) == len(titles)
    assert not any(set(t) & set("[]:*?/\\") for t in titles)


def test_nothing_is_spooled_outside_the_destination_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(system_temp))
    out = tmp_path / "out" / "book.xlsx"
    out.parent.mkdir()
    write_workbook(out, [Sheet("a", ["n"], [["answer"]] * 3), Sheet("b", ["n"], [["x"]])])
    assert list(system_temp.iterdir()) == []
    assert [p.name for p in out.parent.iterdir()] == ["book.xlsx"]
    assert out.stat().st_mode & 0o077 == 0  # plaintext: its owner's alone


def test_the_agreement_sheet_gives_the_analysis_figures(
    service: VaultService, tmp_path: Path
) -> None:
    graded = [
        ("good", "good"),
        ("inadequate", "good"),
        ("requires_improvement", "requires_improvement"),
        ("good", "good"),
    ]
    for number, (ours, theirs) in enumerate(graded, start=1):
        answers = {"audit_ref": f"CA-00{number}", "hmicfrs_grade": ours, "force_self_grade": theirs}
        service.put_draft("case_audit", answers)
    withdrawn = service.put_draft(
        "case_audit",
        {"audit_ref": "CA-009", "hmicfrs_grade": "good", "force_self_grade": "inadequate"},
    )
    service.withdraw(withdrawn.version.record_id)
    out = tmp_path / "agreement.xlsx"
    service.export_workbook(out)
    [overall] = [r for r in sheet_rows(out, "agreement") if r["comparison"] == "Overall grade"]
    expected = analysis.agreement("Overall grade", graded)
    assert (overall["pairs"], overall["agreeing"], overall["percent_agreeing"]) == (4, 3, 75.0)
    assert overall["kappa"] == round(expected.kappa.value or 0.0, 3)
    assert overall["kappa_95_low"] == round(expected.kappa.low or 0.0, 3)
    assert overall["inspectors good / force good"] == 2
    assert overall["inspectors inadequate / force good"] == 1
    assert (overall["inspectors_lower"], overall["inspectors_higher"]) == (1, 0)


@settings(max_examples=30)
@given(
    st.lists(st.lists(st.sampled_from(["sergeant", "other", "inspector"]), max_size=4), max_size=6)
)
def test_every_repeat_entry_is_one_child_row_keyed_to_its_record(roles: list[list[str]]) -> None:
    spec = formstore.installed_spec("observation")
    heads = [
        Head(
            RecordId(f"record-{n}"),
            "observation",
            "draft",
            False,
            f"{n:04d}",
            "",
            {"obs_ref": f"OB-{n:03d}", "participants": [{"participant_role": r} for r in entry]},
        )
        for n, entry in enumerate(roles)
    ]
    parent, *children = instrument_sheets.sheets(spec, heads)
    [participants] = [c for c in children if c.title == "observation.participants"]
    rows = [dict(zip(participants.header, row, strict=True)) for row in participants.rows]
    assert len(rows) == sum(len(entry) for entry in roles)
    record_ids = [row[0] for row in parent.rows]
    assert record_ids == [h.record_id for h in heads]
    expected = [
        (f"record-{n}", number, role)
        for n, entry in enumerate(roles)
        for number, role in enumerate(entry, start=1)
    ]
    assert [(r["parent_key"], r["entry"], r["participant_role"]) for r in rows] == expected
    assert all(r["record_id"] == r["parent_key"] for r in rows)
